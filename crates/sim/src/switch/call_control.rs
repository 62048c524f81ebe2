//! Call control (spec §3.3.3–§3.3.6): makeCall, the connection operations, hang-up, recording, call data,
//! greeting, spy and `client-state`. An operation invalid in the call's state is refused with 409 and
//! publishes nothing.

use serde_json::{json, Value};
use well_protocol::ids::{ConnectionId, DeviceId};

use super::call::{MakeOptions, PState, Party, SimCall};
use super::core::Switch;
use super::event::{call_event, with};
use super::refusal::Refusal;

/// How a consultation ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConsultEnd {
    Cancel,
    Conference,
    Transfer,
    TransferAndWait,
}

/// What an agent does to its connection in a call (`POST .../connections/{conn}/{op}`), with what the
/// operation's body named.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Operation {
    Answer,
    Hold,
    Retrieve,
    /// Hold the call and call `number` (§8.8).
    Consult {
        number: String,
    },
    /// End the consultation `consult` started from this (held) call.
    EndConsult {
        how: ConsultEnd,
        consult: String,
    },
    SingleStepTransfer {
        to: String,
    },
    SingleStepConference {
        to: String,
    },
    /// Park to an IVR and come back: not simulated (501).
    SingleStepTransferAndWait,
}

/// Numbers matching the platform's default internal pattern are extensions; everything else is a trunk call.
pub fn is_internal(number: &str) -> bool {
    number.len() >= 4
        && number.len() <= 6
        && number.starts_with('8')
        && number.chars().all(|c| c.is_ascii_digit())
}

/// `Internal` or `Outbound`, by the number dialled.
pub(super) fn dialled_call_type(number: &str) -> &'static str {
    if is_internal(number) {
        "Internal"
    } else {
        "Outbound"
    }
}

impl Switch {
    /// makeCall from extension `from` to the dial string `to`: `serviceInitiated`, `originated`, and the far
    /// end rings at once (the simulator's trunk and extensions are always reachable). Returns the call id.
    pub fn make_call(
        &mut self,
        from: &str,
        to: &str,
        make: MakeOptions,
    ) -> Result<String, Refusal> {
        let from = DeviceId::parse_lenient(from);
        let to = to.trim();
        if to.is_empty() || to.contains(['/', '@', ' ']) {
            return Err(Refusal::bad(
                "`to` must be a dial string (prefix and number, no domain)",
            ));
        }
        let caller = from.wire();
        let agent = self
            .bindings
            .get(&caller)
            .cloned()
            .ok_or_else(|| Refusal::conflict(format!("{} is not logged in", from.number())))?;
        if to == from.number() {
            return Err(Refusal::bad("an extension cannot call itself"));
        }
        let called = format!("{to}@{}", from.domain());
        let called_agent = self.bindings.get(&called).cloned();
        let id = uuid::Uuid::new_v4().to_string();
        let mut call = SimCall::new(
            id.clone(),
            &caller,
            &called,
            vec![
                Party::new(&caller, PState::Connected, Some(agent.clone())),
                Party::new(&called, PState::Alerting, called_agent),
            ],
            dialled_call_type(to),
            self.now(),
        );
        call.make = make;
        self.publish_origination(&id, &agent, &caller, &called);
        self.publish_delivered(&call, &called, &called, json!({}));
        tracing::info!(call = %id, agent = %agent, "makeCall");
        self.calls.insert(id.clone(), call);
        self.settle();
        Ok(id)
    }

    /// `serviceInitiated` and `originated` of a call `device` starts, to its agent.
    pub(super) fn publish_origination(
        &mut self,
        id: &str,
        agent: &str,
        device: &str,
        called: &str,
    ) {
        let tz = self.tz();
        let me = [(agent.to_owned(), device.to_owned())];
        self.publish_each(&me, |d| {
            with(
                call_event("serviceInitiated", id, d, d, "Initiate", tz),
                json!({"cause": "NORMAL", "initiatedDevice": d}),
            )
        });
        self.publish_each(&me, |d| {
            with(
                call_event("originated", id, d, d, "Initiate", tz),
                json!({"cause": "NEWCALL", "callingDevice": d, "calledDevice": called}),
            )
        });
    }

