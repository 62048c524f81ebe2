//! Call events (spec §5.4), one struct per name. Field names are the wire's; number fields are
//! [`RawDevice`]s so that `Debug` never shows them.

use serde::{Deserialize, Serialize};
use serde_with::skip_serializing_none;

use super::header::{Header, LocalState};
use crate::ids::CallId;
use crate::redact::{Extra, Opaque, RawDevice, UserData};

/// Fields shared by the call events.
#[skip_serializing_none]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CallFields {
    pub call_id: Option<CallId>,
    /// The device whose state changed (may be the remote party).
    pub device_id: Option<RawDevice>,
    pub local_state: Option<LocalState>,
    /// Never parsed for logic (§12.18): examples disagree with `callId`.
    pub connection_id: Option<RawDevice>,
    pub cause: Option<String>,
}

macro_rules! call_event {
    ($(#[$m:meta])* $name:ident { $($(#[$fm:meta])* $field:ident : $ty:ty),* $(,)? }) => {
        $(#[$m])*
        #[skip_serializing_none]
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        #[serde(rename_all = "camelCase")]
        pub struct $name {
            #[serde(flatten)]
            pub header: Header,
            #[serde(flatten)]
            pub call: CallFields,
            $($(#[$fm])* pub $field: Option<$ty>,)*
            #[serde(flatten)]
            pub extra: Extra,
        }
    };
}

call_event!(
    /// Off-hook for a manual makeCall, only to the caller, always first.
    ServiceInitiated { initiated_device: RawDevice }
);

call_event!(
    /// The agent's own makeCall left the device.
    Originated { calling_device: RawDevice, called_device: RawDevice }
);

call_event!(
    /// The call reached a device (ringing). Carries `userData` (§5.6).
    Delivered {
        alerting_device: RawDevice,
        calling_device: RawDevice,
        called_device: RawDevice,
        call_cause: String,
        call_type: String,
        user_data: UserData,
        split: RawDevice,
        last_redirection_device: RawDevice,
        trunk_group: String,
        trunk_member: String,
        original_call_id: CallId,
    }
);

call_event!(
    /// The call was answered.
    Established {
        answering_device: RawDevice,
        calling_device: RawDevice,
        called_device: RawDevice,
        trunk_group: String,
        trunk_member: String,
        split: RawDevice,
        user_data: UserData,
        sip_call_id: String,
    }
);

call_event!(
    /// A party left. Only `releasingDevice == own device` ends the call for us (§5.2).
    ConnectionCleared { releasing_device: RawDevice, hangup_device: RawDevice }
);

call_event!(Held {
    holding_device: RawDevice
});

call_event!(Retrieved {
    retrieving_device: RawDevice,
    sip_call_id: String
});

call_event!(
    /// Single-step or consult transfer (§5.4, §8.9, §8.10).
    Transferred {
        primary_old_call: CallId,
        secondary_old_call: CallId,
        transferring_device: RawDevice,
        transferred_to_device: RawDevice,
        new_call: CallId,
        origin_call_info: Opaque,
    }
);

call_event!(
    /// A conference formed or a device joined it.
    Conferenced {
        primary_old_call: CallId,
        secondary_old_call: CallId,
        conferencing_device: RawDevice,
        added_party: RawDevice,
        new_call: CallId,
    }
);

call_event!(RecordStarted {
    record_id: String,
    file_name: Opaque,
    is_success: bool
});

call_event!(RecordStopped {
    record_id: String,
    is_success: bool
});

call_event!(
    /// Call-progress analysis classified an outbound attempt as failed (`cpa:"1"`).
    Failed { called_device: RawDevice, failed_code: String, failed_msg: String }
);

impl Transferred {
    pub fn primary_old(&self) -> Option<CallId> {
        CallId::from_old_call(self.primary_old_call.as_ref().map(CallId::as_str))
    }
    pub fn secondary_old(&self) -> Option<CallId> {
        CallId::from_old_call(self.secondary_old_call.as_ref().map(CallId::as_str))
    }
    pub fn new_call_id(&self) -> Option<CallId> {
        CallId::from_old_call(self.new_call.as_ref().map(CallId::as_str))
    }
}

impl Conferenced {
    pub fn primary_old(&self) -> Option<CallId> {
        CallId::from_old_call(self.primary_old_call.as_ref().map(CallId::as_str))
    }
    pub fn secondary_old(&self) -> Option<CallId> {
        CallId::from_old_call(self.secondary_old_call.as_ref().map(CallId::as_str))
    }
    pub fn new_call_id(&self) -> Option<CallId> {
        CallId::from_old_call(self.new_call.as_ref().map(CallId::as_str))
    }
}
