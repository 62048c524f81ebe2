//! The incoming-call OS notification: the masked number and the call data's one-line summary, with Answer and
//! Reject buttons where the notification server shows buttons (Linux: `actions` among its capabilities; Windows
//! toasts; macOS an "Options" menu). A click on the notification brings the main window forward; the
//! notification is withdrawn once its call stops ringing (Linux; Windows and macOS keep it until it times out,
//! `notify-rust` cannot take one back there). The popup stays the guaranteed path.

use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use tauri::{AppHandle, Manager};
use tauri_plugin_notification::{Action, ActionPerformed, ActionType, NotificationExt};
use well_callmodel::Call;
use well_client::session::CallCommand;
use well_protocol::ids::CallId;

use crate::session::backend::Backend;
use crate::surfaces::notified_calls::{NotificationAction, NotifiedCalls, ANSWER, REJECT};

/// The action type of the incoming-call notification (its buttons).
const INCOMING: &str = "incoming-call";
/// When withdrawing is tried a second time.
const WITHDRAW_AGAIN: Duration = Duration::from_secs(1);

#[derive(Default)]
pub struct CallNotifications(Mutex<NotifiedCalls>);

impl CallNotifications {
    fn lock(&self) -> MutexGuard<'_, NotifiedCalls> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Listen to what the agent does with the notifications (before the first one is shown: the plugin reports
/// actions only of notifications shown while a listener exists).
pub fn init(app: &AppHandle) {
    app.manage(CallNotifications::default());
    let a = app.clone();
    if let Err(e) = app
        .notification()
        .on_action(move |performed| on_action(&a, performed))
    {
        tracing::warn!(error = %e, "notification actions not listened to");
    }
}

fn on_action(app: &AppHandle, performed: &ActionPerformed) {
    let id = performed.notification().map(|n| n.id());
    let action = app
        .state::<CallNotifications>()
        .lock()
        .action(id, performed.action_id());
    let (call, command, what) = match action {
        None => {
            tracing::debug!(
                action = performed.action_id(),
                "notification action for no ringing call"
            );
            return;
        }
        Some(NotificationAction::Show) => {
            tracing::info!("notification clicked: main window brought forward");
            crate::surfaces::window::show_main(app);
            return;
        }
        Some(NotificationAction::Answer(call)) => (call, CallCommand::Answer, "answer"),
        Some(NotificationAction::Reject(call)) => (call, CallCommand::HangUp, "reject"),
    };
    let handle = app.state::<Backend>().handle.clone();
    tauri::async_runtime::spawn(async move {
        match handle.call(&call, command).await {
            Ok(()) => {
                tracing::info!(action = what, call = %call.as_str(), "done from the notification")
            }
            Err(e) => {
                tracing::warn!(action = what, call = %call.as_str(), error = %e, "not done from the notification")
            }
        }
    });
}

/// Show the notification of a call that started ringing (when the agent keeps notifications on).
pub fn show(app: &AppHandle, call: &CallId, number: &str, summary: Option<&str>) {
    let backend = app.state::<Backend>();
    if !backend.settings().notifications {
        return;
    }
    let title = backend.texts.get("native.incoming");
    let body = match summary {
        Some(s) => format!("{number}\n{s}"),
        None => number.to_owned(),
    };
    let buttons = ActionType::builder(INCOMING)
        .actions(vec![
            Action::builder(ANSWER, backend.texts.get("native.answer")).build(),
            Action::builder(REJECT, backend.texts.get("native.reject")).build(),
        ])
        .build();
    crate::ipc::trace::surface("notification.title", &title);
    crate::ipc::trace::surface("notification.body", &body);
    // Noted now, so a call that stops ringing while the notification is on its way still withdraws it.
    let id = app.state::<CallNotifications>().lock().note(call);
    let (app, number) = (app.clone(), number.to_owned());
    // Asking the server blocks on the bus: off the async workers.
    tauri::async_runtime::spawn_blocking(move || {
        // The plugin reports success on Linux even with nobody to show it (TOOLING): ask the bus first.
        let Some(capabilities) = crate::platform::session_bus::notification_capabilities() else {
            tracing::debug!("no notification server; the popup is the incoming-call alert");
            return;
        };
        let with_buttons = capabilities.iter().any(|c| c == "actions");
        let mut builder = app.notification().builder().id(id).title(title).body(body);
        if with_buttons {
            if let Err(e) = app.notification().register_action_types(vec![buttons]) {
                tracing::warn!(error = %e, "notification buttons not registered");
            }
            builder = builder.action_type_id(INCOMING);
        }
        let shown = builder.show();
        tracing::debug!(target: "well_timing", "notification shown");
        match shown {
            Ok(()) => tracing::info!(number, with_buttons, "incoming-call notification sent"),
            Err(e) => tracing::warn!(error = %e, "incoming-call notification not sent"),
        }
    });
}

/// Withdraw the notifications of calls that no longer ring.
pub fn withdraw_stale(app: &AppHandle, calls: &[Call]) {
    let Some(state) = app.try_state::<CallNotifications>() else {
        return;
    };
    let gone = state.lock().stale(calls);
    if gone.is_empty() {
        return;
    }
    let app = app.clone();
    // Closing talks to the bus: off the async workers. The plugin learns the server's number of a notification
    // only once the server answered `Notify`; a call that stopped ringing within that moment is closed on the
    // second pass (a notification already closed is not asked again).
    tauri::async_runtime::spawn_blocking(move || {
        for pass in [Duration::ZERO, WITHDRAW_AGAIN] {
            std::thread::sleep(pass);
            if let Err(e) = app.notification().remove_active(gone.clone()) {
                tracing::warn!(error = %e, "notifications not withdrawn");
                return;
            }
        }
        tracing::debug!(notifications = ?gone, "notifications withdrawn: no longer ringing");
    });
}
