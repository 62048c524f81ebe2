//! TPI login (§2.1) and `POST /api/csta/agent/state` (§2.3–§2.7, §3.3.1–§3.3.2).

use serde::{Deserialize, Serialize};
use serde_with::skip_serializing_none;

use crate::event::AgentMode;
use crate::redact::{RawDevice, Secret};

/// The TPI login form (`application/x-www-form-urlencoded`). We encode it properly; the reference SDK does
/// not, so a server must also tolerate unencoded values (§2.1).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TpiLoginForm {
    pub username: String,
    pub password: Secret,
    pub namespace: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TpiLoginResponse {
    pub session_id: Secret,
}

/// The body of `/api/csta/agent/state`, dispatched on `func` (case-sensitive). The supervisor variants of
/// §3.3.2 are the same three shapes with other fields filled.
#[skip_serializing_none]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "func")]
pub enum AgentStateRequest {
    #[serde(rename_all = "camelCase")]
    Login {
        login_id: String,
        device: String,
        password: Secret,
        agent_mode: AgentMode,
        session_id: Option<Secret>,
    },
    #[serde(rename_all = "camelCase")]
    Logout {
        namespace: Option<String>,
        device: Option<String>,
        agent_id: Option<String>,
        login_id: Option<String>,
        session_id: Option<Secret>,
    },
    #[serde(rename_all = "camelCase")]
    SetState {
        device: Option<String>,
        agent_mode: AgentMode,
        namespace: Option<String>,
        /// NotReady reason code; the SDK sends `""` for none.
        reason: Option<String>,
        agent_id: Option<String>,
        login_id: Option<String>,
    },
}

/// A SetState may answer 200 `{"pendingMode": true}`: the change applies later (§2.6).
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AgentStateResponse {
    #[serde(default)]
    pub pending_mode: bool,
}

/// 455: the agent is logged in on another extension, named here.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Error455 {
    pub device_id: Option<RawDevice>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_mode: Option<AgentMode>,
}

/// 459: the extension is held by another agent. The docs say `agentId`, the SDK reads `agent`: a server sends
/// both.
#[skip_serializing_none]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Error459 {
    pub agent: Option<String>,
    pub agent_id: Option<String>,
}

impl Error459 {
    pub fn holder(&self) -> Option<&str> {
        self.agent.as_deref().or(self.agent_id.as_deref())
    }
}
