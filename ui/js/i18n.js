// Texts by key or error code in the current language (zh-CN by default), with {name} placeholders.
import { TEXTS } from "./texts.js";

let lang = "zh-CN";

export function setLanguage(l) {
  lang = TEXTS[l] ? l : "zh-CN";
  document.documentElement.lang = lang;
  applyStatic();
}

export function language() {
  return lang;
}

// A time of day in the window's language: one formatter per language (a new formatter for each text costs ICU
// memory that the web process keeps).
let clockFormat = null;
let clockLanguage = null;
let shortFormat = null;
export function clockTime(date) {
  if (clockLanguage !== lang) {
    clockLanguage = lang;
    clockFormat = new Intl.DateTimeFormat(lang, { hour: "numeric", minute: "2-digit", second: "2-digit" });
    shortFormat = new Intl.DateTimeFormat(lang, { hour: "numeric", minute: "2-digit" });
  }
  return clockFormat.format(date);
}

// The time of day to the minute (the same formatter cache).
export function shortTime(date) {
  clockTime(date);
  return shortFormat.format(date);
}

export function has(key) {
  return key in TEXTS[lang];
}

export function t(key, vars) {
  const s = TEXTS[lang][key] ?? TEXTS.en[key] ?? key;
  if (!s.includes("{")) return s;
  return s.replace(/\{(\w+)\}/g, (_, k) => ((vars && vars[k]) ?? ""));
}

// An IPC error `{code, message, details}`: the text of its code, else the English message.
export function errorText(err) {
  const code = err && err.code;
  if (code && has(code)) {
    const body = (err.details && err.details.body) || {};
    const who = (body.agent || body.agentId || "").split("@")[0];
    const device = (body.deviceId || "").split("@")[0];
    return t(code, { agent: who, device });
  }
  return t("error.unknown", { message: (err && err.message) || String(err) });
}

// Elements with data-i18n get their text, data-i18n-placeholder their placeholder.
export function applyStatic(root = document) {
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll("[data-i18n-placeholder]")) el.placeholder = t(el.dataset.i18nPlaceholder);
}
