//! The leak-scan trace (`WELL_IPC_TRACE=<file>`, off by default): the page records every reply and event it
//! receives into `window.__wellIpcTrace` (an initialization script creates it only in this mode), and the
//! backend appends every native text it shows or would show — tray status and tooltip, notification title
//! and body — to the file, one JSON object per line. The security test scans both; nothing else reads them.

use std::io::Write;
use std::sync::Mutex;

const ENV: &str = "WELL_IPC_TRACE";

static FILE: Mutex<Option<std::fs::File>> = Mutex::new(None);

fn path() -> Option<std::path::PathBuf> {
    std::env::var_os(ENV)
        .filter(|p| !p.is_empty())
        .map(Into::into)
}

/// The plugin that creates the page's trace array before any of its scripts runs; `None` when off.
pub fn plugin<R: tauri::Runtime>() -> Option<tauri::plugin::TauriPlugin<R>> {
    let path = path()?;
    match std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
    {
        Ok(f) => {
            *FILE.lock().unwrap_or_else(|p| p.into_inner()) = Some(f);
            tracing::warn!(path = %path.display(), "IPC trace on (leak-scan mode)");
        }
        Err(e) => tracing::error!(path = %path.display(), error = %e, "IPC trace file not opened"),
    }
    Some(
        tauri::plugin::Builder::new("well-ipc-trace")
            .js_init_script("window.__wellIpcTrace = [];".to_owned())
            .build(),
    )
}

/// A native surface showed `text` (or would have, where the desktop has no such surface).
pub fn surface(kind: &str, text: &str) {
    let mut file = FILE.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(f) = file.as_mut() {
        let line = serde_json::json!({"surface": kind, "text": text}).to_string();
        if let Err(e) = writeln!(f, "{line}") {
            tracing::debug!(error = %e, "IPC trace line not written");
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn without_the_variable_nothing_is_traced() {
        if std::env::var_os(super::ENV).is_none() {
            assert!(super::plugin::<tauri::Wry>().is_none());
            super::surface("tray.tooltip", "x");
            assert!(super::FILE.lock().unwrap().is_none());
        }
    }
}
