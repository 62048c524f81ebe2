//! Errors of the protocol layer: event decoding and id validation. STOMP errors live in `stomp::error`.

use thiserror::Error;

/// An id that cannot be used, most often because it would change the meaning of a REST path.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum IdError {
    #[error("{kind} is empty")]
    Empty { kind: &'static str },
    /// The offending character is named, never the whole value (it may be a phone number).
    #[error("{kind} contains {what}, which is not allowed in a request path")]
    Unsafe {
        kind: &'static str,
        what: &'static str,
    },
    #[error("connection id has no '|' separator between device and call")]
    NoSeparator,
}

/// An event body that is not a JSON object, or whose known fields have the wrong type.
#[derive(Debug, Error)]
pub enum ProtocolError {
    #[error("event body is not valid JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("event body is a JSON {found}, not an object")]
    NotAnObject { found: &'static str },
    /// The dispatch key itself is not a string (nor null), so the event cannot be told.
    #[error("event body's eventName is not a string: {0}")]
    EventName(serde_json::Error),
    #[error("event {event_name} has a field of the wrong type: {source}")]
    Field {
        event_name: String,
        source: serde_json::Error,
    },
}
