//! Questions to the D-Bus session bus that Tauri cannot answer (TOOLING): is there a tray host
//! (`org.kde.StatusNotifierWatcher`), a notification server (`org.freedesktop.Notifications`)?

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

/// macOS and Windows always have a tray and a notification centre.
#[cfg(not(target_os = "linux"))]
pub fn available(_name: &str) -> bool {
    let _ = Duration::ZERO;
    true
}
