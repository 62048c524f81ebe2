// The session's call history from the backend (display forms only), newest first, with a call-back button
// that dials the number only the backend holds.
import { call } from "../ipc.js";
import { t } from "../i18n.js";
import { $, act, duration, el } from "../dom.js";
import { localTime } from "../store.js";

let entries = [];

export async function refresh() {
  try {
    entries = await call("history");
  } catch {
    entries = [];
  }
  render();
}

function clock(ms) {
  const d = new Date(localTime(ms));
  return d.toLocaleTimeString();
}

export function render() {
  $("history").hidden = entries.length === 0;
  $("history-list").replaceChildren(
    ...entries.map((e) => {
      const talk = e.answered_at_ms != null ? duration(e.ended_at_ms - e.answered_at_ms) : t("history.missed");
      return el("li", { dataset: { historyId: e.id, direction: e.direction } }, [
        el("span", { class: "number", text: e.display_number + " · " + t("dir." + e.direction) }),
        e.can_redial
          ? el("button", {
              type: "button", dataset: { redial: e.id }, text: t("history.redial"),
              onclick: (ev) => act(ev.target, "history-error", () =>
                call("redial", { id: e.id, prefix: $("dial-prefix").value || null })),
            })
          : el("span"),
        el("span", { class: "when", text: clock(e.ended_at_ms) + " · " + talk }),
        el("span", { class: "muted", text: e.summary || "" }),
      ]);
    }),
  );
}
