//! The SDK-synthesised ("inner") events of spec §5.5. They never travel on the wire; our client offers
//! equivalents, and these types pin their shapes (misspellings such as `isEstatblished` included).

use serde::{Deserialize, Serialize};
use serde_json::Value;
use serde_with::skip_serializing_none;

use crate::event::AgentMode;
use crate::ids::CallId;
use crate::redact::{Opaque, RawDevice};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "eventName", rename_all = "camelCase")]
pub enum InnerEvent {
    ConnectionCleared(CallEndRecord),
    LoginFailed(LoginFailed),
    WsDisconnected(WsDisconnected),
    RecoverStateSuccess(RecoverStateSuccess),
    WsReconnectSucceed(WsReconnectSucceed),
}

/// The enriched `connectionCleared`: what the call was, once it ended for us.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CallEndRecord {
    /// Spelled as the SDK spells it.
    #[serde(rename = "isEstatblished")]
    pub is_established: bool,
    pub create_time_id: Value,
    pub data: Opaque,
    pub party_device: RawDevice,
    /// `true`/`false`, or `""` for three or more parties.
    pub is_caller: Value,
    pub is_out_call: bool,
    /// Epoch ms, or `""` when never answered.
    pub established_time_id: Value,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LoginFailed {
    pub status: u16,
    pub response_text: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WsDisconnected {
    pub msg: String,
}

#[skip_serializing_none]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecoverStateSuccess {
    pub agent_id: String,
    pub extension_id: String,
    pub agent_mode: AgentMode,
    pub agent_name: Option<String>,
    pub call: Option<RecoveredCall>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecoveredCall {
    pub call_id: CallId,
    pub calling_device: RawDevice,
    pub called_device: RawDevice,
    /// `delivered`, `established`, or `""` for anything else in the SDK; we add `held`.
    pub state: String,
}

#[skip_serializing_none]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WsReconnectSucceed {
    pub agent_mode: AgentMode,
    pub active_call: Option<ReconnectCall>,
}

#[skip_serializing_none]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReconnectCall {
    pub calling_device: RawDevice,
    pub called_device: RawDevice,
    pub state: String,
    pub call_id: CallId,
    pub direction: Option<String>,
    pub create_time_id: Option<i64>,
    pub established_time_id: Option<i64>,
}
