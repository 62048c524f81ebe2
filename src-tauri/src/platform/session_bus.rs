//! Questions to the D-Bus session bus that Tauri cannot answer (TOOLING): is there a tray host
//! (`org.kde.StatusNotifierWatcher`), a notification server (`org.freedesktop.Notifications`), and does that
//! server show buttons (`actions` among its capabilities)?

use std::time::Duration;

pub const TRAY_HOST: &str = "org.kde.StatusNotifierWatcher";
pub const NOTIFICATIONS: &str = "org.freedesktop.Notifications";

/// Someone owns `name` now, or the bus can start a service for it. No bus (or no Linux) means no.
#[cfg(target_os = "linux")]
pub fn available(name: &str) -> bool {
    let Ok(conn) = dbus::blocking::Connection::new_session() else {
        return false;
    };
    let bus = conn.with_proxy(
        "org.freedesktop.DBus",
        "/org/freedesktop/DBus",
        Duration::from_millis(500),
    );
    let owned: Result<(bool,), dbus::Error> =
        bus.method_call("org.freedesktop.DBus", "NameHasOwner", (name,));
    if matches!(owned, Ok((true,))) {
        return true;
    }
    let activatable: Result<(Vec<String>,), dbus::Error> =
        bus.method_call("org.freedesktop.DBus", "ListActivatableNames", ());
    activatable.is_ok_and(|(names,)| names.iter().any(|n| n == name))
}

/// The capabilities the notification server lists (`GetCapabilities`, Desktop Notifications Specification),
/// asked when a notification is about to go out: the server may have been started, stopped or replaced since
/// the app started. `None`: no server answers (the bus starts an activatable one for this call).
///
/// One session-bus connection serves every ring (made on the first, made again after the bus dropped it): a
/// connection per ring — socket, authentication, `Hello` — ran on the second core while the window drew the
/// ringing call (issue 16).
#[cfg(target_os = "linux")]
pub fn notification_capabilities() -> Option<Vec<String>> {
    static CONN: std::sync::Mutex<Option<dbus::blocking::Connection>> = std::sync::Mutex::new(None);
    let mut held = CONN.lock().unwrap_or_else(|p| p.into_inner());
    if held.is_none() {
        *held = dbus::blocking::Connection::new_session()
            .map_err(|e| tracing::debug!(error = %e, "no session bus"))
            .ok();
    }
    let conn = held.as_ref()?;
    let server = conn.with_proxy(
        NOTIFICATIONS,
        "/org/freedesktop/Notifications",
        Duration::from_secs(2),
    );
    let caps: Result<(Vec<String>,), dbus::Error> =
        server.method_call(NOTIFICATIONS, "GetCapabilities", ());
    match caps {
        Ok((caps,)) => Some(caps),
        Err(e) => {
            // A server that is not there answers with an error of the bus; anything else may be a dead
            // connection, made again next time.
            if e.name() != Some("org.freedesktop.DBus.Error.ServiceUnknown") {
                *held = None;
            }
            tracing::debug!(error = %e, "no notification server answers");
            None
        }
    }
}

/// Windows toasts and macOS notifications carry buttons (macOS folds two into an "Options" menu).
#[cfg(not(target_os = "linux"))]
pub fn notification_capabilities() -> Option<Vec<String>> {
    Some(vec!["actions".to_owned(), "body".to_owned()])
}

/// macOS and Windows always have a tray and a notification centre.
#[cfg(not(target_os = "linux"))]
pub fn available(_name: &str) -> bool {
    let _ = Duration::ZERO;
    true
}
