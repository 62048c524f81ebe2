// The platform's browser STOMP client (stompjs 2.3.3) in a real Chromium, against the simulator: TPI login with
// a form body built the SDK's way, a 401 and a 451 readable through CORS, and the login events on the topic.
// Usage: node check.mjs http://127.0.0.1:PORT — prints what it saw, exits 0 when it is all as expected.
import { chromium } from 'playwright-core';
import { fileURLToPath } from 'node:url';

const base = process.argv[2];
if (!base) {
  console.error('usage: node check.mjs <simulator base URL>');
  process.exit(2);
}
const stompJs = fileURLToPath(new URL('./node_modules/stompjs/lib/stomp.js', import.meta.url));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage();
  await page.setContent('<!doctype html><title>well-sim browser check</title>');
  await page.addScriptTag({ path: stompJs });
  const result = await page.evaluate(async (base) => {
    const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
    // The SDK concatenates the form without encoding it.
    const tpi = async (user, pass) => {
      const r = await fetch(base + '/api/security/login', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=UTF-8' },
        body: 'username=' + user + '&password=' + pass + '&namespace=demo.cc',
      });
      return { status: r.status, body: await r.text() };
    };
    const wrong = await tpi('5001', 'wrong');
    const right = await tpi('5001', '123456');
    const session = JSON.parse(right.body).sessionId;
    const events = [];
    const client = Stomp.over(new WebSocket(base.replace(/^http/, 'ws') + '/mvc/stomp/websocket'));
    client.debug = null;
    await new Promise((resolve, reject) => client.connect({}, resolve, reject));
    client.subscribe('/topic/event.agent.*.5001@demo_cc', (m) => events.push(JSON.parse(m.body).eventName));
    await sleep(500); // the SDK waits this long after subscribing
    const login = async (ext) => {
      const r = await fetch(base + '/api/csta/agent/state', {
        method: 'POST',
        headers: { sessionId: session, 'Content-Type': 'application/json; charset=UTF-8' },
        body: JSON.stringify({ loginId: '5001@demo.cc', device: ext + '@demo.cc', password: '123456',
                               agentMode: 'Ready', func: 'Login', sessionId: session }),
      });
      return { status: r.status, body: await r.text() };
    };
    const unregistered = await login('8099');
    const ok = await login('8001');
    for (let i = 0; i < 50 && events.length < 2; i++) await sleep(100);
    client.disconnect();
    return { wrongPassword: wrong.status, unregistered: unregistered.status, login: ok.status, events };
  }, base);
  console.log(JSON.stringify(result));
  const good = result.wrongPassword === 401 && result.unregistered === 451 && result.login === 204 &&
    result.events.join(',') === 'agentLoggedOn,agentReady';
  process.exitCode = good ? 0 : 1;
} finally {
  await browser.close();
}
