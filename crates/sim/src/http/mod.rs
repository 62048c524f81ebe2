//! The platform's REST API on the simulator's one port, with the CORS a browser SDK needs (spec §2.2, §10.12):
//! the origin header on every response, errors included, and pre-flights answered.

mod agent_state;
mod calls;
pub(crate) mod control;
mod multi;
mod tpi;

pub use agent_state::log_off;
pub use control::{answer_remote, hang_up_remote, ring_inbound};

use axum::http::{HeaderMap, HeaderName, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, delete, get, post};
use axum::{Json, Router};
use serde_json::{json, Value};
use std::sync::Arc;
use tower_http::cors::{Any, CorsLayer};

use crate::shared::Shared;
use crate::world::Session;

pub fn router(shared: Arc<Shared>) -> Router {
    let mut r = Router::new();
    for path in well_protocol::rest::paths::TPI_LOGIN_PATHS {
        r = r.route(path, post(tpi::login));
    }
    let cors = CorsLayer::new()
        .allow_origin(Any)
        .allow_headers([
            HeaderName::from_static("sessionid"),
            axum::http::header::CONTENT_TYPE,
        ])
        .allow_methods([Method::GET, Method::POST, Method::DELETE]);
    r.route(
        well_protocol::rest::paths::AGENT_STATE,
        post(agent_state::post),
    )
    .route(
        "/api/csta/agent/heartbeat/{agent_id}",
        post(agent_state::heartbeat),
    )
    .route(
        well_protocol::rest::paths::STOMP_WEBSOCKET,
        any(crate::stomp_ws::upgrade),
    )
    .route(well_protocol::rest::paths::CALLS, post(calls::make_call))
    .route(
        "/api/csta/callControl/calls/{call_id}/connections/{conn}/{op}",
        post(calls::connection_op),
    )
    .route(
        "/api/csta/callControl/calls/{call_id}/connections/{conn}",
        delete(calls::hang_up),
    )
    .route(
        "/api/csta/callControl/calls/{call_id}/user-data",
        post(calls::set_call_data),
    )
    .route(
        "/api/csta/callControl/calls/{call_id}/user-data/",
        get(calls::get_call_data),
    )
    .route(
        "/api/csta/callControl/recording/{action}",
        post(calls::recording),
    )
    .route(
        well_protocol::rest::paths::CLIENT_STATE,
        get(calls::client_state),
    )
    .route(
        "/api/operation/operation/tenants/{domain}/agents/{agent_id}",
        get(calls::prefixes),
    )
    .route(
        "/api/csta/callControl/calls/{call_id}/agentGreeting",
        post(calls::greeting),
    )
    .route(
        "/api/csta/callControl/calls/{call_id}/spy",
        post(calls::spy),
    )
    .route(
        "/api/csta/outbound/release/{agent_id}",
        post(calls::release),
    )
    .merge(if shared.cfg.control {
        control_routes()
    } else {
        Router::new()
    })
    .fallback(not_found)
    .layer(axum::middleware::from_fn_with_state(
        shared.clone(),
        crate::faults::inject,
    ))
    .layer(cors)
    .with_state(shared)
}

/// The simulator's own control API (`/sim/...`): not part of the platform; off with `--no-control`.
fn control_routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/sim/calls", post(control::inbound))
        .route("/sim/calls/{id}/answer", post(control::remote_answer))
        .route("/sim/calls/{id}/hangup", post(control::remote_hangup))
        .route("/sim/calls/{id}/fail", post(control::remote_fail))
        .route("/sim/agents/{agent_id}/logout", post(control::force_logout))
        .route("/sim/campaign", post(control::campaign))
        .route("/sim/agents/{agent_id}/mode", post(control::set_mode))
        .route("/sim/state", get(control::state))
        .route(
            "/sim/faults/drop-connections",
            post(crate::faults::drop_connections),
        )
        .route("/sim/faults/pause-events", post(crate::faults::pause))
        .route("/sim/faults/resume-events", post(crate::faults::resume))
        .route("/sim/faults/raw", post(crate::faults::raw))
        .route("/sim/faults/http", post(crate::faults::http))
        .route("/sim/faults/refuse-ws", post(crate::faults::refuse_ws))
        .route(
            "/sim/faults/expire-session",
            post(crate::faults::expire_session),
        )
        .route("/sim/restart", post(crate::faults::restart))
}

async fn not_found(method: Method, uri: axum::http::Uri) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        format!("no such endpoint: {method} {}", uri.path()),
    )
}

/// A non-2xx answer with a JSON body: `{"message"}`, or the bodies the SDK reads for 455 and 459.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub body: Value,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        ApiError {
            status,
            body: json!({ "message": message.into() }),
        }
    }

    pub fn status(code: u16, message: impl Into<String>) -> Self {
        ApiError::new(
            StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            message,
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(self.body)).into_response()
    }
}

/// The session named by the `sessionId` header (any case). Unknown or missing → 426, the only status that
/// makes the SDK log in again (§10.2).
pub fn session(shared: &Shared, headers: &HeaderMap) -> Result<Session, ApiError> {
    let token = headers
        .get("sessionid")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let world = shared.world();
    world
        .sessions
        .get(token)
        .cloned()
        .ok_or_else(|| ApiError::new(StatusCode::UPGRADE_REQUIRED, "get AccessToken failed"))
}
