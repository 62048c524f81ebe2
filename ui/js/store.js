// The backend's snapshot and numbered updates (DESIGN "Backend -> UI"): subscribe first, take the snapshot,
// then apply updates with seq > snapshot.seq in order; a gap or a lag means a new snapshot. Each change
// replaces or removes a whole entity: nothing is merged or decided here.
import { call, openChannel } from "./ipc.js";

const state = { seq: 0, offsetMs: 0, agent: null, calls: [], connection: { state: "offline" }, notices: [], question: null };
let buffered = [];
let ready = false;
let resyncing = null;
const watchers = [];

export function current() {
  return state;
}

export function onChange(fn) {
  watchers.push(fn);
}

function changed() {
  for (const fn of watchers) fn(state);
}

// Backend monotonic milliseconds to local wall-clock milliseconds.
export function localTime(ms) {
  return ms == null ? null : ms + state.offsetMs;
}

function take(snap) {
  state.seq = snap.seq;
  state.offsetMs = Date.now() - snap.now_ms;
  state.agent = snap.agent;
  state.calls = snap.calls;
  state.connection = snap.connection;
  state.notices = snap.notices;
  state.question = snap.pending_question;
}

function applyChange(c) {
  switch (c.kind) {
    case "agent": state.agent = c.data; break;
    case "call": {
      const i = state.calls.findIndex((x) => x.call_id === c.data.call_id);
      if (i >= 0) state.calls[i] = c.data; else state.calls.push(c.data);
      break;
    }
    case "call_removed": state.calls = state.calls.filter((x) => x.call_id !== c.data.call_id); break;
    case "connection": state.connection = c.data; break;
    case "notice": state.notices = state.notices.filter((n) => n.id !== c.data.id).concat([c.data]); break;
    case "notice_dismissed": state.notices = state.notices.filter((n) => n.id !== c.data.id); break;
    case "question": state.question = c.data; break;
    default: console.warn("unknown change", c.kind);
  }
}

function apply(update) {
  if (update.seq <= state.seq) return true;
  if (update.seq !== state.seq + 1) return false;
  for (const c of update.changes) applyChange(c);
  state.seq = update.seq;
  return true;
}

async function resnapshot() {
  if (resyncing) return resyncing;
  resyncing = (async () => {
    ready = false;
    buffered = [];
    take(await call("get_snapshot"));
    ready = true;
    const pending = buffered;
    buffered = [];
    for (const u of pending) if (!apply(u)) return resnapshotLater();
    changed();
  })().finally(() => { resyncing = null; });
  return resyncing;
}

function resnapshotLater() {
  setTimeout(() => resnapshot(), 0);
}

// Benchmark mode only (WELL_UI_MARKS): when each update reached the page.
const marks = window.__wellMarks;

function onUpdate(update) {
  if (marks) marks.keep(marks.ipc, update.seq, marks.now());
  if (!ready) { buffered.push(update); return; }
  if (apply(update)) changed();
  else resnapshot();
}

// The shell's updates come on this page's own channel, opened before the snapshot is taken.
function onMessage(m) {
  if (m.kind === "update") onUpdate(m.data);
  else if (m.kind === "lagged") resnapshot();
  else console.warn("unknown message from the shell", m.kind);
}

export async function start() {
  await openChannel("subscribe_updates", "onUpdate", "well:update", onMessage);
  await resnapshot();
}
