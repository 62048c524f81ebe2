//! The IPC commands, each a few lines delegating to the client handle; errors cross as `{code, message}`.
//! Their names are listed once in `command_names.rs` (the app manifest and capabilities use that list).

pub mod app;
pub mod calls;
pub mod integration;
pub mod session;

#[cfg(test)]
mod tests {
    /// Every name in the manifest list has a handler in this module tree, and none is missing from the list.
    #[test]
    fn the_manifest_list_names_exactly_the_registered_commands() {
        let src: String = ["app.rs", "calls.rs", "integration.rs", "session.rs"]
            .iter()
            .map(|f| {
                std::fs::read_to_string(
                    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                        .join("src/ipc/commands")
                        .join(f),
                )
                .unwrap()
            })
            .collect();
        let mut handlers: Vec<String> = src
            .split("#[tauri::command]")
            .skip(1)
            .filter_map(|s| {
                let after = s.split("fn ").nth(1)?;
                Some(after.split(['(', '<']).next()?.trim().to_owned())
            })
            .collect();
        handlers.sort();
        let mut listed: Vec<String> = crate::ipc::command_names::ALL
            .iter()
            .map(|s| s.to_string())
            .collect();
        listed.sort();
        assert_eq!(handlers, listed);
    }

    /// The main window's capability allows every command of the list and nothing else of ours.
    #[test]
    fn the_main_window_may_call_exactly_the_listed_commands() {
        let conf: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(
                std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tauri.conf.json"),
            )
            .unwrap(),
        )
        .unwrap();
        let caps = conf["app"]["security"]["capabilities"].as_array().unwrap();
        let main = caps
            .iter()
            .find(|c| c["windows"].as_array().unwrap().iter().any(|w| w == "main"))
            .unwrap();
        let mut allowed: Vec<String> = main["permissions"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|p| p.as_str())
            .filter(|p| p.starts_with("allow-"))
            .map(str::to_owned)
            .collect();
        allowed.sort();
        let mut listed: Vec<String> = crate::ipc::command_names::ALL
            .iter()
            .map(|c| format!("allow-{}", c.replace('_', "-")))
            .collect();
        listed.sort();
        assert_eq!(allowed, listed);
        // The popup may read the state and its updates, answer or reject: nothing more.
        let popup = caps
            .iter()
            .find(|c| {
                c["windows"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|w| w == "popup")
            })
            .unwrap();
        let mut popup: Vec<&str> = popup["permissions"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|p| p.as_str())
            .filter(|p| p.starts_with("allow-"))
            .collect();
        popup.sort();
        assert_eq!(
            popup,
            [
                "allow-app-info",
                "allow-call-action",
                "allow-get-snapshot",
                "allow-subscribe-updates",
                "allow-ui-rendered"
            ]
        );
        let csp = conf["app"]["security"]["csp"].as_str().unwrap();
        assert!(
            !csp.contains("unsafe-eval") && !csp.contains("unsafe-inline"),
            "{csp}"
        );
    }
}
