//! The backend → UI contract (DESIGN "Backend → UI"): one numbered stream of whole-entity changes and a
//! snapshot to start from. The model produces `Agent`, `Call` and `CallRemoved`; the client adds the
//! connection, notices and the login-mode question, and numbers everything with one `seq`.

use serde::Serialize;
use well_protocol::ids::CallId;

use crate::agent::Agent;
use crate::call::Call;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Snapshot {
    pub seq: u64,
    /// The backend's monotonic clock when the snapshot was taken; every `*_ms` field is on that base.
    pub now_ms: u64,
    pub agent: Agent,
    pub calls: Vec<Call>,
    pub connection: Connection,
    pub notices: Vec<Notice>,
    pub pending_question: Option<Question>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Update {
    pub seq: u64,
    pub changes: Vec<Change>,
}

/// A change replaces a whole entity or removes it: the UI never merges fields.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", content = "data", rename_all = "snake_case")]
pub enum Change {
    Agent(Agent),
    Call(Call),
    CallRemoved { call_id: CallId },
    Connection(Connection),
    Notice(Notice),
    NoticeDismissed { id: u64 },
    Question(Option<Question>),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Connection {
    /// No session: before login and after logout.
    Offline,
    Connecting,
    Connected,
    Reconnecting {
        attempt: u32,
        next_try_ms: u64,
    },
    SessionLost {
        reason: String,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeLevel {
    Info,
    Warning,
    Error,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Notice {
    pub id: u64,
    pub level: NoticeLevel,
    /// Stable code the UI localizes by; `message` is the English fallback.
    pub code: String,
    pub message: String,
    pub at_ms: u64,
}

/// A question only the agent can answer (the `loginMode: ask` of spec §2.4).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Question {
    pub id: u64,
    pub code: String,
    pub message: String,
    pub expires_at_ms: u64,
    /// What the server said with it (455: `{deviceId}`, the agent's other extension), for the question's text.
    pub details: Option<serde_json::Value>,
}
