//! Global hotkeys (answer, hang up, toggle Ready, show/hide). Each registration is reported with its
//! reason when it cannot work: keys taken by another program, an invalid combination, or a Wayland session,
//! where X11 grabs register fine but never fire while a Wayland window has focus (TOOLING). Never a crash.

use serde::Serialize;
use tauri::AppHandle;
use tauri_plugin_global_shortcut::{GlobalShortcutExt, Shortcut, ShortcutState};

use crate::agent_actions::{self, AgentKey};
use crate::settings::Hotkeys;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HotkeyStatus {
    pub action: &'static str,
    pub keys: String,
    /// `ok`, `off`, `wayland`, `taken` or `invalid`.
    pub state: &'static str,
    pub message: Option<String>,
}

/// A Wayland session, from the environment (registration cannot tell).
pub fn is_wayland() -> bool {
    std::env::var("XDG_SESSION_TYPE").is_ok_and(|t| t.eq_ignore_ascii_case("wayland"))
        || std::env::var_os("WAYLAND_DISPLAY").is_some_and(|v| !v.is_empty())
}

/// What one registration attempt means for the agent.
pub fn status(
    action: &'static str,
    keys: &str,
    outcome: Option<Result<(), String>>,
    wayland: bool,
) -> HotkeyStatus {
    let (state, message) = match outcome {
        None => ("off", None),
        Some(Err(e)) if e.starts_with("invalid:") => ("invalid", Some(e)),
        Some(Err(e)) => ("taken", Some(e)),
        Some(Ok(())) if wayland => ("wayland", None),
        Some(Ok(())) => ("ok", None),
    };
    HotkeyStatus {
        action,
        keys: keys.trim().to_owned(),
        state,
        message,
    }
}

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
        crate::window::toggle_main(app);
        return;
    };
    let handle = {
        use tauri::Manager;
        app.state::<crate::backend::Backend>().handle.clone()
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
            out.push(status(action, keys, None, wayland));
            continue;
        }
        let outcome = match keys.trim().parse::<Shortcut>() {
            Err(e) => Err(format!("invalid: {e}")),
            Ok(shortcut) => gs
                .on_shortcut(shortcut, move |app, _, event| {
                    if event.state() == ShortcutState::Pressed {
                        fire(app, action);
                    }
                })
                .map_err(|e| e.to_string()),
        };
        let s = status(action, keys, Some(outcome), wayland);
        tracing::info!(action, keys = %s.keys, state = s.state, "hotkey");
        out.push(s);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_registration_is_reported_with_the_reason_it_cannot_work() {
        assert_eq!(
            status("answer", "Ctrl+Alt+A", Some(Ok(())), false).state,
            "ok"
        );
        assert_eq!(
            status("answer", "Ctrl+Alt+A", Some(Ok(())), true).state,
            "wayland"
        );
        let taken = status(
            "answer",
            "Ctrl+Alt+A",
            Some(Err("already registered".into())),
            false,
        );
        assert_eq!(
            (taken.state, taken.message.as_deref()),
            ("taken", Some("already registered"))
        );
        assert_eq!(
            status(
                "answer",
                "Ctrl+??",
                Some(Err("invalid: bad key".into())),
                false
            )
            .state,
            "invalid"
        );
        assert_eq!(status("answer", "", None, false).state, "off");
    }

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
