//! Test support (feature `test-util`, and this crate's own tests): a call in a given state with given
//! actions, for the code that decides from calls (focus rules, the shell's tray view) to be tested without
//! driving a model through events.

use well_protocol::ids::CallId;

use crate::call::{Call, CallAction, CallState, Direction};

/// An inbound call `id` from a masked customer, in `state`, allowing `allowed`.
pub fn call(id: &str, state: CallState, allowed: &[CallAction]) -> Call {
    Call {
        call_id: CallId::new(id),
        direction: Direction::Inbound,
        state,
        me_is_caller: false,
        display_number: "1391234****".into(),
        parties: Vec::new(),
        rang_at_ms: Some(1),
        answered_at_ms: None,
        ended_at_ms: None,
        event_time: None,
        user_data: None,
        summary: None,
        call_type: None,
        conferenced: false,
        consult_of: None,
        held_by_other: false,
        recording: None,
        failure: None,
        cause: None,
        verified: true,
        allowed: allowed.to_vec(),
        needs_number: allowed
            .iter()
            .copied()
            .filter(|a| a.needs_number())
            .collect(),
    }
}
