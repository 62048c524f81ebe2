//! The incoming-call popup: a small always-on-top window, open while a call rings on our extension (and the
//! setting allows it), closed when it is answered, hung up or stops ringing. It is the guaranteed Answer /
//! Reject path; desktop notification actions depend on the platform. Its page follows the same snapshot and
//! update rule as the main window.

use tauri::{AppHandle, Manager, WebviewUrl, WebviewWindowBuilder};
use well_callmodel::contract::Snapshot;
use well_callmodel::CallState;

pub const POPUP: &str = "popup";

/// Open or close the popup for this state.
pub fn sync(app: &AppHandle, s: &Snapshot, enabled: bool) {
    let ringing = s.calls.iter().any(|c| c.state == CallState::Ringing);
    let open = app.get_webview_window(POPUP);
    match (ringing && enabled, open) {
        (true, None) => {
            let built = WebviewWindowBuilder::new(app, POPUP, WebviewUrl::App("popup.html".into()))
                .title("Well Softphone")
                .inner_size(360.0, 240.0)
                .resizable(false)
                .always_on_top(true)
                .focused(true)
                .build();
            match built {
                Ok(w) => {
                    crate::webview_crash::reload_on_crash(&w);
                    tracing::info!("incoming-call popup opened");
                }
                Err(e) => tracing::warn!(error = %e, "incoming-call popup not opened"),
            }
        }
        (false, Some(w)) => {
            if let Err(e) = w.close() {
                tracing::warn!(error = %e, "incoming-call popup not closed");
            } else {
                tracing::info!("incoming-call popup closed");
            }
        }
        _ => {}
    }
}
