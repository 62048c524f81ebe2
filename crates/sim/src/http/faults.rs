//! Faults on demand (`/sim/faults/...`, DESIGN "Simulator control surface"), for the client's fault tests:
//! dropped sockets, paused events, raw bytes, HTTP failures and delays, refused upgrades, expired sessions,
//! a server restart; and the middleware that applies the HTTP faults.

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

use super::request::json_body;
use crate::broker::Outbound;
use crate::faults::HttpFault;
use crate::shared::Shared;
use crate::switch::Refusal;

const JSON_BODY: &str = "a JSON body of this fault";

/// Middleware: apply a matching HTTP fault to any request outside `/sim/`.
pub async fn inject(State(shared): State<Arc<Shared>>, req: Request<Body>, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let fault = shared.state().faults.take(req.method().as_str(), &path);
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

pub async fn http(State(shared): State<Arc<Shared>>, body: Bytes) -> Result<StatusCode, Refusal> {
    let f: HttpFault = json_body(&body, JSON_BODY)?;
    if f.status.is_none() && f.delay_ms.is_none() {
        return Err(Refusal::bad("give a status, a delay_ms, or both"));
    }
    if let Some(m) = &f.method {
        Method::from_bytes(m.as_bytes()).map_err(|_| Refusal::bad(format!("bad method {m}")))?;
    }
    shared.state().faults.http.push(f);
    Ok(StatusCode::NO_CONTENT)
}

pub async fn drop_connections(State(shared): State<Arc<Shared>>) -> Json<Value> {
    let n = shared.state().broker.drop_connections();
    Json(json!({ "dropped": n }))
}

pub async fn pause(State(shared): State<Arc<Shared>>) -> StatusCode {
    shared.state().broker.pause();
    StatusCode::NO_CONTENT
}

pub async fn resume(State(shared): State<Arc<Shared>>) -> StatusCode {
    shared.state().broker.resume();
    StatusCode::NO_CONTENT
}

#[derive(Deserialize)]
struct Raw {
    text: Option<String>,
    base64: Option<String>,
}

/// Exactly these bytes to every subscriber, as a text or a binary message; the socket stays open.
pub async fn raw(State(shared): State<Arc<Shared>>, body: Bytes) -> Result<Json<Value>, Refusal> {
    let r: Raw = json_body(&body, JSON_BODY)?;
    let n = match (r.text, r.base64) {
        (Some(t), None) => shared
            .state()
            .broker
            .send_to_subscribers(|| Outbound::RawText(t.clone())),
        (None, Some(b)) => {
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(b)
                .map_err(|e| Refusal::bad(format!("bad base64: {e}")))?;
            shared
                .state()
                .broker
                .send_to_subscribers(|| Outbound::RawBinary(bytes.clone()))
        }
        _ => return Err(Refusal::bad("give exactly one of text or base64")),
    };
    Ok(Json(json!({ "sent": n })))
}

#[derive(Deserialize)]
struct Count {
    count: u32,
}

pub async fn refuse_ws(
    State(shared): State<Arc<Shared>>,
    body: Bytes,
) -> Result<StatusCode, Refusal> {
    let c: Count = json_body(&body, JSON_BODY)?;
    shared.state().faults.refuse_ws = c.count;
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
) -> Result<Json<Value>, Refusal> {
    let a: Agent = json_body(&body, JSON_BODY)?;
    let expired = shared.state().switch.expire_sessions(&a.agent_id);
    Ok(Json(json!({ "expired": expired })))
}

/// A server restart: every socket dropped, every token invalid; bindings and calls survive, so a client that
/// logs in again through TPI finds its calls in `client-state`.
pub async fn restart(State(shared): State<Arc<Shared>>) -> Json<Value> {
    let dropped = shared.state().restart();
    tracing::info!(dropped, "simulated server restart");
    Json(json!({ "dropped": dropped }))
}
