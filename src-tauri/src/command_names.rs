// The app's own IPC commands, one list for build.rs (the app manifest) and for the command registry.
// The capabilities in tauri.conf.json allow them per window.
pub const ALL: &[&str] = &[
    "app_info",
    "get_snapshot",
    "login",
    "logout",
    "answer_question",
    "set_ready",
    "set_not_ready",
    "make_call",
    "prefixes",
    "call_action",
    "set_call_data",
    "dismiss_notice",
    "get_settings",
    "set_settings",
    "export_diagnostics",
    "ui_rendered",
    "set_native_texts",
];
