//! The incoming-call popup: a small always-on-top window, shown while a call rings on our extension (and the
//! setting allows it), hidden when it is answered, hung up or stops ringing. It is the guaranteed Answer /
//! Reject path; desktop notification actions depend on the platform. Its page follows the same snapshot and
//! update rule as the main window.
//!
//! The window is made once, on the first ring, and then only shown and hidden: a webview made and destroyed
//! for every call cost the app ~150 KiB per call and, after a few hundred calls, WebKit lost the main
//! window's web process (measured with the app benchmark's `WELL_BENCH_SILENT_RINGS`).

use std::sync::Mutex;
use tauri::{AppHandle, Manager, WebviewUrl, WebviewWindowBuilder};
use well_callmodel::contract::Snapshot;
use well_callmodel::CallState;
use well_protocol::ids::CallId;

pub use crate::surfaces::labels::POPUP;

/// The calls ringing now, and those the agent closed the popup on (it does not come back for them).
#[derive(Default)]
pub struct PopupState(Mutex<Ringing>);

#[derive(Default)]
struct Ringing {
    now: Vec<CallId>,
    dismissed: Vec<CallId>,
}

/// The agent closed the popup: hide it, and do not show it again for the calls ringing now.
pub fn dismissed(app: &AppHandle) {
    if let Some(state) = app.try_state::<PopupState>() {
        let mut g = state.0.lock().unwrap_or_else(|p| p.into_inner());
        g.dismissed = g.now.clone();
    }
    if let Some(w) = app.get_webview_window(POPUP) {
        match w.hide() {
            Ok(()) => tracing::info!("incoming-call popup closed by the agent"),
            Err(e) => tracing::warn!(error = %e, "incoming-call popup not hidden"),
        }
    }
}

/// Whether a ringing call wants the popup (one the agent has not closed it on); remembers what rings.
fn wanted(app: &AppHandle, s: &Snapshot) -> bool {
    let ringing: Vec<CallId> = s
        .calls
        .iter()
        .filter(|c| c.state == CallState::Ringing)
        .map(|c| c.call_id.clone())
        .collect();
    let Some(state) = app.try_state::<PopupState>() else {
        return !ringing.is_empty();
    };
    let mut g = state.0.lock().unwrap_or_else(|p| p.into_inner());
    g.dismissed.retain(|id| ringing.contains(id));
    let want = ringing.iter().any(|id| !g.dismissed.contains(id));
    g.now = ringing;
    want
}

const SIZE: (f64, f64) = (360.0, 240.0);
/// Distance from the screen's edges.
const MARGIN: f64 = 16.0;

/// Where the popup goes on a screen at `origin` of `size` (logical pixels): its top-right corner, inside the
/// margin, so that it covers neither the main window's top (the agent's state) nor the screen's middle.
fn corner(origin: (f64, f64), size: (f64, f64)) -> (f64, f64) {
    let x = origin.0 + (size.0 - SIZE.0 - MARGIN).max(0.0);
    let y = origin.1 + MARGIN.min((size.1 - SIZE.1).max(0.0));
    (x, y)
}

/// The top-right corner of the screen the main window is on (else the primary screen), asked once, when the
/// popup is made: asking the screen and moving the window on every ring are main-thread round trips at the very
/// moment the ringing call is drawn.
fn place(app: &AppHandle) -> Option<(f64, f64)> {
    let monitor = app
        .get_webview_window(crate::surfaces::labels::MAIN)
        .and_then(|w| w.current_monitor().ok().flatten())
        .or_else(|| app.primary_monitor().ok().flatten())?;
    let scale = monitor.scale_factor();
    let origin = monitor.position().to_logical::<f64>(scale);
    let size = monitor.size().to_logical::<f64>(scale);
    Some(corner((origin.x, origin.y), (size.width, size.height)))
}

fn builder(app: &AppHandle) -> WebviewWindowBuilder<'_, tauri::Wry, AppHandle> {
    let b = WebviewWindowBuilder::new(app, POPUP, WebviewUrl::App("popup.html".into()))
        .title("Well Softphone")
        .inner_size(SIZE.0, SIZE.1)
        .resizable(false)
        .always_on_top(true)
        .focused(true);
    match place(app) {
        Some((x, y)) => b.position(x, y),
        None => b,
    }
}

/// On Linux the popup's page runs in the main window's web process (WebKitGTK's related view): a second web
/// process cost ~130 MiB PSS for the rest of the day. The main window's webview is only reachable on the GTK
/// main thread, inside the runtime's own bookkeeping, so the popup is made on the main loop's next turn.
#[cfg(target_os = "linux")]
fn build(app: &AppHandle) {
    let Some(main) = app.get_webview_window(crate::surfaces::labels::MAIN) else {
        return made(builder(app).build());
    };
    let a = app.clone();
    let asked = main.with_webview(move |pw| {
        let related = pw.inner();
        webkit2gtk::glib::idle_add_local_once(move || {
            if a.get_webview_window(POPUP).is_none() {
                made(builder(&a).with_related_view(related).build());
            }
        });
    });
    if let Err(e) = asked {
        tracing::warn!(error = %e, "main webview not reachable; the popup gets its own web process");
        made(builder(app).build());
    }
}

#[cfg(not(target_os = "linux"))]
fn build(app: &AppHandle) {
    made(builder(app).build());
}

fn made(built: tauri::Result<tauri::WebviewWindow>) {
    match built {
        Ok(w) => {
            crate::surfaces::webkit_tuning::tune(&w);
            crate::surfaces::webview_crash::reload_on_crash(&w);
            tracing::info!("incoming-call popup opened");
        }
        Err(e) => tracing::warn!(error = %e, "incoming-call popup not made"),
    }
}

/// Show or hide the popup for this state.
pub fn sync(app: &AppHandle, s: &Snapshot, enabled: bool) {
    let ringing = wanted(app, s);
    let window = app.get_webview_window(POPUP);
    let visible = window
        .as_ref()
        .is_some_and(|w| w.is_visible().unwrap_or(false));
    match (ringing && enabled, window) {
        (true, None) => build(app),
        (true, Some(w)) if !visible => {
            let shown = w
                .show()
                .and_then(|()| w.set_always_on_top(true))
                .and_then(|()| w.set_focus());
            match shown {
                Ok(()) => tracing::info!("incoming-call popup opened"),
                Err(e) => tracing::warn!(error = %e, "incoming-call popup not shown"),
            }
        }
        (false, Some(w)) if visible => match w.hide() {
            Ok(()) => tracing::info!("incoming-call popup closed"),
            Err(e) => tracing::warn!(error = %e, "incoming-call popup not hidden"),
        },
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_popup_sits_in_the_top_right_corner_of_the_screen_and_never_off_it() {
        assert_eq!(corner((0.0, 0.0), (1280.0, 800.0)), (904.0, 16.0));
        assert_eq!(
            corner((1920.0, 0.0), (1280.0, 1024.0)),
            (1920.0 + 904.0, 16.0),
            "a second screen"
        );
        assert_eq!(
            corner((0.0, 0.0), (300.0, 200.0)),
            (0.0, 0.0),
            "a screen smaller than the popup"
        );
    }
}
