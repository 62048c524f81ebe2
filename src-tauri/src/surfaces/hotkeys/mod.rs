//! Global hotkeys (answer, hang up, toggle Ready, show/hide). Each registration is reported with its
//! reason when it cannot work: keys taken by another program, an invalid combination, or a Wayland session,
//! where X11 grabs register fine but never fire while a Wayland window has focus (TOOLING). Never a crash.
//! [`status`] is what the settings show of each; [`check`] is the settings' question whether keys are a
//! combination at all.

use tauri::AppHandle;
use tauri_plugin_global_shortcut::{GlobalShortcutExt, Shortcut, ShortcutState};

pub mod check;
pub mod status;

use crate::settings::hotkeys::Hotkeys;
use crate::surfaces::agent_actions::{self, AgentKey};
use status::{is_wayland, status, HotkeyStatus, Outcome};

fn key_for(action: &str) -> Option<AgentKey> {
    match action {
        "answer" => Some(AgentKey::Answer),
        "hang_up" => Some(AgentKey::HangUp),
        "toggle_ready" => Some(AgentKey::ToggleReady),
        _ => None,
    }
}

fn fire(app: &AppHandle, action: &'static str) {
    let Some(key) = key_for(action) else {
        crate::surfaces::window::toggle_main(app);
        return;
    };
    let handle = {
        use tauri::Manager;
        app.state::<crate::session::backend::Backend>()
            .handle
            .clone()
    };
    tauri::async_runtime::spawn(async move {
        match agent_actions::perform(&handle, key).await {
            Ok(done) => tracing::info!(action, done, "hotkey"),
            Err(e) => tracing::info!(action, code = %e.code, "hotkey: nothing to do"),
        }
    });
}

/// Replace every registration with `hotkeys`; the status of each.
pub fn apply(app: &AppHandle, hotkeys: &Hotkeys) -> Vec<HotkeyStatus> {
    let gs = app.global_shortcut();
    if let Err(e) = gs.unregister_all() {
        tracing::warn!(error = %e, "old hotkeys not released");
    }
    let wayland = is_wayland();
    let mut out = Vec::new();
    for (action, keys) in hotkeys.entries() {
        if keys.trim().is_empty() {
            out.push(status(action, keys, Outcome::Off, wayland));
            continue;
        }
        let outcome = match keys.trim().parse::<Shortcut>() {
            Err(e) => Outcome::Invalid(e.to_string()),
            Ok(shortcut) => match gs.on_shortcut(shortcut, move |app, _, event| {
                if event.state() == ShortcutState::Pressed {
                    fire(app, action);
                }
            }) {
                Ok(()) => Outcome::Registered,
                Err(e) => Outcome::Taken(e.to_string()),
            },
        };
        let s = status(action, keys, outcome, wayland);
        tracing::info!(action, keys = %s.keys, state = ?s.state, "hotkey");
        out.push(s);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_setting_names_an_action() {
        for (action, _) in Hotkeys::default().entries() {
            assert!(
                key_for(action).is_some() || action == "show_hide",
                "{action}"
            );
        }
    }
}
