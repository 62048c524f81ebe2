//! The bridge's own messages, JSON text frames on `/ws`. A page sends requests; the bridge answers each
//! with a reply of the same `id` and pushes events, state and notices.
//!
//! Page → bridge: `{"id": 7, "method": "makeCall", "params": ["13800000000", {"destForDisplay": "客户"}]}`
//! (the SDK method's name and arguments); `{"id": 1, "method": "hello", "params": [{"instance", "after"}]}`
//! resumes after a reconnect.
//!
//! Bridge → page: `reply`, `event` (numbered `n`), `state` (the agent and its calls, for the SDK's
//! synchronous getters), `waiting` (the agent has not yet allowed this origin), `resync` (events were missed:
//! the state to start again from), `error` (a frame that was no request).

use serde::{Deserialize, Serialize};
use serde_json::Value;
use well_codes::Code;

/// Largest text frame a page may send.
pub const MAX_MESSAGE_BYTES: usize = 64 * 1024;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Request {
    pub id: u64,
    pub method: String,
    #[serde(default)]
    pub params: Vec<Value>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct WireError {
    pub code: String,
    pub message: String,
}

impl WireError {
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        WireError {
            code: code.as_str().to_owned(),
            message: message.into(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Out {
    Hello {
        instance: String,
        version: String,
        /// The number of the last event so far.
        last: u64,
    },
    Reply {
        id: u64,
        ok: bool,
        #[serde(skip_serializing_if = "Option::is_none")]
        result: Option<Value>,
        #[serde(skip_serializing_if = "Option::is_none")]
        error: Option<WireError>,
    },
    Event {
        n: u64,
        /// Raised through `innerOn` (`recoverStateSuccess`, `wsReconnectSucceed`, …) instead of `on`.
        inner: bool,
        event: Value,
    },
    State {
        state: Value,
    },
    Waiting {
        origin: String,
        message: String,
    },
    Resync {
        /// What `innerOn('wsReconnectSucceed')` receives (spec §4.8 shape).
        event: Value,
        last: u64,
    },
    Error {
        error: WireError,
    },
}

impl Out {
    pub fn ok(id: u64, result: Value) -> Out {
        Out::Reply {
            id,
            ok: true,
            result: Some(result),
            error: None,
        }
    }
    pub fn err(id: u64, error: WireError) -> Out {
        Out::Reply {
            id,
            ok: false,
            result: None,
            error: Some(error),
        }
    }
    pub fn text(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|e| {
            serde_json::json!({"type": "error", "error": {"code": Code::BridgeInternal, "message": e.to_string()}})
                .to_string()
        })
    }
}

/// Read one page frame: a request, or the error to answer with (the connection stays).
pub fn parse(text: &str) -> Result<Request, WireError> {
    if text.len() > MAX_MESSAGE_BYTES {
        return Err(WireError::new(
            Code::BridgeTooLarge,
            format!("a message may be {MAX_MESSAGE_BYTES} bytes at most"),
        ));
    }
    serde_json::from_str(text).map_err(|e| {
        WireError::new(
            Code::BridgeMalformed,
            format!("not a request {{\"id\", \"method\", \"params\"}}: {e}"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_parse_and_anything_else_is_a_typed_error() {
        let r = parse(r#"{"id":3,"method":"answerCall","params":["c-1"]}"#).unwrap();
        assert_eq!(
            (r.id, r.method.as_str(), r.params.len()),
            (3, "answerCall", 1)
        );
        assert_eq!(parse("{").unwrap_err().code, "bridge.malformed");
        assert_eq!(
            parse(r#"{"id":"x","method":"a"}"#).unwrap_err().code,
            "bridge.malformed"
        );
        assert_eq!(parse(r#"[1,2]"#).unwrap_err().code, "bridge.malformed");
        let big = format!(r#"{{"id":1,"method":"{}"}}"#, "a".repeat(MAX_MESSAGE_BYTES));
        assert_eq!(parse(&big).unwrap_err().code, "bridge.too_large");
    }

    #[test]
    fn replies_carry_either_a_result_or_an_error() {
        let ok = Out::ok(1, serde_json::json!({"callId": "c"})).text();
        assert_eq!(
            ok,
            r#"{"type":"reply","id":1,"ok":true,"result":{"callId":"c"}}"#
        );
        let err = Out::err(2, WireError::new(Code::BridgeUnknownMethod, "no")).text();
        assert!(
            err.contains(r#""ok":false"#) && !err.contains("result"),
            "{err}"
        );
    }
}
