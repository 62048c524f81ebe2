//! The HTTP side: a loopback-only listener with three routes — `/well-client.js` (the SDK-shaped script),
//! `/ws` (the pages' WebSocket) and `/` (what this is) — behind the `Host` check. The WebSocket upgrade
//! checks the `Origin`: refused (403) without one, for a malformed or denied one, and when the bridge holds
//! its maximum of connections (503); an unknown origin is let in to wait for the agent's answer.

use axum::extract::ws::WebSocketUpgrade;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::sync::atomic::Ordering;
use std::sync::Arc;

use crate::guard::{check_host, HostRefusal, Origin};
use crate::origins::Access;
use crate::shared::Shared;

/// The script pages include instead of the SDK's.
pub const SCRIPT: &str = include_str!("../assets/well-client.js");

/// Largest frame the WebSocket layer reads at all; anything between the bridge's own limit and this is
/// answered with `bridge.too_large` and the socket stays.
const MAX_FRAME_BYTES: usize = 1024 * 1024;

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/", get(index))
        .route("/well-client.js", get(script).options(preflight))
        .route("/ws", get(upgrade))
        .layer(middleware::from_fn_with_state(shared.clone(), host_guard))
        .with_state(shared)
}

/// DNS rebinding: a page of `evil.example` resolved to 127.0.0.1 still sends `Host: evil.example`.
async fn host_guard(State(shared): State<Arc<Shared>>, req: Request, next: Next) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok());
    match check_host(host, shared.port) {
        Ok(()) => next.run(req).await,
        Err(HostRefusal::Missing) => {
            (StatusCode::BAD_REQUEST, "Host header required\n").into_response()
        }
        Err(HostRefusal::Foreign(h)) => {
            tracing::warn!(host = %h, "request for another host refused (DNS rebinding?)");
            (
                StatusCode::MISDIRECTED_REQUEST,
                "this server answers only to 127.0.0.1 and localhost\n",
            )
                .into_response()
        }
    }
}

async fn index() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "Well Softphone CRM bridge: include /well-client.js in a CRM page (see the README, \"Integrating a CRM\").\n",
    )
}

async fn script() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        SCRIPT,
    )
}

fn origin_of(headers: &HeaderMap) -> Option<Result<Origin, String>> {
    let raw = headers.get(header::ORIGIN)?;
    let s = raw.to_str().unwrap_or_default();
    Some(Origin::parse(s).map_err(|_| s.to_owned()))
}

/// Chrome's Private Network Access preflight (a public page loading the script): answered for an allowed
/// origin only, never with `*`.
async fn preflight(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    let allowed = match origin_of(&headers) {
        Some(Ok(o)) if shared.origins.access(&o).is_some_and(Access::allowed) => o,
        _ => return StatusCode::FORBIDDEN.into_response(),
    };
    let mut r = StatusCode::NO_CONTENT.into_response();
    let h = r.headers_mut();
    if let Ok(v) = HeaderValue::from_str(allowed.as_str()) {
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, v);
    }
    h.insert(header::VARY, HeaderValue::from_static("Origin"));
    h.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static(Method::GET.as_str()),
    );
    h.insert(
        "access-control-allow-private-network",
        HeaderValue::from_static("true"),
    );
    r
}

async fn upgrade(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    ws: WebSocketUpgrade,
) -> Response {
    let origin = match origin_of(&headers) {
        Some(Ok(o)) => o,
        Some(Err(bad)) => {
            tracing::warn!(origin = %bad, "CRM socket refused: not an origin");
            return (
                StatusCode::FORBIDDEN,
                "the Origin header is not an origin\n",
            )
                .into_response();
        }
        None => {
            return (
                StatusCode::FORBIDDEN,
                "only web pages of an allowed origin may connect\n",
            )
                .into_response()
        }
    };
    if shared.origins.knock(&origin) == Access::Denied {
        tracing::info!(%origin, "CRM socket refused: origin denied");
        let why = if shared.origins.is_fixed() {
            "this origin is not in the administrator's list\n"
        } else {
            "the agent denied this origin\n"
        };
        return (StatusCode::FORBIDDEN, why).into_response();
    }
    let limit = shared.limits.max_connections;
    if shared.connections.fetch_add(1, Ordering::Relaxed) >= limit {
        shared.connections.fetch_sub(1, Ordering::Relaxed);
        tracing::warn!(%origin, limit, "CRM socket refused: too many connections");
        return (StatusCode::SERVICE_UNAVAILABLE, "too many connections\n").into_response();
    }
    ws.max_message_size(MAX_FRAME_BYTES)
        .max_frame_size(MAX_FRAME_BYTES)
        .on_failed_upgrade({
            let shared = shared.clone();
            move |_| {
                shared.connections.fetch_sub(1, Ordering::Relaxed);
            }
        })
        .on_upgrade(move |socket| crate::connection::run(socket, shared, origin))
}
