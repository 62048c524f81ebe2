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
use well_protocol::event::AgentMode;

use crate::shared::Shared;
use crate::switch::Refusal;

/// An empty body is the defaults.
fn parse<T: for<'de> Deserialize<'de> + Default>(body: &[u8]) -> Result<T, Refusal> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    serde_json::from_slice(body).map_err(|e| Refusal::bad(format!("bad JSON body: {e}")))
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
) -> Result<(StatusCode, Json<Value>), Refusal> {
    let req: InboundCall = parse(&body)?;
    let id = shared.act(|s| s.ring_extension(&req.from, &req.to, req.user_data, req.call_type))?;
    Ok((StatusCode::CREATED, Json(json!({ "callId": id }))))
}

/// `POST /sim/calls/{id}/answer`: the remote party answers (the far end of the agent's own call).
pub async fn remote_answer(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
) -> Result<StatusCode, Refusal> {
    shared.act(|s| s.remote_answer(&id))?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /sim/calls/{id}/hangup`: the remote party hangs up.
pub async fn remote_hangup(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
) -> Result<StatusCode, Refusal> {
    shared.act(|s| s.remote_hang_up(&id))?;
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
) -> Result<StatusCode, Refusal> {
    let req: Failure = parse(&body)?;
    shared.act(|s| s.remote_fail(&id, req.failed_code))?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /sim/agents/{agentId}/logout`: a supervisor (or the platform) logs the agent out.
pub async fn force_logout(
    State(shared): State<Arc<Shared>>,
    Path(agent): Path<String>,
) -> Result<StatusCode, Refusal> {
    shared.act(|s| s.force_logout(&agent))?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct Campaign {
    from: String,
    to: String,
    #[serde(default)]
    user_data: Map<String, Value>,
}

/// `POST /sim/campaign {to, from, userData}` → `201 {callId}`: automatic outbound (§8.5).
pub async fn campaign(
    State(shared): State<Arc<Shared>>,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), Refusal> {
    let req: Campaign = parse(&body)?;
    let id = shared.act(|s| s.campaign(&req.to, &req.from, req.user_data))?;
    Ok((StatusCode::CREATED, Json(json!({ "callId": id }))))
}

/// `GET /sim/state`.
pub async fn state(State(shared): State<Arc<Shared>>) -> Json<Value> {
    Json(crate::view::sim_state(&shared.state()))
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
) -> Result<StatusCode, Refusal> {
    let req: ModeChange = parse(&body)?;
    let mode = AgentMode::from(req.agent_mode);
    shared.act(|s| s.supervise_mode(&agent, mode, req.reason))?;
    Ok(StatusCode::NO_CONTENT)
}
