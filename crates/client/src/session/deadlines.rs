//! The actor's timers as one value: what is due next, and when. The actor's loop sleeps until [`Deadlines::next`]
//! and then handles that one [`Due`]; nothing else in the actor keeps a time.

use tokio::time::Instant;
use well_protocol::ids::CallId;

/// What a deadline is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Due {
    /// The REST heartbeat (only while logged on with a token).
    Heartbeat,
    /// The next try to bring the event link back.
    Reconnect,
    /// A ringing call to answer by itself (auto-answer).
    AutoAnswer,
    /// The login-mode question was not answered in time.
    Question,
    /// After-call work is over: Ready.
    AutoReady,
    /// The event link has been down long enough to tell the agent.
    OutageNotice,
}

#[derive(Debug)]
pub(super) struct Deadlines {
    pub heartbeat: Instant,
    pub reconnect: Option<Instant>,
    pub auto_answers: Vec<(Instant, CallId)>,
    pub question: Option<Instant>,
    pub auto_ready: Option<Instant>,
}

impl Deadlines {
    pub fn new(now: Instant) -> Self {
        Deadlines {
            heartbeat: now,
            reconnect: None,
            auto_answers: Vec::new(),
            question: None,
            auto_ready: None,
        }
    }

    /// The earliest deadline, with the heartbeat counted only when `heartbeat_on` and the outage notice's time
    /// (kept by [`crate::outage::Outage`]) when there is one. Ties go in the order of [`Due`].
    pub fn next(&self, heartbeat_on: bool, outage: Option<Instant>) -> Option<(Instant, Due)> {
        let candidates = [
            (heartbeat_on.then_some(self.heartbeat), Due::Heartbeat),
            (self.reconnect, Due::Reconnect),
            (
                self.auto_answers.iter().map(|(t, _)| *t).min(),
                Due::AutoAnswer,
            ),
            (self.question, Due::Question),
            (self.auto_ready, Due::AutoReady),
            (outage, Due::OutageNotice),
        ];
        candidates
            .into_iter()
            .filter_map(|(at, due)| at.map(|at| (at, due)))
            .min_by_key(|(at, _)| *at)
    }

    /// The auto-answers due at `now`, taken out; the later ones stay.
    pub fn take_auto_answers(&mut self, now: Instant) -> Vec<CallId> {
        let (due, later) = std::mem::take(&mut self.auto_answers)
            .into_iter()
            .partition(|(t, _)| *t <= now);
        self.auto_answers = later;
        due.into_iter().map(|(_, c)| c).collect()
    }

    /// The session ended: nothing of it is due any more (the heartbeat is off with the session).
    pub fn clear_session(&mut self) {
        self.reconnect = None;
        self.auto_answers.clear();
        self.auto_ready = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn the_earliest_deadline_is_next_and_the_heartbeat_only_when_on() {
        let t0 = Instant::now();
        let s = Duration::from_secs;
        let mut d = Deadlines::new(t0 + s(60));
        assert_eq!(d.next(false, None), None);
        assert_eq!(d.next(true, None), Some((t0 + s(60), Due::Heartbeat)));
        d.reconnect = Some(t0 + s(5));
        d.auto_answers = vec![
            (t0 + s(3), CallId::new("c2")),
            (t0 + s(2), CallId::new("c1")),
        ];
        assert_eq!(d.next(true, None), Some((t0 + s(2), Due::AutoAnswer)));
        assert_eq!(
            d.next(true, Some(t0 + s(1))),
            Some((t0 + s(1), Due::OutageNotice))
        );
        d.question = Some(t0);
        assert_eq!(
            d.next(false, Some(t0)),
            Some((t0, Due::Question)),
            "ties: the order of Due"
        );
        d.question = None;
        d.auto_ready = Some(t0 + s(4));
        assert_eq!(d.take_auto_answers(t0 + s(2)), vec![CallId::new("c1")]);
        assert_eq!(d.next(false, None), Some((t0 + s(3), Due::AutoAnswer)));
        d.clear_session();
        assert_eq!(d.next(false, None), None);
        assert_eq!(d.next(true, None), Some((t0 + s(60), Due::Heartbeat)));
    }
}
