//! How the numbered updates reach the windows: each page opens one Tauri IPC channel to the shell when it
//! starts (`subscribe_updates`, before it takes its snapshot) and the shell sends every update down each
//! channel, **the main window's first**. Each send is one script evaluated in that window only.
//!
//! A broadcast Tauri event (`emit`) evaluates a script in every webview that listens to any event, in the
//! order of a hash map — random per process. The popup's page shares the main page's web process, so in one
//! start of two the popup's script (and its drawing of the call) ran before the main window's: ~1.6 ms more
//! from the update to the main window's DOM (BENCHMARKS.md, issue 16). Here the order is fixed.
//!
//! A page that loads again subscribes again and its new channel replaces the old one (updates sent to the old
//! page in between are lost with it, and the new page takes a snapshot anyway); a channel whose window is gone
//! is dropped at its first failed send.

use serde::Serialize;
use std::sync::Mutex;
use tauri::ipc::{Channel, InvokeResponseBody};
use well_callmodel::contract::Update;

use crate::surfaces::labels::MAIN;

/// What goes down a channel: `{"kind":"update","data":Update}` or `{"kind":"lagged"}` (the window takes a new
/// snapshot).
#[derive(Serialize)]
#[serde(tag = "kind", content = "data", rename_all = "snake_case")]
pub enum UiMessage<'a> {
    Update(&'a Update),
    Lagged,
}

#[derive(Default)]
pub struct UpdateChannels {
    /// (window label, its page's channel), in delivery order.
    open: Mutex<Vec<(String, Channel<InvokeResponseBody>)>>,
}

impl UpdateChannels {
    /// The page of window `label` listens on `channel` from now on (replacing what it had).
    pub fn subscribe(&self, label: &str, channel: Channel<InvokeResponseBody>) {
        let mut open = self.open.lock().unwrap_or_else(|p| p.into_inner());
        open.retain(|(l, _)| l != label);
        open.push((label.to_owned(), channel));
        open.sort_by(|a, b| delivery_order(&a.0, &b.0));
        tracing::debug!(
            window = label,
            windows = open.len(),
            "window subscribed to updates"
        );
    }

    /// Send `message` to every window, the main one first.
    pub fn send(&self, message: &UiMessage<'_>) {
        let json = match serde_json::to_string(message) {
            Ok(j) => j,
            Err(e) => {
                tracing::error!(error = %e, "an update that does not serialize; windows re-snapshot at the next gap");
                return;
            }
        };
        let mut open = self.open.lock().unwrap_or_else(|p| p.into_inner());
        open.retain(|(label, channel)| match channel.send(InvokeResponseBody::Json(json.clone())) {
            Ok(()) => true,
            Err(e) => {
                tracing::info!(window = %label, error = %e, "window gone; its update channel is closed");
                false
            }
        });
    }
}

/// The main window before any other, the rest by label (a stable order).
fn delivery_order(a: &str, b: &str) -> std::cmp::Ordering {
    (a != MAIN, a).cmp(&(b != MAIN, b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_main_window_comes_first_whatever_subscribed_first() {
        let mut labels = vec!["popup", "main", "another"];
        labels.sort_by(|a, b| delivery_order(a, b));
        assert_eq!(labels, ["main", "another", "popup"]);
    }

    #[test]
    fn a_message_says_what_it_is() {
        assert_eq!(
            serde_json::to_value(UiMessage::Lagged).unwrap(),
            serde_json::json!({"kind": "lagged"})
        );
        let u = Update {
            seq: 7,
            changes: vec![],
        };
        assert_eq!(
            serde_json::to_value(UiMessage::Update(&u)).unwrap(),
            serde_json::json!({"kind": "update", "data": {"seq": 7, "changes": []}})
        );
    }
}
