//! [`Model`]: the agent, its calls and the dials in flight. Every entry point runs as one transaction:
//! remember the entities, change them, recompute what is derived (display forms, allowed actions), and
//! return the entities that differ as [`Change`]s plus the [`Effect`]s for the actor and the shell.

use serde_json::Value;
use well_protocol::event::{Event, EventFamily};
use well_protocol::ids::{CallId, DeviceId};

use crate::agent::{Agent, AgentStatus};
use crate::call::{Call, CallState};
use crate::contract::Change;
use crate::masking::{MaskPolicy, Masked};
use crate::output::{Effect, ModelSnapshot, Output, Stats};
use crate::userdata::DataView;

/// Auto-answer (spec §6.6): off by default; when on, a call ringing on our extension that we did not place
/// is answered after `delay_ms`. The model only says when; the actor owns the timer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AutoAnswer {
    pub enabled: bool,
    pub delay_ms: u64,
}

impl Default for AutoAnswer {
    fn default() -> Self {
        AutoAnswer {
            enabled: false,
            delay_ms: 500,
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct ModelConfig {
    pub mask: MaskPolicy,
    pub auto_answer: AutoAnswer,
    /// After-call work ends by itself after this long (the agent goes Ready); `None` leaves it to the agent
    /// or the server.
    pub auto_ready_after_ms: Option<u64>,
    /// The call data's labels and "details" keys, for the summary of a ringing call.
    pub data_view: DataView,
}

/// A makeCall we sent: matched to its call by `callId` (from the response) or, when `originated` comes
/// first, by the dialled string.
#[derive(Clone, Debug)]
pub(crate) struct Dial {
    pub to: String,
    pub typed: String,
    pub dest_for_display: Option<String>,
    pub call_id: Option<CallId>,
    pub at_ms: u64,
}

/// A dial not matched within this time is forgotten (the server never produced its call).
const DIAL_MATCH_WINDOW_MS: u64 = 60_000;

pub(crate) struct Entry {
    pub call: Call,
    pub raw_user_data: Option<Value>,
    /// A hash of the parties and dial `call.user_data` was last masked with; masking runs again only when
    /// they or the raw data change (`None` forces it).
    pub masked_with: Option<u64>,
    pub dial: Option<Dial>,
    pub preoccupied: bool,
    pub transferred_away: bool,
    /// The agent asked to hang up while it rang: ended unanswered, it was rejected, not missed.
    pub rejected: bool,
}

pub struct Model {
    pub(crate) cfg: ModelConfig,
    pub(crate) me: Option<DeviceId>,
    /// Our own extension as a party number, computed once.
    pub(crate) me_masked: Option<Masked>,
    pub(crate) agent: Agent,
    pub(crate) calls: Vec<Entry>,
    pub(crate) dials: Vec<Dial>,
    pub(crate) last_serial: Option<(EventFamily, u64)>,
    pub(crate) logout_requested: bool,
    pub(crate) stats: Stats,
}

/// Collected while a transaction runs; turned into effects once display forms are fresh.
#[derive(Default)]
pub(crate) struct Tx {
    pub rang: Vec<CallId>,
    pub effects: Vec<Effect>,
}

impl Model {
    pub fn new(cfg: ModelConfig) -> Self {
        Model {
            cfg,
            me: None,
            me_masked: None,
            agent: Agent::logged_out(),
            calls: Vec::new(),
            dials: Vec::new(),
            last_serial: None,
            logout_requested: false,
            stats: Stats::default(),
        }
    }

    pub fn agent(&self) -> &Agent {
        &self.agent
    }
    pub fn calls(&self) -> impl Iterator<Item = &Call> {
        self.calls.iter().map(|e| &e.call)
    }
    pub fn call(&self, id: &CallId) -> Option<&Call> {
        self.calls
            .iter()
            .find(|e| &e.call.call_id == id)
            .map(|e| &e.call)
    }
    /// The consult `call` is part of, as `(held call, consult leg)`, whichever of the two `call` is; `None`
    /// when it is in no consult.
    pub fn consult_pair(&self, call: &CallId) -> Option<(CallId, CallId)> {
        match &self.call(call)?.consult_of {
            Some(held) => Some((held.clone(), call.clone())),
            None => self
                .calls()
                .find(|o| o.consult_of.as_ref() == Some(call))
                .map(|leg| (call.clone(), leg.call_id.clone())),
        }
    }
    /// Our own extension.
    pub fn me(&self) -> Option<&DeviceId> {
        self.me.as_ref()
    }
    pub fn stats(&self) -> Stats {
        self.stats
    }
    pub fn mask_policy(&self) -> &MaskPolicy {
        &self.cfg.mask
    }

    pub fn snapshot(&self) -> ModelSnapshot {
        ModelSnapshot {
            agent: self.agent.clone(),
            calls: self.calls().cloned().collect(),
        }
    }

    pub fn set_auto_answer(&mut self, a: AutoAnswer) {
        self.cfg.auto_answer = a;
    }

    /// The masking rule for numbers first seen from now on (a display form, once computed, stays).
    pub fn set_mask_policy(&mut self, policy: MaskPolicy) {
        self.cfg.mask = policy;
    }

    pub fn set_auto_ready(&mut self, after_ms: Option<u64>) {
        self.cfg.auto_ready_after_ms = after_ms;
    }

    /// The agent is hanging up `call`: while it rings that is a rejection, so its end is no missed call.
    pub fn rejecting(&mut self, call: &CallId) {
        if let Some(e) = self
            .calls
            .iter_mut()
            .find(|e| &e.call.call_id == call && e.call.state == CallState::Ringing)
        {
            e.rejected = true;
        }
    }

    /// Summaries of calls from now on use these labels and "details" keys.
    pub fn set_data_view(&mut self, view: DataView) {
        self.cfg.data_view = view;
    }

    /// A STOMP event arrived.
    pub fn apply_event(&mut self, ev: Event, now_ms: u64) -> Output {
        if let Some(serial) = ev.serial() {
            let key = (ev.family(), serial);
            if self.last_serial == Some(key) {
                self.stats.duplicates += 1;
                tracing::debug!(event = ev.name(), serial, "duplicate event dropped");
                return Output::default();
            }
            self.last_serial = Some(key);
        }
        if let Some(e) = ev.call_ids().iter().find_map(|id| id.path_segment().err()) {
            // A call we could never control (its id would change the REST path it is pasted into).
            self.stats.refused += 1;
            tracing::warn!(event = ev.name(), error = %e, "event refused");
            return Output::default();
        }
        self.stats.applied += 1;
        self.transact(now_ms, |m, tx| m.apply(ev, now_ms, tx))
    }

    /// The login request is about to be sent for this agent on this extension.
    pub fn login_started(&mut self, agent_id: &str, extension: DeviceId, now_ms: u64) -> Output {
        self.transact(now_ms, |m, _| {
            m.set_me(extension.clone());
            m.logout_requested = false;
            m.agent = Agent::logged_out();
            m.agent.status = AgentStatus::LoggingIn;
            m.agent.agent_id = Some(agent_id.to_owned());
            m.agent.extension = Some(extension.wire());
        })
    }

    /// The login failed before `agentLoggedOn`.
    pub fn login_failed(&mut self, now_ms: u64) -> Output {
        self.transact(now_ms, |m, _| {
            if m.agent.status == AgentStatus::LoggingIn {
                m.agent.status = AgentStatus::LoggedOut;
            }
        })
    }

    /// Our own logout was accepted: the coming `agentLoggedOff` is ours.
    pub fn logout_requested(&mut self) {
        self.logout_requested = true;
    }

    /// We are about to send makeCall. `to` is the dial string (prefix included), `typed` what the agent
    /// typed; both raw, both kept only here.
    pub fn dial_requested(
        &mut self,
        to: &str,
        typed: &str,
        dest_for_display: Option<&str>,
        now_ms: u64,
    ) -> Output {
        self.transact(now_ms, |m, _| {
            m.dials.push(Dial {
                to: to.to_owned(),
                typed: typed.to_owned(),
                dest_for_display: dest_for_display.map(str::to_owned),
                call_id: None,
                at_ms: now_ms,
            });
        })
    }

    /// makeCall answered with this `callId`.
    pub fn dial_accepted(&mut self, to: &str, call_id: &CallId, now_ms: u64) -> Output {
        self.transact(now_ms, |m, _| {
            let Some(i) = m
                .dials
                .iter()
                .position(|d| d.to == to && d.call_id.is_none())
            else {
                return;
            };
            m.dials[i].call_id = Some(call_id.clone());
            if let Some(e) = m
                .calls
                .iter()
                .position(|e| &e.call.call_id == call_id && e.dial.is_none())
            {
                let d = m.dials.remove(i);
                m.attach_dial(e, d);
            }
        })
    }

    /// Call data read back (`getCallData`) for a call that has none: a call learnt from `client-state`
    /// (recovery, re-sync) has no `delivered` to carry it. Data a `delivered` brought is never replaced.
    pub fn call_data_read(&mut self, id: &CallId, raw: Value, now_ms: u64) -> Output {
        self.transact(now_ms, |m, _| {
            if let Some(i) = m.find(id) {
                m.calls[i].raw_user_data.get_or_insert(raw);
            }
        })
    }

    /// makeCall failed: nothing will come for it.
    pub fn dial_failed(&mut self, to: &str, now_ms: u64) -> Output {
        self.transact(now_ms, |m, _| {
            if let Some(i) = m
                .dials
                .iter()
                .position(|d| d.to == to && d.call_id.is_none())
            {
                m.dials.remove(i);
            }
        })
    }

    pub(crate) fn attach_dial(&mut self, idx: usize, d: Dial) {
        let e = &mut self.calls[idx];
        if let Some(shown) = &d.dest_for_display {
            let to = d.to.clone();
            for p in e
                .call
                .parties
                .iter_mut()
                .filter(|p| !p.me && p.number.raw_number() == to)
            {
                p.number = self.cfg.mask.mask_as(p.number.raw(), shown);
            }
        }
        e.dial = Some(d);
    }

    /// The Masked form of a party of entry `idx`: `destForDisplay` for the number we dialled with one.
    pub(crate) fn masked_for(&self, dial: Option<&Dial>, raw: &str) -> Masked {
        if let Some(d) = dial {
            if let Some(shown) = &d.dest_for_display {
                if DeviceId::parse_lenient(raw).number() == d.to {
                    return self.cfg.mask.mask_as(raw, shown);
                }
            }
        }
        self.cfg.mask.mask(raw)
    }

    pub(crate) fn set_me(&mut self, me: DeviceId) {
        self.me_masked = Some(self.cfg.mask.mask(&me.wire()));
        self.me = Some(me);
    }

    pub(crate) fn find(&self, id: &CallId) -> Option<usize> {
        self.calls.iter().position(|e| &e.call.call_id == id)
    }

    pub(crate) fn is_me(&self, raw: Option<&str>) -> bool {
        match (&self.me, raw) {
            (Some(me), Some(raw)) => me.is(raw),
            _ => false,
        }
    }

    pub(crate) fn transact(&mut self, now_ms: u64, f: impl FnOnce(&mut Model, &mut Tx)) -> Output {
        let before_agent = crate::fingerprint::hash_of(&self.agent);
        let was_in_acw = self.agent.mode == Some(crate::agent::Mode::WorkNotReady);
        let before_calls: Vec<(CallId, u64)> = self
            .calls()
            .map(|c| (c.call_id.clone(), c.fingerprint()))
            .collect();
        let mut tx = Tx::default();
        self.dials
            .retain(|d| now_ms.saturating_sub(d.at_ms) <= DIAL_MATCH_WINDOW_MS);
        f(self, &mut tx);
        self.refresh();
        let mut out = Output::default();
        for (id, _) in &before_calls {
            if self.find(id).is_none() {
                out.changes.push(Change::CallRemoved {
                    call_id: id.clone(),
                });
            }
        }
        for e in &self.calls {
            let before = before_calls
                .iter()
                .find(|(id, _)| *id == e.call.call_id)
                .map(|(_, f)| *f);
            if before != Some(e.call.fingerprint()) {
                out.changes.push(Change::Call(e.call.clone()));
            }
        }
        if before_agent != crate::fingerprint::hash_of(&self.agent) {
            out.changes.push(Change::Agent(self.agent.clone()));
        }
        out.effects = tx.effects;
        let in_acw = self.agent.mode == Some(crate::agent::Mode::WorkNotReady)
            && self.agent.status == crate::agent::AgentStatus::LoggedOn;
        if in_acw && !was_in_acw {
            if let Some(after) = self.cfg.auto_ready_after_ms {
                out.effects
                    .push(Effect::AutoReadyDue { at: now_ms + after });
            }
        }
        for id in tx.rang {
            let Some(c) = self.call(&id) else { continue };
            if c.state != CallState::Ringing {
                continue;
            }
            out.effects.push(Effect::IncomingCall {
                call_id: id.clone(),
                display_number: c.display_number.clone(),
                direction: c.direction,
                call_type: c.call_type.clone(),
                summary: c.summary.clone(),
                user_data: c.user_data.clone(),
            });
            if self.cfg.auto_answer.enabled {
                out.effects.push(Effect::AutoAnswerDue {
                    call_id: id,
                    at: now_ms + self.cfg.auto_answer.delay_ms,
                });
            }
        }
        out
    }
}
