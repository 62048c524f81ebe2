//! A desktop app needs a display: without one, say so and how to run under Xvfb instead of a GTK panic.

pub fn check() -> Result<(), String> {
    if !cfg!(target_os = "linux") {
        return Ok(());
    }
    let has = |v: &str| std::env::var_os(v).is_some_and(|x| !x.is_empty());
    if has("DISPLAY") || has("WAYLAND_DISPLAY") {
        return Ok(());
    }
    Err("Well Softphone needs a graphical display, and this session has none (DISPLAY and WAYLAND_DISPLAY \
         are unset).\nOn a machine without a screen, run it under a virtual one:\n  \
         xvfb-run -a -s '-screen 0 1280x800x24' well-softphone"
        .to_owned())
}
