//! `eventTime` as the platform writes it: `YYYY.MM.DD HH:mm:ss` in the server's local time, which in every
//! documented example is China time (UTC+8). The offset is configurable.

use std::time::{SystemTime, UNIX_EPOCH};

/// Format a Unix time (seconds) shifted by `offset_minutes`.
pub fn event_time(unix_secs: i64, offset_minutes: i32) -> String {
    let t = unix_secs + i64::from(offset_minutes) * 60;
    let (days, secs) = (t.div_euclid(86_400), t.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}.{m:02}.{d:02} {:02}:{:02}:{:02}",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

pub fn now_event_time(offset_minutes: i32) -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    event_time(secs, offset_minutes)
}

/// Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_the_platform() {
        // 2017-03-18 06:13:24 UTC is 14:13:24 in China (the agentLoggedOn example).
        assert_eq!(event_time(1_489_817_604, 480), "2017.03.18 14:13:24");
        assert_eq!(event_time(0, 0), "1970.01.01 00:00:00");
        assert_eq!(event_time(951_782_400, 0), "2000.02.29 00:00:00");
    }
}
