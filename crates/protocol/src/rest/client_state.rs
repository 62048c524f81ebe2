//! `GET /api/csta/agent/client-state` (§3.3.6) and the prefix list (§3.3.7).

use serde::{Deserialize, Serialize};
use serde_with::skip_serializing_none;

use crate::event::{AgentMode, LocalState};
use crate::ids::CallId;
use crate::redact::{Extra, Opaque, RawDevice};

#[skip_serializing_none]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClientState {
    pub agent: Option<ClientAgent>,
    /// Must be present; its contents are unused.
    pub extension: Option<Opaque>,
}

#[skip_serializing_none]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClientAgent {
    pub agent_id: Option<String>,
    pub agent_name: Option<String>,
    pub namespace: Option<String>,
    pub extension_id: Option<String>,
    pub agent_mode: Option<AgentMode>,
    /// The platform's single current call.
    pub active_call: Option<ActiveCall>,
    /// Every active call, held and consult legs included: `well-sim`'s extension for multi-call recovery.
    /// `None` means the server does not list them (a real platform).
    pub active_calls: Option<Vec<ActiveCall>>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[skip_serializing_none]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActiveCall {
    pub call_id: CallId,
    /// Calling device.
    pub ani: Option<RawDevice>,
    /// Called device.
    pub dnis: Option<RawDevice>,
    pub other_side: Option<RawDevice>,
    pub state: Option<LocalState>,
    /// Only `In` is documented.
    pub direction: Option<String>,
    /// `YYYY.MM.DD HH:mm:ss` like `eventTime`.
    pub ring_time: Option<String>,
    pub answer_time: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PrefixResponse {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_trunks: Option<Vec<AgentTrunk>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AgentTrunk {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scan_prefix: Option<String>,
}

impl PrefixResponse {
    /// Distinct `scanPrefix` values in order (§3.3.7).
    pub fn prefixes(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for p in self
            .agent_trunks
            .iter()
            .flatten()
            .filter_map(|t| t.scan_prefix.as_ref())
        {
            if !out.contains(p) {
                out.push(p.clone());
            }
        }
        out
    }
}
