// The connection indicator: connected / reconnecting N / session lost / offline.
import { t } from "../i18n.js";
import { $, setText } from "../dom.js";

let shown = null;

export function render(state, force = false) {
  if (state.connection === shown && !force) return;
  shown = state.connection;
  const c = state.connection || { state: "offline" };
  const box = $("connection");
  // When the link last came back (for the drop-to-re-sync benchmark).
  const marks = window.__wellMarks;
  if (marks && c.state === "connected" && box.dataset.state !== "connected") marks.connectedAt = performance.timeOrigin + performance.now();
  box.dataset.state = c.state;
  const key = "conn." + c.state;
  setText(box, c.state === "reconnecting" ? t(key, { n: c.attempt }) : t(key));
  box.title = c.state === "session_lost" ? c.reason || "" : "";
}
