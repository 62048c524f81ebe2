//! The benchmark's timing marks (`WELL_UI_MARKS=1`, off by default): an initialization script creates
//! `window.__wellMarks` before any page script runs, and only then does the page record when it rendered the
//! snapshot (`renderedAt`), when each call was first drawn (`drawn[callId]`, the last 200) and when the link
//! came back (`connectedAt`), as epoch milliseconds. Without the variable the page keeps no such globals.

const ENV: &str = "WELL_UI_MARKS";

fn on() -> bool {
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
            .js_init_script(
                "window.__wellMarks = { drawn: {}, renderedAt: null, connectedAt: null };"
                    .to_owned(),
            )
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
