// The session's call history from the backend (display forms only), newest first, with a call-back button
// that dials the number only the backend holds.
//
// The list holds up to 200 entries and is asked for again whenever a call ends, so an agent's day redraws it
// hundreds of times: each entry's item is made once and kept (an ended call's entry does not change), and the
// time of day comes from one formatter per language. A `toLocaleTimeString()` per entry per redraw made a new
// ICU formatter each time, freed only when JavaScript's collector ran: tens of MiB of the web process's heap
// over a few hundred calls (BENCHMARKS.md, issue 16).
import { call } from "../ipc.js";
import { clockTime, language, t } from "../i18n.js";
import { $, act, duration, el } from "../dom.js";
import { localTime } from "../store.js";

let entries = [];
// Entry id -> its item, for the language they were made in.
let items = new Map();
let itemsLanguage = null;

export async function refresh() {
  try {
    entries = await call("history");
  } catch {
    entries = [];
  }
  render();
}

function clock(ms) {
  return clockTime(new Date(localTime(ms)));
}

function item(e) {
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
}

// The list for `entries`: items of entries already shown are kept (all of them remade when the language
// changed), items of entries gone are dropped, the order is the backend's.
export function render() {
  if (itemsLanguage !== language()) {
    itemsLanguage = language();
    items = new Map();
  }
  const next = new Map();
  for (const e of entries) next.set(e.id, items.get(e.id) || item(e));
  items = next;
  $("history").hidden = entries.length === 0;
  // Move only what is out of place: a new call's entry goes in at the top, the oldest falls off the end.
  const list = $("history-list");
  let i = 0;
  for (const li of next.values()) {
    const at = list.children[i];
    if (at !== li) list.insertBefore(li, at || null);
    i += 1;
  }
  while (list.children.length > i) list.lastElementChild.remove();
}
