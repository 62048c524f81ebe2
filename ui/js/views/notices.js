// Notices of the backend (recovered, outage, session lost, settings), each closable.
import { call } from "../ipc.js";
import { has, t } from "../i18n.js";
import { $, el } from "../dom.js";

let shown = null;

export function render(state, force = false) {
  if (state.notices === shown && !force) return;
  shown = state.notices;
  const list = $("notices");
  list.replaceChildren(
    ...state.notices.map((n) =>
      el("div", { class: "notice " + n.level, role: n.level === "error" ? "alert" : "status", dataset: { code: n.code, id: n.id } }, [
        el("span", { text: has(n.code) ? t(n.code) : n.message }),
        el("button", {
          type: "button", class: "ghost", "aria-label": t("notice.dismiss"), text: "×",
          onclick: () => call("dismiss_notice", { id: n.id }).catch(() => {}),
        }),
      ]),
    ),
  );
}
