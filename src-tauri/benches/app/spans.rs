//! The app's own timing spans (`well_timing` lines of its log, written when the benchmark starts it with
//! `WELL_LOG=…,well_timing=debug`): when the link decoded an event, when the session published the update it
//! made, when the shell emitted that update to the windows, when it heard the page say it had drawn the call
//! and when the tray and popup were redrawn.

use std::collections::HashMap;
use std::path::Path;

/// The app's log filter with the timing spans on.
pub const LOG_FILTER: &str = "info,tao=warn,wry=warn,reqwest=warn,hyper=warn,well_timing=debug";

#[derive(Default, Debug)]
pub struct Spans {
    /// `delivered` decoded by the link, per call.
    pub decoded: HashMap<String, f64>,
    /// The update made of it published, per call: (seq, when).
    pub published: HashMap<String, (u64, f64)>,
    /// Per seq: the shell started and finished emitting it.
    pub emitting: HashMap<u64, f64>,
    pub emitted: HashMap<u64, f64>,
    /// The shell heard the page say it drew the call (the upper bound of "DOM written"), per call.
    pub heard: HashMap<String, f64>,
    /// Per seq: the tray and popup drawn for the snapshot at that seq.
    pub surfaces: Vec<(u64, f64)>,
}

impl Spans {
    /// The first surfaces redraw at or after `seq`.
    pub fn surfaces_at(&self, seq: u64) -> Option<f64> {
        self.surfaces
            .iter()
            .filter(|(s, _)| *s >= seq)
            .map(|(_, at)| *at)
            .min_by(|a, b| a.total_cmp(b))
    }
}

/// Read every `well_timing` line of the profile's logs.
pub fn read(logs: &Path) -> Spans {
    let mut spans = Spans::default();
    for f in std::fs::read_dir(logs).into_iter().flatten().flatten() {
        let text = std::fs::read_to_string(f.path()).unwrap_or_default();
        for line in text.lines() {
            let Some((at, rest)) = line.split_once(' ') else {
                continue;
            };
            let Some(body) = rest.split_once("well_timing: ").map(|(_, b)| b) else {
                continue;
            };
            let Some(at) = epoch_ms(at) else {
                continue;
            };
            let seq = field(body, "seq").and_then(|s| s.parse::<u64>().ok());
            let call = field(body, "call");
            let event = field(body, "event");
            match (body.split(' ').next(), seq, call, event) {
                (Some("decoded"), _, Some(c), Some("delivered")) => {
                    spans.decoded.entry(c.to_owned()).or_insert(at);
                }
                (Some("published"), Some(s), Some(c), Some("delivered")) => {
                    spans.published.entry(c.to_owned()).or_insert((s, at));
                }
                (Some("emitting"), Some(s), _, _) => {
                    spans.emitting.insert(s, at);
                }
                (Some("emitted"), Some(s), _, _) => {
                    spans.emitted.insert(s, at);
                }
                (Some("drawn"), _, Some(c), _) if body.starts_with("drawn reported") => {
                    spans.heard.entry(c.to_owned()).or_insert(at);
                }
                (Some("surfaces"), Some(s), _, _) => spans.surfaces.push((s, at)),
                _ => {}
            }
        }
    }
    spans
}

/// `name=value` or `name="value"` of a log line's fields.
pub fn field<'a>(body: &'a str, name: &str) -> Option<&'a str> {
    body.split(' ').find_map(|kv| {
        let (k, v) = kv.split_once('=')?;
        (k == name).then(|| v.trim_matches('"'))
    })
}

/// `2026-12-03T18:30:01.123456Z` (tracing-subscriber's timestamp, UTC) as epoch milliseconds.
pub fn epoch_ms(ts: &str) -> Option<f64> {
    let ts = ts.strip_suffix('Z')?;
    let (date, time) = ts.split_once('T')?;
    let mut d = date.split('-').map(|x| x.parse::<i64>().ok());
    let (y, m, day) = (d.next()??, d.next()??, d.next()??);
    let mut t = time.split(':');
    let (h, min, s) = (
        t.next()?.parse::<f64>().ok()?,
        t.next()?.parse::<f64>().ok()?,
        t.next()?.parse::<f64>().ok()?,
    );
    // Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(((days as f64 * 24.0 + h) * 60.0 + min) * 60_000.0 + s * 1000.0)
}
