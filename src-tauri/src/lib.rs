//! Well Softphone's desktop shell: thin Tauri 2 wrappers around one `well-client` session. No call logic
//! lives here: every decision is in `well-callmodel` / `well-client`. Its rooms, one folder each:
//!
//! - [`app`]: start-up and the process — flags, the profile folder, logs, display check, demo mode, quit, the
//!   configuration compiled in (and the bundlers' icons), the diagnostics export, the benchmark's page marks.
//! - [`session`]: the backend `tauri::State` holds and its tasks, the saved session, the OS keyring, which server
//!   a run talks to.
//! - [`ipc`]: the commands the window calls (their names for the capabilities), how errors cross, the
//!   leak-scan trace.
//! - [`surfaces`]: what the agent sees and presses outside the page — tray, popup, OS notification (kept in step
//!   by `follow`), hotkeys, click-to-dial, the main window and its crash reload.
//! - [`platform`]: questions to the OS — the D-Bus session bus, start with the system.
//! - [`crm`]: the CRM bridge (`well-bridge`) with its origins, and screen pop.
//! - [`settings`]: the user's settings, checked per section.
//! - [`policy`]: the administrator's machine-wide policy over them: servers, defaults, locks.

pub mod app;
pub(crate) mod crm;
pub mod ipc;
pub(crate) mod platform;
pub(crate) mod policy;
pub(crate) mod session;
pub(crate) mod settings;
pub mod surfaces;

use clap::Parser;
use std::sync::{Arc, Mutex};
use tauri::Manager;
use well_callmodel::NoticeLevel;
use well_client::session::{self as client, SessionConfig};
use well_codes::Code;

use app::flags::Flags;
use app::profile_dir::ProfileDir;
use session::backend::Backend;
use session::secrets::{Secrets, Store};

