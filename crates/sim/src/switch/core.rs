//! The switch: TPI sessions, agents and their bindings, calls, and the one global `serial`. An operation
//! changes the state and puts what the platform would publish in the outbox; it knows nothing of HTTP, STOMP
//! or timers. The steps several operations share live here: publishing, a party leaving, the end of a call
//! for an agent.

use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, HashMap};
use well_protocol::event::AgentMode;

use super::agent::{AgentRec, Session};
use super::call::{PState, SimCall};
use super::event::{agent_event, call_event, mode_event_name, with};
use crate::clock::now_event_time;
use crate::directory::Directory;

/// The platform's settings the switch's rules read.
#[derive(Clone, Debug)]
pub struct Rules {
    pub directory: Directory,
    /// Offset of the server's local time in `eventTime`, minutes.
    pub tz: i32,
    /// Licence limit of agents logged in at once (461 past it).
    pub max_agents_online: Option<usize>,
    /// Agents refused Ready with 465.
    pub ready_quota_exhausted: Vec<String>,
    /// Recording start/stop allowed (466 otherwise).
    pub recording_enabled: bool,
    /// An agent whose call ends goes to after-call work (for this long, timed outside the switch); 0: off.
    pub acw_after_call_ms: u64,
}

/// What an operation asks of the world around the switch.
#[derive(Clone, Debug, PartialEq)]
pub enum Output {
    /// Publish this event (its `serial` set) on the agent's topic.
    Event {
        agent: String,
        event: Map<String, Value>,
    },
    /// The agent has started after-call work: end it after the configured time.
    AfterCallWork { agent: String },
}

pub struct Switch {
    pub(super) rules: Rules,
    pub(super) sessions: HashMap<String, Session>,
    /// Active calls by call id.
    pub(super) calls: BTreeMap<String, SimCall>,
    pub(super) agents: BTreeMap<String, AgentRec>,
    /// Extension `number@domain` → agent id.
    pub(super) bindings: HashMap<String, String>,
    serial: u64,
    outbox: Vec<Output>,
}

impl Switch {
    pub fn new(rules: Rules) -> Self {
        Switch {
            rules,
            sessions: HashMap::new(),
            calls: BTreeMap::new(),
            agents: BTreeMap::new(),
            bindings: HashMap::new(),
            serial: 0,
            outbox: Vec::new(),
        }
    }

    /// Everything published or asked for since the last call, in order.
    pub fn drain(&mut self) -> Vec<Output> {
        std::mem::take(&mut self.outbox)
    }

    /// The last serial given to an event.
    pub fn serial(&self) -> u64 {
        self.serial
    }

    pub fn calls(&self) -> impl Iterator<Item = &SimCall> {
        self.calls.values()
    }

    pub fn agents(&self) -> impl Iterator<Item = &AgentRec> {
        self.agents.values()
    }

    pub fn session(&self, token: &str) -> Option<&Session> {
        self.sessions.get(token)
    }

    /// The TPI session tokens valid now.
    pub fn session_tokens(&self) -> Vec<String> {
        self.sessions.keys().cloned().collect()
    }

    /// Every token of that agent now gets 426; returns how many were expired.
    pub fn expire_sessions(&mut self, agent_id: &str) -> usize {
        let before = self.sessions.len();
        self.sessions.retain(|_, s| s.agent_id() != agent_id);
        before - self.sessions.len()
    }

    /// A server restart: every token invalid; bindings and calls survive.
    pub fn forget_sessions(&mut self) {
        self.sessions.clear();
    }

    /// Whether this device is a party of any call.
    pub fn device_busy(&self, device: &str) -> bool {
        self.calls.values().any(|c| c.party(device).is_some())
    }

    pub(super) fn tz(&self) -> i32 {
        self.rules.tz
    }

    pub(super) fn now(&self) -> String {
        now_event_time(self.rules.tz)
    }

    pub(super) fn agent_mut(&mut self, agent_id: &str, name: &str) -> &mut AgentRec {
        self.agents
            .entry(agent_id.to_owned())
            .or_insert_with(|| AgentRec::new(agent_id, name))
    }

    /// Give the event the next global serial and put it in the outbox for the agent's topic.
    pub(super) fn publish(&mut self, agent: &str, mut event: Map<String, Value>) -> u64 {
        self.serial += 1;
        event.insert("serial".into(), Value::from(self.serial));
        self.outbox.push(Output::Event {
            agent: agent.to_owned(),
            event,
        });
        self.serial
    }

