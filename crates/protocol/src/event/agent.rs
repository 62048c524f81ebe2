//! Agent-state events (spec §5.3): one shape for all six names.

use super::fields::wire_event;
use super::header::{AgentMode, Header};
use crate::redact::{Opaque, RawDevice};

wire_event! {
    pub struct AgentEvent [header: Header] {
        device_id: RawDevice = "deviceId",
        agent_id: String = "agentId",
        agent_mode: AgentMode = "agentMode",
        /// NotReady reason code (`1` busy, `2` manual outbound; servers may define more, §12.26).
        reason: String = "reason",
        queue_id: String = "queueId",
        devices: Opaque = "devices",
    }
}
