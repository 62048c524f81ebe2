//! How WebKitGTK draws and caches our pages (Linux only). The agent bar is a few lists and buttons, no canvas,
//! no video, no animation: WebKit's accelerated compositing (its threaded compositor rendering through GL, on
//! most agents' PCs and every VM a software GL) bought nothing and cost the most of all: ~25 ms from the DOM
//! written to the frame on screen, ~150 wake-ups a second while a clock ticks, and web-process memory that grew
//! with every call (BENCHMARKS.md, issue 16). So every webview draws without it, and the web context keeps the
//! smallest caches (a document viewer's: no back/forward page cache, a small memory cache) — our pages come
//! from the app's own protocol, nothing is worth caching.
//!
//! `WELL_WEBKIT_COMPOSITING=1` keeps WebKit's default (compositing always on), for comparing or for a machine
//! where drawing without it misbehaves.

/// Set by the user to keep WebKit's accelerated compositing.
#[cfg(target_os = "linux")]
const KEEP_COMPOSITING: &str = "WELL_WEBKIT_COMPOSITING";

/// The variable's value asks to keep compositing: set, not empty, not "0".
#[cfg(any(target_os = "linux", test))]
fn keeps(value: Option<&std::ffi::OsStr>) -> bool {
    value.is_some_and(|v| !v.is_empty() && v != "0")
}

/// Apply the drawing and cache settings to this window's webview (its web context is shared by every window:
/// setting the cache model again is harmless).
pub fn tune(window: &tauri::WebviewWindow) {
    #[cfg(target_os = "linux")]
    {
        let off = !keeps(std::env::var_os(KEEP_COMPOSITING).as_deref());
        let label = window.label().to_owned();
        let done = window.with_webview(move |wv| {
            use webkit2gtk::{
                CacheModel, HardwareAccelerationPolicy, SettingsExt, WebContextExt, WebViewExt,
            };
            let view = wv.inner();
            if off {
                match WebViewExt::settings(&view) {
                    Some(s) => s.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never),
                    None => tracing::warn!(window = %label, "webview without settings; compositing stays on"),
                }
            }
            if let Some(context) = view.context() {
                context.set_cache_model(CacheModel::DocumentViewer);
            }
            tracing::debug!(window = %label, compositing = !off, "webview tuned");
        });
        if let Err(e) = done {
            tracing::warn!(error = %e, "cannot tune the webview; WebKit's defaults stay");
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = window;
}

#[cfg(test)]
mod tests {
    use super::keeps;
    use std::ffi::OsStr;

    #[test]
    fn compositing_is_kept_only_when_the_variable_says_so() {
        assert!(!keeps(None));
        assert!(!keeps(Some(OsStr::new(""))));
        assert!(!keeps(Some(OsStr::new("0"))));
        assert!(keeps(Some(OsStr::new("1"))));
        assert!(keeps(Some(OsStr::new("yes"))));
    }
}
