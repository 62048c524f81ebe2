// The settings view: language, server profiles (the active one is chosen in the login form), the keyring in
// use, and the diagnostics export. The backend validates and saves; a refusal shows its reason.
import { call } from "../ipc.js";
import { setLanguage, t } from "../i18n.js";
import { $, act, el, showError } from "../dom.js";

let settings = null;
let info = null;
let onLanguage = () => {};

export function current() {
  return settings;
}

const HOTKEYS = ["answer", "hangUp", "toggleReady", "showHide"];
const HOTKEY_ACTION = { answer: "answer", hangUp: "hang_up", toggleReady: "toggle_ready", showHide: "show_hide" };

// The NotReady reasons to offer: [{code, label}] with the UI's own text where no label is set.
export function reasons() {
  const list = (settings && settings.notReadyReasons) || [];
  return list.map((r) => ({ code: r.code, label: r.label || t("reason." + r.code) }));
}

function reasonsText() {
  return ((settings && settings.notReadyReasons) || []).map((r) => (r.label ? r.code + "=" + r.label : r.code)).join("\n");
}

function parseReasons(text) {
  return text.split("\n").map((l) => l.trim()).filter(Boolean).map((l) => {
    const i = l.indexOf("=");
    return i < 0 ? { code: l, label: "" } : { code: l.slice(0, i).trim(), label: l.slice(i + 1).trim() };
  });
}

// The call data's labels, a line each: `key = 中文 | English` (either label may be left out).
function callDataText() {
  return settings.callData.labels.map((l) => l.key + " = " + l.zh + (l.en ? " | " + l.en : "")).join("\n");
}

function parseCallData(text, details) {
  const labels = text.split("\n").map((l) => l.trim()).filter(Boolean).map((l) => {
    const i = l.indexOf("=");
    if (i < 0) return { key: l, zh: "", en: "" };
    const [zh, en = ""] = l.slice(i + 1).split("|");
    return { key: l.slice(0, i).trim(), zh: zh.trim(), en: en.trim() };
  });
  return { labels, details: details.split(/[,，\n]/).map((k) => k.trim()).filter(Boolean) };
}

function renderHotkeys() {
  const statuses = (info && info.hotkeys) || [];
  $("settings-hotkeys").replaceChildren(
    ...HOTKEYS.map((k) => {
      const action = HOTKEY_ACTION[k];
      const st = statuses.find((x) => x.action === action);
      const id = "hotkey-" + action;
      return el("li", {}, [
        el("label", { for: id, text: t("settings.hotkey." + action) }),
        el("input", { id, value: settings.hotkeys[k] || "", dataset: { key: k } }),
        el("span", { class: "state-" + (st ? st.state : "off"), dataset: { hotkeyState: st ? st.state : "off" },
          text: st ? t("hotkey." + st.state) : "" }),
      ]);
    }),
  );
}

function renderOptions() {
  $("settings-notifications").checked = settings.notifications;
  $("settings-popup").checked = settings.popup;
  $("settings-auto-answer").checked = settings.autoAnswer.enabled;
  $("settings-auto-answer-delay").value = settings.autoAnswer.delayMs;
  $("settings-on-top").checked = settings.alwaysOnTop;
  $("settings-autostart").checked = settings.startWithSystem;
  $("settings-auto-ready").value = settings.autoReadyAfterS;
  $("settings-mask-digits").value = settings.maskDigits;
  $("settings-internal").value = settings.internalPattern;
  $("settings-reasons").value = reasonsText();
  $("settings-call-data").value = callDataText();
  $("settings-call-data-details").value = settings.callData.details.join(", ");
  $("settings-no-tray").hidden = !info || info.desktop.trayHost;
  $("settings-no-notifications").hidden = !info || info.desktop.notificationServer;
  renderHotkeys();
}

function collectOptions() {
  const hotkeys = { ...settings.hotkeys };
  for (const input of document.querySelectorAll("#settings-hotkeys input")) hotkeys[input.dataset.key] = input.value.trim();
  return {
    ...settings,
    notifications: $("settings-notifications").checked,
    popup: $("settings-popup").checked,
    autoAnswer: { enabled: $("settings-auto-answer").checked, delayMs: Number($("settings-auto-answer-delay").value) || 0 },
    alwaysOnTop: $("settings-on-top").checked,
    startWithSystem: $("settings-autostart").checked,
    autoReadyAfterS: Number($("settings-auto-ready").value) || 0,
    maskDigits: Number($("settings-mask-digits").value) || 0,
    internalPattern: $("settings-internal").value.trim(),
    hotkeys,
    notReadyReasons: parseReasons($("settings-reasons").value),
    callData: parseCallData($("settings-call-data").value, $("settings-call-data-details").value),
  };
}

export async function save(next) {
  settings = await call("set_settings", { new: next });
  renderProfiles();
  return settings;
}

