//! Call control (spec §3.3.3–§3.3.6): makeCall, the connection operations, hang-up, recording, call data,
//! `client-state` and the prefix list. An operation invalid in the call's state answers 409 and publishes
//! nothing.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use std::sync::Arc;
use well_protocol::ids::{ConnectionId, DeviceId};
use well_protocol::rest::paths::ConnectionOp;
use well_protocol::rest::{MakeCallRequest, SetCallDataRequest};

use super::{session, ApiError};
use crate::calls::{call_event, with, MakeOptions, PState, Party, SimCall};
use crate::clock::now_event_time;
use crate::shared::Shared;
use crate::world::World;

fn conflict(msg: impl Into<String>) -> ApiError {
    ApiError::new(StatusCode::CONFLICT, msg)
}

fn bad(msg: impl Into<String>) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, msg)
}

/// Numbers matching the platform's default internal pattern are extensions; everything else is a trunk call.
pub fn is_internal(number: &str) -> bool {
    number.len() >= 4
        && number.len() <= 6
        && number.starts_with('8')
        && number.chars().all(|c| c.is_ascii_digit())
}

/// `userData` of a `delivered`: the system keys, then what was set on the call.
pub fn user_data(call: &SimCall) -> Value {
    let mut data = Map::new();
    data.insert("originalANI".into(), Value::from(call.calling.clone()));
    data.insert("originalDNIS".into(), Value::from(call.called.clone()));
    data.insert("originalCallId".into(), Value::from(call.id.clone()));
    for (k, v) in &call.data {
        data.insert(k.clone(), v.clone());
    }
    json!({ "data": data })
}

/// The `delivered` each agent of the call gets when `alerting` starts to ring; `called` is the call's called
/// device, or the invited one for a transfer or conference invitation.
pub fn publish_delivered(
    world: &mut World,
    call: &SimCall,
    alerting: &str,
    called: &str,
    extra: Value,
    tz: i32,
) {
    let recipients = call.agents();
    let ud = user_data(call);
    world.publish_each(&recipients, |me| {
        let mut m = call_event("delivered", &call.id, me, alerting, "Alerting", tz);
        m.insert("alertingDevice".into(), Value::from(alerting));
        m.insert("callingDevice".into(), Value::from(call.calling.clone()));
        m.insert("calledDevice".into(), Value::from(called));
        if let Some(t) = &call.call_type {
            m.insert("callType".into(), Value::from(t.clone()));
        }
        m.insert("userData".into(), ud.clone());
        with(m, extra.clone())
    });
}

pub async fn make_call(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    session(&shared, &headers)?;
    let req: MakeCallRequest =
        serde_json::from_slice(&body).map_err(|e| bad(format!("not a makeCall request: {e}")))?;
    let from = DeviceId::parse_lenient(&req.from);
    let to = req.to.as_str().trim();
    if to.is_empty() || to.contains(['/', '@', ' ']) {
        return Err(bad(
            "`to` must be a dial string (prefix and number, no domain)",
        ));
    }
    let tz = shared.cfg.event_time_offset_minutes;
    let mut world = shared.world();
    let caller = from.wire();
    let agent = world
        .bindings
        .get(&caller)
        .cloned()
        .ok_or_else(|| conflict(format!("{} is not logged in", from.number())))?;
    if to == from.number() {
        return Err(bad("an extension cannot call itself"));
    }
    let called = format!("{to}@{}", from.domain());
    let called_agent = world.bindings.get(&called).cloned();
    let id = uuid::Uuid::new_v4().to_string();
    let mut call = SimCall {
        id: id.clone(),
        calling: caller.clone(),
        called: called.clone(),
        parties: vec![
            Party::new(&caller, PState::Initiated, Some(agent.clone())),
            Party::new(&called, PState::Initiated, called_agent),
        ],
        data: Map::new(),
        call_type: Some(
            if is_internal(to) {
                "Internal"
            } else {
                "Outbound"
            }
            .into(),
        ),
        make: MakeOptions {
            origin_for_display: req.origin_for_display.map(|d| d.0),
            dest_for_display: req.dest_for_display,
            cpa: req.cpa,
            context_id: req.context_id,
        },
        ring_time: now_event_time(tz),
        answer_time: None,
        conferencing: None,
        recording: true,
        consult_of: None,
        return_to: None,
        preoccupied: None,
    };
    let me = [(agent.clone(), caller.clone())];
    world.publish_each(&me, |d| {
        with(
            call_event("serviceInitiated", &id, d, d, "Initiate", tz),
            json!({"cause": "NORMAL", "initiatedDevice": d}),
        )
    });
    world.publish_each(&me, |d| {
        with(
            call_event("originated", &id, d, d, "Initiate", tz),
            json!({"cause": "NEWCALL", "callingDevice": d, "calledDevice": called}),
        )
    });
    // The far end rings at once: the simulator's trunk and extensions are always reachable.
    if let Some(p) = call.party_mut(&called) {
        p.state = PState::Alerting;
    }
    if let Some(p) = call.party_mut(&caller) {
        p.state = PState::Connected;
    }
    publish_delivered(&mut world, &call, &called, &called, json!({}), tz);
    tracing::info!(call = %id, agent = %agent, "makeCall");
    world.calls.insert(id.clone(), call);
    world.settle(tz);
    Ok(Json(json!({ "callId": id })))
}

