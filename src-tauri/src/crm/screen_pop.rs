//! Screen pop: the settings' URL templates opened in the default browser (tauri-plugin-opener) and the
//! optional program hook run (no shell, never awaited by the app) when a call rings, is answered or ends —
//! once per call and trigger, remembered in `<profile>/screen-pops.json` so that a reconnect's re-sync or an
//! app restart mid-call never pops again. Filling and encoding are `well_bridge::screen_pop`'s.
//!
//! `WELL_SCREEN_POP_LOG=FILE` makes the app write each URL to FILE instead of opening a browser (tests).

use std::path::PathBuf;
use tauri::{AppHandle, Manager};
use tauri_plugin_opener::OpenerExt;
use well_bridge::screen_pop::{self, Fill, Fired, Trigger};
use well_bridge::view::Numbers;
use well_callmodel::call::Call;
use well_callmodel::contract::Change;
use well_callmodel::NoticeLevel;
use well_client::updates::Received;
use well_codes::Code;

use crate::app::profile_dir::write_atomic;
use crate::session::backend::Backend;

const RECORD_ENV: &str = "WELL_SCREEN_POP_LOG";

fn load(path: &PathBuf) -> Fired {
    std::fs::read(path)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default()
}

/// Follow the session's updates for the life of the app.
pub fn follow(app: AppHandle) {
    tauri::async_runtime::spawn(async move {
        let backend = app.state::<Backend>();
        let path = backend.profile.path().join("screen-pops.json");
        let mut fired = load(&path);
        let Ok(mut updates) = backend.handle.subscribe().await else {
            return;
        };
        let mut calls: Vec<Call> = backend
            .handle
            .snapshot()
            .await
            .map(|s| s.calls)
            .unwrap_or_default();
        loop {
            let changes = match updates.recv().await {
                Received::Update(u) => u.changes,
                Received::Lagged => {
                    calls = backend
                        .handle
                        .snapshot()
                        .await
                        .map(|s| s.calls)
                        .unwrap_or_default();
                    continue;
                }
                Received::Closed => break,
            };
            let due = screen_pop::triggers(&calls, &changes);
            for c in changes {
                match c {
                    Change::Call(call) => {
                        match calls.iter_mut().find(|o| o.call_id == call.call_id) {
                            Some(o) => *o = call,
                            None => calls.push(call),
                        }
                    }
                    Change::CallRemoved { call_id } => calls.retain(|o| o.call_id != call_id),
                    _ => {}
                }
            }
            if due.is_empty() {
                continue;
            }
            let mut changed = false;
            for (trigger, call) in due {
                if fired.first(call.call_id.as_str(), trigger) {
                    changed = true;
                    pop(&app, trigger, &call).await;
                }
            }
            if changed {
                if let Ok(bytes) = serde_json::to_vec(&fired) {
                    if let Err(e) = write_atomic(&path, &bytes) {
                        tracing::warn!(error = %e, "screen-pop record not saved");
                    }
                }
            }
        }
    });
}

async fn pop(app: &AppHandle, trigger: Trigger, call: &Call) {
    let backend = app.state::<Backend>();
    let integration = backend.settings().integration;
    let agent_id = backend
        .handle
        .snapshot()
        .await
        .ok()
        .and_then(|s| s.agent.agent_id)
        .unwrap_or_default();
    let numbers = if integration.raw_numbers {
        Numbers::Raw
    } else {
        Numbers::Display
    };
    let fill = Fill {
        call,
        agent_id: &agent_id,
        numbers,
    };
    for p in integration
        .screen_pops
        .iter()
        .filter(|p| p.trigger == trigger)
    {
        match screen_pop::fill_url(&p.url, &fill) {
            Ok(url) => open(app, &url, trigger, call).await,
            Err(e) => tracing::warn!(error = %e, "screen-pop template refused"),
        }
    }
    if let Some(h) = integration.program_hook.filter(|h| h.trigger == trigger) {
        let args: Result<Vec<String>, _> = h
            .args
            .iter()
            .map(|a| screen_pop::fill_arg(a, &fill))
            .collect();
        match args {
            Ok(args) => run_hook(app, h.program, args, call.call_id.as_str().to_owned()),
            Err(e) => tracing::warn!(error = %e, "program hook template refused"),
        }
    }
}

async fn open(app: &AppHandle, url: &str, trigger: Trigger, call: &Call) {
    tracing::info!(call = %call.call_id, ?trigger, "screen pop");
    if let Some(file) = std::env::var_os(RECORD_ENV) {
        use std::io::Write;
        let line = format!("{trigger:?}\t{url}\n");
        let written = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&file)
            .and_then(|mut f| f.write_all(line.as_bytes()));
        if let Err(e) = written {
            tracing::warn!(error = %e, "screen pop not recorded");
        }
        return;
    }
    if let Err(e) = app.opener().open_url(url, None::<&str>) {
        tracing::warn!(error = %e, "screen pop: the browser did not open");
        let backend = app.state::<Backend>();
        let msg = format!("The screen pop could not open a browser: {e}");
        let _ = backend
            .handle
            .notice(NoticeLevel::Warning, Code::ScreenPopOpenFailed, &msg)
            .await;
    }
}

/// Run the hook in the background; a program that cannot start or fails is a notice.
fn run_hook(app: &AppHandle, program: String, args: Vec<String>, call: String) {
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        let status = tokio::process::Command::new(&program)
            .args(&args)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .await;
        let problem = match status {
            Ok(s) if s.success() => None,
            Ok(s) => Some(format!("The call program {program} ended with {s}.")),
            Err(e) => Some(format!("The call program {program} could not start: {e}.")),
        };
        match problem {
            None => tracing::info!(%call, "program hook ran"),
            Some(msg) => {
                tracing::warn!(%call, %msg, "program hook failed");
                let backend = app.state::<Backend>();
                let _ = backend
                    .handle
                    .notice(NoticeLevel::Warning, Code::ScreenPopHookFailed, &msg)
                    .await;
            }
        }
    });
}
