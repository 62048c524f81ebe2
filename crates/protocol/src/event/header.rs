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

/// A wire vocabulary: the values we know as variants, anything else kept as it came in `Other`.
macro_rules! open_enum {
    ($(#[$m:meta])* pub enum $name:ident { $($variant:ident = $wire:literal),* $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(from = "String", into = "String")]
        pub enum $name {
            $($variant,)*
            Other(String),
        }

        impl From<String> for $name {
            fn from(s: String) -> Self {
                match s.as_str() {
                    $($wire => $name::$variant,)*
                    _ => $name::Other(s),
                }
            }
        }

        impl From<$name> for String {
            fn from(v: $name) -> Self {
                v.as_str().to_owned()
            }
        }

        impl $name {
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $wire,)*
                    $name::Other(s) => s,
                }
            }
        }
    };
}

open_enum! {
    /// `agentMode` (§5.1): the documented values, and whatever else a server sends.
    pub enum AgentMode {
        Ready = "Ready",
        NotReady = "NotReady",
        WorkNotReady = "WorkNotReady",
        Allocated = "Allocated",
        Logout = "Logout",
        Unknown = "Unknown",
    }
}

open_enum! {
    /// `localState` and the `state` of `client-state` (§5.1, §3.3.6). Not used for logic (§12.17) except where
    /// the server gives nothing better (recovery).
    pub enum LocalState {
        Connect = "Connect",
        Initiate = "Initiate",
        Alerting = "Alerting",
        Hold = "Hold",
        None = "None",
        Queued = "Queued",
        Fail = "Fail",
        Idle = "Idle",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_wire_values_are_kept() {
        let m: AgentMode = serde_json::from_str("\"Ringing\"").unwrap();
        assert_eq!(m, AgentMode::Other("Ringing".into()));
        assert_eq!(serde_json::to_string(&m).unwrap(), "\"Ringing\"");
        assert_eq!(
            serde_json::from_str::<LocalState>("\"Hold\"").unwrap(),
            LocalState::Hold
        );
    }
}