    /// The party (device) a connection names in call `call_id`: the call must exist and the device be in it.
    pub fn resolve(&self, call_id: &str, conn: &ConnectionId) -> Result<String, Refusal> {
        if conn.call.as_str() != call_id {
            return Err(Refusal::bad("the connection id names another call"));
        }
        let call = self
            .calls
            .get(call_id)
            .ok_or_else(|| Refusal::not_found(format!("no call {call_id}")))?;
        let device = conn.device.wire();
        if call.party(&device).is_none() {
            return Err(Refusal::conflict(format!(
                "{} is not in call {call_id}",
                conn.device.number()
            )));
        }
        Ok(device)
    }

    /// An operation on the agent's connection in a call.
    pub fn operate(
        &mut self,
        call_id: &str,
        conn: &ConnectionId,
        op: Operation,
    ) -> Result<(), Refusal> {
        let device = self.resolve(call_id, conn)?;
        match op {
            Operation::Answer => self.answer(call_id, &device)?,
            Operation::Hold => self.hold(call_id, &device, true)?,
            Operation::Retrieve => self.hold(call_id, &device, false)?,
            Operation::Consult { number } => self.consult(call_id, &device, &number)?,
            Operation::EndConsult { how, consult } => {
                self.end_consult(how, call_id, &consult, &device)?
            }
            Operation::SingleStepTransfer { to } => {
                self.single_step_transfer(call_id, &device, &to)?
            }
            Operation::SingleStepConference { to } => {
                self.single_step_conference(call_id, &device, &to)?
            }
            Operation::SingleStepTransferAndWait => {
                return Err(Refusal::new(
                    501,
                    "singleStepTransferCallAndWait (park to an IVR and come back) is not simulated",
                ))
            }
        }
        self.settle();
        Ok(())
    }

    /// `device` answers: it must be ringing. A party invited into the call (transfer target, conference
    /// guest) is the called device of its `established`; a conference guest's answer forms the conference.
    pub(super) fn answer(&mut self, id: &str, device: &str) -> Result<(), Refusal> {
        let now = self.now();
        let tz = self.tz();
        let (call, i) = self.party_in(id, device)?;
        let p = &mut call.parties[i];
        if p.state != PState::Alerting {
            return Err(Refusal::conflict(format!(
                "{} is not ringing",
                device.split('@').next().unwrap_or_default()
            )));
        }
        p.state = PState::Connected;
        let inviter = p.invited_by.take();
        for q in call
            .parties
            .iter_mut()
            .filter(|q| q.state == PState::Initiated)
        {
            q.state = PState::Connected;
        }
        call.answer_time.get_or_insert(now);
        if inviter.is_some() {
            call.conferencing = inviter.clone();
        }
        let call = call.clone();
        let called = if device == call.called || device == call.calling {
            call.called.clone()
        } else {
            device.to_owned()
        };
        let recipients = call.agents();
        self.publish_each(&recipients, |me| {
            with(
                call_event("established", id, me, device, "Connect", tz),
                json!({"answeringDevice": device, "callingDevice": call.calling, "calledDevice": called}),
            )
        });
        if let Some(inviter) = inviter {
            let by = call
                .agents()
                .into_iter()
                .find(|(a, _)| *a == inviter)
                .map(|(_, d)| d)
                .unwrap_or_default();
            self.publish_each(&recipients, |me| {
                with(
                    call_event("conferenced", id, me, device, "Connect", tz),
                    json!({"primaryOldCall": "0", "secondaryOldCall": id, "conferencingDevice": by, "addedParty": device, "newCall": id}),
                )
            });
        }
        Ok(())
    }

    /// The call and the index of `device`'s party in it, for an operation of that party.
    fn party_in(&mut self, id: &str, device: &str) -> Result<(&mut SimCall, usize), Refusal> {
        let call = self
            .calls
            .get_mut(id)
            .ok_or_else(|| Refusal::conflict("no such call"))?;
        let i = call
            .parties
            .iter()
            .position(|p| p.device == device)
            .ok_or_else(|| Refusal::conflict("not a party"))?;
        Ok((call, i))
    }

