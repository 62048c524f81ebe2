//! The labels of our windows (the main one is made from `tauri.conf.json`, the popup by `popup`).

pub const MAIN: &str = "main";
pub const POPUP: &str = "popup";
