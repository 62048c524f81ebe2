//! One makeCall per interval (spec §3.3.3: the SDK refuses a second dial within 2 s). Sans-IO: fed `now`.

use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
pub struct DialLimit {
    every: Duration,
    last: Option<Instant>,
}

impl DialLimit {
    pub fn new(every: Duration) -> Self {
        DialLimit { every, last: None }
    }

    /// Take the slot at `now`, or say how long to wait.
    pub fn try_take(&mut self, now: Instant) -> Result<(), Duration> {
        if let Some(last) = self.last {
            let since = now.saturating_duration_since(last);
            if since < self.every {
                return Err(self.every - since);
            }
        }
        self.last = Some(now);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_dial_within_the_interval_is_refused_with_the_wait() {
        let t = Instant::now();
        let mut l = DialLimit::new(Duration::from_secs(2));
        assert!(l.try_take(t).is_ok());
        assert_eq!(
            l.try_take(t + Duration::from_millis(500)),
            Err(Duration::from_millis(1_500))
        );
        assert!(l.try_take(t + Duration::from_secs(2)).is_ok());
    }
}