    fn hold(&mut self, id: &str, device: &str, on: bool) -> Result<(), Refusal> {
        let tz = self.tz();
        let (call, i) = self.party_in(id, device)?;
        let p = &mut call.parties[i];
        let (from, to, name, actor) = if on {
            (PState::Connected, PState::Held, "held", "holdingDevice")
        } else {
            (
                PState::Held,
                PState::Connected,
                "retrieved",
                "retrievingDevice",
            )
        };
        if p.state != from {
            return Err(Refusal::conflict(if on {
                "only a connected call can be held"
            } else {
                "only a held call can be retrieved"
            }));
        }
        p.state = to;
        let recipients = call.agents();
        self.publish_each(&recipients, |me| {
            with(
                call_event(name, id, me, device, to.wire(), tz),
                json!({ actor: device }),
            )
        });
        Ok(())
    }

    /// The agent hangs up its connection. At the consulted end of a transfer-and-wait (§8.12) the customer
    /// goes back to the waiting agent's held call.
    pub fn hang_up(&mut self, call_id: &str, conn: &ConnectionId) -> Result<(), Refusal> {
        let device = self.resolve(call_id, conn)?;
        let tz = self.tz();
        let call = self.calls.get(call_id);
        let back = call.and_then(|c| c.return_to.clone());
        let agent = call
            .and_then(|c| c.party(&device))
            .and_then(|p| p.agent.clone());
        match (back, agent) {
            (Some((held, waiting)), Some(agent)) => {
                let me = [(agent, device.clone())];
                self.publish_each(&me, |d| {
                    with(call_event("connectionCleared", call_id, d, &device, "Idle", tz), json!({"cause": "NORMAL_CLEARING", "releasingDevice": device, "hangupDevice": device}))
                });
                self.calls.remove(call_id);
                self.retrieve(&held, &waiting);
                self.settle();
            }
            _ => self.leave(call_id, &device, &device, "NORMAL_CLEARING"),
        }
        Ok(())
    }

    /// Recording Start or Stop on the extension's latest call with an agent: `recordStarted` /
    /// `recordStopped`.
    pub fn recording(&mut self, start: bool, extension: &str) -> Result<(), Refusal> {
        if !self.rules.recording_enabled {
            return Err(Refusal::new(466, "recording start/stop is disabled"));
        }
        let device = DeviceId::parse_lenient(extension).wire();
        let (id, agent) = self
            .calls
            .values()
            .rev()
            .find_map(|c| {
                c.party(&device)
                    .and_then(|p| p.agent.clone())
                    .map(|a| (c.id.clone(), a))
            })
            .ok_or_else(|| Refusal::conflict("no call to record on this extension"))?;
        if let Some(c) = self.calls.get_mut(&id) {
            c.recording = start;
        }
        let record_id = uuid::Uuid::new_v4().to_string();
        let domain = device.split('@').nth(1).unwrap_or_default().to_owned();
        let mut e = json!({"eventName": if start { "recordStarted" } else { "recordStopped" }, "eventSrc": device,
                           "eventTime": self.now(), "eventType": "csta", "serial": 0, "namespace": domain,
                           "srcDeviceId": device, "recordId": record_id, "isSuccess": true});
        if start {
            e["callId"] = Value::from(id.clone());
            e["deviceId"] = Value::from(device.clone());
            e["fileName"] = Value::from(format!("/recordings/{domain}/{device}/{id}.wav"));
        }
        if let Value::Object(m) = e {
            self.publish(&agent, m);
        }
        Ok(())
    }

    /// Set keys of the call's data (the next `delivered` of the call carries them).
    pub fn set_call_data(
        &mut self,
        call_id: &str,
        pairs: impl IntoIterator<Item = (String, Value)>,
    ) -> Result<(), Refusal> {
        let call = self
            .calls
            .get_mut(call_id)
            .ok_or_else(|| Refusal::not_found(format!("no call {call_id}")))?;
        call.data.extend(pairs);
        Ok(())
    }

