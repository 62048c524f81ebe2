//! Agents: the TPI login, agent Login / Logout / SetState with the checks in the order of spec §10.3, the REST
//! heartbeat and its timeout, after-call work ending, and what a supervisor does to an agent.

use std::time::{Duration, Instant};
use well_protocol::event::AgentMode;
use well_protocol::ids::DeviceId;

use super::agent::Session;
use super::core::Switch;
use super::event::{agent_event, mode_event_name};
use super::refusal::Refusal;

/// Who a Logout names: the agent, the extension (with its namespace), or nobody (the session's own agent).
#[derive(Clone, Debug, Default)]
pub struct LogoutTarget {
    pub agent_id: Option<String>,
    pub device: Option<String>,
    pub namespace: Option<String>,
}

impl Switch {
    /// TPI login (§2.1): the directory's agent with that password gets a new session token.
    pub fn tpi_login(
        &mut self,
        username: &str,
        password: &str,
        domain: &str,
    ) -> Result<String, Refusal> {
        let Some(name) = self
            .rules
            .directory
            .agent(domain, username)
            .filter(|a| a.password == password)
            .map(|a| a.name.clone())
        else {
            tracing::info!(user = username, domain, "TPI login refused");
            return Err(Refusal::new(401, "wrong job number, password or domain"));
        };
        let token = uuid::Uuid::new_v4().to_string();
        self.agent_mut(&format!("{username}@{domain}"), &name)
            .tpi_logins += 1;
        self.sessions.insert(
            token.clone(),
            Session {
                username: username.to_owned(),
                domain: domain.to_owned(),
            },
        );
        tracing::info!(user = username, domain, "TPI login");
        Ok(token)
    }

    /// The session a token names. Unknown → 426, the only status that makes the SDK log in again (§10.2).
    pub fn check_session(&self, token: &str) -> Result<Session, Refusal> {
        self.sessions
            .get(token)
            .cloned()
            .ok_or_else(|| Refusal::new(426, "get AccessToken failed"))
    }

    /// Agent Login on `device` in `mode` (Ready or NotReady): `agentLoggedOn` and the mode's event.
    pub fn login(
        &mut self,
        login_id: &str,
        device: &str,
        password: &str,
        mode: AgentMode,
        now: Instant,
    ) -> Result<(), Refusal> {
        let (job, domain) = login_id
            .split_once('@')
            .ok_or_else(|| Refusal::new(452, "illegal agent job number"))?;
        let entry = self
            .rules
            .directory
            .agent(domain, job)
            .ok_or_else(|| Refusal::new(452, "illegal agent job number"))?
            .clone();
        if !entry.enabled {
            return Err(Refusal::new(
                423,
                "agent state illegal (deleted or disabled)",
            ));
        }
        if entry.password != password {
            return Err(Refusal::new(401, "password does not match"));
        }
        let dev = DeviceId::parse_lenient(device);
        let ext_domain = if dev.domain().is_empty() {
            domain
        } else {
            dev.domain()
        };
        let ext = self
            .rules
            .directory
            .extension(ext_domain, dev.number())
            .ok_or_else(|| Refusal::new(453, "illegal extension number"))?;
        if !ext.registered {
            return Err(Refusal::new(
                451,
                "extension not registered with the SIP server",
            ));
        }
        let device = DeviceId::new(dev.number(), ext_domain).wire();
        if !matches!(mode, AgentMode::Ready | AgentMode::NotReady) {
            return Err(Refusal::bad("agentMode must be Ready or NotReady"));
        }
        if self.agents.get(login_id).is_none_or(|r| !r.logged_in)
            && !self.bindings.contains_key(&device)
            && self.device_busy(&device)
        {
            return Err(Refusal::new(460, "extension busy (in a call)"));
        }
        if let Some(rec) = self.agents.get(login_id).filter(|r| r.logged_in) {
            if rec.device.as_deref() == Some(device.as_str()) {
                return Err(Refusal::new(
                    454,
                    "agent already logged in on this extension",
                ));
            }
            return Err(Refusal::with_body(
                455,
                serde_json::json!({ "deviceId": rec.device }),
            ));
        }
        if let Some(other) = self.bindings.get(&device).filter(|a| *a != login_id) {
            return Err(Refusal::with_body(
                459,
                serde_json::json!({ "agent": other, "agentId": other }),
            ));
        }
        let online = self.agents.values().filter(|r| r.logged_in).count();
        if self
            .rules
            .max_agents_online
            .is_some_and(|max| online >= max)
        {
            return Err(Refusal::new(
                461,
                "number of online agents at the licence limit",
            ));
        }
        self.bindings.insert(device.clone(), login_id.to_owned());
        let rec = self.agent_mut(login_id, &entry.name);
        rec.logged_in = true;
        rec.device = Some(device.clone());
        rec.mode = mode.clone();
        rec.reason = None;
        rec.last_heartbeat = Some(now);
        rec.logins += 1;
        tracing::info!(agent = login_id, extension = %device, "agent logged in");
        let tz = self.tz();
        self.publish(
            login_id,
            agent_event("agentLoggedOn", login_id, &device, &mode, None, tz),
        );
        self.publish(
            login_id,
            agent_event(mode_event_name(&mode), login_id, &device, &mode, None, tz),
        );
        Ok(())
    }

    /// Log an agent off (own logout, supervisor, heartbeat timeout) and publish `agentLoggedOff`; false when
    /// it was not logged in.
    pub fn log_off(&mut self, agent_id: &str) -> bool {
        let Some(rec) = self.agents.get_mut(agent_id).filter(|r| r.logged_in) else {
            return false;
        };
        rec.logged_in = false;
        rec.mode = AgentMode::Logout;
        rec.reason = None;
        let device = rec.device.take().unwrap_or_default();
        self.bindings.remove(&device);
        let tz = self.tz();
        self.publish(
            agent_id,
            agent_event(
                "agentLoggedOff",
                agent_id,
                &device,
                &AgentMode::Logout,
                None,
                tz,
            ),
        );
        true
    }

