//! The session's call history: every call that ended for us, in display forms, newest first, with the other
//! side's raw number kept in the backend only, for a redial.

use serde::Serialize;
use std::collections::VecDeque;
use well_callmodel::output::Effect;
use well_callmodel::{Direction, MaskPolicy};
use well_protocol::ids::CallId;
use well_protocol::redact::Secret;

/// How many calls the history keeps.
pub const CAPACITY: usize = 200;

#[derive(Clone, Debug, Serialize)]
pub struct HistoryEntry {
    pub id: u64,
    pub call_id: CallId,
    pub display_number: String,
    pub direction: Direction,
    pub me_is_caller: bool,
    pub answered: bool,
    /// It rang for us and the caller gave up (not answered, not rejected).
    pub missed: bool,
    /// A missed call stays unseen until the agent marks it seen or calls back.
    pub seen: bool,
    pub rang_at_ms: Option<u64>,
    pub answered_at_ms: Option<u64>,
    pub ended_at_ms: u64,
    pub summary: Option<String>,
    pub can_redial: bool,
    #[serde(skip)]
    redial: Option<Redial>,
}

/// The raw digits to dial again (a `Secret`: never in `Debug`), and the display string the agent gave.
#[derive(Clone, Debug)]
struct Redial {
    number: Secret,
    dest_for_display: Option<String>,
}

#[derive(Debug, Default)]
pub struct History {
    entries: VecDeque<HistoryEntry>,
    next_id: u64,
}

impl History {
    /// Keep a `CallEnded` effect; other effects are ignored.
    pub fn record(&mut self, effect: &Effect, policy: &MaskPolicy) {
        let Effect::CallEnded {
            call_id,
            display_number,
            direction,
            me_is_caller,
            was_answered,
            missed,
            rang_at_ms,
            answered_at_ms,
            ended_at_ms,
            other,
            summary,
            ..
        } = effect
        else {
            return;
        };
        let redial = other.as_ref().map(|o| Redial {
            number: Secret::new(o.raw_number()),
            // A call placed with destForDisplay is shown with it again.
            dest_for_display: (*me_is_caller && o.display() != policy.display(o.raw()))
                .then(|| o.display().to_owned()),
        });
        self.next_id += 1;
        self.entries.push_front(HistoryEntry {
            id: self.next_id,
            call_id: call_id.clone(),
            display_number: display_number.clone(),
            direction: *direction,
            me_is_caller: *me_is_caller,
            answered: *was_answered,
            missed: *missed,
            seen: !*missed,
            rang_at_ms: *rang_at_ms,
            answered_at_ms: *answered_at_ms,
            ended_at_ms: *ended_at_ms,
            summary: summary.clone(),
            can_redial: redial
                .as_ref()
                .is_some_and(|r| !r.number.expose().is_empty()),
            redial,
        });
        self.entries.truncate(CAPACITY);
    }

    pub fn list(&self) -> Vec<HistoryEntry> {
        self.entries.iter().cloned().collect()
    }

    /// The raw number of entry `id` and the destForDisplay to dial it with. Calling back a missed call is
    /// seeing it.
    pub fn redial_target(&mut self, id: u64) -> Option<(Secret, Option<String>)> {
        let e = self.entries.iter_mut().find(|e| e.id == id)?;
        let r = e.redial.as_ref()?;
        let target = (r.number.clone(), r.dest_for_display.clone());
        e.seen = true;
        Some(target)
    }

    /// Missed calls the agent has not seen yet.
    pub fn unseen_missed(&self) -> usize {
        self.entries.iter().filter(|e| !e.seen).count()
    }

    /// The agent saw these entries (`None`: all of them); returns how many missed calls stay unseen.
    pub fn mark_seen(&mut self, ids: Option<&[u64]>) -> usize {
        for e in &mut self.entries {
            if ids.is_none_or(|ids| ids.contains(&e.id)) {
                e.seen = true;
            }
        }
        self.unseen_missed()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ended(id: &str, missed: bool) -> Effect {
        Effect::CallEnded {
            call_id: CallId::new(id),
            display_number: "1391234****".into(),
            direction: Direction::Inbound,
            me_is_caller: false,
            was_answered: !missed,
            missed,
            rang_at_ms: Some(1),
            answered_at_ms: (!missed).then_some(2),
            ended_at_ms: 3,
            cause: None,
            other: None,
            summary: None,
        }
    }

    #[test]
    fn missed_calls_stay_unseen_until_marked_and_only_they_count() {
        let policy = MaskPolicy::default();
        let mut h = History::default();
        h.record(&ended("a", true), &policy);
        h.record(&ended("b", false), &policy);
        h.record(&ended("c", true), &policy);
        assert_eq!(h.unseen_missed(), 2);
        let list = h.list();
        assert_eq!(
            list.iter().map(|e| (e.missed, e.seen)).collect::<Vec<_>>(),
            vec![(true, false), (false, true), (true, false)],
            "newest first"
        );
        assert_eq!(h.mark_seen(Some(&[list[0].id])), 1, "one seen");
        assert_eq!(
            h.mark_seen(Some(&[999])),
            1,
            "an unknown id changes nothing"
        );
        assert_eq!(h.mark_seen(None), 0);
        h.record(&ended("d", true), &policy);
        assert_eq!(h.unseen_missed(), 1, "a new missed call counts again");
    }
}
