//! Missed calls until the agent has seen them: counted in the tray menu and marked in the history. The
//! client's history holds which ones are unseen (a UI reload keeps them); seeing them — the history's
//! "mark all seen", the tray's item, calling one back — is done here, and the window and the tray follow.

use tauri::{AppHandle, Emitter, Manager};

use crate::ipc::error::IpcResult;
use crate::session::backend::Backend;
use crate::surfaces::labels::MAIN;

/// The event that tells the main window its history's seen marks changed.
pub const SEEN_EVENT: &str = "history-seen";

/// The agent saw these history entries (`None`: all): the window redraws its history, the tray its count.
/// Returns the missed calls still unseen.
pub async fn seen(app: &AppHandle, ids: Option<Vec<u64>>) -> IpcResult<usize> {
    let unseen = app.state::<Backend>().handle.history_seen(ids).await?;
    tracing::info!(unseen, "missed calls seen");
    if let Err(e) = app.emit_to(MAIN, SEEN_EVENT, unseen) {
        tracing::debug!(error = %e, "history-seen not sent to the window");
    }
    crate::surfaces::follow::refresh(app, false).await;
    Ok(unseen)
}