/// The call and the party a connection path names.
fn resolve(world: &World, call_id: &str, conn: &str) -> Result<(String, String), ApiError> {
    let c = ConnectionId::parse_path(conn).map_err(|e| bad(e.to_string()))?;
    if c.call.as_str() != call_id {
        return Err(bad("the connection id names another call"));
    }
    let call = world
        .calls
        .get(call_id)
        .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, format!("no call {call_id}")))?;
    let device = c.device.wire();
    if call.party(&device).is_none() {
        return Err(conflict(format!(
            "{} is not in call {call_id}",
            c.device.number()
        )));
    }
    Ok((call_id.to_owned(), device))
}

pub async fn connection_op(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path((call_id, conn, op)): Path<(String, String, String)>,
    body: Bytes,
) -> Result<Response, ApiError> {
    session(&shared, &headers)?;
    let op = ConnectionOp::from_path_word(&op)
        .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, format!("no such operation: {op}")))?;
    let tz = shared.cfg.event_time_offset_minutes;
    let mut world = shared.world();
    let (id, device) = resolve(&world, &call_id, &conn)?;
    match op {
        ConnectionOp::Answer => answer(&mut world, &id, &device, tz)?,
        ConnectionOp::Hold => hold(&mut world, &id, &device, true, tz)?,
        ConnectionOp::Retrieve => hold(&mut world, &id, &device, false, tz)?,
        other => super::multi::operate(&mut world, other, &id, &device, &body, tz)?,
    }
    world.settle(tz);
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `device` answers: it must be ringing. A party invited into the call (transfer target, conference guest)
/// is the called device of its `established`; a conference guest's answer forms the conference.
pub fn answer(world: &mut World, id: &str, device: &str, tz: i32) -> Result<(), ApiError> {
    let call = world
        .calls
        .get_mut(id)
        .ok_or_else(|| conflict("no such call"))?;
    let p = call
        .party_mut(device)
        .ok_or_else(|| conflict("not a party"))?;
    if p.state != PState::Alerting {
        return Err(conflict(format!(
            "{} is not ringing",
            device.split('@').next().unwrap_or_default()
        )));
    }
    p.state = PState::Connected;
    let inviter = p.invited_by.take();
    for q in call
        .parties
        .iter_mut()
        .filter(|q| q.state == PState::Initiated)
    {
        q.state = PState::Connected;
    }
    call.answer_time.get_or_insert_with(|| now_event_time(tz));
    if inviter.is_some() {
        call.conferencing = inviter.clone();
    }
    let call = call.clone();
    let called = if device == call.called || device == call.calling {
        call.called.clone()
    } else {
        device.to_owned()
    };
    let recipients = call.agents();
    world.publish_each(&recipients, |me| {
        with(
            call_event("established", id, me, device, "Connect", tz),
            json!({"answeringDevice": device, "callingDevice": call.calling, "calledDevice": called}),
        )
    });
    if let Some(inviter) = inviter {
        let by = call
            .agents()
            .into_iter()
            .find(|(a, _)| *a == inviter)
            .map(|(_, d)| d)
            .unwrap_or_default();
        world.publish_each(&recipients, |me| {
            with(
                call_event("conferenced", id, me, device, "Connect", tz),
                json!({"primaryOldCall": "0", "secondaryOldCall": id, "conferencingDevice": by, "addedParty": device, "newCall": id}),
            )
        });
    }
    Ok(())
}

fn hold(world: &mut World, id: &str, device: &str, on: bool, tz: i32) -> Result<(), ApiError> {
    let call = world
        .calls
        .get_mut(id)
        .ok_or_else(|| conflict("no such call"))?;
    let p = call
        .party_mut(device)
        .ok_or_else(|| conflict("not a party"))?;
    let (from, to, name, actor) = if on {
        (PState::Connected, PState::Held, "held", "holdingDevice")
    } else {
        (
            PState::Held,
            PState::Connected,
            "retrieved",
            "retrievingDevice",
        )
    };
    if p.state != from {
        return Err(conflict(if on {
            "only a connected call can be held"
        } else {
            "only a held call can be retrieved"
        }));
    }
    p.state = to;
    let recipients = call.agents();
    world.publish_each(&recipients, |me| {
        with(
            call_event(name, id, me, device, to.wire(), tz),
            json!({ actor: device }),
        )
    });
    Ok(())
}

