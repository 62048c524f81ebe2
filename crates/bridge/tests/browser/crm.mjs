// A CRM page of another origin in a real Chromium, using the desktop app's bridge through well-client.js the
// way the SDK's integration guide tells integrators to: on('delivered') reads userData of an inbound call, a
// manual outbound call made with makeCall(number, {destForDisplay}) and an automatic outbound call; a reload
// mid-call recovers with checkRecoverStateAbility → recoverStateSuccess; after the app (its bridge) restarts
// the page reconnects by itself and gets wsReconnectSucceed.
// Usage: node crm.mjs <CRM page URL> <simulator base URL> [--login] — prints what it saw as JSON; exit 0 when all
// holds. With --login the page first logs the agent in through the app (agentLogin).
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

// playwright-core is the simulator's browser check's (one install for both).
const require = createRequire(fileURLToPath(new URL('../../../sim/tests/browser/package.json', import.meta.url)));
const { chromium } = require('playwright-core');

const [crm, sim, flag] = process.argv.slice(2);
if (!crm || !sim) {
  console.error('usage: node crm.mjs <CRM page URL> <simulator base URL>');
  process.exit(2);
}
const random = () => '139' + String(Math.floor(Math.random() * 1e9)).padStart(9, '0');
const post = async (path, body) => {
  const r = await fetch(sim + path, { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body || {}) });
  const text = await r.text();
  if (!r.ok) throw new Error(path + ': ' + r.status + ' ' + text);
  return text ? JSON.parse(text) : {};
};
const simState = async () => (await fetch(sim + '/sim/state')).json();
const logins = async () => (await simState()).agents.find((a) => a.agentId === '5001@demo.cc').logins;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});
const problems = [];
const check = (ok, what) => { if (!ok) problems.push(what); };
const frames = [];
const result = {};
try {
  const page = await browser.newPage();
  page.on('websocket', (ws) => ws.on('framereceived', (f) => frames.push(String(f.payload))));
  page.on('pageerror', (e) => problems.push('page error: ' + e.message));
  await page.goto(crm);
  if (flag === '--login') {
    await page.evaluate(() => new Promise((ok, bad) => wellClient.agentLogin({
      jobNumber: '5001', password: '123456', ext: '8001', domain: 'demo.cc', loginMode: 'force', agentMode: 'Ready',
    }).done(ok).fail((e) => bad(new Error('agentLogin: ' + JSON.stringify(e))))));
    result.loggedInByThePage = true;
  }
  await page.waitForFunction(() => wellClient.isLogined(), null, { timeout: 10000 });
  const until = (name, callId) => page.waitForFunction(
    ([n, id]) => window.seen.find((e) => e.name === n && e.callId === id), [name, callId], { timeout: 10000 })
    .then((h) => h.jsonValue());

  // Inbound call with call data.
  const inbound = random();
  const posted = Date.now();
  const ring = await post('/sim/calls', { from: inbound, to: '8001', userData: { orderId: 'IN-7', note: 'VIP ' + inbound } });
  const rang = await until('delivered', ring.callId);
  result.inbound = rang;
  result.ringToCallbackMs = rang.at - posted;
  check(rang.userData && rang.userData.data && rang.userData.data.orderId === 'IN-7', 'inbound userData.orderId');
  check(rang.callingDevice === inbound.slice(0, -4) + '****', 'inbound caller masked: ' + rang.callingDevice);
  await page.evaluate((id) => new Promise((ok, bad) => wellClient.answerCall(id).done(ok).fail(bad)), ring.callId);
  await until('established', ring.callId);
  await page.evaluate(() => wellClient.dropConnection());
  await until('connectionCleared', ring.callId);

  // Manual outbound call, masked with destForDisplay; the simulator records it as given.
  const dialled = random();
  const made = await page.evaluate((n) => new Promise((ok, bad) =>
    wellClient.makeCall(n, { destForDisplay: '客户甲' }).done(ok).fail(bad)), dialled);
  const ringback = await until('delivered', made.callId);
  result.outbound = ringback;
  check(ringback.calledDevice === '客户甲', 'outbound calledDevice is destForDisplay: ' + ringback.calledDevice);
  check(ringback.userData && ringback.userData.data, 'outbound delivered carries userData');
  const recorded = (await simState()).calls.find((c) => c.callId === made.callId);
  result.simDestForDisplay = recorded && recorded.destForDisplay;
  check(result.simDestForDisplay === '客户甲', 'the simulator got destForDisplay');
  await post('/sim/calls/' + made.callId + '/answer');
  await until('established', made.callId);

  // Reload mid-call: recovery from the app, no request reaching the server.
  const before = await logins();
  await page.evaluate(() => sessionStorage.setItem('reloaded', '1'));
  await page.reload();
  const recovered = await page.waitForFunction(() => window.recovered, null, { timeout: 10000 }).then((h) => h.jsonValue());
  const asked = await page.evaluate(() => window.recoverAsked);
  result.recovered = recovered.event;
  result.reloadToRecoveredMs = recovered.at - asked;
  check(recovered.event.call && recovered.event.call.callId === made.callId, 'recovered the call');
  check(recovered.event.call && recovered.event.call.state === 'established', 'recovered established');
  check(recovered.event.call && recovered.event.call.calledDevice === '客户甲', 'recovered masked');
  check((await logins()) === before, 'no login reached the server on recovery');
  await page.evaluate(() => new Promise((ok, bad) => wellClient.dropConnection().done(ok).fail(bad)));
  await until('connectionCleared', made.callId);

  // Automatic outbound (campaign) call with its data.
  const customer = random();
  const campaign = await post('/sim/campaign', { to: '8001', from: customer, userData: { id: 'CAMP-3', prdType: 'loan' } });
  const auto = await until('delivered', campaign.callId);
  result.automatic = auto;
  check(auto.userData && auto.userData.data && auto.userData.data.id === 'CAMP-3', 'campaign userData.id');

  // The app restarts (its bridge with it): the page reconnects by itself and re-syncs to the ringing call.
  const restarted = await fetch(crm + 'restart-bridge', { method: 'POST' });
  check(restarted.ok, 'the bridge restarted');
  const back = await page.waitForFunction(() => window.reconnected, null, { timeout: 15000 }).then((h) => h.jsonValue());
  result.reconnected = back;
  check(back.activeCall && back.activeCall.callId === campaign.callId, 'wsReconnectSucceed names the ringing call');
  check(back.activeCall && back.activeCall.state === 'Alerting', 'wsReconnectSucceed: Alerting');
  const answeredAfter = await page.evaluate((id) => new Promise((ok, bad) =>
    wellClient.answerCall(id).done(() => ok(true)).fail(bad)), campaign.callId);
  check(answeredAfter, 'the page controls the call after the restart');
  await until('established', campaign.callId);

  const all = frames.join('\n');
  for (const raw of [inbound, dialled, customer]) {
    check(!all.includes(raw.slice(-7)), 'a raw number reached the page: ' + raw.slice(0, 3) + '…');
  }
  result.frames = frames.length;
} catch (e) {
  problems.push(String(e && e.stack || e));
} finally {
  await browser.close();
}
result.problems = problems;
console.log(JSON.stringify(result));
process.exitCode = problems.length ? 1 : 0;
