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
// Entry id and seen mark -> its item, for the language they were made in.
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

// How the call went: its talk time, else missed (the caller gave up), rejected (the agent did), or not answered
// (an outbound call nobody picked up).
function outcome(e) {
  if (e.answered_at_ms != null) return duration(e.ended_at_ms - e.answered_at_ms);
  if (e.missed) return t("history.missed");
  return t(e.me_is_caller ? "history.no_answer" : "history.rejected");
}

function item(e) {
  return el("li", { class: e.missed ? "missed" : null, dataset: { historyId: e.id, direction: e.direction, missed: e.missed, seen: e.seen } }, [
    el("span", { class: "number" }, [
      e.seen ? null : el("span", { class: "badge", text: t("history.new") }),
      e.display_number + " · " + t("dir." + e.direction),
    ]),
    e.can_redial
      ? el("button", {
          type: "button", dataset: { redial: e.id }, text: t("history.redial"),
          onclick: (ev) => act(ev.target, "history-error", () =>
            call("redial", { id: e.id, prefix: $("dial-prefix").value || null }).then(refresh)),
        })
      : el("span"),
    el("span", { class: "when", text: clock(e.ended_at_ms) + " · " + outcome(e) }),
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
  // Keyed by id and seen mark: an entry the agent has now seen is drawn again, once.
  const next = new Map();
  for (const e of entries) {
    const key = e.id + (e.seen ? ":seen" : ":new");
    next.set(key, items.get(key) || item(e));
  }
  items = next;
  $("history").hidden = entries.length === 0;
  const unseen = entries.filter((e) => !e.seen).length;
  $("history-unseen").hidden = unseen === 0;
  $("history-unseen").textContent = unseen ? t("history.unseen", { n: unseen }) : "";
  $("history-seen").hidden = unseen === 0;
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

// "Mark all seen": the missed calls stop counting here and in the tray.
export function wire() {
  $("history-seen").addEventListener("click", (ev) =>
    act(ev.target, "history-error", () => call("history_seen", { ids: null }).then(refresh)));
}