    /// Agent Logout from a session: the agent named, the one bound to the device named, or the session's own.
    pub fn logout(&mut self, session: &Session, target: LogoutTarget) -> Result<(), Refusal> {
        let agent = target
            .agent_id
            .or_else(|| {
                let device = target.device.as_deref()?;
                let key = match target.namespace.as_deref() {
                    Some(ns) if !device.contains('@') => format!("{device}@{ns}"),
                    _ => DeviceId::parse_lenient(device).wire(),
                };
                self.bindings.get(&key).cloned()
            })
            .unwrap_or_else(|| session.agent_id());
        if self.log_off(&agent) {
            tracing::info!(agent = %agent, "agent logged out");
            Ok(())
        } else {
            Err(Refusal::new(458, "agent already logged out"))
        }
    }

    /// SetState Ready or NotReady; returns whether the change waits for the end of the agent's calls
    /// (`pendingMode`, §2.6).
    pub fn set_state(
        &mut self,
        agent_id: &str,
        mode: AgentMode,
        reason: Option<String>,
    ) -> Result<bool, Refusal> {
        if !matches!(mode, AgentMode::Ready | AgentMode::NotReady) {
            return Err(Refusal::bad("agentMode must be Ready or NotReady"));
        }
        if mode == AgentMode::Ready
            && self
                .rules
                .ready_quota_exhausted
                .iter()
                .any(|a| a == agent_id)
        {
            return Err(Refusal::new(465, "ExceedAgentAutoOutboundQuota"));
        }
        let Some(device) = self
            .agents
            .get(agent_id)
            .filter(|r| r.logged_in)
            .map(|r| r.device.clone().unwrap_or_default())
        else {
            return Err(Refusal::new(458, "agent is not logged in"));
        };
        let reason = reason.filter(|r| !r.is_empty() && mode == AgentMode::NotReady);
        if self.device_busy(&device) {
            if let Some(rec) = self.agents.get_mut(agent_id) {
                rec.pending = Some((mode, reason));
            }
            return Ok(true);
        }
        self.confirm_mode(agent_id, mode, reason);
        Ok(false)
    }

    /// A REST heartbeat; accepted for any agent, also before its Login (SDK 3.x sends one first).
    pub fn heartbeat(&mut self, agent_id: &str, now: Instant) {
        if let Some(rec) = self.agents.get_mut(agent_id).filter(|r| r.logged_in) {
            rec.last_heartbeat = Some(now);
        }
    }

    /// The first instant at which [`Switch::expire_heartbeats`] would log an agent off, if nothing is heard
    /// from it before (None while no agent is logged in): the switch's timer sleeps until then.
    pub fn heartbeat_due(&self, timeout: Duration) -> Option<Instant> {
        self.agents
            .values()
            .filter(|r| r.logged_in)
            .filter_map(|r| r.last_heartbeat)
            .min()
            .map(|t| t + timeout + Duration::from_nanos(1))
    }

    /// Log off every agent not heard from for longer than `timeout` (spec §2.8, §10.4); returns them.
    pub fn expire_heartbeats(&mut self, now: Instant, timeout: Duration) -> Vec<String> {
        let expired: Vec<String> = self
            .agents
            .values()
            .filter(|r| {
                r.logged_in
                    && r.last_heartbeat
                        .is_some_and(|t| now.saturating_duration_since(t) > timeout)
            })
            .map(|r| r.agent_id.clone())
            .collect();
        for agent in &expired {
            tracing::info!(agent = %agent, "heartbeat timeout: agent logged off");
            self.log_off(agent);
        }
        expired
    }

    /// After-call work is over: the agent is Ready again, if it is still in after-call work.
    pub fn end_after_call_work(&mut self, agent_id: &str) {
        if self
            .agents
            .get(agent_id)
            .is_some_and(|r| r.logged_in && r.mode == AgentMode::WorkNotReady)
        {
            self.confirm_mode(agent_id, AgentMode::Ready, None);
        }
    }

    /// A supervisor sets the agent's mode (Ready, NotReady or WorkNotReady) at once.
    pub fn supervise_mode(
        &mut self,
        agent_id: &str,
        mode: AgentMode,
        reason: Option<String>,
    ) -> Result<(), Refusal> {
        if !matches!(
            mode,
            AgentMode::Ready | AgentMode::NotReady | AgentMode::WorkNotReady
        ) {
            return Err(Refusal::bad(
                "agentMode must be Ready, NotReady or WorkNotReady",
            ));
        }
        if !self.agents.get(agent_id).is_some_and(|r| r.logged_in) {
            return Err(Refusal::not_found(format!("{agent_id} is not logged in")));
        }
        let reason = reason.filter(|r| !r.is_empty() && mode == AgentMode::NotReady);
        self.confirm_mode(agent_id, mode, reason);
        Ok(())
    }

    /// A supervisor (or the platform) logs the agent out.
    pub fn force_logout(&mut self, agent_id: &str) -> Result<(), Refusal> {
        if self.log_off(agent_id) {
            Ok(())
        } else {
            Err(Refusal::not_found(format!("{agent_id} is not logged in")))
        }
    }

    /// `outbound/release`: free a pre-occupied agent (it goes back to Ready).
    pub fn release(&mut self, agent_id: &str) -> Result<(), Refusal> {
        if self.release_allocated(agent_id) {
            Ok(())
        } else {
            Err(Refusal::conflict(format!("{agent_id} is not pre-occupied")))
        }
    }
}
