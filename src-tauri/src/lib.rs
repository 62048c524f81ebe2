//! Well Softphone's desktop shell: thin Tauri 2 wrappers around one `well-client` session. No call logic
//! lives here: every decision is in `well-callmodel` / `well-client`.
//!
//! - [`flags`], [`profile_dir`], [`settings`], [`logs`]: command line, the profile folder, the user's settings,
//!   the rolling log file.
//! - [`server_choice`] and [`demo`]: which server this run talks to; the built-in simulator in demo mode.
//! - [`backend`]: what `tauri::State` holds, and the tasks that carry updates to the windows, persist the saved
//!   session ([`saved_session`], [`secrets`]: the OS keyring) and recover it at start-up.
//! - [`commands`]: the IPC commands ([`command_names`] lists them for the capabilities); [`ipc_error`] is how
//!   errors cross.
//! - [`webview_crash`], [`display`], [`diagnostics`]: a crashed page reloads, no display is a clear message,
//!   the diagnostics export.
//! - Agent ergonomics: [`tray`] ([`tray_view`] what it shows), [`popup`] the incoming-call window,
//!   [`surfaces`] keeps both and the OS notification in step, [`hotkeys`], [`agent_actions`] what a key or
//!   menu item does, [`window`] close-to-tray, [`quit`], [`native_texts`], [`session_bus`].
//! - [`integration`]: the CRM bridge (`well-bridge`) with its origins and settings; [`screen_pop`] opens a
//!   call's URL or runs its program.

use well_codes::Code;
pub mod agent_actions;
pub mod autostart;
pub mod backend;
pub mod built_config;
mod bundle_icons;
pub mod click_to_dial;
pub mod command_names;
pub mod commands;
pub mod demo;
pub mod diagnostics;
pub mod display;
pub mod flags;
pub mod hotkey_status;
pub mod hotkeys;
pub mod integration;
pub mod ipc_error;
pub mod ipc_trace;
pub mod logs;
pub mod native_texts;
pub mod popup;
pub mod profile_dir;
pub mod quit;
pub mod saved_session;
pub mod screen_pop;
pub mod secrets;
pub mod server_choice;
pub mod session_bus;
pub mod settings;
pub mod surfaces;
pub mod tray;
pub mod tray_view;
pub mod ui_marks;
pub mod webview_crash;
pub mod window;

use clap::Parser;
use std::sync::{Arc, Mutex};
use tauri::Manager;
use well_callmodel::NoticeLevel;
use well_client::session::{self, SessionConfig};

use backend::Backend;
use flags::Flags;
use profile_dir::ProfileDir;
use secrets::{Secrets, Store};
use settings::Loaded;

/// Start the app; the process exit code.
pub fn run() -> i32 {
    let flags = Flags::parse();
    if let Err(msg) = display::check() {
        eprintln!("{msg}");
        return 2;
    }
    let profile = match ProfileDir::resolve(flags.profile_dir.as_deref()) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{e}");
            return 2;
        }
    };
    let _log_guard = match logs::init(&profile.logs()) {
        Ok(g) => g,
        Err(e) => {
            eprintln!("{e}");
            return 2;
        }
    };
    tracing::info!(profile = %profile.path().display(), version = env!("CARGO_PKG_VERSION"), "starting");
    let tray_host = session_bus::available(session_bus::TRAY_HOST);
    // One instance per profile: a second launch hands its arguments (a tel: link) to the first and exits.
    let single = tauri_plugin_single_instance::Builder::new()
        .dbus_id(profile.single_instance_id())
        .callback(|app, argv, _cwd| {
            tracing::info!("second launch: handed over to this instance");
            window::show_main(app);
            if let Some(raw) = click_to_dial::find_link(&argv) {
                let app = app.clone();
                tauri::async_runtime::spawn(async move { click_to_dial::request(&app, raw).await });
            }
        })
        .build();
    let mut builder = tauri::Builder::default();
    if let Some(trace) = ipc_trace::plugin() {
        builder = builder.plugin(trace);
    }
    if let Some(marks) = ui_marks::plugin() {
        builder = builder.plugin(marks);
    }
    match builder
        .plugin(single)
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_deep_link::init())
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(
            // Started with the system, the app opens this same profile.
            tauri_plugin_autostart::Builder::new()
                .args([
                    "--profile-dir".to_owned(),
                    profile.path().display().to_string(),
                ])
                .build(),
        )
        .plugin(tauri_plugin_global_shortcut::Builder::new().build())
        .on_window_event(move |w, e| window::on_close(w, e, tray_host))
        .invoke_handler(tauri::generate_handler![
            commands::app::app_info,
            commands::app::get_snapshot,
            commands::app::dismiss_notice,
            commands::app::get_settings,
            commands::app::set_settings,
            commands::app::export_diagnostics,
            commands::app::ui_rendered,
            commands::app::set_native_texts,
            commands::calls::dial_pending,
            commands::calls::cancel_pending_dial,
            commands::calls::history,
            commands::calls::redial,
            commands::session::login,
            commands::session::logout,
            commands::session::answer_question,
            commands::session::set_ready,
            commands::session::set_not_ready,
            commands::calls::make_call,
            commands::calls::prefixes,
            commands::calls::call_action,
            commands::calls::set_call_data,
            commands::integration::integration_state,
            commands::integration::decide_origin,
            commands::integration::add_origin,
            commands::integration::remove_origin,
        ])
        .setup(move |app| {
            setup(app, &flags, profile.clone())?;
            Ok(())
        })
        .run(built_config::context())
    {
        Ok(()) => 0,
        Err(e) => {
            tracing::error!(error = %e, "the app failed");
            eprintln!("Well Softphone failed: {e}");
            1
        }
    }
}

