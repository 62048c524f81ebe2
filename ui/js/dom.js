// Small DOM helpers shared by the views.
import { errorText } from "./i18n.js";

export const $ = (id) => document.getElementById(id);

export function el(tag, attrs = {}, children = []) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "text") e.textContent = v;
    else if (k === "dataset") Object.assign(e.dataset, v);
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else if (v !== false && v != null) e.setAttribute(k, v === true ? "" : v);
  }
  for (const c of [].concat(children)) if (c != null) e.append(c);
  return e;
}

// Write a text only when it changed: an equal write still costs WebKit a layout and a frame.
export function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

export function showError(id, err) {
  const box = $(id);
  if (!err) { box.hidden = true; box.textContent = ""; return; }
  box.textContent = errorText(err);
  box.dataset.code = err.code || "";
  box.hidden = false;
}

// m:ss, or h:mm:ss past an hour.
export function duration(ms) {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
  const mm = h ? String(m).padStart(2, "0") : String(m);
  return (h ? h + ":" : "") + mm + ":" + String(r).padStart(2, "0");
}

// How late after a clock's change its timer is set, so it never lands just before the change.
export const CLOCK_MARGIN_MS = 2;

// Milliseconds until a clock counting `unit`s from `elapsed` ms shows its next value.
export function untilNext(elapsed, unit) {
  return unit - (((elapsed % unit) + unit) % unit) + CLOCK_MARGIN_MS;
}

// Run a command from a button: disable it meanwhile, show the error in `errorBox`.
export async function act(button, errorBox, fn) {
  if (button) button.disabled = true;
  try {
    showError(errorBox, null);
    return await fn();
  } catch (e) {
    showError(errorBox, e);
  } finally {
    if (button) button.disabled = false;
  }
}
