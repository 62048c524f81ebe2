//! Calls in the simulator: who is in each call and in which state, and the event sequences of spec §8 that
//! each change publishes — one copy per agent in the call, with that agent's device as `srcDeviceId`.

use serde_json::{json, Map, Value};
use well_protocol::event::AgentMode;

use crate::clock::now_event_time;
use crate::world::World;

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

/// The common fields of a call event, as one agent receives it.
pub fn call_event(
    name: &str,
    call: &str,
    me: &str,
    device: &str,
    local: &str,
    tz: i32,
) -> Map<String, Value> {
    let domain = me.split('@').nth(1).unwrap_or_default();
    let v = json!({
        "eventName": name, "eventSrc": me, "eventTime": now_event_time(tz), "eventType": "csta", "serial": 0,
        "namespace": domain, "srcDeviceId": me, "callId": call, "deviceId": device, "localState": local,
        "connectionId": format!("{me}|{call}"),
    });
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

pub fn with(mut m: Map<String, Value>, fields: Value) -> Map<String, Value> {
    if let Value::Object(f) = fields {
        m.extend(f);
    }
    m
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

impl World {
    /// Publish to each `(agent, device)` the event `build(device)` returns.
    pub fn publish_each(
        &mut self,
        recipients: &[(String, String)],
        build: impl Fn(&str) -> Map<String, Value>,
    ) {
        for (agent, device) in recipients {
            self.publish(agent, build(device));
        }
    }

    /// `leaver` leaves call `id`. In a two-party call both connections clear and every agent hears both
    /// clearings, the leaver's first (§8.2). In a larger call only the leaver goes — unless it formed the
    /// conference, which then ends — and each clearing is heard by those still in the call, so a leaving
    /// agent hears only its own (§8.11).
    pub fn leave(&mut self, id: &str, leaver: &str, hangup: &str, cause: &str, tz: i32) {
        let Some(mut call) = self.calls.remove(id) else {
            return;
        };
        let two = call.parties.iter().filter(|p| !p.silent).count() <= 2;
        let leaver_agent = call.party(leaver).and_then(|p| p.agent.clone());
        let teardown = two || (leaver_agent.is_some() && call.conferencing == leaver_agent);
        let mut order = vec![leaver.to_owned()];
        if teardown {
            order.extend(
                call.parties
                    .iter()
                    .map(|p| p.device.clone())
                    .filter(|d| d != leaver),
            );
        }
        let everyone = call.agents();
        for dev in order {
            let silent = call.party(&dev).is_some_and(|p| p.silent);
            let recipients = if silent {
                // A listener's leaving is heard by the listener only.
                call.agents()
                    .into_iter()
                    .filter(|(_, d)| *d == dev)
                    .collect()
            } else if two {
                everyone.clone()
            } else {
                call.agents()
            };
            self.publish_each(&recipients, |me| {
                let fields =
                    json!({"cause": cause, "releasingDevice": dev, "hangupDevice": hangup});
                with(
                    call_event("connectionCleared", id, me, &dev, "Idle", tz),
                    fields,
                )
            });
            call.parties.retain(|p| p.device != dev);
        }
        if !call.parties.is_empty() {
            self.calls.insert(id.to_owned(), call);
        } else if let Some(agent) = call.preoccupied {
            self.release_allocated(&agent, tz);
        }
        self.settle(tz);
    }

    /// A pre-occupied agent goes back to Ready (§8.5: the server releases it with `agentReady`).
    pub fn release_allocated(&mut self, agent: &str, tz: i32) {
        let Some(rec) = self
            .agents
            .get_mut(agent)
            .filter(|r| r.logged_in && r.mode == AgentMode::Allocated)
        else {
            return;
        };
        rec.mode = AgentMode::Ready;
        let device = rec.device.clone().unwrap_or_default();
        self.publish(
            agent,
            crate::events::agent_event("agentReady", agent, &device, &AgentMode::Ready, None, tz),
        );
    }
}
