//! Questions to the operating system that Tauri does not answer: the D-Bus session bus (tray host, notification
//! server) and start with the system.

pub mod autostart;
pub mod session_bus;
