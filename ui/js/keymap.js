// The window's keyboard shortcuts (Alt + a letter; the global hotkeys are Ctrl+Alt): what each does and its
// keys. Shown on the buttons (a key hint and aria-keyshortcuts), listed in the settings, handled by
// shortcuts.js. A `call` shortcut asks the backend, which picks the call it means; a `number` one puts the
// focus in the target-number field of the call that needs it, where Enter does it.
export const SHORTCUTS = [
  { id: "answer", letter: "A", call: "answer", buttons: ["answer"] },
  { id: "hang_up", letter: "H", call: "hang_up", buttons: ["hang_up"] },
  { id: "hold_or_retrieve", letter: "O", call: "hold_or_retrieve", buttons: ["hold", "retrieve"] },
  { id: "consult", letter: "C", number: "consult", buttons: ["consult"] },
  { id: "transfer", letter: "T", call: "transfer", buttons: ["transfer"] },
  { id: "conference", letter: "F", call: "conference", buttons: ["conference"] },
  { id: "cancel_consult", letter: "X", call: "cancel_consult", buttons: ["cancel_consult"] },
  { id: "single_step_transfer", letter: "S", number: "single_step_transfer", buttons: ["single_step_transfer"] },
  { id: "single_step_conference", letter: "J", number: "single_step_conference", buttons: ["single_step_conference"] },
  { id: "ready", letter: "R", element: "agent-ready" },
  { id: "not_ready", letter: "N", element: "agent-not-ready" },
  { id: "dial", letter: "D", focus: "dial-number" },
];

export function keysOf(s) {
  return "Alt+" + s.letter;
}

// The shortcut of a call action's button, if it has one.
export function forButton(action) {
  return SHORTCUTS.find((s) => s.buttons && s.buttons.includes(action)) || null;
}

// The shortcut a key press means: Alt and a letter key (by its physical key, so a keyboard layout or macOS's
// Option characters do not change it), nothing else held.
export function forKey(e) {
  if (!e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return null;
  return SHORTCUTS.find((s) => e.code === "Key" + s.letter) || null;
}
