//! `POST /api/csta/agent/state` (Login, Logout, SetState; the supervisor variants act on the agent named in
//! the body) and the REST heartbeat, over the switch's agent operations.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use std::sync::Arc;
use std::time::Instant;
use well_protocol::rest::AgentStateRequest;

use super::request::{json_body, session};
use crate::shared::Shared;
use crate::switch::{LogoutTarget, Refusal};

pub async fn post(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Refusal> {
    let s = session(&shared, &headers)?;
    let req: AgentStateRequest = json_body(&body, "an agent state request")?;
    match req {
        AgentStateRequest::Login {
            login_id,
            device,
            password,
            agent_mode,
            ..
        } => shared.act(|sw| {
            sw.login(
                &login_id,
                &device,
                password.expose(),
                agent_mode,
                Instant::now(),
            )
        })?,
        AgentStateRequest::Logout {
            namespace,
            device,
            agent_id,
            login_id,
            ..
        } => {
            let target = LogoutTarget {
                agent_id: agent_id.or(login_id),
                device,
                namespace,
            };
            shared.act(|sw| sw.logout(&s, target))?
        }
        AgentStateRequest::SetState {
            agent_mode,
            reason,
            agent_id,
            login_id,
            ..
        } => {
            let target = agent_id.or(login_id).unwrap_or_else(|| s.agent_id());
            let pending = shared.act(|sw| sw.set_state(&target, agent_mode, reason))?;
            if pending {
                return Ok(
                    (StatusCode::OK, axum::Json(json!({ "pendingMode": true }))).into_response()
                );
            }
        }
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// Accepted with any valid session, also before the agent's Login (SDK 3.x sends one first).
pub async fn heartbeat(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(agent_id): Path<String>,
) -> Result<StatusCode, Refusal> {
    session(&shared, &headers)?;
    shared.act(|sw| sw.heartbeat(&agent_id, Instant::now()));
    Ok(StatusCode::NO_CONTENT)
}
