//! What the agent may do now, per call and for the agent. The UI draws buttons from these lists only, and
//! the client refuses a command the list does not hold, so the rules live here and nowhere else.

use crate::agent::{AgentAction, AgentStatus, Mode};
use crate::call::{Call, CallAction, CallState, PartyState};
use crate::model::Model;

use CallAction::*;

pub(crate) fn refresh(m: &mut Model) {
    // A call we placed while exactly one other call is held by us is the consult leg of that call.
    let held: Vec<_> = m
        .calls
        .iter()
        .filter(|e| e.call.state == CallState::Held)
        .map(|e| e.call.call_id.clone())
        .collect();
    for e in &mut m.calls {
        let active_leg = matches!(
            e.call.state,
            CallState::Dialing | CallState::Ringback | CallState::Connected
        );
        e.call.consult_of = match held.as_slice() {
            [h] if e.call.me_is_caller && active_leg && *h != e.call.call_id => Some(h.clone()),
            _ => None,
        };
    }
    let actions: Vec<Vec<CallAction>> = m
        .calls
        .iter()
        .map(|e| {
            let others: Vec<&Call> = m
                .calls
                .iter()
                .map(|o| &o.call)
                .filter(|o| o.call_id != e.call.call_id)
                .collect();
            call_actions(&e.call, &others, e.transferred_away)
        })
        .collect();
    for (e, a) in m.calls.iter_mut().zip(actions) {
        e.call.needs_number = a.iter().copied().filter(|a| a.needs_number()).collect();
        e.call.allowed = a;
    }
    let allocated = m.agent.mode == Some(Mode::Allocated);
    let mut a = Vec::new();
    if m.agent.status == AgentStatus::LoggedOn && !allocated {
        if m.calls.is_empty() && m.dials.is_empty() {
            a.push(AgentAction::MakeCall);
        }
        if m.agent.mode != Some(Mode::Ready) {
            a.push(AgentAction::Ready);
        }
        a.push(AgentAction::NotReady);
        if m.calls.is_empty() {
            a.push(AgentAction::Logout);
        }
    }
    m.agent.allowed = a;
}

fn call_actions(c: &Call, others: &[&Call], transferred_away: bool) -> Vec<CallAction> {
    let mut parties = c.other_parties().peekable();
    let all_left = parties.peek().is_some() && parties.all(|p| p.state == PartyState::Left);
    if transferred_away || all_left {
        return vec![HangUp];
    }
    match c.state {
        CallState::Ringing => vec![Answer, HangUp],
        CallState::Dialing | CallState::Ringback => match &c.consult_of {
            Some(_) => vec![HangUp, CancelConsult],
            None => vec![HangUp],
        },
        CallState::Connected => {
            let mut v = vec![HangUp];
            if c.consult_of.is_some() {
                v.extend([CancelConsult, Transfer, Conference]);
            } else if others.is_empty() {
                v.push(Hold);
                if !c.conferenced {
                    v.extend([Consult, SingleStepTransfer]);
                }
                v.push(SingleStepConference);
            } else if others.iter().all(|o| o.state == CallState::Ringing) {
                // Call waiting: hold this one to take the other.
                v.push(Hold);
            }
            v
        }
        CallState::Held => {
            let consult = others
                .iter()
                .find(|o| o.consult_of.as_ref() == Some(&c.call_id));
            match consult {
                Some(k) if k.state == CallState::Connected => {
                    vec![CancelConsult, Transfer, Conference]
                }
                Some(_) => vec![CancelConsult],
                None if others
                    .iter()
                    .all(|o| matches!(o.state, CallState::Held | CallState::Ringing)) =>
                {
                    vec![Retrieve, HangUp]
                }
                None => vec![HangUp],
            }
        }
    }
}
