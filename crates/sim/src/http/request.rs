//! What every handler of the REST adapter shares: the session check, body decoding, and a refusal as the
//! HTTP answer.

use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::de::DeserializeOwned;

use crate::shared::Shared;
use crate::switch::{Refusal, Session};

/// A refusal is a non-2xx answer with its JSON body.
impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        (status, Json(self.body)).into_response()
    }
}

/// The session named by the `sessionId` header (any case); unknown or missing → 426.
pub fn session(shared: &Shared, headers: &HeaderMap) -> Result<Session, Refusal> {
    let token = headers
        .get("sessionid")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    shared.state().switch.check_session(token)
}

/// A JSON request body as `T`, or 400 naming what it should have been.
pub fn json_body<T: DeserializeOwned>(body: &[u8], what: &str) -> Result<T, Refusal> {
    serde_json::from_slice(body).map_err(|e| Refusal::bad(format!("not {what}: {e}")))
}
