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

async function save(next) {
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

function renderProfiles() {
  const list = $("settings-profiles");
  list.replaceChildren(
    ...settings.profiles.map((p) =>
      el("li", {}, [
        el("span", { text: p.name + " — " + p.baseUrl + " (" + p.domain + ")" }),
        el("button", {
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
    if (!box.hidden) $("settings-language").focus();
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
  $("settings-export").addEventListener("click", (e) =>
    act(e.target, "settings-error", async () => {
      const path = await call("export_diagnostics");
      $("settings-export-result").textContent = path ? t("settings.exported", { path }) : "";
    }));
}

export function clearError() {
  showError("settings-error", null);
}