    /// Publish to each `(agent, device)` the event `build(device)` returns.
    pub(super) fn publish_each(
        &mut self,
        recipients: &[(String, String)],
        build: impl Fn(&str) -> Map<String, Value>,
    ) {
        for (agent, device) in recipients {
            self.publish(agent, build(device));
        }
    }

    /// Set the agent's mode and publish the event that confirms it.
    pub(super) fn confirm_mode(&mut self, agent: &str, mode: AgentMode, reason: Option<String>) {
        let Some(rec) = self.agents.get_mut(agent) else {
            return;
        };
        rec.mode = mode.clone();
        rec.reason = reason.clone();
        let device = rec.device.clone().unwrap_or_default();
        let tz = self.tz();
        self.publish(
            agent,
            agent_event(
                mode_event_name(&mode),
                agent,
                &device,
                &mode,
                reason.as_deref(),
                tz,
            ),
        );
    }

    /// The `delivered` each agent of the call gets when `alerting` starts to ring; `called` is the call's
    /// called device, or the invited one for a transfer or conference invitation.
    pub(super) fn publish_delivered(
        &mut self,
        call: &SimCall,
        alerting: &str,
        called: &str,
        extra: Value,
    ) {
        let recipients = call.agents();
        let ud = call.user_data();
        let tz = self.tz();
        self.publish_each(&recipients, |me| {
            let mut m = call_event("delivered", &call.id, me, alerting, "Alerting", tz);
            m.insert("alertingDevice".into(), Value::from(alerting));
            m.insert("callingDevice".into(), Value::from(call.calling.clone()));
            m.insert("calledDevice".into(), Value::from(called));
            if let Some(t) = &call.call_type {
                m.insert("callType".into(), Value::from(t.clone()));
            }
            m.insert("userData".into(), ud.clone());
            with(m, extra.clone())
        });
    }

    /// `leaver` leaves call `id`. In a two-party call both connections clear and every agent hears both
    /// clearings, the leaver's first (§8.2). In a larger call only the leaver goes — unless it formed the
    /// conference, which then ends — and each clearing is heard by those still in the call, so a leaving
    /// agent hears only its own (§8.11).
    pub(super) fn leave(&mut self, id: &str, leaver: &str, hangup: &str, cause: &str) {
        let Some(mut call) = self.calls.remove(id) else {
            return;
        };
        let tz = self.tz();
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
            self.release_allocated(&agent);
        }
        self.settle();
    }

    /// Take the held call back (cancel consult, the end of a transfer-and-wait).
    pub(super) fn retrieve(&mut self, id: &str, device: &str) {
        let tz = self.tz();
        let Some(c) = self.calls.get_mut(id) else {
            return;
        };
        let Some(p) = c.party_mut(device).filter(|p| p.state == PState::Held) else {
            return;
        };
        p.state = PState::Connected;
        let recipients = c.agents();
        self.publish_each(&recipients, |me| {
            with(
                call_event("retrieved", id, me, device, "Connect", tz),
                json!({"retrievingDevice": device}),
            )
        });
    }

    /// A pre-occupied agent goes back to Ready (§8.5: the server releases it with `agentReady`).
    pub(super) fn release_allocated(&mut self, agent: &str) -> bool {
        if !self
            .agents
            .get(agent)
            .is_some_and(|r| r.logged_in && r.mode == AgentMode::Allocated)
        {
            return false;
        }
        self.confirm_mode(agent, AgentMode::Ready, None);
        true
    }

    /// After calls changed: an agent whose last call has just ended gets its pending mode, or after-call work
    /// when that is configured.
    pub(super) fn settle(&mut self) {
        let ids: Vec<String> = self
            .agents
            .values()
            .filter(|r| r.logged_in)
            .map(|r| r.agent_id.clone())
            .collect();
        for id in ids {
            let device = self
                .agents
                .get(&id)
                .and_then(|r| r.device.clone())
                .unwrap_or_default();
            let busy = self.device_busy(&device);
            let acw = self.rules.acw_after_call_ms > 0;
            let Some(rec) = self.agents.get_mut(&id) else {
                continue;
            };
            let ended = rec.in_call && !busy;
            rec.in_call = busy;
            if !ended {
                continue;
            }
            let next = match rec.pending.take() {
                Some(p) => Some(p),
                None if acw && rec.mode != AgentMode::Allocated => {
                    Some((AgentMode::WorkNotReady, None))
                }
                None => None,
            };
            if let Some((mode, reason)) = next {
                let acw_started = mode == AgentMode::WorkNotReady;
                self.confirm_mode(&id, mode, reason);
                if acw_started {
                    self.outbox
                        .push(Output::AfterCallWork { agent: id.clone() });
                }
            }
        }
    }
}
