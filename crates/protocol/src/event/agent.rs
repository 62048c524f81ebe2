//! Agent-state events (spec §5.3): one shape for all six names.

use serde::{Deserialize, Serialize};
use serde_with::skip_serializing_none;

use super::header::{AgentMode, Header};
use crate::redact::{Extra, Opaque, RawDevice};

#[skip_serializing_none]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AgentEvent {
    #[serde(flatten)]
    pub header: Header,
    pub device_id: Option<RawDevice>,
    pub agent_id: Option<String>,
    pub agent_mode: Option<AgentMode>,
    /// NotReady reason code (`1` busy, `2` manual outbound; servers may define more, §12.26).
    pub reason: Option<String>,
    pub queue_id: Option<String>,
    pub devices: Option<Opaque>,
    #[serde(flatten)]
    pub extra: Extra,
}
