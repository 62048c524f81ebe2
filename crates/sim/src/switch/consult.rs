//! Operations that change who is in a call or which calls exist (spec §8.8–§8.12): consult and its endings
//! (cancel, conference, transfer, transfer-and-wait), single-step transfer and conference.

use serde_json::json;
use well_protocol::ids::DeviceId;

use super::call::{PState, Party, SimCall};
use super::call_control::{dialled_call_type, ConsultEnd};
use super::core::Switch;
use super::event::{call_event, with};
use super::refusal::Refusal;

/// A dial string of this domain as a device.
fn target(device: &str, number: &str) -> String {
    let domain = DeviceId::parse_lenient(device).domain().to_owned();
    format!("{}@{domain}", number.trim())
}

impl Switch {
    /// The own party's state in a call, or a conflict.
    fn state_of(&self, id: &str, device: &str) -> Result<PState, Refusal> {
        self.calls
            .get(id)
            .and_then(|c| c.party(device))
            .map(|p| p.state)
            .ok_or_else(|| Refusal::conflict("not in that call"))
    }

    /// The active call is held at once and a second call to `number` starts (§8.8).
    pub(super) fn consult(&mut self, id: &str, device: &str, number: &str) -> Result<(), Refusal> {
        let tz = self.tz();
        if self.state_of(id, device)? != PState::Connected {
            return Err(Refusal::conflict(
                "only a connected call can be consulted from",
            ));
        }
        let called = target(device, number);
        if called == device || number.trim().is_empty() {
            return Err(Refusal::bad("consult needs another number"));
        }
        let agent = self
            .calls
            .get(id)
            .and_then(|c| c.party(device))
            .and_then(|p| p.agent.clone());
        // Hold the first call.
        if let Some(c) = self.calls.get_mut(id) {
            if let Some(p) = c.party_mut(device) {
                p.state = PState::Held;
            }
            let recipients = c.agents();
            self.publish_each(&recipients, |me| {
                with(
                    call_event("held", id, me, device, "Hold", tz),
                    json!({"holdingDevice": device}),
                )
            });
        }
        let called_agent = self.bindings.get(&called).cloned();
        let c2 = uuid::Uuid::new_v4().to_string();
        let mut call = SimCall::new(
            c2.clone(),
            device,
            &called,
            vec![
                Party::new(device, PState::Connected, agent.clone()),
                Party::new(&called, PState::Alerting, called_agent),
            ],
            dialled_call_type(number.trim()),
            self.now(),
        );
        call.consult_of = Some(id.to_owned());
        if let Some(a) = agent {
            self.publish_origination(&c2, &a, device, &called);
        }
        self.publish_delivered(&call, &called, &called, json!({}));
        self.calls.insert(c2, call);
        Ok(())
    }