// Make `name` (null: demo) the active server profile; returns the new app info.
export async function chooseServer(name) {
  await save({ ...settings, activeProfile: name });
  info = await call("app_info");
  return info;
}

// The fleet policy's locks (README "Deploying to a fleet"): which inputs each one holds. The backend refuses
// a locked change anyway; here the agent sees which settings are the administrator's.
const LOCKED_INPUTS = {
  language: ["settings-language", "lang-toggle"],
  masking: ["settings-internal"],
  integration: ["integration-port", "integration-raw", "integration-pops", "integration-hook-trigger",
    "integration-hook-program", "integration-hook-args", "integration-save", "integration-origin", "integration-add"],
  autoAnswer: ["settings-auto-answer", "settings-auto-answer-delay"],
  hotkeys: [],
  autostart: ["settings-autostart"],
  notifications: ["settings-notifications", "settings-popup"],
  servers: ["profile-add-box"],
  callData: ["settings-call-data", "settings-call-data-details"],
};

export function locked(lock) {
  return !!(info && info.policy && info.policy.locked.includes(lock));
}

function markLocked(node, lock) {
  node.disabled = true;
  node.dataset.locked = lock;
  node.title = t("policy.locked_hint");
}

function renderPolicy() {
  const p = (info && info.policy) || { locked: [] };
  $("settings-policy").hidden = !p.source;
  $("settings-policy").textContent = p.source ? t("policy.in_force", { source: p.source }) : "";
  for (const [lock, ids] of Object.entries(LOCKED_INPUTS)) {
    for (const id of ids) {
      const node = $(id);
      if (locked(lock)) markLocked(node, lock);
      else if (node.dataset.locked) { node.disabled = false; delete node.dataset.locked; node.title = ""; }
    }
  }
  if (locked("hotkeys")) for (const input of document.querySelectorAll("#settings-hotkeys input")) markLocked(input, "hotkeys");
  const digits = $("settings-mask-digits");
  digits.min = p.minMaskDigits || 4;
  digits.title = p.minMaskDigits ? t("policy.locked_hint") : "";
}

function renderProfiles() {
  const list = $("settings-profiles");
  list.replaceChildren(
    ...settings.profiles.map((p) =>
      el("li", { dataset: p.policy ? { policy: "1" } : {} }, [
        el("span", { text: p.name + " — " + p.baseUrl + " (" + p.domain + ")" }),
        p.policy ? el("span", { class: "muted", text: t("policy.locked_hint") }) : el("button", {
          type: "button", class: "ghost", text: t("settings.remove"),
          onclick: (e) => act(e.target, "settings-error", () =>
            save({
              ...settings,
              profiles: settings.profiles.filter((x) => x.name !== p.name),
              activeProfile: settings.activeProfile === p.name ? null : settings.activeProfile,
            })),
        }),
      ]),
    ),
  );
}

export function render() {
  if (!settings || !info) return;
  $("settings-language").value = settings.language;
  $("settings-keyring").textContent = t("keyring." + info.keyring);
  $("settings-version").textContent = t("settings.version", { v: info.version });
  renderProfiles();
  renderOptions();
  renderPolicy();
}

export async function load(appInfo) {
  info = appInfo;
  settings = await call("get_settings");
  render();
}

export function wire(languageChanged) {
  onLanguage = languageChanged;
  $("settings-toggle").addEventListener("click", () => {
    const box = $("settings");
    box.hidden = !box.hidden;
    $("settings-toggle").setAttribute("aria-expanded", String(!box.hidden));
    if (!box.hidden) {
      box.scrollIntoView({ block: "start" });
      $("settings-language").focus({ preventScroll: true });
    }
  });
  $("settings-language").addEventListener("change", (e) =>
    act(null, "settings-error", async () => {
      await save({ ...settings, language: e.target.value });
      setLanguage(settings.language);
      onLanguage();
    }));
  $("profile-add").addEventListener("click", (e) =>
    act(e.target, "settings-error", async () => {
      const p = {
        name: $("profile-name").value.trim(),
        baseUrl: $("profile-url").value.trim(),
        tpiUrl: $("profile-tpi").value.trim(),
        domain: $("profile-domain").value.trim(),
      };
      await save({ ...settings, profiles: settings.profiles.concat([p]) });
      for (const id of ["profile-name", "profile-url", "profile-tpi", "profile-domain"]) $(id).value = "";
      onLanguage();
    }));
  $("settings-save").addEventListener("click", (e) =>
    act(e.target, "settings-error", async () => {
      $("settings-save-result").textContent = "";
      await save(collectOptions());
      info = await call("app_info");
      render();
      onLanguage();
      $("settings-save-result").textContent = t("settings.saved");
    }));
  $("settings-export").addEventListener("click", (e) =>
    act(e.target, "settings-error", async () => {
      const path = await call("export_diagnostics");
      $("settings-export-result").textContent = path ? t("settings.exported", { path }) : "";
    }));
}

export function clearError() {
  showError("settings-error", null);
}
