//! Which call a single key or menu item means when the agent has several: a hotkey, the tray's Answer and
//! Hang up, the incoming-call popup. Decided here, from the calls' own states and allowed actions, so that
//! the shell only asks.

use crate::call::{Call, CallAction, CallState};

/// The call "answer" means: the first ringing call that may be answered.
pub fn call_to_answer(calls: &[Call]) -> Option<&Call> {
    calls
        .iter()
        .find(|c| c.state == CallState::Ringing && c.allowed.contains(&CallAction::Answer))
}

/// The call "hang up" means: the call being talked on, else one being dialled, else a ringing one (a
/// reject). A held call is never hung up by a single key: the customer waiting on hold is not dropped
/// blind.
pub fn call_to_hang_up(calls: &[Call]) -> Option<&Call> {
    let may = |c: &&Call| c.allowed.contains(&CallAction::HangUp);
    let in_state = |s: CallState| calls.iter().filter(may).find(|c| c.state == s);
    in_state(CallState::Connected)
        .or_else(|| in_state(CallState::Ringback))
        .or_else(|| in_state(CallState::Dialing))
        .or_else(|| in_state(CallState::Ringing))
}

/// The call a keyboard shortcut for `action` means. Answer and hang up as above; hold means the call being
/// talked on; retrieve a held call; the consult-leg actions (transfer, conference, cancel consult) the leg
/// being talked on, else the held call that allows them; consult and the single-step ones the call being
/// talked on. Only calls that allow `action` are candidates.
pub fn call_for(action: CallAction, calls: &[Call]) -> Option<&Call> {
    use CallState::{Connected, Dialing, Held, Ringback, Ringing};
    let order: &[CallState] = match action {
        CallAction::Answer => return call_to_answer(calls),
        CallAction::HangUp => return call_to_hang_up(calls),
        CallAction::Retrieve => &[Held],
        CallAction::Transfer | CallAction::Conference | CallAction::CancelConsult => {
            &[Connected, Ringback, Dialing, Held]
        }
        CallAction::Hold
        | CallAction::Consult
        | CallAction::SingleStepTransfer
        | CallAction::SingleStepConference => &[Connected, Held, Ringing],
    };
    order.iter().find_map(|s| {
        calls
            .iter()
            .find(|c| c.state == *s && c.allowed.contains(&action))
    })
}

/// The call the agent's attention belongs to (tray, status line): ringing first, then talking, dialling,
/// held.
pub fn current_call(calls: &[Call]) -> Option<&Call> {
    [
        CallState::Ringing,
        CallState::Connected,
        CallState::Ringback,
        CallState::Dialing,
        CallState::Held,
    ]
    .iter()
    .find_map(|s| calls.iter().find(|c| c.state == *s))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::call;

    use CallAction::{Answer, HangUp, Retrieve};

    #[test]
    fn answer_means_the_ringing_call_that_may_be_answered() {
        let calls = vec![
            call("talk", CallState::Connected, &[HangUp]),
            call("ring", CallState::Ringing, &[Answer, HangUp]),
        ];
        assert_eq!(call_to_answer(&calls).unwrap().call_id.as_str(), "ring");
        assert!(call_to_answer(&calls[..1]).is_none());
        let not_allowed = vec![call("ring", CallState::Ringing, &[HangUp])];
        assert!(call_to_answer(&not_allowed).is_none());
    }

    #[test]
    fn hang_up_means_the_talked_on_call_and_never_a_held_one() {
        let calls = vec![
            call("held", CallState::Held, &[Retrieve, HangUp]),
            call("ring", CallState::Ringing, &[Answer, HangUp]),
            call("talk", CallState::Connected, &[HangUp]),
        ];
        assert_eq!(call_to_hang_up(&calls).unwrap().call_id.as_str(), "talk");
        assert_eq!(
            call_to_hang_up(&calls[..2]).unwrap().call_id.as_str(),
            "ring"
        );
        assert!(call_to_hang_up(&calls[..1]).is_none());
    }

    #[test]
    fn a_shortcut_means_the_call_being_talked_on_and_the_consult_leg_before_the_held_call() {
        use CallAction::{Conference, Consult, Hold, Transfer};
        let calls = vec![
            call("held", CallState::Held, &[Retrieve, HangUp, Transfer]),
            call(
                "leg",
                CallState::Connected,
                &[Hold, HangUp, Transfer, Conference],
            ),
        ];
        let id = |a| call_for(a, &calls).map(|c| c.call_id.as_str());
        assert_eq!(id(Transfer), Some("leg"));
        assert_eq!(id(Conference), Some("leg"));
        assert_eq!(id(Retrieve), Some("held"));
        assert_eq!(id(Hold), Some("leg"));
        assert_eq!(id(Consult), None, "nobody allows it");
        assert_eq!(id(HangUp), Some("leg"));
        let ringing = vec![call("ring", CallState::Ringing, &[Answer, HangUp])];
        assert_eq!(
            call_for(Answer, &ringing).map(|c| c.call_id.as_str()),
            Some("ring")
        );
        let dialling = vec![call("out", CallState::Dialing, &[HangUp, Transfer])];
        assert_eq!(
            call_for(Transfer, &dialling).map(|c| c.call_id.as_str()),
            Some("out"),
            "a consult leg still ringing out may be transferred"
        );
    }

    #[test]
    fn the_current_call_is_the_ringing_one_then_the_talked_on_one() {
        let calls = vec![
            call("held", CallState::Held, &[Retrieve]),
            call("talk", CallState::Connected, &[HangUp]),
            call("ring", CallState::Ringing, &[Answer]),
        ];
        assert_eq!(current_call(&calls).unwrap().call_id.as_str(), "ring");
        assert_eq!(current_call(&calls[..2]).unwrap().call_id.as_str(), "talk");
        assert_eq!(current_call(&calls[..1]).unwrap().call_id.as_str(), "held");
        assert!(current_call(&[]).is_none());
    }
}
