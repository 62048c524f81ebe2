//! Re-sync from the server's `client-state` (spec §3.3.6, §7; DESIGN "Reconcile"): after a reconnect, and as
//! the model half of a recovery. The server's view wins; what it cannot show is kept, marked unverified.

use well_protocol::event::LocalState;
use well_protocol::rest::{ActiveCall, ClientState};

use crate::agent::{AgentStatus, LogoffCause, Mode};
use crate::call::{CallState, PartyRole, PartyState};
use crate::model::{Model, Tx};
use crate::output::{Effect, Output};

impl Model {
    /// Apply the server's `client-state` answer. With `activeCalls` (well-sim lists every call) local calls
    /// not listed have ended; with only `activeCall`, a local call it cannot show stays, unverified, until
    /// an event or a later re-sync settles it.
    pub fn reconcile(&mut self, cs: &ClientState, now_ms: u64) -> Output {
        self.transact(now_ms, |m, tx| m.reconcile_in(cs, now_ms, tx))
    }

    fn reconcile_in(&mut self, cs: &ClientState, now: u64, tx: &mut Tx) {
        let agent = match &cs.agent {
            Some(a) if a.agent_mode.as_ref().and_then(Mode::from_wire).is_some() => a,
            _ => {
                if self.agent.status != AgentStatus::LoggedOut {
                    self.agent.status = AgentStatus::LoggedOff;
                    self.agent.logged_off_cause = Some(LogoffCause::Server);
                    self.agent.set_mode(None, None, now);
                }
                self.calls.clear();
                tracing::info!("re-sync: the server says the agent is logged out");
                return;
            }
        };
        if let Some(ext) = &agent.extension_id {
            self.set_me(well_protocol::ids::DeviceId::parse_lenient(ext));
        }
        self.agent.status = AgentStatus::LoggedOn;
        self.agent.logged_off_cause = None;
        self.agent.agent_id = agent.agent_id.clone().or(self.agent.agent_id.take());
        self.agent.extension = self.me.as_ref().map(|d| d.wire());
        if agent.agent_name.is_some() {
            self.agent.name = agent.agent_name.clone();
        }
        let reason = if agent.agent_mode.as_ref().and_then(Mode::from_wire) == self.agent.mode {
            self.agent.reason.clone()
        } else {
            None
        };
        self.agent.set_mode(
            agent.agent_mode.as_ref().and_then(Mode::from_wire),
            reason,
            now,
        );

        let complete = agent.active_calls.is_some();
        let listed: Vec<&ActiveCall> = match &agent.active_calls {
            Some(all) => all.iter().collect(),
            None => agent.active_call.iter().collect(),
        };
        let mut seen = Vec::new();
        for ac in listed {
            if let Some(id) = self.reconcile_call(ac, now, tx) {
                seen.push(id);
            }
        }
        let mut i = 0;
        while i < self.calls.len() {
            let id = self.calls[i].call.call_id.clone();
            if seen.contains(&id) {
                i += 1;
            } else if complete || seen.is_empty() {
                let e = self.calls.remove(i);
                tracing::info!(call_id = %id, "re-sync: call no longer on the server");
                tx.effects.push(Effect::call_ended(
                    e.call,
                    now,
                    Some("resync".into()),
                    e.rejected,
                ));
            } else {
                self.calls[i].call.verified = false;
                i += 1;
            }
        }
    }

    fn reconcile_call(
        &mut self,
        ac: &ActiveCall,
        now: u64,
        tx: &mut Tx,
    ) -> Option<well_protocol::ids::CallId> {
        if let Err(e) = ac.call_id.path_segment() {
            self.stats.refused += 1;
            tracing::warn!(error = %e, "re-sync: a listed call refused");
            return None;
        }
        let ani = ac.ani.as_ref().map(|d| d.as_str());
        let dnis = ac.dnis.as_ref().map(|d| d.as_str());
        let me_caller = self.is_me(ani);
        let state = match ac.state.as_ref()? {
            LocalState::Alerting if me_caller => CallState::Ringback,
            LocalState::Alerting => CallState::Ringing,
            LocalState::Connect => CallState::Connected,
            LocalState::Hold => CallState::Held,
            LocalState::Initiate => CallState::Dialing,
            _ => return None,
        };
        let id = ac.call_id.clone();
        let created = self.find(&id).is_none();
        let i = self.upsert_for_resync(&id, me_caller, state, now);
        let before = self.calls[i].call.state;
        if created || before != state {
            self.set_state_for_resync(i, state, now);
            if state == CallState::Ringing {
                tx.rang.push(id.clone());
            }
        }
        self.calls[i].call.verified = true;
        let other_state = match state {
            CallState::Ringback => PartyState::Alerting,
            _ => PartyState::Connected,
        };
        if let Some(a) = ani {
            self.set_party(i, a, PartyRole::Caller, PartyState::Connected);
        }
        if let Some(d) = dnis {
            let st = if state == CallState::Ringing {
                PartyState::Alerting
            } else {
                other_state
            };
            self.set_party(i, d, PartyRole::Called, st);
        }
        if let Some(o) = ac.other_side.as_ref().map(|d| d.as_str()) {
            self.set_party(i, o, PartyRole::Joined, other_state);
        }
        Some(id)
    }
}
