//! The main window: shown, hidden or minimized. Closing it hides it to the tray where a tray host exists,
//! otherwise minimizes it, so the window is never unreachable and the session goes on.
//!
//! It is made hidden (`tauri.conf.json`) and shown once, when its page has loaded (or after
//! [`REVEAL_AT_THE_LATEST`], whatever the page does). A window on screen before its web process runs makes
//! WebKit draw it at once: with no frame yet and compositing off, the shell asks the new web process for one
//! and waits for it up to 500 ms on its main thread (`forceUpdateIfNeeded`) — while that process, starting,
//! waits on the shell. A busy display (a browser beside the app) made a tenth to a quarter of the starts lose
//! that half second. Shown after the load, the first frame comes from a web process that is ready.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tauri::webview::PageLoadEvent;
use tauri::{AppHandle, Manager, WindowEvent};

pub use crate::surfaces::labels::MAIN;

pub fn toggle_main(app: &AppHandle) {
    let Some(w) = app.get_webview_window(MAIN) else {
        return;
    };
    let visible = w.is_visible().unwrap_or(false) && !w.is_minimized().unwrap_or(false);
    let r = if visible {
        w.hide()
    } else {
        w.show()
            .and_then(|()| w.unminimize())
            .and_then(|()| w.set_focus())
    };
    if let Err(e) = r {
        tracing::warn!(error = %e, "main window not toggled");
    }
}

pub fn show_main(app: &AppHandle) {
    if let Some(w) = app.get_webview_window(MAIN) {
        let _ = w
            .show()
            .and_then(|()| w.unminimize())
            .and_then(|()| w.set_focus());
    }
}

/// The main window is shown this long after the app's setup even if its page never finished loading.
pub const REVEAL_AT_THE_LATEST: Duration = Duration::from_secs(3);

/// Whether the main window was shown the first time (later loads — a reload, a restarted web process — leave
/// a window the agent hid where it is).
static REVEALED: AtomicBool = AtomicBool::new(false);

/// A page load of a window: the main window's first finished load shows it.
pub fn on_page_load(app: &AppHandle, label: &str, event: &PageLoadEvent) {
    if label == MAIN && matches!(event, PageLoadEvent::Finished) {
        reveal(app, "its page loaded");
    }
}

/// Show the main window after [`REVEAL_AT_THE_LATEST`] if its page has not loaded by then.
pub fn reveal_at_the_latest(app: &AppHandle) {
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(REVEAL_AT_THE_LATEST).await;
        reveal(&app, "its page did not finish loading in time");
    });
}

fn reveal(app: &AppHandle, why: &'static str) {
    if !first_reveal(&REVEALED) {
        return;
    }
    let Some(w) = app.get_webview_window(MAIN) else {
        return;
    };
    crate::app::started::step("main window shown");
    match w.show() {
        Ok(()) => tracing::info!(why, "main window shown"),
        Err(e) => tracing::warn!(error = %e, why, "main window not shown"),
    }
}

/// True the first time only.
fn first_reveal(flag: &AtomicBool) -> bool {
    !flag.swap(true, Ordering::SeqCst)
}

/// Closing the main window: hide to the tray, or minimize without one.
pub fn on_close(window: &tauri::Window, event: &WindowEvent, tray_host: bool) {
    if window.label() == crate::surfaces::labels::POPUP {
        if let WindowEvent::CloseRequested { api, .. } = event {
            // Kept for the next call; not shown again for the calls ringing now.
            api.prevent_close();
            crate::surfaces::popup::dismissed(window.app_handle());
        }
        return;
    }
    if window.label() != MAIN {
        return;
    }
    if let WindowEvent::CloseRequested { api, .. } = event {
        api.prevent_close();
        let r = if tray_host {
            window.hide()
        } else {
            window.minimize()
        };
        tracing::info!(tray_host, "main window closed: kept running");
        if let Err(e) = r {
            tracing::warn!(error = %e, "main window not hidden");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_is_revealed_once() {
        let flag = AtomicBool::new(false);
        assert!(first_reveal(&flag));
        assert!(!first_reveal(&flag));
        assert!(!first_reveal(&flag));
    }
}
