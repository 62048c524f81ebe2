//! Global hotkeys (answer, hang up, toggle Ready, show/hide). Each registration is reported with its
//! reason when it cannot work: keys taken by another program, an invalid combination, or a Wayland session,
//! where X11 grabs register fine but never fire while a Wayland window has focus (TOOLING). Never a crash.
//! [`status`] is what the settings show of each; [`check`] is the settings' question whether keys are a
//! combination at all. On Linux the keys are grabbed on X11 by [`x11`] (no polling, no wait on the main
//! loop); elsewhere Tauri's global-shortcut plugin registers them.

use tauri::AppHandle;
use tauri_plugin_global_shortcut::Shortcut;

pub mod check;
#[cfg(target_os = "linux")]
mod keysym;
pub mod status;
#[cfg(target_os = "linux")]
mod x11;

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
    let wayland = is_wayland();
    let mut parsed = Vec::new();
    let mut out: Vec<Option<HotkeyStatus>> = Vec::new();
    for (action, keys) in hotkeys.entries() {
        out.push(match keys.trim() {
            "" => Some(status(action, keys, Outcome::Off, wayland)),
            k => match k.parse::<Shortcut>() {
                Err(e) => Some(status(
                    action,
                    keys,
                    Outcome::Invalid(e.to_string()),
                    wayland,
                )),
                Ok(shortcut) => {
                    parsed.push((action, shortcut));
                    None
                }
            },
        });
    }
    let mut results = register(app, &parsed).into_iter();
    hotkeys
        .entries()
        .into_iter()
        .zip(out)
        .map(|((action, keys), done)| {
            let s = done.unwrap_or_else(|| {
                let outcome = match results.next() {
                    Some(Ok(())) => Outcome::Registered,
                    Some(Err(e)) => Outcome::Taken(e),
                    None => Outcome::Taken("not registered".into()),
                };
                status(action, keys, outcome, wayland)
            });
            tracing::info!(action, keys = %s.keys, state = ?s.state, "hotkey");
            s
        })
        .collect()
}

/// Where hotkeys are grabbed: on Linux, our own X11 grabs (`x11`), made in `start`.
#[cfg(target_os = "linux")]
pub struct Registry(Result<x11::Grabs, x11::GrabError>);

/// Connect the hotkeys' X11 listener (before the first `apply`); a failure is each hotkey's status then.
#[cfg(target_os = "linux")]
pub fn start(app: &AppHandle) {
    use tauri::Manager;
    let handle = app.clone();
    let grabs = x11::Grabs::connect(move |action| fire(&handle, action));
    if let Err(e) = &grabs {
        tracing::warn!(error = %e, "no X11 connection for hotkeys");
    }
    app.manage(Registry(grabs));
}

/// Replace the registrations with `wanted`: the result of each, in order.
#[cfg(target_os = "linux")]
fn register(app: &AppHandle, wanted: &[(&'static str, Shortcut)]) -> Vec<Result<(), String>> {
    use tauri::Manager;
    let fail = |why: String| wanted.iter().map(|_| Err(why.clone())).collect();
    let Some(registry) = app.try_state::<Registry>() else {
        return fail("the hotkeys' listener was not started".into());
    };
    match &registry.0 {
        Ok(grabs) => grabs
            .replace(wanted)
            .into_iter()
            .map(|r| r.map_err(|e| e.to_string()))
            .collect(),
        Err(e) => fail(format!("no X11 display to grab keys on ({e})")),
    }
}

/// Nothing to start elsewhere: Tauri's global-shortcut plugin holds the registrations.
#[cfg(not(target_os = "linux"))]
pub fn start(_app: &AppHandle) {}

#[cfg(not(target_os = "linux"))]
fn register(app: &AppHandle, wanted: &[(&'static str, Shortcut)]) -> Vec<Result<(), String>> {
    use tauri_plugin_global_shortcut::{GlobalShortcutExt, ShortcutState};
    let gs = app.global_shortcut();
    if let Err(e) = gs.unregister_all() {
        tracing::warn!(error = %e, "old hotkeys not released");
    }
    wanted
        .iter()
        .map(|&(action, shortcut)| {
            gs.on_shortcut(shortcut, move |app, _, event| {
                if event.state() == ShortcutState::Pressed {
                    fire(app, action);
                }
            })
            .map_err(|e| e.to_string())
        })
        .collect()
}

/// The builder with what hotkeys need of it: Tauri's global-shortcut plugin, except on Linux (`x11`).
#[cfg(not(target_os = "linux"))]
pub fn plugin<R: tauri::Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder.plugin(tauri_plugin_global_shortcut::Builder::new().build())
}

/// Nothing on Linux: the hotkeys' own X11 listener (`start`) needs no plugin.
#[cfg(target_os = "linux")]
pub fn plugin<R: tauri::Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder
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
