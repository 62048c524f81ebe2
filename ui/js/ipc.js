// The only door to the backend: Tauri's invoke and event listening. Errors arrive as {code, message}.
// In leak-scan mode (WELL_IPC_TRACE) every reply and event is also recorded for the security test.
const tauri = window.__TAURI__;
const trace = Array.isArray(window.__wellIpcTrace) ? window.__wellIpcTrace : null;

function record(kind, name, payload) {
  if (trace) trace.push(JSON.stringify({ kind, name, payload: payload === undefined ? null : payload }));
}

export async function call(cmd, args = {}) {
  try {
    const reply = await tauri.core.invoke(cmd, args);
    record("reply", cmd, reply);
    return reply;
  } catch (e) {
    record("error", cmd, e);
    throw typeof e === "object" && e && e.code ? e : { code: "error.unknown", message: String(e) };
  }
}

// A channel from the shell, opened by `cmd` (its argument `arg`): `handler(message)` for each message, in order.
export async function openChannel(cmd, arg, name, handler) {
  const channel = new tauri.core.Channel();
  channel.onmessage = (m) => {
    record("event", name, m);
    handler(m);
  };
  await call(cmd, { [arg]: channel });
  return channel;
}

export function listen(event, handler) {
  return tauri.event.listen(event, (e) => {
    record("event", event, e.payload);
    handler(e.payload);
  });
}
