//! A call in the switch: who is in it and in which state, what it was made with, and how `/sim/state` shows it.

use serde_json::{json, Map, Value};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PState {
    Initiated,
    Alerting,
    Connected,
    Held,
}

impl PState {
    /// The word `localState` and `client-state` use.
    pub fn wire(self) -> &'static str {
        match self {
            PState::Initiated => "Initiate",
            PState::Alerting => "Alerting",
            PState::Connected => "Connect",
            PState::Held => "Hold",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Party {
    /// `number@domain`.
    pub device: String,
    pub state: PState,
    /// The agent logged in on this device, if any.
    pub agent: Option<String>,
    /// Invited by this agent's single-step conference: answering forms the conference.
    pub invited_by: Option<String>,
    /// A supervisor listening in (spy): hears the call's events, counts for nobody.
    pub silent: bool,
}

impl Party {
    pub fn new(device: &str, state: PState, agent: Option<String>) -> Self {
        Party {
            device: device.to_owned(),
            state,
            agent,
            invited_by: None,
            silent: false,
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct MakeOptions {
    pub origin_for_display: Option<String>,
    pub dest_for_display: Option<String>,
    pub cpa: Option<String>,
    pub context_id: Option<String>,
}

#[derive(Clone, Debug)]
pub struct SimCall {
    pub id: String,
    pub calling: String,
    pub called: String,
    pub parties: Vec<Party>,
    /// `userData.data` of `delivered`: the system keys plus what was set on the call.
    pub data: Map<String, Value>,
    pub call_type: Option<String>,
    pub make: MakeOptions,
    pub ring_time: String,
    pub answer_time: Option<String>,
    /// The agent that formed a conference; when it leaves, everybody goes.
    pub conferencing: Option<String>,
    pub recording: bool,
    /// A consult leg: the held call it was started from.
    pub consult_of: Option<String>,
    /// Transfer-and-wait: when the consulted agent leaves, the customer goes back to this agent's held call.
    pub return_to: Option<(String, String)>,
    /// A campaign call: this agent is released (Ready) when the call ends.
    pub preoccupied: Option<String>,
}

impl SimCall {
    /// A new call: not answered, recorded, no options, no conference or consult links.
    pub fn new(
        id: String,
        calling: &str,
        called: &str,
        parties: Vec<Party>,
        call_type: &str,
        ring_time: String,
    ) -> Self {
        SimCall {
            id,
            calling: calling.to_owned(),
            called: called.to_owned(),
            parties,
            data: Map::new(),
            call_type: Some(call_type.to_owned()),
            make: MakeOptions::default(),
            ring_time,
            answer_time: None,
            conferencing: None,
            recording: true,
            consult_of: None,
            return_to: None,
            preoccupied: None,
        }
    }

    /// `userData` of a `delivered`: the system keys, then what was set on the call.
    pub fn user_data(&self) -> Value {
        let mut data = Map::new();
        data.insert("originalANI".into(), Value::from(self.calling.clone()));
        data.insert("originalDNIS".into(), Value::from(self.called.clone()));
        data.insert("originalCallId".into(), Value::from(self.id.clone()));
        for (k, v) in &self.data {
            data.insert(k.clone(), v.clone());
        }
        json!({ "data": data })
    }

    pub fn party(&self, device: &str) -> Option<&Party> {
        self.parties.iter().find(|p| p.device == device)
    }
    pub fn party_mut(&mut self, device: &str) -> Option<&mut Party> {
        self.parties.iter_mut().find(|p| p.device == device)
    }
    pub fn agents(&self) -> Vec<(String, String)> {
        self.parties
            .iter()
            .filter_map(|p| p.agent.clone().map(|a| (a, p.device.clone())))
            .collect()
    }
}

/// A call as `/sim/state` shows it: the spec's state words, raw numbers (this is the test surface, not a UI),
/// and the makeCall options kept opaque.
pub fn view(c: &SimCall) -> Value {
    let state = if c.parties.iter().any(|p| p.state == PState::Alerting) {
        "Alerting"
    } else if c.parties.iter().any(|p| p.state == PState::Held) {
        "Hold"
    } else if c.parties.iter().all(|p| p.state == PState::Connected) {
        "Connect"
    } else {
        "Initiate"
    };
    let parties: Vec<Value> = c
        .parties
        .iter()
        .map(|p| json!({"deviceId": p.device, "raw": p.device.split('@').next().unwrap_or_default(), "state": p.state.wire(), "agentId": p.agent}))
        .collect();
    json!({"callId": c.id, "state": state, "parties": parties, "destForDisplay": c.make.dest_for_display,
           "originForDisplay": c.make.origin_for_display, "cpa": c.make.cpa, "contextId": c.make.context_id,
           "userData": c.data, "callType": c.call_type, "recording": c.recording})
}

/// `failedCode` → (`failedMsg`, the hang-up cause that follows), spec §5.4.
pub fn cpa_failure(code: &str) -> (&'static str, &'static str) {
    match code {
        "1" => ("busy now", "USER_BUSY"),
        "2" => ("call reminder", "CALL_REJECTED"),
        "3" => ("not reachable", "SUBSCRIBER_ABSENT"),
        "4" => ("barring of incomming", "CALL_REJECTED"),
        "5" => ("forwarded", "CALL_REJECTED"),
        "6" => ("power off", "SUBSCRIBER_ABSENT"),
        "7" => ("out of service", "SUBSCRIBER_ABSENT"),
        "8" => ("does not exist", "UNALLOCATED_NUMBER"),
        "9" => ("hold on", "USER_BUSY"),
        "10" => ("line is busy", "NORMAL_TEMPORARY_FAILURE"),
        "11" => ("not answer", "NO_ANSWER"),
        _ => ("unknown", "UNKNOWN"),
    }
}
