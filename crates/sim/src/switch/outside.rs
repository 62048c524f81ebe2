//! What the world outside the agents does (DESIGN "Simulator control surface"): a customer calls, the far end
//! answers, hangs up or fails, a campaign pre-occupies an agent.

use serde_json::{json, Map, Value};
use well_protocol::event::AgentMode;

use super::call::{cpa_failure, PState, Party, SimCall};
use super::core::Switch;
use super::event::{agent_event, call_event, with};
use super::refusal::Refusal;

impl Switch {
    /// The device `number@domain` of a registered extension `number` of the directory.
    fn registered_extension(&self, number: &str) -> Result<String, Refusal> {
        let (domain, ext) = self
            .rules
            .directory
            .find_extension(number)
            .ok_or_else(|| Refusal::conflict(format!("extension {number} does not exist")))?;
        if !ext.registered {
            return Err(Refusal::conflict(format!(
                "extension {number} is not registered"
            )));
        }
        Ok(format!("{number}@{domain}"))
    }

    /// A customer `from` calls extension `to` of the directory; returns the call id.
    pub fn ring_extension(
        &mut self,
        from: &str,
        to: &str,
        data: Map<String, Value>,
        call_type: Option<String>,
    ) -> Result<String, Refusal> {
        if from.trim().is_empty() || to.trim().is_empty() {
            return Err(Refusal::bad("`from` and `to` are required"));
        }
        let device = self.registered_extension(to)?;
        let domain = device.split('@').nth(1).unwrap_or_default();
        let customer = format!("{}@{domain}", from.trim());
        let call_type = call_type.unwrap_or_else(|| "Inbound".into());
        Ok(self.ring(&customer, &device, data, &call_type))
    }

    /// A customer's call rings at `device` (with whoever is logged in there): `delivered` with the call data.
    pub fn ring(
        &mut self,
        customer: &str,
        device: &str,
        data: Map<String, Value>,
        call_type: &str,
    ) -> String {
        let agent = self.bindings.get(device).cloned();
        let id = uuid::Uuid::new_v4().to_string();
        let mut call = SimCall::new(
            id.clone(),
            customer,
            device,
            vec![
                Party::new(customer, PState::Connected, None),
                Party::new(device, PState::Alerting, agent),
            ],
            call_type,
            self.now(),
        );
        call.data = data;
        self.publish_delivered(&call, device, device, json!({}));
        tracing::info!(call = %id, extension = %device, "inbound call rings");
        self.calls.insert(id.clone(), call);
        self.settle();
        id
    }

    /// The party of the call that is no agent (the customer or the far end), and its state.
    pub fn remote(&self, id: &str) -> Result<(String, PState), Refusal> {
        let call = self
            .calls
            .get(id)
            .ok_or_else(|| Refusal::not_found(format!("no call {id}")))?;
        call.parties
            .iter()
            .find(|p| p.agent.is_none())
            .map(|p| (p.device.clone(), p.state))
            .ok_or_else(|| Refusal::conflict("no remote party in this call"))
    }

    /// The remote party answers (the far end of the agent's own call); it must be ringing.
    pub fn remote_answer(&mut self, id: &str) -> Result<(), Refusal> {
        let (device, _) = self.remote(id)?;
        self.answer(id, &device)
    }

    /// The remote party hangs up.
    pub fn remote_hang_up(&mut self, id: &str) -> Result<(), Refusal> {
        let (device, _) = self.remote(id)?;
        self.leave(id, &device, &device, "NORMAL_CLEARING");
        Ok(())
    }

    /// Call-progress analysis classifies the ringing far end as failed with `failed_code` (§5.4): `failed`,
    /// then the clearing with the code's cause.
    pub fn remote_fail(&mut self, id: &str, failed_code: Option<String>) -> Result<(), Refusal> {
        let (device, state) = self.remote(id)?;
        if state != PState::Alerting {
            return Err(Refusal::conflict("only a ringing far end can fail"));
        }
        let code = failed_code.unwrap_or_else(|| "1".into());
        let (msg, cause) = cpa_failure(&code);
        let tz = self.tz();
        let recipients = self.calls.get(id).map(|c| c.agents()).unwrap_or_default();
        self.publish_each(&recipients, |me| {
            with(
                call_event("failed", id, me, &device, "Fail", tz),
                json!({"cause": "Failed", "calledDevice": device, "failedCode": code, "failedMsg": msg}),
            )
        });
        self.leave(id, &device, &device, cause);
        Ok(())
    }

    /// Automatic outbound (§8.5): the Ready agent on extension `to` is pre-occupied (`agentAllocated`), then
    /// the answered customer `from` rings there as PREOCCUPIED; when the call ends the agent is released with
    /// `agentReady`. Returns the call id.
    pub fn campaign(
        &mut self,
        to: &str,
        from: &str,
        user_data: Map<String, Value>,
    ) -> Result<String, Refusal> {
        let (domain, _) = self
            .rules
            .directory
            .find_extension(to)
            .map(|(d, e)| (d.to_owned(), e.clone()))
            .ok_or_else(|| Refusal::conflict(format!("extension {to} does not exist")))?;
        let tz = self.tz();
        let device = format!("{to}@{domain}");
        let customer = format!("{}@{domain}", from.trim());
        let agent = self
            .bindings
            .get(&device)
            .cloned()
            .ok_or_else(|| Refusal::conflict("nobody is logged in on that extension"))?;
        let rec = self
            .agents
            .get_mut(&agent)
            .ok_or_else(|| Refusal::conflict("unknown agent"))?;
        if rec.mode != AgentMode::Ready {
            return Err(Refusal::conflict("only a Ready agent can be pre-occupied"));
        }
        rec.mode = AgentMode::Allocated;
        self.publish(
            &agent,
            agent_event(
                "agentAllocated",
                &agent,
                &device,
                &AgentMode::Allocated,
                None,
                tz,
            ),
        );
        let id = uuid::Uuid::new_v4().to_string();
        let mut data = Map::new();
        data.insert("origin_dnis".into(), Value::from("7022"));
        data.insert(
            "id".into(),
            Value::from(format!("{}", 57_000_000 + self.serial() % 1_000_000)),
        );
        data.insert("selectAgent".into(), Value::from(agent.clone()));
        data.insert("prdType".into(), Value::from("E"));
        data.insert("callType".into(), Value::from("PREOCCUPIED"));
        data.extend(user_data);
        let mut call = SimCall::new(
            id.clone(),
            &customer,
            &device,
            vec![
                Party::new(&customer, PState::Connected, None),
                Party::new(&device, PState::Alerting, Some(agent.clone())),
            ],
            "PreOccupied",
            self.now(),
        );
        call.data = data;
        call.preoccupied = Some(agent);
        self.publish_delivered(
            &call,
            &device,
            &device,
            json!({"cause": "PREOCCUPIED", "split": format!("7022@{domain}")}),
        );
        self.calls.insert(id.clone(), call);
        Ok(id)
    }
}
