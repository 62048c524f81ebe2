//! How long the event link has been down (sans-IO): the caller reports `lost` and `restored` with `now`, and asks
//! when the "still reconnecting" notice is due. The notice is shown once per outage and taken back when the link
//! returns, so the agent is told once that calls may be missed — not every 30 s.

use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
pub struct Outage {
    notice_after: Duration,
    since: Option<Instant>,
    notice: Option<u64>,
}

impl Outage {
    pub fn new(notice_after: Duration) -> Self {
        Outage {
            notice_after,
            since: None,
            notice: None,
        }
    }

    /// The link is down at `now`; a later call during the same outage keeps the first time.
    pub fn lost(&mut self, now: Instant) {
        self.since.get_or_insert(now);
    }

    /// When the notice should be shown, if the link is down and it has not been shown for this outage.
    pub fn notice_due_at(&self) -> Option<Instant> {
        match (self.since, self.notice) {
            (Some(since), None) => Some(since + self.notice_after),
            _ => None,
        }
    }

    /// How long the link has been down at `now`.
    pub fn down_for(&self, now: Instant) -> Duration {
        self.since
            .map(|s| now.saturating_duration_since(s))
            .unwrap_or_default()
    }

    /// The notice with this id is on screen.
    pub fn noticed(&mut self, id: u64) {
        self.notice = Some(id);
    }

    /// The link is back (or the session ended): the outage is over. Returns the notice to take back, if any.
    pub fn restored(&mut self) -> Option<u64> {
        self.since = None;
        self.notice.take()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_notice_is_due_once_per_outage_from_its_first_moment() {
        let t0 = Instant::now();
        let mut o = Outage::new(Duration::from_secs(120));
        assert_eq!(o.notice_due_at(), None, "no outage, no notice");
        o.lost(t0);
        o.lost(t0 + Duration::from_secs(30));
        assert_eq!(o.notice_due_at(), Some(t0 + Duration::from_secs(120)));
        assert_eq!(
            o.down_for(t0 + Duration::from_secs(121)),
            Duration::from_secs(121)
        );
        o.noticed(7);
        assert_eq!(o.notice_due_at(), None, "shown once");
        assert_eq!(o.restored(), Some(7));
        assert_eq!(o.notice_due_at(), None);
        assert_eq!(o.restored(), None, "nothing left to take back");
        let t1 = t0 + Duration::from_secs(500);
        o.lost(t1);
        assert_eq!(
            o.notice_due_at(),
            Some(t1 + Duration::from_secs(120)),
            "a new outage counts from its own start"
        );
    }
}
