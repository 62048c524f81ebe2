// Boot: texts, then subscribe + snapshot (store.js), then render on every change. All state comes from the
// backend; this file only wires views to it.
import { call, listen } from "./ipc.js";
import { language, setLanguage } from "./i18n.js";
import { TEXTS } from "./texts.js";
import { $, CLOCK_MARGIN_MS } from "./dom.js";
import * as store from "./store.js";
import * as connection from "./views/connection.js";
import * as notices from "./views/notices.js";
import * as question from "./views/question.js";
import * as login from "./views/login.js";
import * as agent from "./views/agent.js";
import * as dialpad from "./views/dialpad.js";
import * as calls from "./views/calls.js";
import * as settings from "./views/settings.js";
import * as history from "./views/history.js";
import * as integration from "./views/integration.js";
import * as shortcuts from "./shortcuts.js";

let lastCalls = null;

// Every view from the state; a view whose part of the state is the same object as last time keeps its DOM
// (the store replaces whatever changed), unless `force` (a new language) redraws everything.
function renderAll(force = false) {
  const s = store.current();
  connection.render(s, force);
  notices.render(s, force);
  question.render(s);
  login.render(s);
  agent.render(s, force);
  dialpad.render(s);
  calls.render(s, force);
  // The history changes only when a call ends: ask for it when a call left the list, not when one rings.
  const ids = new Set(s.calls.map((c) => c.call_id));
  if (lastCalls === null || [...lastCalls].some((id) => !ids.has(id))) history.refresh();
  lastCalls = ids;
  document.body.dataset.ready = "true";
  document.body.dataset.seq = String(s.seq);
  schedule();
}

// The clocks (time in mode, call timers, the question's countdown) wake the page only when one of them shows a
// new value, and never while the window is hidden: each second while a call is up, a question counts down or
// the agent is in after-call work; never at rest, where the mode shows when it began. (Each repaint costs
// WebKit dozens of thread wake-ups across its processes.)
let clock = null;

function schedule() {
  clearTimeout(clock);
  clock = null;
  if (document.hidden) return;
  const waits = [agent.nextChange(), calls.nextChange(), question.nextChange(store.current())].filter(
    (w) => w !== Infinity,
  );
  if (waits.length === 0) return;
  // Clocks counting seconds from different origins (the call's, the mode's) are drawn together at the last of
  // their changes: one repaint a second, not one per clock; the others show their new second up to a second
  // late, each still one step per tick.
  const seconds = waits.filter((w) => w <= 1000 + CLOCK_MARGIN_MS);
  clock = setTimeout(tick, seconds.length ? Math.max(...seconds) : Math.min(...waits));
}

function tick() {
  if (!document.hidden) {
    agent.tick();
    calls.tick();
    question.render(store.current());
  }
  schedule();
}

// The tray, notifications and native questions speak the window's language (one text table, here).
function handOverNativeTexts() {
  const all = TEXTS[language()];
  const texts = Object.fromEntries(Object.entries(all).filter(([k]) => k.startsWith("native.")));
  call("set_native_texts", { texts }).catch(() => {});
}

function relabel() {
  handOverNativeTexts();
  agent.fillReasons();
  dialpad.fillPrefixes();
  login.fillServers();
  settings.render();
  shortcuts.renderList();
  integration.render();
  calls.relabel();
  history.render();
  $("lang-toggle").textContent = language() === "zh-CN" ? "English" : "中文";
  renderAll(true);
}

async function boot() {
  const info = await call("app_info");
  setLanguage(info.language);
  await settings.load(info);
  login.setInfo(info);
  question.wire();
  login.wire(renderAll);
  agent.wire();
  dialpad.wire(info.pendingDial);
  settings.wire(relabel);
  shortcuts.wire();
  history.wire();
  // The tray's "missed calls" marked them seen: the history redraws its marks.
  listen("history-seen", () => history.refresh());
  integration.wire();
  await integration.load();
  $("lang-toggle").addEventListener("click", async () => {
    const next = language() === "zh-CN" ? "en" : "zh-CN";
    $("settings-language").value = next;
    $("settings-language").dispatchEvent(new Event("change"));
  });
  store.onChange(() => renderAll());
  await store.start();
  relabel();
  const drawn = [...document.querySelectorAll("#call-list .call")].map((li) => li.dataset.callId);
  const rendered = () => call("ui_rendered", { seq: store.current().seq, calls: drawn }).catch(() => {});
  const marks = window.__wellMarks;
  if (marks) {
    // Benchmark mode: the backend's "rendered" line (and its since_start_ms) comes after the first paint.
    marks.renderedAt = marks.now();
    marks.afterPaint(rendered);
  } else {
    rendered();
  }
  document.addEventListener("visibilitychange", tick);
}

boot().catch((e) => {
  document.body.dataset.bootError = (e && (e.code || e.message)) || String(e);
  console.error("boot failed", e);
});
