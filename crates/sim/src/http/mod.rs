//! The platform's REST API on the simulator's one port, with the CORS a browser SDK needs (spec §2.2, §10.12):
//! the origin header on every response, errors included, and pre-flights answered.

mod agent_state;
mod calls;
mod control;
mod faults;
mod request;
mod tpi;

use axum::http::{HeaderName, Method};
use axum::routing::{any, delete, get, post};
use axum::Router;
use std::sync::Arc;
use tower_http::cors::{Any, CorsLayer};

use crate::shared::Shared;
use crate::switch::Refusal;

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
        faults::inject,
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
            post(faults::drop_connections),
        )
        .route("/sim/faults/pause-events", post(faults::pause))
        .route("/sim/faults/resume-events", post(faults::resume))
        .route("/sim/faults/raw", post(faults::raw))
        .route("/sim/faults/http", post(faults::http))
        .route("/sim/faults/refuse-ws", post(faults::refuse_ws))
        .route("/sim/faults/expire-session", post(faults::expire_session))
        .route("/sim/restart", post(faults::restart))
}

async fn not_found(method: Method, uri: axum::http::Uri) -> Refusal {
    Refusal::not_found(format!("no such endpoint: {method} {}", uri.path()))
}
