// The login form: shown while no session is up (and none is being recovered); every failure code has its
// own text and says what to do next.
import { call } from "../ipc.js";
import { t } from "../i18n.js";
import { $, el, showError } from "../dom.js";
import * as settingsView from "./settings.js";

let info = null;
let busy = false;

export function setInfo(i) {
  info = i;
  const p = i.prefill;
  if (p) {
    if (!$("login-agent").value) $("login-agent").value = p.agent;
    if (!$("login-extension").value) $("login-extension").value = p.extension;
    if (p.password && !$("login-password").value) $("login-password").value = p.password;
  }
  $("login-domain").value = i.server.domain;
  const s = settingsView.current();
  $("login-remember").checked = !!(s && s.rememberPassword);
  const saved = i.rememberedPassword && !(p && p.password);
  $("login-password").required = !saved;
  $("login-password").placeholder = saved ? t("login.password_saved") : "";
  $("demo-banner").hidden = i.server.source !== "demo";
  fillServers();
}

export function fillServers() {
  if (!info) return;
  const sel = $("login-server");
  const s = settingsView.current();
  const opts = [];
  if (info.server.source === "flag") {
    opts.push(el("option", { value: "", text: info.server.baseUrl }));
  } else {
    const locked = (info.policy.locked || []).includes("servers");
    if (!locked) opts.push(el("option", { value: "", text: t("settings.demo") }));
    for (const p of (s && s.profiles) || []) opts.push(el("option", { value: p.name, text: p.name + " — " + p.baseUrl }));
  }
  sel.replaceChildren(...opts);
  sel.value = info.server.source === "profile" ? info.server.name : "";
  sel.disabled = info.server.source === "flag";
}

export function render(state) {
  const a = state.agent;
  const status = a ? a.status : "logged_out";
  const conn = state.connection.state;
  const show = (status === "logged_out" || status === "logged_off") && (conn === "offline" || conn === "session_lost");
  $("login-form").hidden = !show;
  $("login-submit").disabled = busy || status === "logging_in";
  $("login-submit").textContent = busy ? t("login.busy") : t("login.submit");
}

export function wire(refresh) {
  $("login-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    busy = true;
    showError("login-error", null);
    refresh();
    try {
      await call("login", {
        form: {
          agent: $("login-agent").value,
          extension: $("login-extension").value,
          password: $("login-password").value,
          loginMode: $("login-mode").value,
          ready: $("login-ready").checked,
          remember: $("login-remember").checked,
        },
      });
      if (!(info && info.prefill && info.prefill.password)) $("login-password").value = "";
      setInfo(await call("app_info"));
    } catch (err) {
      showError("login-error", err);
    } finally {
      busy = false;
      refresh();
    }
  });
  $("login-server").addEventListener("change", async (e) => {
    try {
      const i = await settingsView.chooseServer(e.target.value || null);
      setInfo(i);
      showError("login-error", null);
    } catch (err) {
      showError("login-error", err);
      fillServers();
    }
  });
}
