//! The server events the model applied, for the CRM bridge: the wire JSON with customer numbers in display
//! forms (what an integrated page sees by default) and the raw JSON (only for an administrator's "send raw
//! numbers to allowed origins"), numbered with the update `seq` that reflects them.

use serde_json::Value;
use std::fmt;
use std::sync::Arc;

/// How many events a slow bridge may fall behind before it re-syncs from the snapshot.
pub const CAPACITY: usize = 256;

#[derive(Clone, Debug)]
pub struct CrmEvent {
    /// The update `seq` after this event was applied: a snapshot at this `seq` or later includes it.
    pub seq: u64,
    pub name: String,
    pub masked: Arc<Value>,
    pub raw: RawEvent,
}

/// The event as the server sent it. Its `Debug` shows nothing: raw numbers never reach a log line.
#[derive(Clone)]
pub struct RawEvent(Arc<Value>);

impl RawEvent {
    pub fn new(v: Value) -> Self {
        RawEvent(Arc::new(v))
    }
    /// The raw wire JSON, for the one setting that sends it.
    pub fn expose(&self) -> &Arc<Value> {
        &self.0
    }
}

impl fmt::Debug for RawEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RawEvent(..)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_raw_event_never_prints_its_content() {
        let e = CrmEvent {
            seq: 3,
            name: "delivered".into(),
            masked: Arc::new(serde_json::json!({"callingDevice": "1391234****"})),
            raw: RawEvent::new(serde_json::json!({"callingDevice": "13912345678"})),
        };
        let text = format!("{e:?}");
        assert!(!text.contains("13912345678"), "{text}");
        assert!(text.contains("1391234****"));
    }
}