    /// The call's `userData`, as `delivered` carries it.
    pub fn call_data(&self, call_id: &str) -> Result<Value, Refusal> {
        self.calls
            .get(call_id)
            .map(SimCall::user_data)
            .ok_or_else(|| Refusal::not_found(format!("no call {call_id}")))
    }

    /// `agentGreeting`: the platform plays the digits into the call; nothing to publish.
    pub fn greeting(&self, call_id: &str, device: &str) -> Result<(), Refusal> {
        let call = self
            .calls
            .get(call_id)
            .ok_or_else(|| Refusal::not_found(format!("no call {call_id}")))?;
        if call
            .party(&DeviceId::parse_lenient(device).wire())
            .is_none()
        {
            return Err(Refusal::conflict("the greeting device is not in the call"));
        }
        Ok(())
    }

    /// A supervisor's device listens in silently; it alone hears that it joined (`delivered`,
    /// `established`) and from then on the call's events.
    pub fn spy(&mut self, call_id: &str, device: &str) -> Result<(), Refusal> {
        let device = DeviceId::parse_lenient(device).wire();
        let tz = self.tz();
        let agent = self
            .bindings
            .get(&device)
            .cloned()
            .ok_or_else(|| Refusal::conflict("the listening device is not logged in"))?;
        let call = self
            .calls
            .get_mut(call_id)
            .ok_or_else(|| Refusal::not_found(format!("no call {call_id}")))?;
        if call.party(&device).is_some() {
            return Err(Refusal::conflict("already in the call"));
        }
        let mut p = Party::new(&device, PState::Connected, Some(agent.clone()));
        p.silent = true;
        call.parties.push(p);
        let (calling, called) = (call.calling.clone(), call.called.clone());
        let me = [(agent, device)];
        self.publish_each(&me, |d| {
            with(
                call_event("delivered", call_id, d, d, "Alerting", tz),
                json!({"alertingDevice": d, "callingDevice": calling, "calledDevice": called}),
            )
        });
        self.publish_each(&me, |d| {
            with(
                call_event("established", call_id, d, d, "Connect", tz),
                json!({"answeringDevice": d, "callingDevice": calling, "calledDevice": called}),
            )
        });
        self.settle();
        Ok(())
    }

    /// `client-state` (§3.3.6) for the agent, with `activeCall` as the platform has it and `activeCalls`
    /// listing every call of the agent (held and consult legs included): our extension for multi-call
    /// recovery.
    pub fn client_state(&self, agent_id: &str, namespace: &str) -> Value {
        let rec = self.agents.get(agent_id);
        let logged_in = rec.is_some_and(|r| r.logged_in);
        let device = rec.and_then(|r| r.device.clone());
        let calls: Vec<Value> = match &device {
            Some(dev) if logged_in => self
                .calls
                .values()
                .filter_map(|c| {
                    let me = c.party(dev)?;
                    let other = c.parties.iter().find(|p| p.device != *dev).map(|p| p.device.clone());
                    let mut v = json!({"callId": c.id, "ani": c.calling, "dnis": c.called, "otherSide": other,
                                       "state": me.state.wire(), "direction": if c.calling == *dev { "Out" } else { "In" },
                                       "ringTime": c.ring_time});
                    if let Some(t) = &c.answer_time {
                        v["answerTime"] = Value::from(t.clone());
                    }
                    Some(v)
                })
                .collect(),
            _ => Vec::new(),
        };
        let name = rec.map(|r| r.name.clone()).unwrap_or_default();
        // The platform shows one call: the one the agent is on now (a held call only when it is the only one).
        let current = calls
            .iter()
            .rev()
            .find(|c| c["state"] != "Hold")
            .or(calls.last())
            .cloned();
        let mode = rec
            .filter(|r| r.logged_in)
            .map(|r| r.mode.as_str().to_owned())
            .unwrap_or_else(|| "Logout".into());
        let mut agent = json!({"agentId": agent_id, "agentName": name, "namespace": namespace,
                               "extensionId": device, "agentMode": mode, "activeCalls": calls});
        if let Some(c) = current {
            agent["activeCall"] = c;
        }
        json!({ "agent": agent, "extension": {} })
    }
}