fn setup(app: &mut tauri::App, flags: &Flags, profile: ProfileDir) -> Result<(), String> {
    let (settings, settings_problem) = match settings::load(&profile.settings()) {
        Loaded::Fine(s) => (*s, None),
        Loaded::Missing => (settings::Settings::default(), None),
        Loaded::Corrupt { kept_as, reason } => (
            settings::Settings::default(),
            Some(format!("The settings file was unusable ({reason}); it was kept as {kept_as} and defaults are in use.")),
        ),
    };
    let secrets = Arc::new(Secrets::open(profile.keyring_service()));
    let (server_profile, choice, demo) =
        tauri::async_runtime::block_on(server_choice::initial(flags, &settings, &profile))?;
    let mut cfg = SessionConfig::new(server_profile);
    cfg.model.mask = settings.mask_policy().unwrap_or_default();
    let (handle, saved_rx) = tauri::async_runtime::block_on(async { session::spawn(cfg) })
        .map_err(|e| format!("the session did not start: {e}"))?;
    let server_url = choice.base_url.clone();
    let desktop = backend::Desktop {
        tray_host: session_bus::available(session_bus::TRAY_HOST),
        notification_server: session_bus::available(session_bus::NOTIFICATIONS),
        wayland: hotkey_status::is_wayland(),
    };
    tracing::info!(?desktop, "desktop session");
    let auto = well_callmodel::AutoAnswer {
        enabled: settings.auto_answer.enabled,
        delay_ms: settings.auto_answer.delay_ms,
    };
    let on_top = settings.always_on_top;
    let auto_ready = settings.auto_ready_after_ms();
    let keys = settings.hotkeys.clone();
    app.manage(popup::PopupState::default());
    app.manage(Backend {
        handle: handle.clone(),
        profile: profile.clone(),
        settings: Mutex::new(settings),
        secrets: secrets.clone(),
        server: Mutex::new(choice),
        demo: tokio::sync::Mutex::new(demo),
        texts: native_texts::NativeTexts::default(),
        desktop,
        hotkeys: Mutex::new(Vec::new()),
        pending_dial: Mutex::new(None),
    });
    backend::pump_updates(app.handle().clone(), handle.clone());
    backend::persist_saved_sessions(app.handle().clone(), saved_rx);
    if let Some(w) = app.get_webview_window(window::MAIN) {
        webview_crash::reload_on_crash(&w);
        let _ = w.set_always_on_top(on_top);
    }
    let statuses = hotkeys::apply(app.handle(), &keys);
    *app.state::<Backend>()
        .hotkeys
        .lock()
        .unwrap_or_else(|p| p.into_inner()) = statuses;
    match tray::create(app.handle(), &app.state::<Backend>().texts) {
        Ok(t) => {
            app.manage(t);
        }
        Err(e) => tracing::warn!(error = %e, "no tray icon"),
    }
    surfaces::follow(app.handle().clone());
    integration::start(app.handle(), flags.integration_port, &flags.allow_origin);
    screen_pop::follow(app.handle().clone());
    click_to_dial::listen_for_urls(app.handle());
    let h = handle.clone();
    tauri::async_runtime::spawn(async move {
        let _ = h.set_auto_answer(auto).await;
        let _ = h.set_auto_ready(auto_ready).await;
    });
    let memory_only = secrets.store() == Store::MemoryOnly;
    let remembered = backend::remembered_login(&app.state::<Backend>().settings(), &secrets);
    let autologin = flags.demo_autologin;
    let link = flags.link.as_deref().and_then(click_to_dial::parse);
    if flags.link.is_some() && link.is_none() {
        tracing::warn!("the argument is not a tel: or callto: link; ignored");
    }
    let app_handle = app.handle().clone();
    tauri::async_runtime::spawn(async move {
        if let Some(msg) = settings_problem {
            let _ = handle
                .notice(NoticeLevel::Warning, Code::SettingsCorrupt, &msg)
                .await;
        }
        if memory_only {
            let msg = "No OS keyring answered: the session token is kept in memory only, so a restart cannot recover the session.";
            let _ = handle
                .notice(NoticeLevel::Warning, Code::KeyringUnavailable, msg)
                .await;
        }
        backend::start_up(handle, profile, secrets, server_url, autologin, remembered).await;
        if let Some(raw) = link {
            click_to_dial::request(&app_handle, raw).await;
        }
    });
    Ok(())
}
