//! The simulator's control API (`/sim/...`, DESIGN "Simulator control surface"): what the outside world does —
//! a customer calls, answers, hangs up, a call fails, a supervisor logs an agent out. No session needed;
//! bodies may be empty.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Map, Value};
use std::sync::Arc;

use super::calls::{answer, publish_delivered};
use super::{log_off, ApiError};
use crate::calls::{call_event, cpa_failure, with, MakeOptions, PState, Party, SimCall};
use crate::clock::now_event_time;
use crate::events::agent_event;
use crate::shared::Shared;
use well_protocol::event::AgentMode;

fn parse<T: for<'de> Deserialize<'de> + Default>(body: &[u8]) -> Result<T, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    serde_json::from_slice(body)
        .map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, format!("bad JSON body: {e}")))
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct InboundCall {
    from: String,
    to: String,
    #[serde(default)]
    user_data: Map<String, Value>,
    call_type: Option<String>,
}

/// `POST /sim/calls {from, to, userData?, callType?}` → `201 {callId}`: a customer calls extension `to`.
pub async fn inbound(
    State(shared): State<Arc<Shared>>,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let req: InboundCall = parse(&body)?;
    if req.from.trim().is_empty() || req.to.trim().is_empty() {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "`from` and `to` are required",
        ));
    }
    let (domain, ext) = shared.dir.find_extension(&req.to).ok_or_else(|| {
        ApiError::new(
            StatusCode::CONFLICT,
            format!("extension {} does not exist", req.to),
        )
    })?;
    if !ext.registered {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            format!("extension {} is not registered", req.to),
        ));
    }
    let device = format!("{}@{domain}", req.to);
    let customer = format!("{}@{domain}", req.from.trim());
    let call_type = req.call_type.unwrap_or_else(|| "Inbound".into());
    let id = ring_inbound(&shared, &customer, &device, req.user_data, &call_type);
    Ok((StatusCode::CREATED, Json(json!({ "callId": id }))))
}

/// A customer's call rings at `device` (with whoever is logged in there): `delivered` with the call data.
pub fn ring_inbound(
    shared: &Shared,
    customer: &str,
    device: &str,
    data: Map<String, Value>,
    call_type: &str,
) -> String {
    let tz = shared.cfg.event_time_offset_minutes;
    let mut world = shared.world();
    let agent = world.bindings.get(device).cloned();
    let id = uuid::Uuid::new_v4().to_string();
    let call = SimCall {
        id: id.clone(),
        calling: customer.to_owned(),
        called: device.to_owned(),
        parties: vec![
            Party::new(customer, PState::Connected, None),
            Party::new(device, PState::Alerting, agent),
        ],
        data,
        call_type: Some(call_type.to_owned()),
        make: MakeOptions::default(),
        ring_time: now_event_time(tz),
        answer_time: None,
        conferencing: None,
        recording: true,
        consult_of: None,
        return_to: None,
        preoccupied: None,
    };
    publish_delivered(&mut world, &call, device, device, json!({}), tz);
    tracing::info!(call = %id, extension = %device, "inbound call rings");
    world.calls.insert(id.clone(), call);
    world.settle(tz);
    id
}

/// The party of the call that is no agent (the customer or the far end).
fn remote(shared: &Shared, id: &str) -> Result<(String, PState), ApiError> {
    let world = shared.world();
    let call = world
        .calls
        .get(id)
        .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, format!("no call {id}")))?;
    call.parties
        .iter()
        .find(|p| p.agent.is_none())
        .map(|p| (p.device.clone(), p.state))
        .ok_or_else(|| ApiError::new(StatusCode::CONFLICT, "no remote party in this call"))
}

/// The remote party of the call answers, if it rings (demo traffic).
pub fn answer_remote(shared: &Shared, id: &str) {
    if let Ok((device, PState::Alerting)) = remote(shared, id) {
        let tz = shared.cfg.event_time_offset_minutes;
        let _ = answer(&mut shared.world(), id, &device, tz);
    }
}

/// The remote party of the call hangs up (demo traffic).
pub fn hang_up_remote(shared: &Shared, id: &str) {
    if let Ok((device, _)) = remote(shared, id) {
        let tz = shared.cfg.event_time_offset_minutes;
        shared
            .world()
            .leave(id, &device, &device, "NORMAL_CLEARING", tz);
    }
}

