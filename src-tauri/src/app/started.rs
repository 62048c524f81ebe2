//! When this process started: the start figures the log reports (`since_start_ms` of the window's "rendered"
//! line), so that a start is measured by the app itself, without a WebDriver session around it.

use std::sync::OnceLock;
use std::time::Instant;

static START: OnceLock<Instant> = OnceLock::new();

/// Take the start instant; the first call wins (the top of `run`).
pub fn mark() {
    START.get_or_init(Instant::now);
}

/// Milliseconds since `mark` (0 when it was never taken).
pub fn since_ms() -> f64 {
    START
        .get()
        .map_or(0.0, |at| at.elapsed().as_secs_f64() * 1000.0)
}

/// A step of the start, in the timing log (`well_timing`, debug: the benchmark's log filter turns it on) with
/// the milliseconds since `mark` — where a start's time went.
pub fn step(step: &'static str) {
    tracing::debug!(target: "well_timing", step, since_start_ms = rounded(), "start step");
}

/// A window's page load started or finished, as a step of the start.
pub fn page_load(window: &str, event: &tauri::webview::PageLoadEvent) {
    let state = match event {
        tauri::webview::PageLoadEvent::Started => "page load started",
        tauri::webview::PageLoadEvent::Finished => "page load finished",
    };
    tracing::debug!(target: "well_timing", window, step = state, since_start_ms = rounded(), "start step");
}

/// `since_ms` to a tenth of a millisecond, for the log.
pub fn rounded() -> f64 {
    (since_ms() * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_from_the_first_mark() {
        super::mark();
        let a = super::since_ms();
        super::mark();
        std::thread::sleep(std::time::Duration::from_millis(5));
        assert!(super::since_ms() >= a + 5.0);
    }
}
