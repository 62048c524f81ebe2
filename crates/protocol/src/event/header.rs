//! Fields every event carries (spec §5.1), and the agent-mode vocabulary (§5.3).

use serde::{Deserialize, Serialize};

use super::fields::field_group;
use crate::redact::RawDevice;

field_group! {
    /// The common fields (§5.1). `eventName` is the dispatch key; every field is optional on the wire.
    pub struct Header {
        event_name: String = "eventName",
        event_src: RawDevice = "eventSrc",
        event_time: String = "eventTime",
        event_type: String = "eventType",
        serial: u64 = "serial",
        namespace: String = "namespace",
        src_device_id: RawDevice = "srcDeviceId",
    }
}

impl Header {
    pub fn new(event_name: &str) -> Self {
        Header {
            event_name: Some(event_name.to_owned()),
            ..Default::default()
        }
    }
}

/// `agentMode` (§5.1): the five documented values, and whatever else a server sends, kept as it came.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub enum AgentMode {
    Ready,
    NotReady,
    WorkNotReady,
    Allocated,
    Logout,
    Unknown,
    Other(String),
}

impl From<String> for AgentMode {
    fn from(s: String) -> Self {
        match s.as_str() {
            "Ready" => AgentMode::Ready,
            "NotReady" => AgentMode::NotReady,
            "WorkNotReady" => AgentMode::WorkNotReady,
            "Allocated" => AgentMode::Allocated,
            "Logout" => AgentMode::Logout,
            "Unknown" => AgentMode::Unknown,
            _ => AgentMode::Other(s),
        }
    }
}

impl From<AgentMode> for String {
    fn from(m: AgentMode) -> Self {
        m.as_str().to_owned()
    }
}

impl AgentMode {
    pub fn as_str(&self) -> &str {
        match self {
            AgentMode::Ready => "Ready",
            AgentMode::NotReady => "NotReady",
            AgentMode::WorkNotReady => "WorkNotReady",
            AgentMode::Allocated => "Allocated",
            AgentMode::Logout => "Logout",
            AgentMode::Unknown => "Unknown",
            AgentMode::Other(s) => s,
        }
    }
}

/// `localState` and the `state` of `client-state` (§5.1, §3.3.6). Not used for logic (§12.17) except where
/// the server gives nothing better (recovery).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub enum LocalState {
    Connect,
    Initiate,
    Alerting,
    Hold,
    None,
    Queued,
    Fail,
    Idle,
    Other(String),
}

impl From<String> for LocalState {
    fn from(s: String) -> Self {
        match s.as_str() {
            "Connect" => LocalState::Connect,
            "Initiate" => LocalState::Initiate,
            "Alerting" => LocalState::Alerting,
            "Hold" => LocalState::Hold,
            "None" => LocalState::None,
            "Queued" => LocalState::Queued,
            "Fail" => LocalState::Fail,
            "Idle" => LocalState::Idle,
            _ => LocalState::Other(s),
        }
    }
}

impl From<LocalState> for String {
    fn from(s: LocalState) -> Self {
        s.as_str().to_owned()
    }
}

impl LocalState {
    pub fn as_str(&self) -> &str {
        match self {
            LocalState::Connect => "Connect",
            LocalState::Initiate => "Initiate",
            LocalState::Alerting => "Alerting",
            LocalState::Hold => "Hold",
            LocalState::None => "None",
            LocalState::Queued => "Queued",
            LocalState::Fail => "Fail",
            LocalState::Idle => "Idle",
            LocalState::Other(s) => s,
        }
    }
}
