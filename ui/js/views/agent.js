// The agent bar: who, mode and time in mode, Ready / NotReady with a reason, logout. Buttons follow the
// agent's `allowed` list.
import { call } from "../ipc.js";
import { clockTime, shortTime, t } from "../i18n.js";
import { $, act, duration, el, setText, untilNext } from "../dom.js";
import { current, localTime } from "../store.js";
import { reasons } from "./settings.js";


function modeKey(mode) {
  if (mode == null) return "mode.none";
  if (typeof mode === "object") return null;
  return "mode." + mode;
}

let shown = null;

export function render(state, force = false) {
  if (state.agent === shown && !force) return;
  shown = state.agent;
  const a = state.agent;
  const on = a && a.status === "logged_on";
  $("agent-bar").hidden = !on;
  if (!on) return;
  const who = (a.agent_id || "").split("@")[0];
  const ext = (a.extension || "").split("@")[0];
  setText($("agent-who"), (a.name ? a.name + " · " : "") + who + " @ " + ext);
  const key = modeKey(a.mode);
  const known = reasons().find((r) => r.code === a.reason);
  const reason = a.mode === "not_ready" && a.reason ? " · " + (known ? known.label : a.reason) : "";
  setText($("agent-mode"), (key ? t(key) : Object.values(a.mode)[0]) + reason);
  $("agent-mode").dataset.reason = a.reason || "";
  $("agent-mode").dataset.mode = typeof a.mode === "string" ? a.mode : "other";
  const allowed = new Set(a.allowed);
  $("agent-ready").disabled = !allowed.has("ready");
  $("agent-not-ready").disabled = !allowed.has("not_ready");
  $("agent-reason").disabled = !allowed.has("not_ready");
  $("agent-logout").disabled = !allowed.has("logout");
  tick();
}

// At rest (Ready or NotReady with no call up) the mode shows when it began ("since 9:14"), which never changes
// on its own, so a window that nobody touches is never drawn again: each repaint costs WebKit ~35 thread
// wake-ups across its processes (BENCHMARKS.md). Hovering it tells how long, computed then. With a call up or
// in after-call work the time in mode counts seconds, and its tooltip gives the start to the second.
function atRest() {
  const s = current();
  const mode = s.agent && s.agent.mode;
  return (mode === "ready" || mode === "not_ready") && s.calls.length === 0;
}

function since() {
  const a = current().agent;
  return a && a.status === "logged_on" ? localTime(a.mode_since_ms) : null;
}

function minutes(ms) {
  const m = Math.floor(Math.max(0, ms) / 60000);
  if (m < 1) return t("clock.under_minute");
  const h = Math.floor(m / 60);
  return h ? t("clock.hours", { h, m: String(m % 60).padStart(2, "0") }) : t("clock.minutes", { m });
}

export function tick() {
  const from = since();
  const timer = $("agent-timer");
  if (!from) {
    setText(timer, "");
    timer.removeAttribute("title");
    return;
  }
  const elapsed = Date.now() - from;
  if (atRest()) {
    setText(timer, t("clock.since", { time: shortTime(new Date(from)) }));
    timer.dataset.since = String(from);
    timer.title = t("clock.for", { d: minutes(elapsed) });
    return;
  }
  delete timer.dataset.since;
  setText(timer, duration(elapsed));
  const title = t("clock.since", { time: clockTime(new Date(from)) });
  if (timer.title !== title) timer.title = title;
}

// At rest the tooltip says how long, as of the moment it is asked for.
function howLong(e) {
  const from = Number(e.currentTarget.dataset.since);
  if (from) e.currentTarget.title = t("clock.for", { d: minutes(Date.now() - from) });
}

// Milliseconds until the time in mode shows another value (Infinity with none shown).
export function nextChange() {
  const from = since();
  if (!from) return Infinity;
  return atRest() ? Infinity : untilNext(Date.now() - from, 1000);
}

export function fillReasons() {
  const sel = $("agent-reason");
  const value = sel.value;
  sel.replaceChildren(
    el("option", { value: "", text: t("reason.none") }),
    ...reasons().map((r) => el("option", { value: r.code, text: r.label })),
  );
  sel.value = value;
}

export function wire() {
  fillReasons();
  $("agent-timer").addEventListener("mouseenter", howLong);
  $("agent-ready").addEventListener("click", (e) => act(e.target, "agent-error", () => call("set_ready")));
  $("agent-not-ready").addEventListener("click", (e) =>
    act(e.target, "agent-error", () => call("set_not_ready", { reason: $("agent-reason").value || null })));
  $("agent-logout").addEventListener("click", (e) => act(e.target, "agent-error", () => call("logout")));
}
