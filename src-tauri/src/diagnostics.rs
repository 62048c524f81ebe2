//! "Export diagnostics": version, server choice, settings, keyring store, the session's counters and snapshot
//! (display forms only) and the newest log's tail, in one JSON file. Nothing secret is in any of them.

use serde_json::{json, Value};
use std::path::Path;

use crate::backend::Backend;

pub const FILE_NAME: &str = "well-softphone-diagnostics.json";
const LOG_TAIL_BYTES: usize = 512 * 1024;

pub async fn collect(backend: &Backend) -> Value {
    let snapshot = backend
        .handle
        .snapshot()
        .await
        .ok()
        .and_then(|s| serde_json::to_value(s).ok());
    let counters = backend
        .handle
        .diagnostics()
        .await
        .ok()
        .and_then(|d| serde_json::to_value(d).ok());
    json!({
        "app": "Well Softphone",
        "version": env!("CARGO_PKG_VERSION"),
        "os": std::env::consts::OS,
        "server": backend.server(),
        "settings": backend.settings(),
        "keyring": backend.keyring_store(),
        "counters": counters,
        "snapshot": snapshot,
        "log": crate::logs::tail(&backend.profile.logs(), LOG_TAIL_BYTES),
    })
}

pub fn write(path: &Path, report: &Value) -> Result<(), String> {
    let text = serde_json::to_vec_pretty(report).map_err(|e| e.to_string())?;
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}