/// Start the app; the process exit code.
pub fn run() -> i32 {
    app::started::mark();
    let flags = Flags::parse();
    if let Some(file) = &flags.check_policy {
        return match policy::file::check_file(file) {
            Ok(summary) => {
                println!("{summary}");
                0
            }
            Err(reason) => {
                eprintln!("{reason}");
                2
            }
        };
    }
    if let Err(msg) = app::display::check() {
        eprintln!("{msg}");
        return 2;
    }
    // Before any thread and before GTK: it sets a variable WebKit reads.
    #[cfg(target_os = "linux")]
    let renderer = surfaces::webkit_tuning::before_webkit();
    let profile = match ProfileDir::resolve(flags.profile_dir.as_deref()) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{e}");
            return 2;
        }
    };
    let _log_guard = match app::logs::init(&profile.logs()) {
        Ok(g) => g,
        Err(e) => {
            eprintln!("{e}");
            return 2;
        }
    };
    tracing::info!(profile = %profile.path().display(), version = env!("CARGO_PKG_VERSION"), "starting");
    #[cfg(target_os = "linux")]
    tracing::info!(?renderer, "WebKit's renderer");
    app::started::step("logging");
    // The keyring's probe (a D-Bus round trip or several, ~60 ms here) runs beside the window's making.
    let secrets = std::thread::spawn({
        let service = profile.keyring_service();
        move || Secrets::open(service)
    });
    let tray_host = platform::session_bus::available(platform::session_bus::TRAY_HOST);
    // One instance per profile: a second launch hands its arguments (a tel: link) to the first and exits.
    let single = tauri_plugin_single_instance::Builder::new()
        .dbus_id(profile.single_instance_id())
        .callback(|app, argv, _cwd| {
            tracing::info!("second launch: handed over to this instance");
            surfaces::window::show_main(app);
            if let Some(raw) = surfaces::click_to_dial::find_link(&argv) {
                let app = app.clone();
                tauri::async_runtime::spawn(async move {
                    surfaces::click_to_dial::request(&app, raw).await
                });
            }
        })
        .build();
    let mut builder = tauri::Builder::default();
    if let Some(trace) = ipc::trace::plugin() {
        builder = builder.plugin(trace);
    }
    if let Some(marks) = app::ui_marks::plugin() {
        builder = builder.plugin(marks);
    }
    app::started::step("builder");
    builder = surfaces::hotkeys::plugin(builder);
    match builder
        .plugin(single)
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_deep_link::init())
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_opener::init())
        .on_window_event(move |w, e| surfaces::window::on_close(w, e, tray_host))
        .on_page_load(|w, p| {
            app::started::page_load(w.label(), &p.event());
            surfaces::window::on_page_load(w.app_handle(), w.label(), &p.event());
        })
        .invoke_handler(tauri::generate_handler![
            ipc::commands::app::app_info,
            ipc::commands::app::get_snapshot,
            ipc::commands::app::subscribe_updates,
            ipc::commands::app::dismiss_notice,
            ipc::commands::app::get_settings,
            ipc::commands::app::set_settings,
            ipc::commands::app::export_diagnostics,
            ipc::commands::app::ui_rendered,
            ipc::commands::app::set_native_texts,
            ipc::commands::calls::dial_pending,
            ipc::commands::calls::cancel_pending_dial,
            ipc::commands::calls::history,
            ipc::commands::calls::redial,
            ipc::commands::calls::history_seen,
            ipc::commands::session::login,
            ipc::commands::session::logout,
            ipc::commands::session::answer_question,
            ipc::commands::session::set_ready,
            ipc::commands::session::set_not_ready,
            ipc::commands::calls::make_call,
            ipc::commands::calls::prefixes,
            ipc::commands::calls::call_action,
            ipc::commands::calls::key_action,
            ipc::commands::calls::set_call_data,
            ipc::commands::integration::integration_state,
            ipc::commands::integration::decide_origin,
            ipc::commands::integration::add_origin,
            ipc::commands::integration::remove_origin,
        ])
        .setup(move |app| {
            app::started::step("setup: entered (windows made)");
            setup(app, &flags, profile.clone(), secrets)?;
            Ok(())
        })
        .run(app::built_config::context())
    {
        Ok(()) => 0,
        Err(e) => {
            tracing::error!(error = %e, "the app failed");
            eprintln!("Well Softphone failed: {e}");
            1
        }
    }
}

