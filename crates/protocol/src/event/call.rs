//! Call events (spec §5.4), one struct per name. Field names are the wire's; number fields are
//! [`RawDevice`]s so that `Debug` never shows them.

use super::fields::{field_group, wire_event};
use super::header::{Header, LocalState};
use crate::ids::CallId;
use crate::redact::{Opaque, RawDevice, UserData};

field_group! {
    /// Fields shared by the call events.
    pub struct CallFields {
        call_id: CallId = "callId",
        /// The device whose state changed (may be the remote party).
        device_id: RawDevice = "deviceId",
        local_state: LocalState = "localState",
        /// Never parsed for logic (§12.18): examples disagree with `callId`.
        connection_id: RawDevice = "connectionId",
        cause: String = "cause",
    }
}

wire_event! {
    /// Off-hook for a manual makeCall, only to the caller, always first.
    pub struct ServiceInitiated [header: Header, call: CallFields] {
        initiated_device: RawDevice = "initiatedDevice",
    }
}

wire_event! {
    /// The agent's own makeCall left the device.
    pub struct Originated [header: Header, call: CallFields] {
        calling_device: RawDevice = "callingDevice",
        called_device: RawDevice = "calledDevice",
    }
}

wire_event! {
    /// The call reached a device (ringing). Carries `userData` (§5.6).
    pub struct Delivered [header: Header, call: CallFields] {
        alerting_device: RawDevice = "alertingDevice",
        calling_device: RawDevice = "callingDevice",
        called_device: RawDevice = "calledDevice",
        call_cause: String = "callCause",
        call_type: String = "callType",
        user_data: UserData = "userData",
        split: RawDevice = "split",
        last_redirection_device: RawDevice = "lastRedirectionDevice",
        trunk_group: String = "trunkGroup",
        trunk_member: String = "trunkMember",
        original_call_id: CallId = "originalCallId",
    }
}

wire_event! {
    /// The call was answered.
    pub struct Established [header: Header, call: CallFields] {
        answering_device: RawDevice = "answeringDevice",
        calling_device: RawDevice = "callingDevice",
        called_device: RawDevice = "calledDevice",
        trunk_group: String = "trunkGroup",
        trunk_member: String = "trunkMember",
        split: RawDevice = "split",
        user_data: UserData = "userData",
        sip_call_id: String = "sipCallId",
    }
}

wire_event! {
    /// A party left. Only `releasingDevice == own device` ends the call for us (§5.2).
    pub struct ConnectionCleared [header: Header, call: CallFields] {
        releasing_device: RawDevice = "releasingDevice",
        hangup_device: RawDevice = "hangupDevice",
    }
}

wire_event! {
    pub struct Held [header: Header, call: CallFields] {
        holding_device: RawDevice = "holdingDevice",
    }
}

wire_event! {
    pub struct Retrieved [header: Header, call: CallFields] {
        retrieving_device: RawDevice = "retrievingDevice",
        sip_call_id: String = "sipCallId",
    }
}

wire_event! {
    /// Single-step or consult transfer (§5.4, §8.9, §8.10).
    pub struct Transferred [header: Header, call: CallFields] {
        primary_old_call: CallId = "primaryOldCall",
        secondary_old_call: CallId = "secondaryOldCall",
        transferring_device: RawDevice = "transferringDevice",
        transferred_to_device: RawDevice = "transferredToDevice",
        new_call: CallId = "newCall",
        origin_call_info: Opaque = "originCallInfo",
    }
}

wire_event! {
    /// A conference formed or a device joined it.
    pub struct Conferenced [header: Header, call: CallFields] {
        primary_old_call: CallId = "primaryOldCall",
        secondary_old_call: CallId = "secondaryOldCall",
        conferencing_device: RawDevice = "conferencingDevice",
        added_party: RawDevice = "addedParty",
        new_call: CallId = "newCall",
    }
}

wire_event! {
    pub struct RecordStarted [header: Header, call: CallFields] {
        record_id: String = "recordId",
        file_name: Opaque = "fileName",
        is_success: bool = "isSuccess",
    }
}

wire_event! {
    pub struct RecordStopped [header: Header, call: CallFields] {
        record_id: String = "recordId",
        is_success: bool = "isSuccess",
    }
}

wire_event! {
    /// Call-progress analysis classified an outbound attempt as failed (`cpa:"1"`).
    pub struct Failed [header: Header, call: CallFields] {
        called_device: RawDevice = "calledDevice",
        failed_code: String = "failedCode",
        failed_msg: String = "failedMsg",
    }
}

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
