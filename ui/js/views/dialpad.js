// The dial pad: number, the server's prefix list, display options. The typed number is the agent's to see
// while typing and is cleared once dialled; the call list shows only the backend's display form.
import { call } from "../ipc.js";
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

export function wire() {
  fillPrefixes();
  $("dialpad").addEventListener("submit", (e) => {
    e.preventDefault();
    act($("dial-call"), "dial-error", async () => {
      await call("make_call", {
        form: {
          number: $("dial-number").value,
          prefix: $("dial-prefix").value || null,
          destForDisplay: $("dial-dest").value || null,
          originForDisplay: $("dial-origin").value || null,
          cpa: $("dial-cpa").checked,
        },
      });
      $("dial-number").value = "";
      $("dial-dest").value = "";
    });
  });
}
