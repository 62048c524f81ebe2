// The incoming-call popup: the ringing calls of the backend's snapshot (masked number, call data summary)
// with Answer and Reject. The shell opens and closes this window; it decides nothing itself.
import { call } from "./ipc.js";
import { setLanguage, t } from "./i18n.js";
import { $, act, el } from "./dom.js";
import * as store from "./store.js";
import { forButton, forKey, keysOf } from "./keymap.js";

function render(s) {
  const ringing = s.calls.filter((c) => c.state === "ringing");
  $("popup-calls").replaceChildren(
    ...ringing.map((c) =>
      el("li", { class: "call", dataset: { callId: c.call_id, state: c.state } }, [
        el("div", { class: "row" }, [el("span", { class: "dir", text: t("dir." + c.direction) })]),
        el("div", { class: "number", text: c.display_number }),
        c.summary ? el("div", { class: "summary", text: c.summary }) : null,
        el("div", { class: "row actions" },
          ["answer", "hang_up"].filter((a) => c.allowed.includes(a)).map((a) => {
            const keys = keysOf(forButton(a));
            const button = el("button", {
              type: "button",
              class: a === "answer" ? "primary" : "danger",
              dataset: { action: a },
              text: t(a === "answer" ? "action.answer" : "popup.reject"),
              "aria-keyshortcuts": keys,
              onclick: () => act(button, "popup-error", () => call("call_action", { callId: c.call_id, action: a, number: null })),
            }, [" ", el("kbd", { text: keys, "aria-hidden": "true" })]);
            return button;
          })),
      ]),
    ),
  );
  document.body.dataset.ready = "true";
  const first = document.querySelector("button[data-action='answer']");
  if (first && !document.activeElement.closest("button")) first.focus();
}

// The main window's Alt+A and Alt+H work here too (the popup may hold the keyboard focus when a call rings):
// they press the first ringing call's Answer or Reject.
document.addEventListener("keydown", (e) => {
  const s = forKey(e);
  if (!s || !["answer", "hang_up"].includes(s.id) || e.repeat) return;
  const button = document.querySelector(`#popup-calls button[data-action='${s.id}']`);
  if (!button) return;
  e.preventDefault();
  button.click();
});

async function boot() {
  const info = await call("app_info");
  setLanguage(info.language);
  store.onChange(render);
  await store.start();
  render(store.current());
  call("ui_rendered", { seq: store.current().seq, calls: [...document.querySelectorAll(".call")].map((li) => li.dataset.callId) }).catch(() => {});
}

boot().catch((e) => { document.body.dataset.bootError = (e && (e.code || e.message)) || String(e); });