pub async fn hang_up(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path((call_id, conn)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    session(&shared, &headers)?;
    let tz = shared.cfg.event_time_offset_minutes;
    let mut world = shared.world();
    let (id, device) = resolve(&world, &call_id, &conn)?;
    let back = world.calls.get(&id).and_then(|c| c.return_to.clone());
    let agent = world
        .calls
        .get(&id)
        .and_then(|c| c.party(&device))
        .and_then(|p| p.agent.clone());
    match (back, agent) {
        // Transfer-and-wait (§8.12): the consulted agent is done, the customer goes back to the waiting agent.
        (Some((held, waiting)), Some(agent)) => {
            let me = [(agent, device.clone())];
            world.publish_each(&me, |d| {
                with(call_event("connectionCleared", &id, d, &device, "Idle", tz), json!({"cause": "NORMAL_CLEARING", "releasingDevice": device, "hangupDevice": device}))
            });
            world.calls.remove(&id);
            super::multi::retrieve(&mut world, &held, &waiting, tz);
            world.settle(tz);
        }
        _ => world.leave(&id, &device, &device, "NORMAL_CLEARING", tz),
    }
    Ok(StatusCode::NO_CONTENT)
}

pub async fn recording(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(action): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<StatusCode, ApiError> {
    session(&shared, &headers)?;
    let start = match action.as_str() {
        "Start" => true,
        "Stop" => false,
        _ => {
            return Err(ApiError::new(
                StatusCode::NOT_FOUND,
                "recording action is Start or Stop",
            ))
        }
    };
    if !shared.cfg.recording_enabled {
        return Err(ApiError::status(466, "recording start/stop is disabled"));
    }
    let device =
        DeviceId::parse_lenient(q.get("extension").map(String::as_str).unwrap_or_default()).wire();
    let tz = shared.cfg.event_time_offset_minutes;
    let mut world = shared.world();
    let (id, agent) = world
        .calls
        .values()
        .rev()
        .find_map(|c| {
            c.party(&device)
                .and_then(|p| p.agent.clone())
                .map(|a| (c.id.clone(), a))
        })
        .ok_or_else(|| conflict("no call to record on this extension"))?;
    if let Some(c) = world.calls.get_mut(&id) {
        c.recording = start;
    }
    let record_id = uuid::Uuid::new_v4().to_string();
    let domain = device.split('@').nth(1).unwrap_or_default().to_owned();
    let mut e = json!({"eventName": if start { "recordStarted" } else { "recordStopped" }, "eventSrc": device,
                       "eventTime": now_event_time(tz), "eventType": "csta", "serial": 0, "namespace": domain,
                       "srcDeviceId": device, "recordId": record_id, "isSuccess": true});
    if start {
        e["callId"] = Value::from(id.clone());
        e["deviceId"] = Value::from(device.clone());
        e["fileName"] = Value::from(format!("/recordings/{domain}/{device}/{id}.wav"));
    }
    if let Value::Object(m) = e {
        world.publish(&agent, m);
    }
    Ok(StatusCode::NO_CONTENT)
}

pub async fn set_call_data(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(call_id): Path<String>,
    body: Bytes,
) -> Result<StatusCode, ApiError> {
    session(&shared, &headers)?;
    let req: SetCallDataRequest =
        serde_json::from_slice(&body).map_err(|e| bad(format!("not a call data request: {e}")))?;
    let mut world = shared.world();
    let call = world
        .calls
        .get_mut(&call_id)
        .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, format!("no call {call_id}")))?;
    for (k, v) in req.pairs() {
        call.data.insert(k, v);
    }
    Ok(StatusCode::NO_CONTENT)
}

pub async fn get_call_data(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(call_id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    session(&shared, &headers)?;
    let world = shared.world();
    let call = world
        .calls
        .get(&call_id)
        .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, format!("no call {call_id}")))?;
    Ok(Json(user_data(call)))
}

