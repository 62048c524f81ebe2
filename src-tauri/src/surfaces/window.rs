//! The main window: shown, hidden or minimized. Closing it hides it to the tray where a tray host exists,
//! otherwise minimizes it, so the window is never unreachable and the session goes on.

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
