//! The snapshot, what the login form needs to know, settings, notices and the diagnostics export.

use serde::Serialize;
use tauri::State;
use tauri_plugin_dialog::DialogExt;
use well_callmodel::contract::Snapshot;
use well_codes::Code;

use crate::app::diagnostics;
use crate::ipc::error::{IpcError, IpcResult};
use crate::session::backend::Backend;
use crate::session::secrets::Store;
use crate::session::server_choice::ServerChoice;
use crate::session::update_channels::UpdateChannels;
use crate::settings::{self, Settings};

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Prefill {
    pub agent: String,
    pub extension: String,
    /// Only the demo agent's password is ever pre-filled (it is public).
    pub password: Option<String>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    pub version: &'static str,
    pub server: ServerChoice,
    pub prefill: Option<Prefill>,
    pub language: String,
    pub keyring: Store,
    pub desktop: crate::session::backend::Desktop,
    /// A password is remembered in the keyring (the window never sees it).
    pub remembered_password: bool,
    /// A click-to-dial number waiting in the dial pad (its display form).
    pub pending_dial: Option<String>,
    pub hotkeys: Vec<crate::surfaces::hotkeys::status::HotkeyStatus>,
    /// The fleet policy: what it locks, which servers are the administrator's.
    pub policy: crate::policy::PolicyView,
}

#[tauri::command]
pub async fn app_info(backend: State<'_, Backend>) -> IpcResult<AppInfo> {
    let server = backend.server();
    let s = backend.settings();
    let prefill = if server.source == crate::session::server_choice::ServerSource::Demo {
        Some(Prefill {
            agent: crate::app::demo::AGENT.into(),
            extension: crate::app::demo::EXTENSION.into(),
            password: Some(crate::app::demo::PASSWORD.into()),
        })
    } else {
        s.last_login.as_ref().map(|l| Prefill {
            agent: l.agent.clone(),
            extension: l.extension.clone(),
            password: None,
        })
    };
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION"),
        server,
        prefill,
        language: s.language,
        keyring: backend.keyring_store(),
        desktop: backend.desktop,
        pending_dial: backend
            .pending_dial
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .as_ref()
            .map(|(_, d)| d.clone()),
        remembered_password: s.remember_password
            && backend
                .secrets
                .get(crate::session::secrets::PASSWORD_KEY)
                .ok()
                .flatten()
                .is_some(),
        hotkeys: backend
            .hotkeys
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone(),
        policy: backend.policy_view(),
    })
}

/// The calling page's channel for the numbered updates (`session::update_channels`); the page subscribes before
/// it takes its snapshot.
#[tauri::command]
pub async fn subscribe_updates(
    webview: tauri::Webview,
    on_update: tauri::ipc::Channel<tauri::ipc::InvokeResponseBody>,
    channels: State<'_, UpdateChannels>,
) -> IpcResult<()> {
    channels.subscribe(webview.label(), on_update);
    Ok(())
}

#[tauri::command]
pub async fn get_snapshot(backend: State<'_, Backend>) -> IpcResult<Snapshot> {
    Ok(backend.handle.snapshot().await?)
}

#[tauri::command]
pub async fn dismiss_notice(id: u64, backend: State<'_, Backend>) -> IpcResult<()> {
    Ok(backend.handle.dismiss_notice(id).await?)
}

#[tauri::command]
pub async fn get_settings(backend: State<'_, Backend>) -> IpcResult<Settings> {
    Ok(backend.settings())
}

