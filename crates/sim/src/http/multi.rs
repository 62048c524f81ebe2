//! Operations that change who is in a call or which calls exist (spec §3.3.4, §8.8–§8.12): consult and its
//! endings (cancel, conference, transfer, transfer-and-wait), single-step transfer and conference.

use axum::body::Bytes;
use axum::http::StatusCode;
use serde_json::json;
use well_protocol::ids::DeviceId;
use well_protocol::rest::paths::ConnectionOp;
use well_protocol::rest::{
    ConsultCallRequest, ConsultRequest, SingleStepConferenceRequest, SingleStepTransferRequest,
};

use super::calls::{is_internal, publish_delivered};
use super::ApiError;
use crate::calls::{call_event, with, MakeOptions, PState, Party, SimCall};
use crate::clock::now_event_time;
use crate::world::World;

fn conflict(msg: impl Into<String>) -> ApiError {
    ApiError::new(StatusCode::CONFLICT, msg)
}

fn body<T: serde::de::DeserializeOwned>(b: &Bytes) -> Result<T, ApiError> {
    serde_json::from_slice(b)
        .map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, format!("bad request body: {e}")))
}

/// The own party's state in a call, or a conflict.
fn state_of(world: &World, id: &str, device: &str) -> Result<PState, ApiError> {
    world
        .calls
        .get(id)
        .and_then(|c| c.party(device))
        .map(|p| p.state)
        .ok_or_else(|| conflict("not in that call"))
}

/// A dial string of this domain as a device.
fn target(device: &str, number: &str) -> String {
    let domain = DeviceId::parse_lenient(device).domain().to_owned();
    format!("{}@{domain}", number.trim())
}

pub fn operate(
    world: &mut World,
    op: ConnectionOp,
    id: &str,
    device: &str,
    b: &Bytes,
    tz: i32,
) -> Result<(), ApiError> {
    match op {
        ConnectionOp::Consult => consult(
            world,
            id,
            device,
            &body::<ConsultRequest>(b)?.consultation_participant.0,
            tz,
        ),
        ConnectionOp::CancelConsult
        | ConnectionOp::Conference
        | ConnectionOp::Transfer
        | ConnectionOp::TransferAndWait => {
            let consult = body::<ConsultCallRequest>(b)?.consult_call_id;
            end_consult(world, op, id, consult.as_str(), device, tz)
        }
        ConnectionOp::SingleStepTransferCallAndWait => Err(ApiError::new(
            StatusCode::NOT_IMPLEMENTED,
            "singleStepTransferCallAndWait (park to an IVR and come back) is not simulated",
        )),
        ConnectionOp::SingleStepTransfer => {
            let to = body::<SingleStepTransferRequest>(b)?.transfer_to.0;
            single_step_transfer(world, id, device, &to, tz)
        }
        ConnectionOp::SingleStepConference => {
            let req = body::<SingleStepConferenceRequest>(b)?;
            single_step_conference(world, id, device, &req.conference_participant.0, tz)
        }
        ConnectionOp::Answer | ConnectionOp::Hold | ConnectionOp::Retrieve => {
            Err(conflict("handled elsewhere"))
        }
    }
}

/// The active call is held at once and a second call to `number` starts (§8.8).
fn consult(
    world: &mut World,
    id: &str,
    device: &str,
    number: &str,
    tz: i32,
) -> Result<(), ApiError> {
    if state_of(world, id, device)? != PState::Connected {
        return Err(conflict("only a connected call can be consulted from"));
    }
    let called = target(device, number);
    if called == device || number.trim().is_empty() {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "consult needs another number",
        ));
    }
    let agent = world
        .calls
        .get(id)
        .and_then(|c| c.party(device))
        .and_then(|p| p.agent.clone());
    // Hold the first call.
    if let Some(c) = world.calls.get_mut(id) {
        if let Some(p) = c.party_mut(device) {
            p.state = PState::Held;
        }
        let recipients = c.agents();
        world.publish_each(&recipients, |me| {
            with(
                call_event("held", id, me, device, "Hold", tz),
                json!({"holdingDevice": device}),
            )
        });
    }
    let called_agent = world.bindings.get(&called).cloned();
    let c2 = uuid::Uuid::new_v4().to_string();
    let mut call = SimCall {
        id: c2.clone(),
        calling: device.to_owned(),
        called: called.clone(),
        parties: vec![
            Party::new(device, PState::Connected, agent.clone()),
            Party::new(&called, PState::Alerting, called_agent),
        ],
        data: Default::default(),
        call_type: Some(
            if is_internal(number.trim()) {
                "Internal"
            } else {
                "Outbound"
            }
            .into(),
        ),
        make: MakeOptions::default(),
        ring_time: now_event_time(tz),
        answer_time: None,
        conferencing: None,
        recording: true,
        consult_of: Some(id.to_owned()),
        return_to: None,
        preoccupied: None,
    };
    if let Some(a) = agent {
        let me = [(a, device.to_owned())];
        world.publish_each(&me, |d| {
            with(
                call_event("serviceInitiated", &c2, d, d, "Initiate", tz),
                json!({"cause": "NORMAL", "initiatedDevice": d}),
            )
        });
        world.publish_each(&me, |d| {
            with(
                call_event("originated", &c2, d, d, "Initiate", tz),
                json!({"cause": "NEWCALL", "callingDevice": d, "calledDevice": called}),
            )
        });
    }
    call.answer_time = None;
    publish_delivered(world, &call, &called, &called, json!({}), tz);
    world.calls.insert(c2, call);
    Ok(())
}

