//! The benchmark's timing marks (`WELL_UI_MARKS=1`, off by default): an initialization script creates
//! `window.__wellMarks` before any page script runs, and only then does the page record when it rendered the
//! snapshot (`renderedAt`), when each call was first drawn (`drawn[callId]`, the last 200), when the first frame
//! after that was presented (`painted[callId]`), which update brought it (`seq[callId]`) and when that update
//! reached the page (`ipc[seq]`), and when the link came back (`connectedAt`), as epoch milliseconds; the first
//! call a page load painted is reported to the backend (`ui_rendered`, `firstCall`), as is its first paint. The
//! shell then also logs its own timing spans (`well_timing`, see `span`). Without the variable the page keeps
//! no such globals and nothing extra is logged.
//!
//! WebKitGTK gives a page that is not cross-origin isolated its clock (`performance.now()`, and the origin it
//! counts from) in whole milliseconds, so a page mark can be up to ~2 ms early. The shell's clock bounds it from
//! the other side: when the page has written a new call into its DOM it posts the call's id at once to a
//! script message handler of the shell's own (`window.webkit.messageHandlers.wellDrawn`, registered only in
//! this mode, one message from the web process to the shell), and the shell logs the moment it hears it
//! (`drawn reported`, microseconds). The moment the DOM was written lies between the page's mark and the
//! shell's line.

const ENV: &str = "WELL_UI_MARKS";

/// The script message handler the page reports drawn calls to.
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
const HANDLER: &str = "wellDrawn";

/// The marks object: `now()` (epoch ms: the page's clock from its measured origin), `exact()` (the same to a
/// few microseconds, at the price of spinning up to a millisecond: only for the "DOM written" mark, after the
/// DOM was written), `afterPaint(fn)`: `fn(epoch ms)` runs in the first task after the next frame was painted
/// (an animation frame, then a message: the same rule as the benchmark's browser page), and `report(id)`: the
/// call drawn, told to the shell.
///
/// WebKit floors both the page's clock and its origin to whole milliseconds. Spinning on the clock until it
/// moves on finds its tick; counting the loop's turns per millisecond turns the turns spun into a fraction; and
/// the tick of `Date.now()` (whole epoch milliseconds) before a tick of the page's clock gives the origin to the
/// same fraction. Calibrated once, a second after the page loaded (a few milliseconds of spinning; tried again
/// when the result falls outside the millisecond WebKit floored the origin to — the scheduler interrupted the
/// spin); until then `now()` and `exact()` are the floored clock and `calibrated` is false.
const SCRIPT: &str = r#"(() => {
  const clock = () => performance.now();
  // Spins until the page's clock moves on: [turns of the loop, the clock's new value].
  const spin = () => { const a = clock(); let n = 0, b; while ((b = clock()) === a) n++; return [n, b]; };
  let origin = performance.timeOrigin;
  let perMs = 0;
  // One try: the turns per millisecond over four ticks, then the first tick of the page's clock after a tick of
  // Date's. A try the scheduler interrupted puts the origin outside the millisecond WebKit floored it to.
  const attempt = () => {
    for (let i = 0; i < 4; i++) spin();
    let turns = 0;
    for (let i = 0; i < 4; i++) turns += spin()[0];
    const per = turns / 4;
    const d = Date.now();
    let tick;
    while ((tick = Date.now()) === d) {}
    const [k, at] = spin();
    const o = tick + k / per - at;
    const floored = performance.timeOrigin;
    return o >= floored && o < floored + 1 ? { origin: o, perMs: per, floored } : null;
  };
  const calibrate = (tries = 0) => {
    const c = attempt();
    if (c) {
      origin = c.origin;
      perMs = c.perMs;
      window.__wellMarks.calibrated = { ...c, tries: tries + 1 };
    } else if (tries < 9) {
      setTimeout(() => calibrate(tries + 1), 100);
    }
  };
  const now = () => origin + clock();
  const exact = () => {
    if (!perMs) return now();
    const [k, at] = spin();
    return origin + at - k / perMs;
  };
  const keep = (o, k, v) => { o[k] = v; const ks = Object.keys(o); if (ks.length > 200) delete o[ks[0]]; };
  window.__wellMarks = {
    drawn: {}, painted: {}, seq: {}, ipc: {}, renderedAt: null, connectedAt: null, firstCall: null,
    calibrated: false, now, exact, keep,
    afterPaint(fn) {
      requestAnimationFrame(() => {
        const ch = new MessageChannel();
        ch.port1.onmessage = () => fn(now());
        ch.port2.postMessage(0);
      });
    },
    report(id) {
      const to = window.webkit && window.webkit.messageHandlers && window.webkit.messageHandlers.wellDrawn;
      if (to) to.postMessage(String(id)).catch(() => {});
    },
  };
  window.addEventListener("load", () => setTimeout(calibrate, 1000));
})();"#;

