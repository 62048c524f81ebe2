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

    /// The raw number of entry `id` and the destForDisplay to dial it with.
    pub fn redial_target(&self, id: u64) -> Option<(Secret, Option<String>)> {
        let e = self.entries.iter().find(|e| e.id == id)?;
        let r = e.redial.as_ref()?;
        Some((r.number.clone(), r.dest_for_display.clone()))
    }
}
