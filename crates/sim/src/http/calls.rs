//! Call control over REST (spec §3.3.3–§3.3.6): each handler checks the session, decodes the platform's
//! request, and runs the switch's operation.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::Arc;
use well_protocol::ids::ConnectionId;
use well_protocol::rest::paths::ConnectionOp;
use well_protocol::rest::{
    AgentGreetingRequest, ConsultCallRequest, ConsultRequest, MakeCallRequest, SetCallDataRequest,
    SingleStepConferenceRequest, SingleStepTransferRequest,
};

use super::request::{json_body, session};
use crate::shared::Shared;
use crate::switch::{ConsultEnd, MakeOptions, Operation, Refusal};

pub async fn make_call(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Value>, Refusal> {
    session(&shared, &headers)?;
    let req: MakeCallRequest = json_body(&body, "a makeCall request")?;
    let make = MakeOptions {
        origin_for_display: req.origin_for_display.map(|d| d.0),
        dest_for_display: req.dest_for_display,
        cpa: req.cpa,
        context_id: req.context_id,
    };
    let id = shared.act(|s| s.make_call(&req.from, req.to.as_str(), make))?;
    Ok(Json(json!({ "callId": id })))
}

fn connection(segment: &str) -> Result<ConnectionId, Refusal> {
    ConnectionId::parse_path(segment).map_err(|e| Refusal::bad(e.to_string()))
}

/// The operation a path word and its body name.
fn operation(op: ConnectionOp, body: &[u8]) -> Result<Operation, Refusal> {
    const WHAT: &str = "a request body for this operation";
    let end = |how| -> Result<Operation, Refusal> {
        let req: ConsultCallRequest = json_body(body, WHAT)?;
        Ok(Operation::EndConsult {
            how,
            consult: req.consult_call_id.as_str().to_owned(),
        })
    };
    Ok(match op {
        ConnectionOp::Answer => Operation::Answer,
        ConnectionOp::Hold => Operation::Hold,
        ConnectionOp::Retrieve => Operation::Retrieve,
        ConnectionOp::Consult => Operation::Consult {
            number: json_body::<ConsultRequest>(body, WHAT)?
                .consultation_participant
                .0,
        },
        ConnectionOp::CancelConsult => end(ConsultEnd::Cancel)?,
        ConnectionOp::Conference => end(ConsultEnd::Conference)?,
        ConnectionOp::Transfer => end(ConsultEnd::Transfer)?,
        ConnectionOp::TransferAndWait => end(ConsultEnd::TransferAndWait)?,
        ConnectionOp::SingleStepTransferCallAndWait => Operation::SingleStepTransferAndWait,
        ConnectionOp::SingleStepTransfer => Operation::SingleStepTransfer {
            to: json_body::<SingleStepTransferRequest>(body, WHAT)?
                .transfer_to
                .0,
        },
        ConnectionOp::SingleStepConference => Operation::SingleStepConference {
            to: json_body::<SingleStepConferenceRequest>(body, WHAT)?
                .conference_participant
                .0,
        },
    })
}

pub async fn connection_op(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path((call_id, conn, op)): Path<(String, String, String)>,
    body: Bytes,
) -> Result<StatusCode, Refusal> {
    session(&shared, &headers)?;
    let op = ConnectionOp::from_path_word(&op)
        .ok_or_else(|| Refusal::not_found(format!("no such operation: {op}")))?;
    let conn = connection(&conn)?;
    let mut state = shared.state();
    // The call and the party are checked before the body, as the platform does.
    state.switch.resolve(&call_id, &conn)?;
    let op = operation(op, &body)?;
    state.act(|s| s.operate(&call_id, &conn, op))?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn hang_up(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path((call_id, conn)): Path<(String, String)>,
) -> Result<StatusCode, Refusal> {
    session(&shared, &headers)?;
    let conn = connection(&conn)?;
    shared.act(|s| s.hang_up(&call_id, &conn))?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn recording(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(action): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<StatusCode, Refusal> {
    session(&shared, &headers)?;
    let start = match action.as_str() {
        "Start" => true,
        "Stop" => false,
        _ => return Err(Refusal::not_found("recording action is Start or Stop")),
    };
    let extension = q.get("extension").map(String::as_str).unwrap_or_default();
    shared.act(|s| s.recording(start, extension))?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn set_call_data(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(call_id): Path<String>,
    body: Bytes,
) -> Result<StatusCode, Refusal> {
    session(&shared, &headers)?;
    let req: SetCallDataRequest = json_body(&body, "a call data request")?;
    shared.act(|s| s.set_call_data(&call_id, req.pairs()))?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn get_call_data(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(call_id): Path<String>,
) -> Result<Json<Value>, Refusal> {
    session(&shared, &headers)?;
    Ok(Json(shared.state().switch.call_data(&call_id)?))
}

/// `client-state` for the session's agent.
pub async fn client_state(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
) -> Result<Json<Value>, Refusal> {
    let s = session(&shared, &headers)?;
    Ok(Json(
        shared.state().switch.client_state(&s.agent_id(), &s.domain),
    ))
}

pub async fn prefixes(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
) -> Result<Json<Value>, Refusal> {
    session(&shared, &headers)?;
    Ok(Json(json!({ "agentTrunks": [{ "scanPrefix": "9" }] })))
}

/// `POST .../calls/{callId}/agentGreeting {agentId, deviceId}`.
pub async fn greeting(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(call_id): Path<String>,
    body: Bytes,
) -> Result<StatusCode, Refusal> {
    session(&shared, &headers)?;
    let req: AgentGreetingRequest = json_body(&body, "a greeting request")?;
    shared.state().switch.greeting(&call_id, &req.device_id)?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST .../calls/{callId}/spy?deviceId=`.
pub async fn spy(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(call_id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<StatusCode, Refusal> {
    session(&shared, &headers)?;
    let device = q.get("deviceId").map(String::as_str).unwrap_or_default();
    shared.act(|s| s.spy(&call_id, device))?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/csta/outbound/release/{agentId}`: free a pre-occupied agent.
pub async fn release(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(agent): Path<String>,
) -> Result<StatusCode, Refusal> {
    session(&shared, &headers)?;
    shared.act(|s| s.release(&agent))?;
    Ok(StatusCode::NO_CONTENT)
}
