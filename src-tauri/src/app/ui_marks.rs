//! The benchmark's timing marks (`WELL_UI_MARKS=1`, off by default): an initialization script creates
//! `window.__wellMarks` before any page script runs, and only then does the page record when it rendered the
//! snapshot (`renderedAt`), when each call was first drawn (`drawn[callId]`, the last 200), when the first frame
//! after that was presented (`painted[callId]`), which update brought it (`seq[callId]`) and when that update
//! reached the page (`ipc[seq]`), and when the link came back (`connectedAt`), as epoch milliseconds; the first
//! call a page load painted is reported to the backend (`ui_rendered`, `firstCall`), as is its first paint. The
//! shell then also logs its own timing spans (`well_timing`, see `span`). Without the variable the page keeps
//! no such globals and nothing extra is logged.

const ENV: &str = "WELL_UI_MARKS";

/// The marks object and `afterPaint(fn)`: `fn(epoch ms)` runs in the first task after the next frame was
/// painted (an animation frame, then a message: the same rule as the benchmark's browser page).
const SCRIPT: &str = r#"(() => {
  const now = () => performance.timeOrigin + performance.now();
  const keep = (o, k, v) => { o[k] = v; const ks = Object.keys(o); if (ks.length > 200) delete o[ks[0]]; };
  window.__wellMarks = {
    drawn: {}, painted: {}, seq: {}, ipc: {}, renderedAt: null, connectedAt: null, firstCall: null, now, keep,
    afterPaint(fn) {
      requestAnimationFrame(() => {
        const ch = new MessageChannel();
        ch.port1.onmessage = () => fn(now());
        ch.port2.postMessage(0);
      });
    },
  };
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

#[cfg(test)]
mod tests {
    #[test]
    fn without_the_variable_the_page_gets_no_marks() {
        if std::env::var_os(super::ENV).is_none() {
            assert!(super::plugin::<tauri::Wry>().is_none());
        }
    }
}