fn setup(
    app: &mut tauri::App,
    flags: &Flags,
    profile: ProfileDir,
    secrets: std::thread::JoinHandle<Secrets>,
) -> Result<(), String> {
    let app::start_settings::StartSettings {
        settings,
        policy,
        flags,
        notices,
    } = app::start_settings::load(flags, &profile);
    let flags = &flags;
    let autostart_locked = policy
        .policy()
        .is_some_and(|p| p.locks(policy::Lock::Autostart))
        .then_some(settings.start_with_system);
    app::started::step("setup: settings");
    let secrets = Arc::new(secrets.join().unwrap_or_else(|_| {
        tracing::error!("the keyring's probe failed: the session token is kept in memory only");
        Secrets::with_store(profile.keyring_service(), Store::MemoryOnly)
    }));
    app::started::step("setup: keyring");
    let (server_profile, choice, demo) = tauri::async_runtime::block_on(
        session::server_choice::initial(flags, &settings, &profile),
    )?;
    let mut cfg = SessionConfig::new(server_profile);
    cfg.model.mask = settings.mask_policy().unwrap_or_default();
    cfg.model.data_view = settings.call_data.view(&settings.language);
    let (handle, saved_rx) = tauri::async_runtime::block_on(async { client::spawn(cfg) })
        .map_err(|e| format!("the session did not start: {e}"))?;
    app::started::step("setup: server and session");
    let server_url = choice.base_url.clone();
    let desktop = session::backend::Desktop {
        tray_host: platform::session_bus::available(platform::session_bus::TRAY_HOST),
        notification_server: platform::session_bus::available(platform::session_bus::NOTIFICATIONS),
        wayland: surfaces::hotkeys::status::is_wayland(),
    };
    tracing::info!(?desktop, "desktop session");
    app::started::step("setup: desktop session");
    let auto = well_callmodel::AutoAnswer {
        enabled: settings.auto_answer.enabled,
        delay_ms: settings.auto_answer.delay_ms,
    };
    let on_top = settings.always_on_top;
    let auto_ready = settings.auto_ready_after_ms();
    let keys = settings.hotkeys.clone();
    app.manage(surfaces::popup::PopupState::default());
    app.manage(Backend {
        handle: handle.clone(),
        profile: profile.clone(),
        settings: Mutex::new(settings),
        policy,
        secrets: secrets.clone(),
        server: Mutex::new(choice),
        demo: tokio::sync::Mutex::new(demo),
        texts: surfaces::native_texts::NativeTexts::default(),
        desktop,
        hotkeys: Mutex::new(Vec::new()),
        pending_dial: Mutex::new(None),
    });
    app.manage(session::update_channels::UpdateChannels::default());
    let emitted = session::backend::pump_updates(app.handle().clone(), handle.clone());
    session::backend::persist_saved_sessions(app.handle().clone(), saved_rx);
    if let Some(w) = app.get_webview_window(surfaces::window::MAIN) {
        surfaces::webkit_tuning::tune(&w);
        surfaces::webview_crash::reload_on_crash(&w);
        app::ui_marks::hear_drawn_calls(&w);
        let _ = w.set_always_on_top(on_top);
    }
    surfaces::window::reveal_at_the_latest(app.handle());
    app::started::step("setup: state");
    platform::autostart::manage(app.handle(), profile.path(), autostart_locked);
    app::started::step("setup: autostart");
    surfaces::hotkeys::start(app.handle());
    let statuses = surfaces::hotkeys::apply(app.handle(), &keys);
    *app.state::<Backend>()
        .hotkeys
        .lock()
        .unwrap_or_else(|p| p.into_inner()) = statuses;
    app::started::step("setup: hotkeys");
    match surfaces::tray::create(
        app.handle(),
        &app.state::<Backend>().texts,
        surfaces::tray_menu::on_menu,
    ) {
        Ok(t) => {
            app.manage(t);
        }
        Err(e) => tracing::warn!(error = %e, "no tray icon"),
    }
    app::started::step("setup: tray");
    surfaces::call_notification::init(app.handle());
    surfaces::follow::follow(app.handle().clone(), emitted);
    crm::bridge::start(app.handle(), flags.integration_port, &flags.allow_origin);
    crm::screen_pop::follow(app.handle().clone());
    app::started::step("setup: bridge");
    surfaces::click_to_dial::listen_for_urls(app.handle());
    let h = handle.clone();
    tauri::async_runtime::spawn(async move {
        let _ = h.set_auto_answer(auto).await;
        let _ = h.set_auto_ready(auto_ready).await;
    });
    let memory_only = secrets.store() == Store::MemoryOnly;
    let remembered =
        session::backend::remembered_login(&app.state::<Backend>().settings(), &secrets);
    let autologin = flags.demo_autologin;
    let link = flags
        .link
        .as_deref()
        .and_then(surfaces::click_to_dial::parse);
    if flags.link.is_some() && link.is_none() {
        tracing::warn!("the argument is not a tel: or callto: link; ignored");
    }
    let app_handle = app.handle().clone();
    tauri::async_runtime::spawn(async move {
        for (level, code, msg) in notices {
            let _ = handle.notice(level, code, &msg).await;
        }
        if memory_only {
            let msg = "No OS keyring answered: the session token is kept in memory only, so a restart cannot recover the session.";
            let _ = handle
                .notice(NoticeLevel::Warning, Code::KeyringUnavailable, msg)
                .await;
        }
        session::backend::start_up(handle, profile, secrets, server_url, autologin, remembered)
            .await;
        if let Some(raw) = link {
            surfaces::click_to_dial::request(&app_handle, raw).await;
        }
    });
    app::started::step("setup: done");
    Ok(())
}
