// The only door to the backend: Tauri's invoke and event listening. Errors arrive as {code, message}.
const tauri = window.__TAURI__;

export async function call(cmd, args = {}) {
  try {
    return await tauri.core.invoke(cmd, args);
  } catch (e) {
    throw typeof e === "object" && e && e.code ? e : { code: "error.unknown", message: String(e) };
  }
}

export function listen(event, handler) {
  return tauri.event.listen(event, (e) => handler(e.payload));
}