    /// Cancel, conference, transfer or transfer-and-wait: `id` is the held call, `consult` the consult leg.
    pub(super) fn end_consult(
        &mut self,
        how: ConsultEnd,
        id: &str,
        consult: &str,
        device: &str,
    ) -> Result<(), Refusal> {
        let tz = self.tz();
        if self.state_of(id, device)? != PState::Held {
            return Err(Refusal::conflict("the first call must be held"));
        }
        let leg = self
            .calls
            .get(consult)
            .ok_or_else(|| Refusal::conflict(format!("no consult call {consult}")))?
            .clone();
        if leg.party(device).is_none() {
            return Err(Refusal::conflict("the consult call is not ours"));
        }
        if leg.consult_of.as_deref() != Some(id) {
            return Err(Refusal::conflict(format!(
                "{consult} is not a consultation of {id}"
            )));
        }
        let held = self
            .calls
            .get(id)
            .cloned()
            .ok_or_else(|| Refusal::conflict("no such call"))?;
        let consulted = leg
            .parties
            .iter()
            .find(|p| p.device != device)
            .cloned()
            .ok_or_else(|| Refusal::conflict("nobody to talk to"))?;
        let customer = held.parties.iter().find(|p| p.device != device).cloned();
        let origin =
            json!({"callId": id, "callingDevice": held.calling, "calledDevice": held.called});
        match how {
            ConsultEnd::Cancel => {
                self.leave(consult, device, device, "NORMAL_CLEARING");
                self.retrieve(id, device);
            }
            ConsultEnd::Conference => {
                // One call for everybody, under the held call's id; the consult leg goes away silently.
                let mut everyone = held.clone();
                if let Some(p) = everyone.party_mut(device) {
                    p.state = PState::Connected;
                }
                let mut joined = consulted.clone();
                joined.state = PState::Connected;
                everyone.parties.push(joined);
                everyone.conferencing = everyone.party(device).and_then(|p| p.agent.clone());
                let recipients = everyone.agents();
                self.calls.remove(consult);
                self.calls.insert(id.to_owned(), everyone);
                self.publish_each(&recipients, |me| {
                    with(
                        call_event("conferenced", id, me, &consulted.device, "Connect", tz),
                        json!({"primaryOldCall": id, "secondaryOldCall": consult, "conferencingDevice": device,
                               "addedParty": consulted.device, "newCall": id}),
                    )
                });
            }
            ConsultEnd::Transfer => {
                // The held party and the consulted one talk on the held call's id; our two connections clear.
                // The target hears both clearings on that id (its consult leg has taken the held call's name).
                let fields = json!({"cause": "TRANSFER", "primaryOldCall": id, "secondaryOldCall": consult,
                                    "transferringDevice": device, "transferredToDevice": consulted.device, "newCall": id,
                                    "originCallInfo": origin});
                let me: Vec<(String, String)> = held
                    .agents()
                    .into_iter()
                    .filter(|(_, d)| d == device)
                    .collect();
                let held_others: Vec<(String, String)> = held
                    .agents()
                    .into_iter()
                    .filter(|(_, d)| d != device)
                    .collect();
                let targets: Vec<(String, String)> = leg
                    .agents()
                    .into_iter()
                    .filter(|(_, d)| d != device)
                    .collect();
                let everyone: Vec<(String, String)> = me
                    .iter()
                    .chain(&held_others)
                    .chain(&targets)
                    .cloned()
                    .collect();
                self.publish_each(&everyone, |d| {
                    with(
                        call_event("transferred", id, d, d, "Connect", tz),
                        fields.clone(),
                    )
                });
                let cleared = |call: &str, d: &str| {
                    with(
                        call_event("connectionCleared", call, d, device, "Idle", tz),
                        json!({"cause": "NORMAL_CLEARING", "releasingDevice": device, "hangupDevice": device}),
                    )
                };
                self.publish_each(&me, |d| cleared(id, d));
                self.publish_each(&me, |d| cleared(consult, d));
                self.publish_each(&held_others, |d| cleared(id, d));
                self.publish_each(&targets, |d| cleared(id, d));
                self.publish_each(&targets, |d| cleared(id, d));
                let mut merged = held.clone();
                merged.parties.retain(|p| p.device != device);
                let mut target = consulted.clone();
                target.state = PState::Connected;
                merged.parties.push(target);
                self.calls.remove(consult);
                self.calls.insert(id.to_owned(), merged);
            }
            ConsultEnd::TransferAndWait => {
                // The consulted agent talks to the customer on the consult call; we wait on the held one.
                let own = [(
                    held.party(device)
                        .and_then(|p| p.agent.clone())
                        .unwrap_or_default(),
                    device.to_owned(),
                )];
                self.publish_each(&own, |me| {
                    with(call_event("connectionCleared", consult, me, device, "Idle", tz), json!({"cause": "NORMAL_CLEARING", "releasingDevice": device, "hangupDevice": device}))
                });
                let fields = json!({"cause": "TRANSFER", "primaryOldCall": id, "secondaryOldCall": consult,
                                    "transferringDevice": device, "transferredToDevice": consulted.device, "newCall": consult,
                                    "originCallInfo": origin});
                let others: Vec<(String, String)> = leg
                    .agents()
                    .into_iter()
                    .filter(|(_, d)| d != device)
                    .collect();
                self.publish_each(&others, |me| {
                    with(
                        call_event("transferred", consult, me, me, "Connect", tz),
                        fields.clone(),
                    )
                });
                self.publish_each(&others, |me| {
                    with(call_event("connectionCleared", consult, me, device, "Idle", tz), json!({"cause": "NORMAL_CLEARING", "releasingDevice": device, "hangupDevice": device}))
                });
                let mut talk = leg.clone();
                talk.parties.retain(|p| p.device != device);
                if let Some(c) = customer {
                    talk.parties
                        .insert(0, Party::new(&c.device, PState::Connected, c.agent.clone()));
                }
                talk.return_to = Some((id.to_owned(), device.to_owned()));
                self.calls.insert(consult.to_owned(), talk);
            }
        }
        Ok(())
    }

