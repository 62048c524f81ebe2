// The browser page the desktop app replaces, for the app benchmark's side-by-side figures: the platform's browser
// STOMP client (stompjs 2.3.3) in a real Chromium window, logged in the SDK's way (TPI login, subscribe, wait
// 500 ms, agent Login, then the REST heartbeat at once and every 60 s — the server logs off an agent not heard
// from for 3 minutes), writing every ringing call (`delivered`) into its DOM in the STOMP callback and removing
// it on `connectionCleared`, as a CRM page holding the SDK does.
//
// Usage: node page.mjs <simulator base URL> <loginId> <extension>
// Prints one JSON line per event on stdout: {"ready": true} once logged in, then
// {"callId", "drawn", "painted"} per ringing call (epoch ms: the DOM written in the callback, and the first
// frame after it presented — the same marks the app's window takes); {"lost": reason} when the STOMP link or a
// heartbeat failed (the benchmark stops with it rather than waiting for a call that cannot come). Ends when
// stdin closes.
import { chromium } from 'playwright-core';
import { fileURLToPath } from 'node:url';

const [base, loginId, ext] = process.argv.slice(2);
if (!base || !loginId || !ext) {
  console.error('usage: node page.mjs <simulator base URL> <loginId> <extension>');
  process.exit(2);
}
const stompJs = fileURLToPath(new URL('./node_modules/stompjs/lib/stomp.js', import.meta.url));
// A window on the desktop when there is one (as an agent's browser is), headless otherwise.
const headless = !process.env.DISPLAY;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--window-size=420,640',
         // An agent's CRM page is in front; on a shared virtual screen the app's window may cover it, and
         // Chromium would then throttle its timers (the STOMP heart-beat among them).
         '--disable-background-timer-throttling', '--disable-backgrounding-occluded-windows',
         '--disable-renderer-backgrounding'],
});
const say = (o) => process.stdout.write(JSON.stringify(o) + '\n');
process.stdin.on('end', async () => { await browser.close(); process.exit(0); });
process.stdin.resume();

const page = await browser.newPage();
await page.exposeFunction('wellReport', (o) => say(o));
await page.setContent('<!doctype html><title>wellClient page</title><ul id="calls"></ul>');
await page.addScriptTag({ path: stompJs });
await page.evaluate(async ({ base, loginId, ext }) => {
  const now = () => performance.timeOrigin + performance.now();
  const domain = loginId.split('@')[1];
  // After the frame that shows the DOM change: the next animation frame, then a task after its paint.
  const painted = (fn) => requestAnimationFrame(() => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => fn(now());
    ch.port2.postMessage(0);
  });
  const r = await fetch(base + '/api/security/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=UTF-8' },
    body: 'username=' + loginId.split('@')[0] + '&password=123456&namespace=' + domain,
  });
  if (!r.ok) throw new Error('TPI login ' + r.status);
  const session = (await r.json()).sessionId;
  const list = document.getElementById('calls');
  const items = new Map();
  const client = Stomp.over(new WebSocket(base.replace(/^http/, 'ws') + '/mvc/stomp/websocket'));
  client.debug = null;
  await new Promise((resolve, reject) => client.connect({}, resolve, (e) => {
    reject(new Error('STOMP ' + e));
    window.wellReport({ lost: 'STOMP link: ' + e });
  }));
  client.subscribe('/topic/event.agent.*.' + loginId.replaceAll('.', '_'), (m) => {
    const e = JSON.parse(m.body);
    if (e.eventName === 'delivered' && !items.has(e.callId)) {
      const li = document.createElement('li');
      const data = (e.userData && e.userData.data) || {};
      li.textContent = e.callId + ' ' + (e.callingDevice || '') + ' ' +
        Object.entries(data).map(([k, v]) => k + ': ' + v).join(', ');
      list.append(li);
      items.set(e.callId, li);
      const drawn = now();
      painted((at) => window.wellReport({ callId: e.callId, drawn, painted: at }));
    } else if (e.eventName === 'connectionCleared' && items.has(e.callId)) {
      items.get(e.callId).remove();
      items.delete(e.callId);
    }
  });
  await new Promise((r) => setTimeout(r, 500)); // the SDK waits this long after subscribing
  const login = await fetch(base + '/api/csta/agent/state', {
    method: 'POST',
    headers: { sessionId: session, 'Content-Type': 'application/json; charset=UTF-8' },
    body: JSON.stringify({ loginId, device: ext + '@' + domain, password: '123456', agentMode: 'Ready',
                           func: 'Login', sessionId: session }),
  });
  if (login.status !== 204) throw new Error('agent Login ' + login.status);
  const heartbeat = async () => {
    const h = await fetch(base + '/api/csta/agent/heartbeat/' + loginId, { method: 'POST', headers: { sessionId: session } })
      .catch((e) => ({ status: String(e) }));
    if (!(h.status >= 200 && h.status < 300)) window.wellReport({ lost: 'heartbeat ' + h.status });
  };
  await heartbeat();
  setInterval(heartbeat, 60000);
}, { base, loginId, ext });
say({ ready: true });
