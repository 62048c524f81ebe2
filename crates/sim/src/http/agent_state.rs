//! `POST /api/csta/agent/state` (Login, Logout, SetState; the supervisor variants act on the agent named in the
//! body) and the REST heartbeat. Checks run in the order of spec §10.3.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use std::sync::Arc;
use std::time::Instant;
use well_protocol::event::AgentMode;
use well_protocol::ids::DeviceId;
use well_protocol::rest::AgentStateRequest;

use super::{session, ApiError};
use crate::events::{agent_event, mode_event_name};
use crate::shared::Shared;
use crate::world::{Session, World};

pub async fn post(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let s = session(&shared, &headers)?;
    let req: AgentStateRequest = serde_json::from_slice(&body).map_err(|e| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            format!("not an agent state request: {e}"),
        )
    })?;
    match req {
        AgentStateRequest::Login {
            login_id,
            device,
            password,
            agent_mode,
            ..
        } => login(&shared, &login_id, &device, password.expose(), agent_mode),
        AgentStateRequest::Logout {
            namespace,
            device,
            agent_id,
            login_id,
            ..
        } => {
            let world = shared.world();
            let target = agent_id
                .or(login_id)
                .or_else(|| {
                    let device = device.as_deref()?;
                    let key = match namespace.as_deref() {
                        Some(ns) if !device.contains('@') => format!("{device}@{ns}"),
                        _ => DeviceId::parse_lenient(device).wire(),
                    };
                    world.bindings.get(&key).cloned()
                })
                .unwrap_or_else(|| own_agent(&s));
            drop(world);
            logout(&shared, &target)
        }
        AgentStateRequest::SetState {
            agent_mode,
            reason,
            agent_id,
            login_id,
            ..
        } => {
            let target = agent_id.or(login_id).unwrap_or_else(|| own_agent(&s));
            return set_state(&shared, &target, agent_mode, reason).map(|pending| {
                if pending {
                    (StatusCode::OK, axum::Json(json!({ "pendingMode": true }))).into_response()
                } else {
                    StatusCode::NO_CONTENT.into_response()
                }
            });
        }
    }
    .map(|()| StatusCode::NO_CONTENT.into_response())
}

fn own_agent(s: &Session) -> String {
    format!("{}@{}", s.username, s.domain)
}

fn login(
    shared: &Shared,
    login_id: &str,
    device: &str,
    password: &str,
    mode: AgentMode,
) -> Result<(), ApiError> {
    let (job, domain) = login_id
        .split_once('@')
        .ok_or_else(|| ApiError::status(452, "illegal agent job number"))?;
    let entry = shared
        .dir
        .agent(domain, job)
        .ok_or_else(|| ApiError::status(452, "illegal agent job number"))?;
    if !entry.enabled {
        return Err(ApiError::status(
            423,
            "agent state illegal (deleted or disabled)",
        ));
    }
    if entry.password != password {
        return Err(ApiError::status(401, "password does not match"));
    }
    let dev = DeviceId::parse_lenient(device);
    let ext_domain = if dev.domain().is_empty() {
        domain
    } else {
        dev.domain()
    };
    let ext = shared
        .dir
        .extension(ext_domain, dev.number())
        .ok_or_else(|| ApiError::status(453, "illegal extension number"))?;
    if !ext.registered {
        return Err(ApiError::status(
            451,
            "extension not registered with the SIP server",
        ));
    }
    let device = DeviceId::new(dev.number(), ext_domain).wire();
    if !matches!(mode, AgentMode::Ready | AgentMode::NotReady) {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "agentMode must be Ready or NotReady",
        ));
    }
    let tz = shared.cfg.event_time_offset_minutes;
    let mut world = shared.world();
    if world.agents.get(login_id).is_none_or(|r| !r.logged_in)
        && !world.bindings.contains_key(&device)
        && world.device_busy(&device)
    {
        return Err(ApiError::status(460, "extension busy (in a call)"));
    }
    if let Some(rec) = world.agents.get(login_id).filter(|r| r.logged_in) {
        if rec.device.as_deref() == Some(device.as_str()) {
            return Err(ApiError::status(
                454,
                "agent already logged in on this extension",
            ));
        }
        return Err(ApiError {
            status: StatusCode::from_u16(455).unwrap_or(StatusCode::CONFLICT),
            body: json!({ "deviceId": rec.device }),
        });
    }
    if let Some(other) = world.bindings.get(&device).filter(|a| *a != login_id) {
        return Err(ApiError {
            status: StatusCode::from_u16(459).unwrap_or(StatusCode::CONFLICT),
            body: json!({ "agent": other, "agentId": other }),
        });
    }
    let online = world.agents.values().filter(|r| r.logged_in).count();
    if shared
        .cfg
        .max_agents_online
        .is_some_and(|max| online >= max)
    {
        return Err(ApiError::status(
            461,
            "number of online agents at the licence limit",
        ));
    }
    world.bindings.insert(device.clone(), login_id.to_owned());
    let rec = world.agent_mut(login_id, &entry.name);
    rec.logged_in = true;
    rec.device = Some(device.clone());
    rec.mode = mode.clone();
    rec.reason = None;
    rec.last_heartbeat = Instant::now();
    rec.logins += 1;
    tracing::info!(agent = login_id, extension = %device, "agent logged in");
    world.publish(
        login_id,
        agent_event("agentLoggedOn", login_id, &device, &mode, None, tz),
    );
    world.publish(
        login_id,
        agent_event(mode_event_name(&mode), login_id, &device, &mode, None, tz),
    );
    Ok(())
}

