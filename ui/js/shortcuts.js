// The window's keyboard shortcuts at work (keymap.js says which). A call action goes to the backend, which
// picks the call it means (the global hotkeys' rules); the page only shows where the focus goes next.
import { call } from "./ipc.js";
import { t } from "./i18n.js";
import { $, showError } from "./dom.js";
import { current } from "./store.js";
import { forKey, keysOf, SHORTCUTS } from "./keymap.js";
import * as calls from "./views/calls.js";

async function run(s) {
  if (s.call) {
    const id = await call("key_action", { action: s.call });
    calls.focusAfterUpdate(id);
    return;
  }
  if (s.number) {
    const c = current().calls.find((x) => x.needs_number.includes(s.number));
    if (!c) throw { code: "action.not_now" };
    calls.askNumber(c.call_id, s.number);
    return;
  }
  if (s.focus) {
    $(s.focus).focus();
    return;
  }
  const button = $(s.element);
  if (button.disabled || button.offsetParent === null) throw { code: "action.not_now" };
  button.click();
}

function onKey(e) {
  const s = forKey(e);
  if (!s || e.repeat) return;
  e.preventDefault();
  showError("call-error", null);
  run(s).catch((err) => showError("call-error", err));
}

// The keys on the page's own buttons (the call buttons get theirs when drawn).
function mark() {
  for (const s of SHORTCUTS) {
    const id = s.element || s.focus;
    if (!id) continue;
    $(id).setAttribute("aria-keyshortcuts", keysOf(s));
    $(id).title = keysOf(s);
  }
}

// The list in the settings.
export function renderList() {
  $("settings-shortcuts").replaceChildren(
    ...SHORTCUTS.map((s) => {
      const li = document.createElement("li");
      const what = document.createElement("span");
      what.textContent = t("shortcut." + s.id);
      const keys = document.createElement("kbd");
      keys.textContent = keysOf(s);
      li.append(what, keys);
      return li;
    }),
  );
}

export function wire() {
  mark();
  document.addEventListener("keydown", onKey);
}
