// The call list: state, direction, display number (masked by the backend), timers from the local clock, the
// call data panel, and buttons for exactly the actions the backend allows on each call.
import { call } from "../ipc.js";
import { language, t } from "../i18n.js";
import { $, act, duration, el, setText, untilNext } from "../dom.js";
import { current, localTime } from "../store.js";
import { current as settings } from "./settings.js";
import { forButton, keysOf } from "../keymap.js";

const items = new Map();

// userData as the platform sends it: {"data": {...}}; other shapes are shown as they are. The server's key
// order is kept.
function dataEntries(ud) {
  if (ud == null) return [];
  const d = typeof ud === "object" && ud.data && typeof ud.data === "object" ? ud.data : ud;
  if (typeof d !== "object") return [["", String(d)]];
  return Object.entries(d).map(([k, v]) => [k, typeof v === "object" ? JSON.stringify(v) : String(v)]);
}

// The settings' call data view: each key's label in the window's language (none: the key) and the keys shown
// only under "details"; made again only when the settings or the language changed (a ringing call is drawn
// without it).
let lastView = null;
function dataView() {
  const s = settings();
  const lang = language();
  if (lastView && lastView.settings === s && lastView.lang === lang) return lastView;
  const cd = (s && s.callData) || { labels: [], details: [] };
  const en = lang === "en";
  const labels = new Map(cd.labels.map((l) => [l.key.trim(), ((en ? l.en : l.zh) || "").trim()]));
  lastView = { settings: s, lang, label: (k) => labels.get(k) || k, details: new Set(cd.details.map((k) => k.trim())) };
  return lastView;
}

// Put `text` on the clipboard (the value as shown: masked by the backend); the button says it worked.
async function copy(button, text) {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const area = el("textarea", { class: "visually-hidden", "aria-hidden": "true" });
    area.value = text;
    document.body.append(area);
    area.select();
    const done = document.execCommand("copy");
    area.remove();
    if (!done) { button.dataset.copied = "failed"; button.textContent = t("calls.copy_failed"); return; }
  }
  button.dataset.copied = "yes";
  button.textContent = t("calls.copied");
}

function dataRows(entries, view) {
  return entries.flatMap(([k, v]) => {
    const label = view.label(k);
    const button = el("button", { type: "button", class: "copy ghost", text: t("calls.copy"),
      "aria-label": t("calls.copy_value", { label }), dataset: { key: k }, onclick: () => copy(button, v) });
    return [el("dt", { text: label, title: k, dataset: { key: k } }),
      el("dd", {}, [el("span", { class: "value", text: v }), button])];
  });
}

// The call data panel: labelled entries in the server's order, the "details" keys behind a toggle that keeps
// its state while the call is drawn again.
function renderData(li, c) {
  const dl = li.querySelector(".userdata");
  const more = li.querySelector(".userdata-more");
  const view = dataView();
  const entries = dataEntries(c.user_data);
  const shown = entries.filter(([k]) => !view.details.has(k));
  const hidden = entries.filter(([k]) => view.details.has(k));
  dl.hidden = shown.length === 0;
  dl.replaceChildren(...dataRows(shown, view));
  more.hidden = hidden.length === 0;
  setText(more.querySelector("summary"), t("calls.details", { n: hidden.length }));
  const moreList = more.querySelector("dl");
  if (hidden.length || moreList.firstChild) moreList.replaceChildren(...dataRows(hidden, view));
}

function create(c) {
  const id = c.call_id;
  const li = el("li", { class: "call", dataset: { callId: id } });
  const target = el("input", { class: "target", inputmode: "tel", "aria-label": t("calls.target"), placeholder: t("calls.target") });
  target.addEventListener("keydown", (e) => {
    if (e.key !== "Enter") return;
    const item = items.get(id);
    const c = item && item.shown;
    if (!c) return;
    // The action the shortcut asked the number for, else the only one that needs a number.
    const action = item.pending || (c.needs_number.length === 1 ? c.needs_number[0] : null);
    const button = action && item.li.querySelector(`.actions button[data-action='${action}']`);
    if (!button) return;
    e.preventDefault();
    item.pending = null;
    button.click();
  });
  li.append(
    el("div", { class: "row" }, [
      el("span", { class: "state", role: "status" }),
      el("span", { class: "dir" }),
      el("span", { class: "spacer" }),
      el("span", { class: "timer" }),
    ]),
    el("div", { class: "number" }),
    el("div", { class: "flags muted" }),
    el("dl", { class: "userdata", "aria-label": t("calls.data") }),
    el("details", { class: "userdata-more" }, [
      el("summary", {}),
      el("dl", { class: "userdata", "aria-label": t("calls.data_details") }),
    ]),
    el("div", { class: "row actions" }),
    target,
  );
  items.set(id, { li, target, fresh: true });
  return items.get(id);
}