/// `client-state` (§3.3.6) for the session's agent, with `activeCall` as the platform has it and `activeCalls`
/// listing every call of the agent (held and consult legs included): our extension for multi-call recovery.
pub async fn client_state(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    let s = session(&shared, &headers)?;
    let agent_id = format!("{}@{}", s.username, s.domain);
    let world = shared.world();
    let rec = world.agents.get(&agent_id);
    let logged_in = rec.is_some_and(|r| r.logged_in);
    let device = rec.and_then(|r| r.device.clone());
    let calls: Vec<Value> = match &device {
        Some(dev) if logged_in => world
            .calls
            .values()
            .filter_map(|c| {
                let me = c.party(dev)?;
                let other = c.parties.iter().find(|p| p.device != *dev).map(|p| p.device.clone());
                let mut v = json!({"callId": c.id, "ani": c.calling, "dnis": c.called, "otherSide": other,
                                   "state": me.state.wire(), "direction": if c.calling == *dev { "Out" } else { "In" },
                                   "ringTime": c.ring_time});
                if let Some(t) = &c.answer_time {
                    v["answerTime"] = Value::from(t.clone());
                }
                Some(v)
            })
            .collect(),
        _ => Vec::new(),
    };
    let name = rec.map(|r| r.name.clone()).unwrap_or_default();
    // The platform shows one call: the one the agent is on now (a held call only when it is the only one).
    let current = calls
        .iter()
        .rev()
        .find(|c| c["state"] != "Hold")
        .or(calls.last())
        .cloned();
    let mut agent = json!({"agentId": agent_id, "agentName": name, "namespace": s.domain,
                           "extensionId": device, "agentMode": rec.filter(|r| r.logged_in).map(|r| r.mode.as_str().to_owned()).unwrap_or_else(|| "Logout".into()),
                           "activeCalls": calls});
    if let Some(c) = current {
        agent["activeCall"] = c;
    }
    Ok(Json(json!({ "agent": agent, "extension": {} })))
}

pub async fn prefixes(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    session(&shared, &headers)?;
    Ok(Json(json!({ "agentTrunks": [{ "scanPrefix": "9" }] })))
}

/// `POST .../calls/{callId}/agentGreeting {agentId, deviceId}`: the platform plays the digits into the call;
/// nothing to publish.
pub async fn greeting(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(call_id): Path<String>,
    body: Bytes,
) -> Result<StatusCode, ApiError> {
    session(&shared, &headers)?;
    let req: well_protocol::rest::AgentGreetingRequest =
        serde_json::from_slice(&body).map_err(|e| bad(format!("not a greeting request: {e}")))?;
    let world = shared.world();
    let call = world
        .calls
        .get(&call_id)
        .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, format!("no call {call_id}")))?;
    let device = DeviceId::parse_lenient(&req.device_id).wire();
    if call.party(&device).is_none() {
        return Err(conflict("the greeting device is not in the call"));
    }
    Ok(StatusCode::NO_CONTENT)
}

/// `POST .../calls/{callId}/spy?deviceId=`: a supervisor's device listens in silently; it alone hears that
/// it joined (`delivered`, `established`) and from then on the call's events.
pub async fn spy(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(call_id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<StatusCode, ApiError> {
    session(&shared, &headers)?;
    let device =
        DeviceId::parse_lenient(q.get("deviceId").map(String::as_str).unwrap_or_default()).wire();
    let tz = shared.cfg.event_time_offset_minutes;
    let mut world = shared.world();
    let agent = world
        .bindings
        .get(&device)
        .cloned()
        .ok_or_else(|| conflict("the listening device is not logged in"))?;
    let call = world
        .calls
        .get_mut(&call_id)
        .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, format!("no call {call_id}")))?;
    if call.party(&device).is_some() {
        return Err(conflict("already in the call"));
    }
    let mut p = Party::new(&device, PState::Connected, Some(agent.clone()));
    p.silent = true;
    call.parties.push(p);
    let snapshot = call.clone();
    let me = [(agent, device.clone())];
    world.publish_each(&me, |d| {
        with(call_event("delivered", &call_id, d, d, "Alerting", tz), json!({"alertingDevice": d, "callingDevice": snapshot.calling, "calledDevice": snapshot.called}))
    });
    world.publish_each(&me, |d| {
        with(call_event("established", &call_id, d, d, "Connect", tz), json!({"answeringDevice": d, "callingDevice": snapshot.calling, "calledDevice": snapshot.called}))
    });
    world.settle(tz);
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/csta/outbound/release/{agentId}`: free a pre-occupied agent (it goes back to Ready).
pub async fn release(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(agent): Path<String>,
) -> Result<StatusCode, ApiError> {
    session(&shared, &headers)?;
    let tz = shared.cfg.event_time_offset_minutes;
    let mut world = shared.world();
    if !world
        .agents
        .get(&agent)
        .is_some_and(|r| r.logged_in && r.mode == well_protocol::event::AgentMode::Allocated)
    {
        return Err(conflict(format!("{agent} is not pre-occupied")));
    }
    world.release_allocated(&agent, tz);
    Ok(StatusCode::NO_CONTENT)
}
