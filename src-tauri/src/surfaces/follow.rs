//! Keeps the native surfaces in step with the session: after every update has gone to the windows the tray
//! and the incoming-call popup are redrawn from the snapshot (one redraw for a burst of updates); every `IncomingCall` effect becomes an OS notification (masked
//! number and the call data's one-line summary). A UI reload never replays an effect.

use tauri::{AppHandle, Manager};
use tauri_plugin_notification::NotificationExt;
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::watch;
use well_callmodel::output::Effect;

use crate::session::backend::Backend;
use crate::surfaces::tray::Tray;

pub async fn refresh(app: &AppHandle, force_tray: bool) {
    let backend = app.state::<Backend>();
    let Ok(s) = backend.handle.snapshot().await else {
        return;
    };
    if let Some(tray) = app.try_state::<Tray>() {
        tray.show(
            &crate::surfaces::tray_view::view(&s),
            &backend.texts,
            force_tray,
        );
    }
    let popup = backend.settings().popup;
    crate::surfaces::popup::sync(app, &s, popup);
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
                    display_number,
                    summary,
                    ..
                }) => notify(&app, &display_number, summary.as_deref()),
                Ok(_) => {}
                Err(RecvError::Lagged(n)) => tracing::warn!(missed = n, "effects lagged"),
                Err(RecvError::Closed) => break,
            }
        }
    });
}

fn notify(app: &AppHandle, number: &str, summary: Option<&str>) {
    let backend = app.state::<Backend>();
    if !backend.settings().notifications {
        return;
    }
    let title = backend.texts.get("native.incoming");
    let body = match summary {
        Some(s) => format!("{number}\n{s}"),
        None => number.to_owned(),
    };
    crate::ipc::trace::surface("notification.title", &title);
    crate::ipc::trace::surface("notification.body", &body);
    // The plugin reports success on Linux even with nobody to show it (TOOLING): ask the bus first.
    if !backend.desktop.notification_server {
        tracing::debug!("no notification server; the popup is the incoming-call alert");
        return;
    }
    let shown = app.notification().builder().title(title).body(body).show();
    tracing::debug!(target: "well_timing", "notification shown");
    match shown {
        Ok(()) => tracing::info!(number, "incoming-call notification sent"),
        Err(e) => tracing::warn!(error = %e, "incoming-call notification not sent"),
    }
}
