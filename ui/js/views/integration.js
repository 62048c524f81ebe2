// The CRM bridge: its address and origins in the settings, and the question about a web page that asks to
// use the softphone (the origin shown exactly as the browser sent it). The backend decides and saves.
import { call, listen } from "../ipc.js";
import { t } from "../i18n.js";
import { $, act, el } from "../dom.js";
import { current as settings, save } from "./settings.js";

let state = null;

function when(ms) {
  return ms ? t("integration.last_used", { t: new Date(ms).toLocaleString() }) : t("integration.never_used");
}

function decide(origin, decision) {
  return act(null, "integration-error", async () => {
    state = await call("decide_origin", { origin, decision });
    render();
  });
}

export function render() {
  if (!state) return;
  $("integration-status").textContent = state.url
    ? t("integration.listening", { url: state.url, n: state.connections })
    : state.error ? t(state.error) : t("integration.off");
  const s = settings();
  const editing = ["integration-port", "integration-pops", "integration-hook-program", "integration-hook-args"]
    .includes(document.activeElement && document.activeElement.id);
  if (s && !editing) {
    const i = s.integration;
    $("integration-port").value = i.port;
    $("integration-raw").checked = i.rawNumbers;
    $("integration-pops").value = i.screenPops.map((p) => p.trigger + " " + p.url).join("\n");
    $("integration-hook-trigger").value = i.programHook ? i.programHook.trigger : "";
    $("integration-hook-program").value = i.programHook ? i.programHook.program : "";
    $("integration-hook-args").value = i.programHook ? i.programHook.args.join("\n") : "";
  }
  $("integration-origins").replaceChildren(
    ...state.origins.map((o) =>
      el("li", { dataset: { origin: o.origin, access: o.access } }, [
        el("span", { text: o.origin + " — " + t("integration.access." + o.access) + ", " + when(o.last_used_ms) }),
        state.locked ? el("span", { class: "muted", dataset: { locked: "integration" }, text: t("policy.locked_hint") }) : el("button", {
          type: "button", class: "ghost", text: t("settings.remove"),
          onclick: (e) => act(e.target, "integration-error", async () => {
            state = await call("remove_origin", { origin: o.origin });
            render();
          }),
        }),
      ]),
    ),
  );
  const waiting = state.origins.find((o) => o.access === "pending");
  $("origin-ask").hidden = !waiting;
  if (waiting) $("origin-ask-origin").textContent = waiting.origin;
}

export async function load() {
  await listen("well:origins", (s) => { state = s; render(); });
  state = await call("integration_state");
  render();
}

export function wire() {
  const answer = (decision) => () => decide($("origin-ask-origin").textContent, decision);
  $("origin-ask-once").addEventListener("click", answer("once"));
  $("origin-ask-always").addEventListener("click", answer("always"));
  $("origin-ask-deny").addEventListener("click", answer("deny"));
  $("integration-add").addEventListener("click", (e) =>
    act(e.target, "integration-error", async () => {
      state = await call("add_origin", { origin: $("integration-origin").value.trim() });
      $("integration-origin").value = "";
      render();
    }));
  $("integration-save").addEventListener("click", (e) =>
    act(e.target, "integration-error", async () => {
      const s = settings();
      const screenPops = $("integration-pops").value.split("\n").map((l) => l.trim()).filter(Boolean).map((l) => {
        const m = /^(ringing|answered|ended)\s+(\S+)$/.exec(l);
        if (!m) throw { code: "integration.bad_pop_line", message: l };
        return { trigger: m[1], url: m[2] };
      });
      const trigger = $("integration-hook-trigger").value;
      const programHook = trigger ? {
        trigger,
        program: $("integration-hook-program").value.trim(),
        args: $("integration-hook-args").value.split("\n").map((a) => a.trim()).filter(Boolean),
      } : null;
      const integration = {
        ...s.integration, port: Number($("integration-port").value) || 0, rawNumbers: $("integration-raw").checked,
        screenPops, programHook,
      };
      await save({ ...s, integration });
      state = await call("integration_state");
      render();
    }));
}
