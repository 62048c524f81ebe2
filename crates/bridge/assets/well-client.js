/*
 * well-client.js — served by the Well Softphone desktop app at http://127.0.0.1:PORT/well-client.js.
 * A drop-in for the wellClient SDK script: a CRM page includes this instead, and its wellClient code
 * (on('delivered'), makeCall(number, {destForDisplay}), checkRecoverStateAbility, ...) drives the agent's
 * session in the desktop app. No call logic lives here: the app decides, this script carries requests and
 * events over one WebSocket, reconnects by itself and resumes where it left off.
 */
(function (global) {
  'use strict';
  if (global.wellClient && global.wellClient.bridge) {
    return;
  }
  var SDK_VERSION = '1.3.7';
  var CLOSE_REFUSED = 4003;
  var CLOSE_STOPPING = 4000;
  var script = global.document && global.document.currentScript;
  var base = new URL(script && script.src ? script.src : 'http://127.0.0.1:5129/well-client.js');
  var wsUrl = (base.protocol === 'https:' ? 'wss://' : 'ws://') + base.host + '/ws';

  /* A jQuery-Deferred-style result (done / fail / always), also a real thenable. */
  function deferred() {
    var settled = null;
    var value;
    var waiting = { done: [], fail: [], always: [] };
    function run(list, v) {
      for (var i = 0; i < list.length; i++) {
        try { list[i](v); } catch (e) { console.error('wellClient callback threw', e); }
      }
    }
    function settle(kind, v) {
      if (settled) { return; }
      settled = kind;
      value = v;
      run(waiting[kind], v);
      run(waiting.always, v);
      waiting = null;
    }
    var promise = {
      done: function (fn) { if (settled === 'done') { run([fn], value); } else if (!settled) { waiting.done.push(fn); } return promise; },
      fail: function (fn) { if (settled === 'fail') { run([fn], value); } else if (!settled) { waiting.fail.push(fn); } return promise; },
      always: function (fn) { if (settled) { run([fn], value); } else { waiting.always.push(fn); } return promise; },
      then: function (ok, bad) {
        return new Promise(function (resolve, reject) {
          promise.done(resolve).fail(reject);
        }).then(ok, bad);
      },
      catch: function (bad) { return promise.then(undefined, bad); },
      state: function () { return settled === 'done' ? 'resolved' : settled === 'fail' ? 'rejected' : 'pending'; }
    };
    return { promise: promise, resolve: function (v) { settle('done', v); }, reject: function (e) { settle('fail', e); } };
  }

  var handlers = {};
  var innerHandlers = {};
  var state = { loggedIn: false, calls: [] };
  var instance = null;
  var lastN = 0;
  var ready = false;
  var socket = null;
  var nextId = 1;
  var pending = {};
  var queue = [];
  var delay = 250;
  var stopped = false;
  var resuming = null;
  var held = [];

  function raise(event, inner) {
    var table = inner ? innerHandlers : handlers;
    var name = event && event.eventName;
    if (!inner && typeof api.exports === 'function') {
      try { api.exports(event); } catch (e) { console.error('wellClient.exports threw', e); }
    }
    var fn = table[name];
    if (typeof fn === 'function') {
      try { fn(event); } catch (e) { console.error('wellClient handler for ' + name + ' threw', e); }
    }
  }

  function send(msg) {
    socket.send(JSON.stringify(msg));
  }

  function flush() {
    while (queue.length && ready) {
      send(queue.shift());
    }
  }

  /* Each numbered event once, in order; n = 0 is for this page only (recoverStateSuccess). */
  function deliver(msg) {
    if (msg.n > 0) {
      if (msg.n <= lastN) { return; }
      lastN = msg.n;
    }
    raise(msg.event, msg.inner);
  }

  function onMessage(ev) {
    var msg;
    try { msg = JSON.parse(ev.data); } catch (e) { console.warn('wellClient bridge: not JSON', e); return; }
    switch (msg.type) {
      case 'hello':
        delay = 250;
        if (instance === null) {
          instance = msg.instance;
          lastN = msg.last;
          ready = true;
          flush();
        } else {
          // Back after a drop (or an app restart): the bridge replays what was missed, or re-syncs.
          // Until its reply, events are held: live ones may overtake the replay.
          var resume = { id: nextId++, method: 'hello', params: [{ instance: instance, after: lastN }] };
          instance = msg.instance;
          resuming = resume.id;
          send(resume);
          ready = true;
          flush();
        }
        break;
      case 'event':
        if (resuming !== null) { held.push(msg); return; }
        deliver(msg);
        break;
      case 'state':
        state = msg.state;
        break;
      case 'resync':
        lastN = msg.last;
        raise(msg.event, true);
        break;
      case 'waiting':
        raise({ eventName: 'bridgeWaiting', origin: msg.origin, msg: msg.message }, true);
        break;
      case 'reply':
        if (msg.id === resuming) {
          resuming = null;
          var waiting = held.sort(function (a, b) { return a.n - b.n; });
          held = [];
          waiting.forEach(deliver);
          return;
        }
        var p = pending[msg.id];
        if (p) {
          delete pending[msg.id];
          if (msg.ok) { p.resolve(msg.result); } else { p.reject(msg.error); }
        }
        break;
      case 'error':
        console.warn('wellClient bridge:', msg.error && msg.error.code, msg.error && msg.error.message);
        break;
    }
  }

  function connect() {
    ready = false;
    socket = new global.WebSocket(wsUrl);
    socket.onmessage = onMessage;
    socket.onclose = function (ev) {
      ready = false;
      resuming = null;
      held = [];
      var reason = { code: 'bridge.closed', message: 'the connection to the softphone closed' };
      Object.keys(pending).forEach(function (id) { pending[id].reject(reason); delete pending[id]; });
      if (ev.code === CLOSE_REFUSED) {
        stopped = true;
        raise({ eventName: 'bridgeRefused', msg: ev.reason }, true);
        return;
      }
      if (stopped) { return; }
      var wait = delay + Math.floor(Math.random() * delay / 2);
      delay = Math.min(delay * 2, ev.code === CLOSE_STOPPING ? 2000 : 10000);
      setTimeout(connect, wait);
    };
  }

  function request(method, args) {
    var d = deferred();
    var id = nextId++;
    pending[id] = d;
    var msg = { id: id, method: method, params: Array.prototype.slice.call(args) };
    if (ready) { send(msg); } else { queue.push(msg); }
    return d.promise;
  }

  function method(name) {
    return function () { return request(name, arguments); };
  }

  var api = {
    bridge: true,
    exports: null,
    on: function (name, fn) { handlers[name] = fn; },
    innerOn: function (name, fn) { innerHandlers[name] = fn; },
    getVersion: function () { return SDK_VERSION; },
    isLogined: function () { return !!state.loggedIn; },
    /* The calls the app holds now, keyed by callId, with `length` (the SDK's callMemory shape). */
    getCallMemory: function () {
      var memory = { length: state.calls.length };
      state.calls.forEach(function (c) { memory[c.callId] = c; });
      return memory;
    }
  };
  ['agentLogin', 'logout', 'setAgentMode', 'checkRecoverStateAbility', 'makeCall', 'answerCall',
    'dropConnection', 'holdCall', 'retrieveCall', 'consult', 'cancelConsult', 'conference', 'transferCall',
    'transferWaitReturn', 'singleStepTransfer', 'singleStepConference', 'getCallData', 'setCallData',
    'getMyPrefix', 'startRecording', 'stopRecording', 'useConfig', 'setConfig', 'uploadLog', 'downloadLog',
    'getLog', 'logEnv', 'forceReady', 'forceNotReady', 'forceLogout', 'superLogout', 'forceDrop', 'forceJoin',
    'forceTake', 'forceListen', 'releaseAllocatedAgent', 'agentGreeting', 'singleTransferWaitReturn'
  ].forEach(function (name) { api[name] = method(name); });

  global.wellClient = api;
  connect();
})(typeof window !== 'undefined' ? window : this);