/// `POST /sim/calls/{id}/answer`: the remote party answers (the far end of the agent's own call).
pub async fn remote_answer(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let (device, _) = remote(&shared, &id)?;
    let tz = shared.cfg.event_time_offset_minutes;
    answer(&mut shared.world(), &id, &device, tz)?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /sim/calls/{id}/hangup`: the remote party hangs up.
pub async fn remote_hangup(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let (device, _) = remote(&shared, &id)?;
    let tz = shared.cfg.event_time_offset_minutes;
    shared
        .world()
        .leave(&id, &device, &device, "NORMAL_CLEARING", tz);
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct Failure {
    failed_code: Option<String>,
}

/// `POST /sim/calls/{id}/fail {failedCode}`: call-progress analysis classifies the attempt as failed.
pub async fn remote_fail(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<StatusCode, ApiError> {
    let req: Failure = parse(&body)?;
    let (device, state) = remote(&shared, &id)?;
    if state != PState::Alerting {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "only a ringing far end can fail",
        ));
    }
    let code = req.failed_code.unwrap_or_else(|| "1".into());
    let (msg, cause) = cpa_failure(&code);
    let tz = shared.cfg.event_time_offset_minutes;
    let mut world = shared.world();
    let recipients = world.calls.get(&id).map(|c| c.agents()).unwrap_or_default();
    world.publish_each(&recipients, |me| {
        with(
            call_event("failed", &id, me, &device, "Fail", tz),
            json!({"cause": "Failed", "calledDevice": device, "failedCode": code, "failedMsg": msg}),
        )
    });
    world.leave(&id, &device, &device, cause, tz);
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /sim/agents/{agentId}/logout`: a supervisor (or the platform) logs the agent out.
pub async fn force_logout(
    State(shared): State<Arc<Shared>>,
    Path(agent): Path<String>,
) -> Result<StatusCode, ApiError> {
    let tz = shared.cfg.event_time_offset_minutes;
    if log_off(&mut shared.world(), &agent, tz) {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::new(
            StatusCode::NOT_FOUND,
            format!("{agent} is not logged in"),
        ))
    }
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct Campaign {
    from: String,
    to: String,
    #[serde(default)]
    user_data: Map<String, Value>,
}

/// `POST /sim/campaign {to, from, userData}` → `201 {callId}`: automatic outbound (§8.5). The Ready agent on
/// extension `to` is pre-occupied (`agentAllocated`), then the answered customer rings there as PREOCCUPIED;
/// when the call ends the agent is released with `agentReady`.
pub async fn campaign(
    State(shared): State<Arc<Shared>>,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let req: Campaign = parse(&body)?;
    let (domain, _) = shared.dir.find_extension(&req.to).ok_or_else(|| {
        ApiError::new(
            StatusCode::CONFLICT,
            format!("extension {} does not exist", req.to),
        )
    })?;
    let tz = shared.cfg.event_time_offset_minutes;
    let device = format!("{}@{domain}", req.to);
    let customer = format!("{}@{domain}", req.from.trim());
    let mut world = shared.world();
    let agent = world.bindings.get(&device).cloned().ok_or_else(|| {
        ApiError::new(
            StatusCode::CONFLICT,
            "nobody is logged in on that extension",
        )
    })?;
    let rec = world
        .agents
        .get_mut(&agent)
        .ok_or_else(|| ApiError::new(StatusCode::CONFLICT, "unknown agent"))?;
    if rec.mode != AgentMode::Ready {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "only a Ready agent can be pre-occupied",
        ));
    }
    rec.mode = AgentMode::Allocated;
    world.publish(
        &agent,
        agent_event(
            "agentAllocated",
            &agent,
            &device,
            &AgentMode::Allocated,
            None,
            tz,
        ),
    );
    let id = uuid::Uuid::new_v4().to_string();
    let mut data = Map::new();
    data.insert("origin_dnis".into(), Value::from("7022"));
    data.insert(
        "id".into(),
        Value::from(format!("{}", 57_000_000 + world.serial() % 1_000_000)),
    );
    data.insert("selectAgent".into(), Value::from(agent.clone()));
    data.insert("prdType".into(), Value::from("E"));
    data.insert("callType".into(), Value::from("PREOCCUPIED"));
    data.extend(req.user_data);
    let call = SimCall {
        id: id.clone(),
        calling: customer.clone(),
        called: device.clone(),
        parties: vec![
            Party::new(&customer, PState::Connected, None),
            Party::new(&device, PState::Alerting, Some(agent.clone())),
        ],
        data,
        call_type: Some("PreOccupied".into()),
        make: MakeOptions::default(),
        ring_time: now_event_time(tz),
        answer_time: None,
        conferencing: None,
        recording: true,
        consult_of: None,
        return_to: None,
        preoccupied: Some(agent),
    };
    publish_delivered(
        &mut world,
        &call,
        &device,
        &device,
        json!({"cause": "PREOCCUPIED", "split": format!("7022@{domain}")}),
        tz,
    );
    world.calls.insert(id.clone(), call);
    Ok((StatusCode::CREATED, Json(json!({ "callId": id }))))
}

/// `GET /sim/state`.
pub async fn state(State(shared): State<Arc<Shared>>) -> Json<Value> {
    Json(crate::view::sim_state(&shared.world()))
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct ModeChange {
    agent_mode: String,
    reason: Option<String>,
}

/// `POST /sim/agents/{agentId}/mode {agentMode, reason?}`: a supervisor-style state change.
pub async fn set_mode(
    State(shared): State<Arc<Shared>>,
    Path(agent): Path<String>,
    body: Bytes,
) -> Result<StatusCode, ApiError> {
    let req: ModeChange = parse(&body)?;
    let mode = AgentMode::from(req.agent_mode.clone());
    if !matches!(
        mode,
        AgentMode::Ready | AgentMode::NotReady | AgentMode::WorkNotReady
    ) {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "agentMode must be Ready, NotReady or WorkNotReady",
        ));
    }
    let tz = shared.cfg.event_time_offset_minutes;
    let mut world = shared.world();
    let rec = world
        .agents
        .get_mut(&agent)
        .filter(|r| r.logged_in)
        .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, format!("{agent} is not logged in")))?;
    let reason = req
        .reason
        .filter(|r| !r.is_empty() && mode == AgentMode::NotReady);
    rec.mode = mode.clone();
    rec.reason = reason.clone();
    let device = rec.device.clone().unwrap_or_default();
    world.publish(
        &agent,
        agent_event(
            crate::events::mode_event_name(&mode),
            &agent,
            &device,
            &mode,
            reason.as_deref(),
            tz,
        ),
    );
    Ok(StatusCode::NO_CONTENT)
}
