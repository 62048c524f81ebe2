//! Faults on demand (`/sim/faults/...`, DESIGN "Simulator control surface"), for the client's fault tests:
//! dropped sockets, paused events, raw bytes, HTTP failures and delays, refused upgrades, expired sessions,
//! a server restart.

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::Engine;
use serde::Deserialize;
use serde_json::{json, Value};
use std::sync::Arc;
use std::time::Duration;

use crate::http::ApiError;
use crate::shared::Shared;
use crate::world::Outbound;

/// The next `count` requests matching `method` (any when absent) and `path_prefix` fail with `status`, or, with
/// `delay_ms` and no status, are delayed and then served.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
pub struct HttpFault {
    pub method: Option<String>,
    pub path_prefix: String,
    pub status: Option<u16>,
    #[serde(default = "one")]
    pub count: u32,
    pub delay_ms: Option<u64>,
}

fn one() -> u32 {
    1
}

fn parse<T: for<'de> Deserialize<'de>>(body: &Bytes) -> Result<T, ApiError> {
    serde_json::from_slice(body)
        .map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, format!("bad JSON body: {e}")))
}

/// Middleware: apply a matching HTTP fault to any request outside `/sim/`.
pub async fn inject(State(shared): State<Arc<Shared>>, req: Request<Body>, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let fault = if path.starts_with("/sim/") {
        None
    } else {
        let mut world = shared.world();
        let method = req.method().clone();
        let hit = world.http_faults.iter_mut().find(|f| {
            f.count > 0
                && path.starts_with(&f.path_prefix)
                && f.method
                    .as_deref()
                    .is_none_or(|m| m.eq_ignore_ascii_case(method.as_str()))
        });
        hit.map(|f| {
            f.count -= 1;
            f.clone()
        })
    };
    if let Some(f) = fault {
        if let Some(ms) = f.delay_ms {
            tokio::time::sleep(Duration::from_millis(ms)).await;
        }
        if let Some(status) = f.status {
            tracing::info!(%path, status, "injected HTTP failure");
            let code = StatusCode::from_u16(status).unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
            return (code, Json(json!({ "message": "injected" }))).into_response();
        }
    }
    next.run(req).await
}

pub async fn http(State(shared): State<Arc<Shared>>, body: Bytes) -> Result<StatusCode, ApiError> {
    let f: HttpFault = parse(&body)?;
    if f.status.is_none() && f.delay_ms.is_none() {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "give a status, a delay_ms, or both",
        ));
    }
    if let Some(m) = &f.method {
        Method::from_bytes(m.as_bytes())
            .map_err(|_| ApiError::new(StatusCode::BAD_REQUEST, format!("bad method {m}")))?;
    }
    shared.world().http_faults.push(f);
    Ok(StatusCode::NO_CONTENT)
}

pub async fn drop_connections(State(shared): State<Arc<Shared>>) -> Json<Value> {
    let n = shared.world().drop_connections();
    Json(json!({ "dropped": n }))
}

pub async fn pause(State(shared): State<Arc<Shared>>) -> StatusCode {
    shared.world().pause();
    StatusCode::NO_CONTENT
}

pub async fn resume(State(shared): State<Arc<Shared>>) -> StatusCode {
    shared.world().resume();
    StatusCode::NO_CONTENT
}

#[derive(Deserialize)]
struct Raw {
    text: Option<String>,
    base64: Option<String>,
}

/// Exactly these bytes to every subscriber, as a text or a binary message; the socket stays open.
pub async fn raw(State(shared): State<Arc<Shared>>, body: Bytes) -> Result<Json<Value>, ApiError> {
    let r: Raw = parse(&body)?;
    let out = match (r.text, r.base64) {
        (Some(t), None) => Outbound::RawText(t),
        (None, Some(b)) => Outbound::RawBinary(
            base64::engine::general_purpose::STANDARD
                .decode(b)
                .map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, format!("bad base64: {e}")))?,
        ),
        _ => {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "give exactly one of text or base64",
            ))
        }
    };
    let n = shared.world().send_to_subscribers(|| match &out {
        Outbound::RawText(t) => Outbound::RawText(t.clone()),
        Outbound::RawBinary(b) => Outbound::RawBinary(b.clone()),
        _ => Outbound::Drop,
    });
    Ok(Json(json!({ "sent": n })))
}

#[derive(Deserialize)]
struct Count {
    count: u32,
}

pub async fn refuse_ws(
    State(shared): State<Arc<Shared>>,
    body: Bytes,
) -> Result<StatusCode, ApiError> {
    let c: Count = parse(&body)?;
    shared.world().refuse_ws = c.count;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Agent {
    agent_id: String,
}

/// Every token of that agent now gets 426.
pub async fn expire_session(
    State(shared): State<Arc<Shared>>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let a: Agent = parse(&body)?;
    let expired = shared.world().expire_sessions(&a.agent_id);
    Ok(Json(json!({ "expired": expired })))
}

/// A server restart: every socket dropped, every token invalid; bindings and calls survive, so a client that
/// logs in again through TPI finds its calls in `client-state`.
pub async fn restart(State(shared): State<Arc<Shared>>) -> Json<Value> {
    let dropped = shared.world().restart();
    tracing::info!(dropped, "simulated server restart");
    Json(json!({ "dropped": dropped }))
}
