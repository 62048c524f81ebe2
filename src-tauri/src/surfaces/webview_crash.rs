//! Tauri does not reload a crashed WebKit web process (TOOLING): hook webkit2gtk's `web-process-terminated`
//! and reload, so the page comes back and re-renders from the backend's snapshot.

pub fn reload_on_crash(window: &tauri::WebviewWindow) {
    #[cfg(target_os = "linux")]
    {
        let label = window.label().to_owned();
        let hooked = window.with_webview(move |wv| {
            use webkit2gtk::WebViewExt;
            wv.inner().connect_web_process_terminated(move |view, reason| {
                tracing::warn!(window = %label, ?reason, "web process terminated; reloading the page");
                view.reload();
            });
        });
        if let Err(e) = hooked {
            tracing::warn!(error = %e, "cannot watch the web process");
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = window;
}
