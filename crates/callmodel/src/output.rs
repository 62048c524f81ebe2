//! What the model gives back: changes for the UI (in [`Output`]), effects for the actor and the shell, the
//! snapshot, and counters.

use serde::Serialize;
use serde_json::Value;
use std::sync::Arc;
use well_protocol::ids::CallId;

use crate::agent::Agent;
use crate::call::{Call, Direction};
use crate::contract::Change;

/// What the actor and the shell act on; not UI state, never replayed by a UI reload.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Effect {
    /// A call started ringing on our extension: popup and notification (masked number, data summary).
    IncomingCall {
        call_id: CallId,
        display_number: String,
        direction: Direction,
        call_type: Option<String>,
        summary: Option<String>,
        user_data: Option<Arc<Value>>,
    },
    /// Answer this call at `at_ms` if it still rings then.
    AutoAnswerDue {
        call_id: CallId,
        /// Milliseconds on the backend base, like every other time field.
        at: u64,
    },
    /// After-call work began and the policy ends it by itself: go Ready at `at` if still in it then.
    AutoReadyDue {
        /// Milliseconds on the backend base.
        at: u64,
    },
    /// Our connection to the call ended (the enriched `connectionCleared` of spec §5.5): for history.
    CallEnded {
        call_id: CallId,
        display_number: String,
        direction: Direction,
        me_is_caller: bool,
        was_answered: bool,
        /// It rang for us and ended unanswered without the agent rejecting it (inbound or internal).
        missed: bool,
        rang_at_ms: Option<u64>,
        answered_at_ms: Option<u64>,
        ended_at_ms: u64,
        cause: Option<String>,
        /// The other side (display form when serialized; the raw digits stay for a redial).
        other: Option<crate::masking::Masked>,
        summary: Option<String>,
    },
}

impl Effect {
    /// The history record of a call that ended for us at `now` (our clearing, or gone on a re-sync).
    /// `rejected`: the agent hung it up while it rang.
    pub(crate) fn call_ended(c: Call, now: u64, cause: Option<String>, rejected: bool) -> Effect {
        let other = c.parties.iter().find(|p| !p.me).map(|p| p.number.clone());
        let rang_for_us = !c.me_is_caller
            && matches!(c.direction, Direction::Inbound | Direction::Internal)
            && c.rang_at_ms.is_some();
        Effect::CallEnded {
            other,
            summary: c.summary.clone(),
            was_answered: c.answered_at_ms.is_some(),
            missed: rang_for_us && c.answered_at_ms.is_none() && !rejected,
            call_id: c.call_id,
            display_number: c.display_number,
            direction: c.direction,
            me_is_caller: c.me_is_caller,
            rang_at_ms: c.rang_at_ms,
            answered_at_ms: c.answered_at_ms,
            ended_at_ms: now,
            cause,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Output {
    pub changes: Vec<Change>,
    pub effects: Vec<Effect>,
}

impl Output {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty() && self.effects.is_empty()
    }
}

/// The model's part of the UI snapshot.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ModelSnapshot {
    pub agent: Agent,
    pub calls: Vec<Call>,
}

/// Counters for diagnostics.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    pub applied: u64,
    pub duplicates: u64,
    pub unknown: u64,
    pub ignored: u64,
    /// Events naming a call id that is not path safe (`/`, `?`, `..`, …).
    pub refused: u64,
}
