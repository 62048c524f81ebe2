//! Keeps the native surfaces in step with the session: after every update has gone to the windows the tray
//! and the incoming-call popup are redrawn from the snapshot (one redraw for a burst of updates), and the
//! notifications of calls that stopped ringing are withdrawn; every `IncomingCall` effect becomes an OS
//! notification ([`call_notification`]). A UI reload never replays an effect.

use tauri::{AppHandle, Manager};
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::watch;
use well_callmodel::output::Effect;

use crate::session::backend::Backend;
use crate::surfaces::call_notification;
use crate::surfaces::tray::Tray;

pub async fn refresh(app: &AppHandle, force_tray: bool) {
    let backend = app.state::<Backend>();
    let Ok(s) = backend.handle.snapshot().await else {
        return;
    };
    if let Some(tray) = app.try_state::<Tray>() {
        let mut view = crate::surfaces::tray_view::view(&s);
        view.missed = backend.handle.missed_unseen().await.unwrap_or(0);
        tray.show(&view, &backend.texts, force_tray);
    }
    let popup = backend.settings().popup;
    crate::surfaces::popup::sync(app, &s, popup);
    call_notification::withdraw_stale(app, &s.calls);
    tracing::debug!(target: "well_timing", seq = s.seq, "surfaces drawn");
}

/// `emitted` counts the updates the windows were sent (`backend::pump_updates`).
pub fn follow(app: AppHandle, mut emitted: watch::Receiver<u64>) {
    let handle = app.state::<Backend>().handle.clone();
    let a = app.clone();
    tauri::async_runtime::spawn(async move {
        refresh(&a, true).await;
        while emitted.changed().await.is_ok() {
            refresh(&a, false).await;
        }
    });
    tauri::async_runtime::spawn(async move {
        let mut effects = handle.effects();
        loop {
            match effects.recv().await {
                Ok(Effect::IncomingCall {
                    call_id,
                    display_number,
                    summary,
                    ..
                }) => call_notification::show(&app, &call_id, &display_number, summary.as_deref()),
                Ok(_) => {}
                Err(RecvError::Lagged(n)) => tracing::warn!(missed = n, "effects lagged"),
                Err(RecvError::Closed) => break,
            }
        }
    });
}
