//! When a window's new pixels reached the X server (Xvfb): the DAMAGE extension reports every drawing into a
//! watched window, and a thread of the benchmark stamps each report with the wall clock as it arrives. This is
//! "on screen" for the app's window and the browser page's alike, whatever each engine does in between — unlike
//! the pages' own "painted" marks (a `requestAnimationFrame` and a task after it), which time each engine's
//! animation-frame schedule, not its pixels.
//!
//! A window's first report at or after the moment its page wrote the DOM is taken as the frame that shows that
//! change: a frame already in flight when the DOM was written (the one-second clock's) would be taken instead,
//! which can only make a figure smaller by at most the length of such a frame, about once in a thousand rings.

use std::sync::{Arc, Mutex};
use x11rb::connection::Connection;
use x11rb::protocol::damage::{ConnectionExt as _, ReportLevel};
use x11rb::protocol::xproto::{ConnectionExt as _, Window};
use x11rb::protocol::Event;

pub struct Damage {
    /// Every report: the watched window and when it arrived (epoch ms).
    seen: Arc<Mutex<Vec<(Window, f64)>>>,
}

impl Damage {
    /// Watch these windows from now on (a thread blocked on its own X connection).
    pub fn watch(windows: &[Window]) -> Damage {
        let (conn, _) = x11rb::connect(None).expect("the X display of the benchmark");
        conn.damage_query_version(1, 1)
            .expect("DAMAGE asked")
            .reply()
            .expect("the X server has the DAMAGE extension");
        for &w in windows {
            let id = conn.generate_id().expect("an X id");
            conn.damage_create(id, w, ReportLevel::RAW_RECTANGLES)
                .expect("damage watch sent");
        }
        conn.flush().expect("X flushed");
        let seen = Arc::new(Mutex::new(Vec::new()));
        let into = seen.clone();
        std::thread::spawn(move || {
            while let Ok(event) = conn.wait_for_event() {
                if let Event::DamageNotify(e) = event {
                    let at = crate::now_ms();
                    into.lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .push((e.drawable, at));
                }
            }
        });
        Damage { seen }
    }

    /// The first report of `window` within `[from, until)` (epoch ms).
    pub fn first_in(&self, window: Window, from: f64, until: f64) -> Option<f64> {
        self.seen
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
            .filter(|&&(w, at)| w == window && at >= from && at < until)
            .map(|&(_, at)| at)
            .min_by(f64::total_cmp)
    }
}

/// The largest visible window that `xdotool search ARGS` finds (the app's main window rather than its popup).
pub fn largest_window(search: &[&str]) -> Window {
    let (conn, _) = x11rb::connect(None).expect("the X display of the benchmark");
    let mut args = vec!["search", "--onlyvisible"];
    args.extend_from_slice(search);
    crate::harness::words_of("xdotool", &args)
        .iter()
        .filter_map(|w| w.parse::<Window>().ok())
        .filter_map(|w| {
            let g = conn.get_geometry(w).ok()?.reply().ok()?;
            Some((w, u32::from(g.width) * u32::from(g.height)))
        })
        .max_by_key(|&(_, area)| area)
        .map(|(w, _)| w)
        .unwrap_or_else(|| panic!("no visible window for xdotool search {search:?}"))
}

/// Move a window to `x, y` on the screen, and give it a moment to draw its newly uncovered part.
pub fn move_window(window: Window, x: u16, y: u16) {
    let w = window.to_string();
    crate::harness::words_of(
        "xdotool",
        &["windowmove", &w, &x.to_string(), &y.to_string()],
    );
    std::thread::sleep(std::time::Duration::from_millis(300));
}