/// Validate, save, and apply: the language at once; a changed active server profile from the next login
/// (refused while logged in).
#[tauri::command]
pub async fn set_settings(
    mut new: Settings,
    app: tauri::AppHandle,
    backend: State<'_, Backend>,
) -> IpcResult<Settings> {
    let old = backend.settings();
    // A locked setting is refused as such, before any check of the value.
    crate::policy::rules::check_change(backend.policy(), &old, &new)?;
    new.validate()?;
    // What a login decides is the login's: a window with older settings must not undo it.
    new.last_login = old.last_login.clone();
    new.remember_password = old.remember_password;
    // The allowed origins are the bridge's (decided in the window, saved as they change).
    new.integration.allowed_origins = old.integration.allowed_origins.clone();
    if new.active() != old.active() {
        backend.switch_server(&new).await?;
    }
    if new.start_with_system != old.start_with_system {
        crate::platform::autostart::apply(&app, new.start_with_system)?;
    }
    settings::file::save(&backend.profile.settings(), &new)?;
    *backend.settings.lock().unwrap_or_else(|p| p.into_inner()) = new.clone();
    if new.hotkeys != old.hotkeys {
        let statuses = crate::surfaces::hotkeys::apply(&app, &new.hotkeys);
        *backend.hotkeys.lock().unwrap_or_else(|p| p.into_inner()) = statuses;
    }
    if new.auto_answer != old.auto_answer {
        let policy = well_callmodel::AutoAnswer {
            enabled: new.auto_answer.enabled,
            delay_ms: new.auto_answer.delay_ms,
        };
        backend.handle.set_auto_answer(policy).await?;
    }
    if (new.mask_digits, &new.internal_pattern) != (old.mask_digits, &old.internal_pattern) {
        backend.handle.set_mask_policy(new.mask_policy()?).await?;
    }
    if (&new.call_data, &new.language) != (&old.call_data, &old.language) {
        backend
            .handle
            .set_data_view(new.call_data.view(&new.language))
            .await?;
    }
    if new.auto_ready_after_s != old.auto_ready_after_s {
        backend
            .handle
            .set_auto_ready(new.auto_ready_after_ms())
            .await?;
    }
    if new.always_on_top != old.always_on_top {
        if let Some(w) = tauri::Manager::get_webview_window(&app, crate::surfaces::window::MAIN) {
            let _ = w.set_always_on_top(new.always_on_top);
        }
    }
    if let Some(i) = tauri::Manager::try_state::<crate::crm::bridge::Integration>(&app) {
        i.raw_numbers.store(
            new.integration.raw_numbers,
            std::sync::atomic::Ordering::Relaxed,
        );
    }
    crate::surfaces::follow::refresh(&app, false).await;
    Ok(new)
}

/// The window's `native.*` texts in the current language, for the tray, notifications and questions.
#[tauri::command]
pub async fn set_native_texts(
    texts: std::collections::HashMap<String, String>,
    app: tauri::AppHandle,
    backend: State<'_, Backend>,
) -> IpcResult<()> {
    backend.texts.replace(texts);
    crate::surfaces::follow::refresh(&app, true).await;
    Ok(())
}

/// Ask where to write the diagnostics (logs and settings, no secrets); `None` when the agent cancelled.
#[tauri::command]
pub async fn export_diagnostics(
    app: tauri::AppHandle,
    backend: State<'_, Backend>,
) -> IpcResult<Option<String>> {
    let picked = app
        .dialog()
        .file()
        .set_file_name(diagnostics::FILE_NAME)
        .blocking_save_file();
    let Some(path) = picked.and_then(|p| p.into_path().ok()) else {
        return Ok(None);
    };
    let report = diagnostics::collect(&backend).await;
    diagnostics::write(&path, &report).map_err(|e| IpcError::new(Code::DiagnosticsWrite, e))?;
    Ok(Some(path.display().to_string()))
}

/// The window reports that it has drawn the backend's state after loading (a start, a reload, a restarted
/// web process): the log then shows which calls it put on screen (ids only) and how long after the process
/// started (the start figures of the benchmark).
#[tauri::command]
pub async fn ui_rendered(window: tauri::Window, seq: u64, calls: Vec<String>) -> IpcResult<()> {
    let since_start_ms = crate::app::started::rounded();
    tracing::info!(window = window.label(), seq, calls = ?calls, since_start_ms, "window rendered the backend's state");
    Ok(())
}