/// Log an agent off (own logout, supervisor, heartbeat timeout) and publish `agentLoggedOff`.
pub fn log_off(world: &mut World, agent_id: &str, tz: i32) -> bool {
    let Some(rec) = world.agents.get_mut(agent_id).filter(|r| r.logged_in) else {
        return false;
    };
    rec.logged_in = false;
    rec.mode = AgentMode::Logout;
    rec.reason = None;
    let device = rec.device.take().unwrap_or_default();
    world.bindings.remove(&device);
    world.publish(
        agent_id,
        agent_event(
            "agentLoggedOff",
            agent_id,
            &device,
            &AgentMode::Logout,
            None,
            tz,
        ),
    );
    true
}

fn logout(shared: &Shared, agent_id: &str) -> Result<(), ApiError> {
    let mut world = shared.world();
    if log_off(&mut world, agent_id, shared.cfg.event_time_offset_minutes) {
        tracing::info!(agent = agent_id, "agent logged out");
        Ok(())
    } else {
        Err(ApiError::status(458, "agent already logged out"))
    }
}

/// Returns whether the change waits for the end of the agent's calls (`pendingMode`, §2.6).
fn set_state(
    shared: &Shared,
    agent_id: &str,
    mode: AgentMode,
    reason: Option<String>,
) -> Result<bool, ApiError> {
    if !matches!(mode, AgentMode::Ready | AgentMode::NotReady) {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "agentMode must be Ready or NotReady",
        ));
    }
    if mode == AgentMode::Ready
        && shared
            .cfg
            .ready_quota_exhausted
            .iter()
            .any(|a| a == agent_id)
    {
        return Err(ApiError::status(465, "ExceedAgentAutoOutboundQuota"));
    }
    let tz = shared.cfg.event_time_offset_minutes;
    let mut world = shared.world();
    let Some(device) = world
        .agents
        .get(agent_id)
        .filter(|r| r.logged_in)
        .map(|r| r.device.clone().unwrap_or_default())
    else {
        return Err(ApiError::status(458, "agent is not logged in"));
    };
    let reason = reason.filter(|r| !r.is_empty() && mode == AgentMode::NotReady);
    if world.device_busy(&device) {
        if let Some(rec) = world.agents.get_mut(agent_id) {
            rec.pending = Some((mode, reason));
        }
        return Ok(true);
    }
    if let Some(rec) = world.agents.get_mut(agent_id) {
        rec.mode = mode.clone();
        rec.reason = reason.clone();
    }
    world.publish(
        agent_id,
        agent_event(
            mode_event_name(&mode),
            agent_id,
            &device,
            &mode,
            reason.as_deref(),
            tz,
        ),
    );
    Ok(false)
}

/// Accepted with any valid session, also before the agent's Login (SDK 3.x sends one first).
pub async fn heartbeat(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(agent_id): Path<String>,
) -> Result<StatusCode, ApiError> {
    session(&shared, &headers)?;
    if let Some(rec) = shared.world().agents.get_mut(&agent_id) {
        rec.last_heartbeat = Instant::now();
    }
    Ok(StatusCode::NO_CONTENT)
}
