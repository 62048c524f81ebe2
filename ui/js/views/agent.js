// The agent bar: who, mode and time in mode, Ready / NotReady with a reason, logout. Buttons follow the
// agent's `allowed` list.
import { call } from "../ipc.js";
import { clockTime, t } from "../i18n.js";
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

// At rest (Ready or NotReady with no call up) the time in mode counts minutes, so a window that nobody touches
// is drawn once a minute, not once a second; its tooltip says when the mode began, to the second. With a call
// up or in after-call work it counts seconds.
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
  setText(timer, atRest() ? minutes(elapsed) : duration(elapsed));
  const title = t("clock.since", { time: clockTime(new Date(from)) });
  if (timer.title !== title) timer.title = title;
}

// Milliseconds until the time in mode shows another value (Infinity with none shown).
export function nextChange() {
  const from = since();
  if (!from) return Infinity;
  return untilNext(Date.now() - from, atRest() ? 60000 : 1000);
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
  $("agent-ready").addEventListener("click", (e) => act(e.target, "agent-error", () => call("set_ready")));
  $("agent-not-ready").addEventListener("click", (e) =>
    act(e.target, "agent-error", () => call("set_not_ready", { reason: $("agent-reason").value || null })));
  $("agent-logout").addEventListener("click", (e) => act(e.target, "agent-error", () => call("logout")));
}
