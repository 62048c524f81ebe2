// The login-mode question (loginMode "ask", spec §2.4): force or give up, before it expires.
import { call } from "../ipc.js";
import { errorText, has, t } from "../i18n.js";
import { $, untilNext } from "../dom.js";
import { localTime } from "../store.js";

export function render(state) {
  const q = state.question;
  const box = $("question");
  box.hidden = !q;
  if (!q) return;
  const d = q.details || {};
  const device = (d.deviceId || "").split("@")[0];
  $("question-text").textContent = has(q.code) ? t(q.code, { device }) : q.message;
  const left = Math.max(0, Math.round((localTime(q.expires_at_ms) - Date.now()) / 1000));
  $("question-expiry").textContent = t("question.expires", { s: left });
}

// Milliseconds until the countdown shows another second (Infinity with no question open).
export function nextChange(state) {
  const q = state.question;
  return q ? untilNext(Date.now() - localTime(q.expires_at_ms) + 500, 1000) : Infinity;
}

export function wire() {
  const answer = (force) => call("answer_question", { force }).catch((e) => {
    $("question-expiry").textContent = errorText(e);
  });
  $("question-force").addEventListener("click", () => answer(true));
  $("question-cancel").addEventListener("click", () => answer(false));
}