// Draw one call; an item already drawn from this very object (the store replaces a call that changed) stays.
function update(c, force) {
  const item = items.get(c.call_id) || create(c);
  const li = item.li;
  if (item.shown === c && !force) return li;
  item.shown = c;
  li.dataset.state = c.state;
  li.querySelector(".state").textContent = t("state." + c.state);
  li.querySelector(".dir").textContent = t("dir." + c.direction);
  li.querySelector(".number").textContent = c.display_number;
  const flags = [];
  if (c.consult_of) flags.push(t("calls.consult_of"));
  if (c.held_by_other) flags.push(t("calls.held_by_other"));
  if (c.recording) flags.push(t("calls.recording"));
  if (!c.verified) flags.push(t("calls.unverified"));
  li.querySelector(".flags").textContent = flags.join(" · ");
  renderData(li, c);
  const actions = li.querySelector(".actions");
  const key = c.allowed.join(",");
  if (actions.dataset.allowed !== key) {
    // Keyboard users keep their place: focus lost with the old buttons moves to this call's first action.
    const hadFocus = li.contains(document.activeElement) && document.activeElement.tagName === "BUTTON";
    actions.dataset.allowed = key;
    actions.replaceChildren(
      ...c.allowed.map((a) => {
        const needsNumber = c.needs_number.includes(a);
        const shortcut = forButton(a);
        const button = el("button", {
          type: "button",
          class: a === "answer" ? "primary" : a === "hang_up" ? "danger" : "",
          dataset: { action: a },
          text: t("action." + a),
          "aria-keyshortcuts": shortcut ? keysOf(shortcut) : null,
          onclick: () => { item.refocus = true; return act(button, "call-error", () =>
            call("call_action", { callId: c.call_id, action: a, number: needsNumber ? item.target.value : null })
              .then(() => { if (needsNumber) item.target.value = ""; })); },
        }, shortcut ? [" ", el("kbd", { text: keysOf(shortcut), "aria-hidden": "true" })] : []);
        return button;
      }),
    );
    if ((hadFocus || item.refocus) && actions.firstChild) actions.firstChild.focus();
    item.refocus = false;
  }
  item.target.hidden = c.needs_number.length === 0;
  if (!item.pending) item.target.placeholder = t("calls.target");
  return li;
}

// A keyboard shortcut acted on this call: once its buttons change, the focus goes to its first one.
export function focusAfterUpdate(callId) {
  const item = items.get(callId);
  if (item) item.refocus = true;
}

// A shortcut for an action that needs a number: the focus goes to this call's target-number field, where
// Enter does `action` with what was typed.
export function askNumber(callId, action) {
  const item = items.get(callId);
  if (!item) return;
  item.pending = action;
  item.target.hidden = false;
  item.target.placeholder = t("calls.target_for", { action: t("action." + action) });
  item.target.focus();
}

export function render(state, force = false) {
  const on = state.agent && state.agent.status === "logged_on";
  $("calls").hidden = !on && state.calls.length === 0;
  const list = $("call-list");
  const live = new Set(state.calls.map((c) => c.call_id));
  for (const id of [...items.keys()]) if (!live.has(id)) { items.get(id).li.remove(); items.delete(id); }
  state.calls.forEach((c, i) => {
    const li = update(c, force);
    if (list.children[i] !== li) list.insertBefore(li, list.children[i] || null);
  });
  $("calls-empty").hidden = state.calls.length > 0;
  tick();
  if (window.__wellMarks) {
    for (const c of state.calls) {
      const item = items.get(c.call_id);
      if (item.fresh) { item.fresh = false; markDrawn(window.__wellMarks, c.call_id); }
    }
  }
}

// Benchmark mode only (WELL_UI_MARKS): when each call was first drawn — filled in and in the list — and
// painted (epoch ms) and by which update, the last 200 calls, so that a long run does not grow it; the shell
// is told at once too (its clock is finer than the page's).
function markDrawn(marks, id) {
  if (id in marks.drawn) return;
  // The shell first (its clock bounds the mark from above), then the mark to the microsecond (a spin of up to
  // a millisecond, after the DOM is written).
  marks.report(id);
  marks.keep(marks.drawn, id, marks.exact());
  const seq = current().seq;
  marks.keep(marks.seq, id, seq);
  marks.afterPaint((at) => {
    marks.keep(marks.painted, id, at);
    // The first call this page load painted (the recovered one after a restart) is reported to the
    // backend's log too, for the restart figure measured without WebDriver.
    if (marks.firstCall) return;
    marks.firstCall = id;
    call("ui_rendered", { seq, calls: [id] }).catch(() => {});
  });
}

export function tick() {
  for (const c of current().calls) {
    const item = items.get(c.call_id);
    if (!item) continue;
    const from = localTime(c.answered_at_ms ?? c.rang_at_ms);
    const to = c.ended_at_ms != null ? localTime(c.ended_at_ms) : Date.now();
    setText(item.li.querySelector(".timer"), from ? duration(to - from) : "");
  }
}

// Milliseconds until the last of the running calls' timers shows its next second (Infinity when no call is
// running): the page draws them all on one tick.
export function nextChange() {
  let wait = -Infinity;
  for (const c of current().calls) {
    const from = localTime(c.answered_at_ms ?? c.rang_at_ms);
    if (from != null && c.ended_at_ms == null) wait = Math.max(wait, untilNext(Date.now() - from, 1000));
  }
  return wait === -Infinity ? Infinity : wait;
}

// Texts of existing items after a language change.
export function relabel() {
  for (const item of items.values()) item.li.remove();
  items.clear();
  render(current());
}
