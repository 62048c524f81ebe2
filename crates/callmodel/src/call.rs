//! The call entity the UI renders. Party numbers are [`Masked`]: serializing a call never shows raw digits.

use serde::Serialize;
use serde_json::Value;
use std::sync::Arc;
use well_protocol::ids::CallId;

use crate::masking::Masked;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Inbound,
    Outbound,
    Internal,
    /// Automatic outbound: the server dialled the customer and routed the answered call to us (§8.5).
    CampaignPreoccupied,
}

/// Our own connection's state in the call.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CallState {
    /// We dialled (`serviceInitiated`/`originated`); the far end is not ringing yet.
    Dialing,
    /// We dialled and the far end rings.
    Ringback,
    /// It rings on our extension.
    Ringing,
    Connected,
    /// Held by us.
    Held,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PartyState {
    Initiated,
    Alerting,
    Connected,
    Held,
    Failed,
    Left,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PartyRole {
    Caller,
    Called,
    /// Joined later (conference, transfer target).
    Joined,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Party {
    pub number: Masked,
    pub me: bool,
    pub role: PartyRole,
    pub state: PartyState,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CallAction {
    Answer,
    HangUp,
    Hold,
    Retrieve,
    Consult,
    CancelConsult,
    Conference,
    Transfer,
    SingleStepTransfer,
    SingleStepConference,
}

impl CallAction {
    pub const ALL: [CallAction; 10] = [
        CallAction::Answer,
        CallAction::HangUp,
        CallAction::Hold,
        CallAction::Retrieve,
        CallAction::Consult,
        CallAction::CancelConsult,
        CallAction::Conference,
        CallAction::Transfer,
        CallAction::SingleStepTransfer,
        CallAction::SingleStepConference,
    ];

    /// The actions that act on a number the agent types (whom to consult, transfer or conference to).
    pub fn needs_number(self) -> bool {
        matches!(
            self,
            CallAction::Consult | CallAction::SingleStepTransfer | CallAction::SingleStepConference
        )
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct CallFailure {
    pub code: Option<String>,
    pub message: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Call {
    pub call_id: CallId,
    pub direction: Direction,
    pub state: CallState,
    pub me_is_caller: bool,
    /// What the UI shows for the other side: `destForDisplay` when we dialled with one, else the masked
    /// number of the other party (several joined by `, ` in a conference).
    pub display_number: String,
    pub parties: Vec<Party>,
    pub rang_at_ms: Option<u64>,
    pub answered_at_ms: Option<u64>,
    /// Set when every other party has left; the call goes when our own connection clears.
    pub ended_at_ms: Option<u64>,
    /// `eventTime` of the first event (server local time, display only).
    pub event_time: Option<String>,
    /// `userData` of `delivered`, with party numbers masked.
    pub user_data: Option<Arc<Value>>,
    /// One line of `user_data` for the popup and the notification: the first three entries that are not the
    /// platform's own, at most 60 characters.
    pub summary: Option<String>,
    pub call_type: Option<String>,
    pub conferenced: bool,
    /// This call is the consult leg of that held call.
    pub consult_of: Option<CallId>,
    /// Another party holds us.
    pub held_by_other: bool,
    pub recording: Option<bool>,
    pub failure: Option<CallFailure>,
    /// Last clearing cause seen (`NORMAL_CLEARING`, `USER_BUSY`, …).
    pub cause: Option<String>,
    /// False while a re-sync could not confirm the call (a server that lists only one active call).
    pub verified: bool,
    pub allowed: Vec<CallAction>,
    /// The actions of `allowed` that need a target number, so the UI asks for one for exactly these.
    pub needs_number: Vec<CallAction>,
}

impl Call {
    /// A 64-bit digest of everything the UI sees, to tell a changed call from an unchanged one without
    /// keeping a copy. `user_data` counts by identity: it is replaced, never edited in place.
    pub fn fingerprint(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = crate::fingerprint::Fx::default();
        (
            &self.call_id,
            self.direction,
            self.state,
            self.me_is_caller,
            &self.display_number,
            &self.parties,
        )
            .hash(&mut h);
        (
            self.rang_at_ms,
            self.answered_at_ms,
            self.ended_at_ms,
            &self.event_time,
            &self.call_type,
        )
            .hash(&mut h);
        (
            self.conferenced,
            &self.consult_of,
            self.held_by_other,
            self.recording,
            &self.failure,
            &self.cause,
        )
            .hash(&mut h);
        (self.verified, &self.allowed).hash(&mut h);
        self.user_data.as_ref().map(Arc::as_ptr).hash(&mut h);
        h.finish()
    }

    pub fn other_parties(&self) -> impl Iterator<Item = &Party> {
        self.parties.iter().filter(|p| !p.me)
    }

    pub fn party_mut(&mut self, raw: &str) -> Option<&mut Party> {
        self.parties.iter_mut().find(|p| p.number.is(raw))
    }
}

#[cfg(test)]
mod tests {
    use super::CallAction;

    #[test]
    fn all_names_every_action_once_in_order() {
        // A new action does not compile here until it has its place, and then fails until it is in ALL.
        let place = |a: CallAction| match a {
            CallAction::Answer => 0,
            CallAction::HangUp => 1,
            CallAction::Hold => 2,
            CallAction::Retrieve => 3,
            CallAction::Consult => 4,
            CallAction::CancelConsult => 5,
            CallAction::Conference => 6,
            CallAction::Transfer => 7,
            CallAction::SingleStepTransfer => 8,
            CallAction::SingleStepConference => 9,
        };
        for (i, a) in CallAction::ALL.iter().enumerate() {
            assert_eq!(place(*a), i, "{a:?}");
        }
    }
}