pub fn on() -> bool {
    std::env::var_os(ENV).is_some_and(|v| !v.is_empty() && v != "0")
}

/// The plugin that creates the marks object; `None` when off.
pub fn plugin<R: tauri::Runtime>() -> Option<tauri::plugin::TauriPlugin<R>> {
    if !on() {
        return None;
    }
    tracing::info!("UI timing marks on (benchmark mode)");
    Some(
        tauri::plugin::Builder::new("well-ui-marks")
            .js_init_script(SCRIPT.to_owned())
            .build(),
    )
}

/// A call id as the page reports it; anything else (a hostile string, something long) is `None`.
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
fn plausible_call(id: &str) -> Option<&str> {
    let plausible = !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.:@".contains(&b));
    plausible.then_some(id)
}

/// In benchmark mode, log when the shell hears that the window's page drew a call (Linux; elsewhere the page's
/// marks are all there is).
pub fn hear_drawn_calls(window: &tauri::WebviewWindow) {
    if !on() {
        return;
    }
    #[cfg(target_os = "linux")]
    {
        let heard = window.with_webview(|wv| {
            if let Err(e) = listen(&wv.inner()) {
                tracing::warn!(error = e, "the shell cannot hear the page's drawn calls");
            }
        });
        if let Err(e) = heard {
            tracing::warn!(error = %e, "the shell cannot hear the page's drawn calls");
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = window;
}

/// The handler, in the page's own script world, with a reply (a handler without one would also reach wry's
/// IPC handler, which takes every plain script message for a Tauri command); the reply is WebKit's default
/// (`undefined`).
#[cfg(target_os = "linux")]
fn listen(view: &webkit2gtk::WebView) -> Result<(), &'static str> {
    use webkit2gtk::glib::prelude::*;
    use webkit2gtk::glib::translate::ToGlibPtr;
    use webkit2gtk::WebViewExt;
    let manager = view
        .user_content_manager()
        .ok_or("the webview has no user content manager")?;
    manager.connect_local(
        &format!("script-message-with-reply-received::{HANDLER}"),
        false,
        |args| {
            use javascriptcore::ValueExt;
            let id = args
                .get(1)
                .and_then(|v| v.get::<javascriptcore::Value>().ok())
                .map(|v| v.to_str());
            match id.as_deref().and_then(plausible_call) {
                Some(call) => tracing::debug!(target: "well_timing", call, "drawn reported"),
                None => tracing::debug!("a drawn report without a plain call id, ignored"),
            }
            Some(false.to_value())
        },
    );
    let name = std::ffi::CString::new(HANDLER).map_err(|_| "a handler name with a NUL")?;
    // SAFETY: `manager` is a live WebKitUserContentManager (borrowed for the call), `name` a NUL-terminated
    // string that outlives it, and a null world name is documented to mean the page's own world; WebKit copies
    // both. The binding takes no null world, hence the direct call.
    let registered = unsafe {
        webkit2gtk::ffi::webkit_user_content_manager_register_script_message_handler_with_reply(
            manager.to_glib_none().0,
            name.as_ptr(),
            std::ptr::null(),
        )
    };
    if registered == 0 {
        return Err("WebKit refused the script message handler");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::plausible_call;

    #[test]
    fn without_the_variable_the_page_gets_no_marks() {
        if std::env::var_os(super::ENV).is_none() {
            assert!(super::plugin::<tauri::Wry>().is_none());
        }
    }

    #[test]
    fn the_page_reports_to_the_handler_the_shell_registers() {
        assert!(super::SCRIPT.contains(&format!("messageHandlers.{}", super::HANDLER)));
    }

    #[test]
    fn only_a_plain_call_id_counts() {
        assert_eq!(plausible_call("C-12.3@x"), Some("C-12.3@x"));
        assert_eq!(plausible_call(""), None);
        assert_eq!(plausible_call("a b"), None);
        assert_eq!(plausible_call("<script>"), None);
        assert_eq!(plausible_call(&"x".repeat(65)), None);
    }
}
