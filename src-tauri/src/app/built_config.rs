//! The configuration compiled into the binary: the one place it is generated (`run` uses it), and the tests
//! that check what the built app enforces — its CSP, its capabilities and the assets it serves — rather than
//! the source file alone.

/// The app's context: `tauri.conf.json`, the capabilities and the `ui/` assets, as compiled in.
pub fn context() -> tauri::Context<tauri::Wry> {
    tauri::generate_context!("../tauri.conf.json")
}

#[cfg(test)]
mod tests {
    use super::context;
    use std::collections::BTreeMap;
    use tauri::utils::acl::capability::Capability;
    use tauri::utils::assets::CspHash;
    use tauri::utils::config::CapabilityEntry;

    fn directives(csp: &str) -> BTreeMap<String, Vec<String>> {
        csp.split(';')
            .filter_map(|d| {
                let mut words = d.split_whitespace().map(str::to_owned);
                Some((words.next()?, words.collect()))
            })
            .collect()
    }

    fn capabilities() -> Vec<Capability> {
        context()
            .config()
            .app
            .security
            .capabilities
            .iter()
            .map(|c| match c {
                CapabilityEntry::Inlined(c) => c.clone(),
                CapabilityEntry::Reference(r) => panic!("a capability file is referenced: {r}"),
            })
            .collect()
    }

    #[test]
    fn the_built_csp_allows_only_the_apps_own_scripts_styles_and_ipc() {
        let ctx = context();
        let csp = ctx
            .config()
            .app
            .security
            .csp
            .as_ref()
            .expect("a CSP is compiled in")
            .to_string();
        let d = directives(&csp);
        assert_eq!(d["default-src"], ["'self'"], "{csp}");
        assert_eq!(d["script-src"], ["'self'"], "{csp}");
        assert_eq!(d["style-src"], ["'self'"], "{csp}");
        assert_eq!(d["img-src"], ["'self'", "data:"], "{csp}");
        assert_eq!(d["connect-src"], ["ipc:", "http://ipc.localhost"], "{csp}");
        for bad in [
            "unsafe-eval",
            "unsafe-inline",
            "*",
            "http:",
            "https:",
            "ws:",
        ] {
            assert!(
                !csp.split_whitespace().any(|w| w.trim_matches('\'') == bad),
                "{bad} in {csp}"
            );
        }
        // Tauri adds the nonces of its own scripts to this policy at run time unless told not to.
        let kind = &ctx
            .config()
            .app
            .security
            .dangerous_disable_asset_csp_modification;
        assert!(kind.can_modify("script-src") && kind.can_modify("style-src"));
    }

    #[test]
    fn the_built_pages_have_no_inline_code_and_only_ui_files_are_served() {
        let ctx = context();
        let assets = ctx.assets();
        let ui = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui");
        for page in ["index.html", "popup.html"] {
            let html = assets.get(&page.into()).expect("the page is served");
            let html = String::from_utf8_lossy(&html).to_lowercase();
            // Every <script> names a file; no inline handlers, styles or javascript: links.
            for (i, _) in html.match_indices("<script") {
                let tag = &html[i..i + html[i..].find('>').unwrap_or(0)];
                assert!(tag.contains(" src="), "{page}: inline script {tag}");
            }
            for bad in [
                "<style",
                " style=",
                " onclick=",
                " onload=",
                " onerror=",
                "javascript:",
            ] {
                assert!(!html.contains(bad), "{page} has {bad}");
            }
            // What Tauri hashes into script-src are the module files themselves, never inline code.
            for h in assets.csp_hashes(&page.into()) {
                assert!(matches!(h, CspHash::Script(_)), "{page}: {h:?}");
            }
        }
        for (key, _) in assets.iter() {
            let rel = key.trim_start_matches('/');
            assert!(ui.join(rel).is_file(), "{key} is not a file of ui/");
            assert!(!rel.ends_with(".map"), "a source map is shipped: {key}");
        }
    }

    #[test]
    fn the_built_capabilities_give_each_window_only_its_commands_and_no_plugin_to_the_page() {
        let caps = capabilities();
        assert_eq!(caps.len(), 2, "one per window");
        let mut seen = BTreeMap::new();
        for c in &caps {
            assert!(
                c.remote.is_none(),
                "{}: a remote URL may call us",
                c.identifier
            );
            assert_eq!(c.webviews, Vec::<String>::new(), "{}", c.identifier);
            let perms: Vec<String> = c
                .permissions
                .iter()
                .map(|p| p.identifier().get().to_owned())
                .collect();
            for p in &perms {
                let ours = p.starts_with("allow-");
                let listen = p == "core:event:allow-listen" || p == "core:event:allow-unlisten";
                assert!(
                    ours || listen,
                    "{}: {p} is more than our commands and events",
                    c.identifier
                );
            }
            for w in &c.windows {
                assert!(seen.insert(w.clone(), perms.clone()).is_none(), "{w} twice");
            }
        }
        assert_eq!(seen.keys().collect::<Vec<_>>(), ["main", "popup"]);
        // No capability file beside the inline ones (the build would add it to every window it names).
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("capabilities");
        assert!(!dir.exists(), "{} would add capabilities", dir.display());
    }
}
