//! Quit from the tray: log out first; while a call is up, ask, and if the agent goes ahead quit without
//! logging out (the call goes on on the phone; the next start recovers the session).

use tauri::{AppHandle, Manager};
use tauri_plugin_dialog::{DialogExt, MessageDialogButtons, MessageDialogKind};

use crate::session::backend::Backend;

pub fn quit(app: AppHandle) {
    tauri::async_runtime::spawn(async move {
        let backend = app.state::<Backend>();
        let calls = backend
            .handle
            .snapshot()
            .await
            .map(|s| s.calls.len())
            .unwrap_or(0);
        if calls == 0 {
            if let Err(e) = backend.handle.logout().await {
                tracing::info!(code = %e.code(), "no logout before quitting");
            }
            tracing::info!("quit");
            app.exit(0);
            return;
        }
        let text = backend.texts.get("native.quit_during_call");
        let app2 = app.clone();
        app.dialog()
            .message(text)
            .title("Well Softphone")
            .kind(MessageDialogKind::Warning)
            .buttons(MessageDialogButtons::OkCancel)
            .show(move |go| {
                if go {
                    tracing::info!(calls, "quit during a call; the session stays for recovery");
                    app2.exit(0);
                }
            });
    });
}
