//! What the tray menu's items do: show/hide the window, show the missed calls (the window comes forward and
//! they count as seen), Ready / NotReady, Answer, Hang up (through `agent_actions`), Quit.

use tauri::menu::MenuEvent;
use tauri::{AppHandle, Manager};

use crate::session::backend::Backend;
use crate::surfaces::agent_actions::{self, AgentKey};

pub fn on_menu(app: &AppHandle, event: MenuEvent) {
    let key = match event.id().as_ref() {
        "show" => return crate::surfaces::window::toggle_main(app),
        "quit" => return crate::app::quit::quit(app.clone()),
        "missed" => return show_missed(app),
        "ready" => AgentKey::Ready,
        "not_ready" => AgentKey::NotReady,
        "answer" => AgentKey::Answer,
        "hang_up" => AgentKey::HangUp,
        _ => return,
    };
    let handle = app.state::<Backend>().handle.clone();
    tauri::async_runtime::spawn(async move {
        match agent_actions::perform(&handle, key).await {
            Ok(done) => tracing::info!(?key, done, "tray action"),
            Err(e) => tracing::info!(?key, code = %e.code, "tray action not done"),
        }
    });
}

/// The window comes forward with its history, where the missed calls are marked; they count as seen.
fn show_missed(app: &AppHandle) {
    crate::surfaces::window::show_main(app);
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        if let Err(e) = crate::surfaces::missed_calls::seen(&app, None).await {
            tracing::warn!(code = %e.code, "missed calls not marked seen");
        }
    });
}