/// Cancel, conference, transfer or transfer-and-wait: `id` is the held call, `consult` the consult leg.
fn end_consult(
    world: &mut World,
    op: ConnectionOp,
    id: &str,
    consult: &str,
    device: &str,
    tz: i32,
) -> Result<(), ApiError> {
    if state_of(world, id, device)? != PState::Held {
        return Err(conflict("the first call must be held"));
    }
    let leg = world
        .calls
        .get(consult)
        .ok_or_else(|| conflict(format!("no consult call {consult}")))?
        .clone();
    if leg.party(device).is_none() {
        return Err(conflict("the consult call is not ours"));
    }
    if leg.consult_of.as_deref() != Some(id) {
        return Err(conflict(format!("{consult} is not a consultation of {id}")));
    }
    let held = world
        .calls
        .get(id)
        .cloned()
        .ok_or_else(|| conflict("no such call"))?;
    let consulted = leg
        .parties
        .iter()
        .find(|p| p.device != device)
        .cloned()
        .ok_or_else(|| conflict("nobody to talk to"))?;
    let customer = held.parties.iter().find(|p| p.device != device).cloned();
    let origin = json!({"callId": id, "callingDevice": held.calling, "calledDevice": held.called});
    match op {
        ConnectionOp::CancelConsult => {
            world.leave(consult, device, device, "NORMAL_CLEARING", tz);
            retrieve(world, id, device, tz);
        }
        ConnectionOp::Conference => {
            // One call for everybody, under the held call's id; the consult leg goes away silently.
            let mut everyone = held.clone();
            if let Some(p) = everyone.party_mut(device) {
                p.state = PState::Connected;
            }
            let mut joined = consulted.clone();
            joined.state = PState::Connected;
            everyone.parties.push(joined);
            everyone.conferencing = everyone.party(device).and_then(|p| p.agent.clone());
            let recipients = everyone.agents();
            world.calls.remove(consult);
            world.calls.insert(id.to_owned(), everyone);
            world.publish_each(&recipients, |me| {
                with(
                    call_event("conferenced", id, me, &consulted.device, "Connect", tz),
                    json!({"primaryOldCall": id, "secondaryOldCall": consult, "conferencingDevice": device,
                           "addedParty": consulted.device, "newCall": id}),
                )
            });
        }
        ConnectionOp::Transfer => {
            // The held party and the consulted one talk on the held call's id; our two connections clear.
            // The target hears both clearings on that id (its consult leg has taken the held call's name).
            let fields = json!({"cause": "TRANSFER", "primaryOldCall": id, "secondaryOldCall": consult,
                                "transferringDevice": device, "transferredToDevice": consulted.device, "newCall": id,
                                "originCallInfo": origin});
            let me: Vec<(String, String)> = held
                .agents()
                .into_iter()
                .filter(|(_, d)| d == device)
                .collect();
            let held_others: Vec<(String, String)> = held
                .agents()
                .into_iter()
                .filter(|(_, d)| d != device)
                .collect();
            let targets: Vec<(String, String)> = leg
                .agents()
                .into_iter()
                .filter(|(_, d)| d != device)
                .collect();
            let everyone: Vec<(String, String)> = me
                .iter()
                .chain(&held_others)
                .chain(&targets)
                .cloned()
                .collect();
            world.publish_each(&everyone, |d| {
                with(
                    call_event("transferred", id, d, d, "Connect", tz),
                    fields.clone(),
                )
            });
            let cleared = |call: &str, d: &str| {
                with(
                    call_event("connectionCleared", call, d, device, "Idle", tz),
                    json!({"cause": "NORMAL_CLEARING", "releasingDevice": device, "hangupDevice": device}),
                )
            };
            world.publish_each(&me, |d| cleared(id, d));
            world.publish_each(&me, |d| cleared(consult, d));
            world.publish_each(&held_others, |d| cleared(id, d));
            world.publish_each(&targets, |d| cleared(id, d));
            world.publish_each(&targets, |d| cleared(id, d));
            let mut merged = held.clone();
            merged.parties.retain(|p| p.device != device);
            let mut target = consulted.clone();
            target.state = PState::Connected;
            merged.parties.push(target);
            world.calls.remove(consult);
            world.calls.insert(id.to_owned(), merged);
        }
        ConnectionOp::TransferAndWait => {
            // The consulted agent talks to the customer on the consult call; we wait on the held one.
            let own = [(
                held.party(device)
                    .and_then(|p| p.agent.clone())
                    .unwrap_or_default(),
                device.to_owned(),
            )];
            world.publish_each(&own, |me| {
                with(call_event("connectionCleared", consult, me, device, "Idle", tz), json!({"cause": "NORMAL_CLEARING", "releasingDevice": device, "hangupDevice": device}))
            });
            let fields = json!({"cause": "TRANSFER", "primaryOldCall": id, "secondaryOldCall": consult,
                                "transferringDevice": device, "transferredToDevice": consulted.device, "newCall": consult,
                                "originCallInfo": origin});
            let others: Vec<(String, String)> = leg
                .agents()
                .into_iter()
                .filter(|(_, d)| d != device)
                .collect();
            world.publish_each(&others, |me| {
                with(
                    call_event("transferred", consult, me, me, "Connect", tz),
                    fields.clone(),
                )
            });
            world.publish_each(&others, |me| {
                with(call_event("connectionCleared", consult, me, device, "Idle", tz), json!({"cause": "NORMAL_CLEARING", "releasingDevice": device, "hangupDevice": device}))
            });
            let mut talk = leg.clone();
            talk.parties.retain(|p| p.device != device);
            if let Some(c) = customer {
                talk.parties
                    .insert(0, Party::new(&c.device, PState::Connected, c.agent.clone()));
            }
            talk.return_to = Some((id.to_owned(), device.to_owned()));
            world.calls.insert(consult.to_owned(), talk);
        }
        _ => return Err(conflict("not a consult operation")),
    }
    Ok(())
}

