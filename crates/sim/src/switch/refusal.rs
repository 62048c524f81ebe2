//! Why the switch refused an operation: the status the platform answers with, and the body its clients read —
//! `{"message"}`, or the platform's own bodies for 455 and 459 (spec §10.3).

use serde_json::{json, Value};

#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("refused ({status}): {body}")]
pub struct Refusal {
    pub status: u16,
    pub body: Value,
}

impl Refusal {
    /// `status` with `{"message": message}`.
    pub fn new(status: u16, message: impl Into<String>) -> Self {
        Refusal {
            status,
            body: json!({ "message": message.into() }),
        }
    }

    /// A body the platform defines for this status.
    pub fn with_body(status: u16, body: Value) -> Self {
        Refusal { status, body }
    }

    /// 400: the request itself is wrong.
    pub fn bad(message: impl Into<String>) -> Self {
        Refusal::new(400, message)
    }

    /// 404: no such call, agent or endpoint.
    pub fn not_found(message: impl Into<String>) -> Self {
        Refusal::new(404, message)
    }

    /// 409: not possible in the call's or the agent's state; nothing was published.
    pub fn conflict(message: impl Into<String>) -> Self {
        Refusal::new(409, message)
    }

    /// The message, or the whole body where the platform's body has none.
    pub fn message(&self) -> String {
        self.body
            .get("message")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .unwrap_or_else(|| self.body.to_string())
    }
}
