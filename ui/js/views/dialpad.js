// The dial pad: number, the server's prefix list, display options. The typed number is the agent's to see
// while typing and is cleared once dialled; the call list shows only the backend's display form.
import { call, listen } from "../ipc.js";
import { t } from "../i18n.js";
import { $, act, el } from "../dom.js";

let prefixes = [];
let loadedFor = null;

async function loadPrefixes(agentId) {
  loadedFor = agentId;
  try {
    prefixes = await call("prefixes");
  } catch {
    prefixes = [];
  }
  fillPrefixes();
}

export function fillPrefixes() {
  const sel = $("dial-prefix");
  const value = sel.value;
  sel.replaceChildren(el("option", { value: "", text: t("dial.no_prefix") }), ...prefixes.map((p) => el("option", { value: p, text: p })));
  sel.value = prefixes.includes(value) ? value : "";
}

export function render(state) {
  const a = state.agent;
  const on = a && a.status === "logged_on";
  $("dialpad").hidden = !on;
  if (!on) { loadedFor = null; return; }
  if (loadedFor !== a.agent_id) loadPrefixes(a.agent_id);
  $("dial-call").disabled = !a.allowed.includes("make_call");
}

// A click-to-dial number the backend holds: shown by its display form, dialled by the backend.
export function setPending(display) {
  $("dial-pending").hidden = !display;
  $("dial-pending-number").textContent = display || "";
  if (display) $("dial-pending-call").focus();
}

function options() {
  return {
    prefix: $("dial-prefix").value || null,
    destForDisplay: $("dial-dest").value || null,
    originForDisplay: $("dial-origin").value || null,
    cpa: $("dial-cpa").checked,
  };
}

export function wire(pending) {
  fillPrefixes();
  setPending(pending);
  listen("well:dial-request", (r) => setPending(r.display));
  $("dial-pending-call").addEventListener("click", (e) =>
    act(e.target, "dial-error", async () => {
      await call("dial_pending", { form: { number: "", ...options() } });
      setPending(null);
    }));
  $("dial-pending-cancel").addEventListener("click", () =>
    call("cancel_pending_dial").finally(() => setPending(null)));
  $("dialpad").addEventListener("submit", (e) => {
    e.preventDefault();
    act($("dial-call"), "dial-error", async () => {
      await call("make_call", { form: { number: $("dial-number").value, ...options() } });
      $("dial-number").value = "";
      $("dial-dest").value = "";
    });
  });
}