    /// Blind transfer (§8.10): the target rings at once and we leave; no new call id.
    pub(super) fn single_step_transfer(
        &mut self,
        id: &str,
        device: &str,
        number: &str,
    ) -> Result<(), Refusal> {
        let tz = self.tz();
        if self.state_of(id, device)? != PState::Connected {
            return Err(Refusal::conflict(
                "only a connected call can be transferred",
            ));
        }
        let to = target(device, number);
        if to == device || self.calls.get(id).is_some_and(|c| c.party(&to).is_some()) {
            return Err(Refusal::bad("transfer to a party of the call"));
        }
        let agent = self.bindings.get(&to).cloned();
        let Some(call) = self.calls.get_mut(id) else {
            return Err(Refusal::conflict("no such call"));
        };
        call.parties.push(Party::new(&to, PState::Alerting, agent));
        let snapshot = call.clone();
        self.publish_delivered(&snapshot, &to, &to, json!({}));
        let fields = json!({"cause": "SINGLESTEPTRANSFER", "primaryOldCall": id, "secondaryOldCall": id,
                            "transferringDevice": device, "transferredToDevice": to, "newCall": id});
        let recipients = snapshot.agents();
        self.publish_each(&recipients, |me| {
            with(
                call_event("transferred", id, me, &to, "Connect", tz),
                fields.clone(),
            )
        });
        self.publish_each(&recipients, |me| {
            with(
                call_event("connectionCleared", id, me, device, "Idle", tz),
                json!({"cause": "NORMAL_CLEARING", "releasingDevice": device, "hangupDevice": device}),
            )
        });
        if let Some(c) = self.calls.get_mut(id) {
            c.parties.retain(|p| p.device != device);
        }
        Ok(())
    }

    /// Invite a third party (§8.11): it rings; when it answers the conference forms.
    pub(super) fn single_step_conference(
        &mut self,
        id: &str,
        device: &str,
        number: &str,
    ) -> Result<(), Refusal> {
        if self.state_of(id, device)? != PState::Connected {
            return Err(Refusal::conflict("only a connected call can be extended"));
        }
        let to = target(device, number);
        if self.calls.get(id).is_some_and(|c| c.party(&to).is_some()) {
            return Err(Refusal::bad("already in the call"));
        }
        let agent = self.bindings.get(&to).cloned();
        let Some(call) = self.calls.get_mut(id) else {
            return Err(Refusal::conflict("no such call"));
        };
        let inviter = call.party(device).and_then(|p| p.agent.clone());
        let mut guest = Party::new(&to, PState::Alerting, agent);
        guest.invited_by = inviter;
        call.parties.push(guest);
        let snapshot = call.clone();
        self.publish_delivered(&snapshot, &to, &to, json!({}));
        Ok(())
    }
}