/// Take the held call back (cancel consult, the end of a transfer-and-wait).
pub fn retrieve(world: &mut World, id: &str, device: &str, tz: i32) {
    let Some(c) = world.calls.get_mut(id) else {
        return;
    };
    let Some(p) = c.party_mut(device).filter(|p| p.state == PState::Held) else {
        return;
    };
    p.state = PState::Connected;
    let recipients = c.agents();
    world.publish_each(&recipients, |me| {
        with(
            call_event("retrieved", id, me, device, "Connect", tz),
            json!({"retrievingDevice": device}),
        )
    });
}

/// Blind transfer (§8.10): the target rings at once and we leave; no new call id.
fn single_step_transfer(
    world: &mut World,
    id: &str,
    device: &str,
    number: &str,
    tz: i32,
) -> Result<(), ApiError> {
    if state_of(world, id, device)? != PState::Connected {
        return Err(conflict("only a connected call can be transferred"));
    }
    let to = target(device, number);
    if to == device || world.calls.get(id).is_some_and(|c| c.party(&to).is_some()) {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "transfer to a party of the call",
        ));
    }
    let agent = world.bindings.get(&to).cloned();
    let Some(call) = world.calls.get_mut(id) else {
        return Err(conflict("no such call"));
    };
    call.parties.push(Party::new(&to, PState::Alerting, agent));
    let snapshot = call.clone();
    publish_delivered(world, &snapshot, &to, &to, json!({}), tz);
    let fields = json!({"cause": "SINGLESTEPTRANSFER", "primaryOldCall": id, "secondaryOldCall": id,
                        "transferringDevice": device, "transferredToDevice": to, "newCall": id});
    let recipients = snapshot.agents();
    world.publish_each(&recipients, |me| {
        with(
            call_event("transferred", id, me, &to, "Connect", tz),
            fields.clone(),
        )
    });
    world.publish_each(&recipients, |me| {
        with(
            call_event("connectionCleared", id, me, device, "Idle", tz),
            json!({"cause": "NORMAL_CLEARING", "releasingDevice": device, "hangupDevice": device}),
        )
    });
    if let Some(c) = world.calls.get_mut(id) {
        c.parties.retain(|p| p.device != device);
    }
    Ok(())
}

/// Invite a third party (§8.11): it rings; when it answers the conference forms.
fn single_step_conference(
    world: &mut World,
    id: &str,
    device: &str,
    number: &str,
    tz: i32,
) -> Result<(), ApiError> {
    if state_of(world, id, device)? != PState::Connected {
        return Err(conflict("only a connected call can be extended"));
    }
    let to = target(device, number);
    if world.calls.get(id).is_some_and(|c| c.party(&to).is_some()) {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "already in the call",
        ));
    }
    let agent = world.bindings.get(&to).cloned();
    let Some(call) = world.calls.get_mut(id) else {
        return Err(conflict("no such call"));
    };
    let inviter = call.party(device).and_then(|p| p.agent.clone());
    let mut guest = Party::new(&to, PState::Alerting, agent);
    guest.invited_by = inviter;
    call.parties.push(guest);
    let snapshot = call.clone();
    publish_delivered(world, &snapshot, &to, &to, json!({}), tz);
    Ok(())
}
