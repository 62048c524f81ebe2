//! How WebKitGTK draws and caches our pages (Linux only). The agent bar is a few lists and buttons, no canvas,
//! no video, no animation: WebKit's accelerated compositing (its threaded compositor rendering through GL, on
//! most agents' PCs and every VM a software GL) bought nothing and cost the most of all: ~25 ms from the DOM
//! written to the frame on screen, ~150 wake-ups a second while a clock ticks, and web-process memory that grew
//! with every call (BENCHMARKS.md, issue 16). So every webview draws without it, and the web context keeps the
//! smallest caches (a document viewer's: no back/forward page cache, a small memory cache) — our pages come
//! from the app's own protocol, nothing is worth caching.
//!
//! Without compositing, WebKitGTK 2.50 still hands each frame to the window through its DMA-BUF renderer: a GL
//! context in the web process and one in the app (Mesa's llvmpipe threads on a machine without a GPU driver,
//! LLVM's pages touched in both). Its older path — the page painted by the CPU into shared memory, the window
//! copying it — is chosen before WebKit starts ([`before_webkit`]): ~35 MiB less in the web process, no GL
//! threads in either process (BENCHMARKS.md).
//!
//! `WELL_WEBKIT_COMPOSITING=1` keeps WebKit's defaults (compositing and the DMA-BUF renderer), for comparing or
//! for a machine where drawing without them misbehaves; a `WEBKIT_DISABLE_DMABUF_RENDERER` the user set is
//! left as it is.

/// Set by the user to keep WebKit's accelerated compositing.
#[cfg(target_os = "linux")]
const KEEP_COMPOSITING: &str = "WELL_WEBKIT_COMPOSITING";

/// The variable's value asks to keep compositing: set, not empty, not "0".
#[cfg(any(target_os = "linux", test))]
fn keeps(value: Option<&std::ffi::OsStr>) -> bool {
    value.is_some_and(|v| !v.is_empty() && v != "0")
}

/// WebKitGTK's own switch for its renderer (read once, when it makes its first web context).
#[cfg(target_os = "linux")]
const DMABUF_OFF: &str = "WEBKIT_DISABLE_DMABUF_RENDERER";

/// What [`before_webkit`] did about WebKit's renderer, for the log.
#[cfg(any(target_os = "linux", test))]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Renderer {
    /// The DMA-BUF renderer turned off by the app.
    SharedMemory,
    /// `WEBKIT_DISABLE_DMABUF_RENDERER` was set by the user: left as it is.
    UserChoice,
    /// `WELL_WEBKIT_COMPOSITING` keeps WebKit's defaults.
    WebKitDefault,
}

/// The choice, from the two variables as the process started.
#[cfg(any(target_os = "linux", test))]
fn choose(keep: Option<&std::ffi::OsStr>, dmabuf_off: Option<&std::ffi::OsStr>) -> Renderer {
    if keeps(keep) {
        Renderer::WebKitDefault
    } else if dmabuf_off.is_some() {
        Renderer::UserChoice
    } else {
        Renderer::SharedMemory
    }
}

/// Choose WebKit's renderer. Call at the top of `run`, before any other thread exists and before GTK or WebKit
/// start: it sets a variable of the process's environment, which WebKit reads when it makes its web context.
#[cfg(target_os = "linux")]
pub fn before_webkit() -> Renderer {
    let choice = choose(
        std::env::var_os(KEEP_COMPOSITING).as_deref(),
        std::env::var_os(DMABUF_OFF).as_deref(),
    );
    if choice == Renderer::SharedMemory {
        std::env::set_var(DMABUF_OFF, "1");
    }
    choice
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
    use super::{choose, keeps, Renderer};
    use std::ffi::OsStr;

    #[test]
    fn the_shared_memory_renderer_unless_the_user_chose() {
        assert_eq!(choose(None, None), Renderer::SharedMemory);
        assert_eq!(choose(Some(OsStr::new("0")), None), Renderer::SharedMemory);
        assert_eq!(choose(None, Some(OsStr::new("0"))), Renderer::UserChoice);
        assert_eq!(choose(Some(OsStr::new("1")), None), Renderer::WebKitDefault);
        assert_eq!(
            choose(Some(OsStr::new("1")), Some(OsStr::new("1"))),
            Renderer::WebKitDefault
        );
    }

    #[test]
    fn compositing_is_kept_only_when_the_variable_says_so() {
        assert!(!keeps(None));
        assert!(!keeps(Some(OsStr::new(""))));
        assert!(!keeps(Some(OsStr::new("0"))));
        assert!(keeps(Some(OsStr::new("1"))));
        assert!(keeps(Some(OsStr::new("yes"))));
    }
}
