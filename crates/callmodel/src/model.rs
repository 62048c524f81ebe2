//! [`Model`]: the agent, its calls and the dials in flight. Every entry point runs as one transaction:
//! remember the entities, change them, recompute what is derived (display forms, allowed actions), and
//! return the entities that differ as [`Change`]s plus the [`Effect`]s for the actor and the shell.

use serde::Serialize;
use serde_json::Value;
use std::hash::{Hash, Hasher};
use std::sync::Arc;
use well_protocol::event::{Event, EventFamily};
use well_protocol::ids::{CallId, DeviceId};

use crate::agent::{Agent, AgentStatus};
use crate::allowed;
use crate::call::{Call, CallState, Direction};
use crate::contract::Change;
use crate::masking::{MaskPolicy, Masked};
use crate::userdata;

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
}

/// What the actor and the shell act on; not UI state, never replayed by a UI reload.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Effect {
    /// A call started ringing on our extension: popup and notification (masked number, data summary).
    IncomingCall {
        call_id: CallId,
        display_number: String,
        direction: Direction,
        call_type: Option<String>,
        summary: Option<String>,
        user_data: Option<Arc<Value>>,
    },
    /// Answer this call at `at_ms` if it still rings then.
    AutoAnswerDue {
        call_id: CallId,
        /// Milliseconds on the backend base, like every other time field.
        at: u64,
    },
    /// Our connection to the call ended (the enriched `connectionCleared` of spec §5.5): for history.
    CallEnded {
        call_id: CallId,
        display_number: String,
        direction: Direction,
        me_is_caller: bool,
        was_answered: bool,
        rang_at_ms: Option<u64>,
        answered_at_ms: Option<u64>,
        ended_at_ms: u64,
        cause: Option<String>,
    },
}

impl Effect {
    /// The history record of a call that ended for us at `now` (our clearing, or gone on a re-sync).
    pub(crate) fn call_ended(c: Call, now: u64, cause: Option<String>) -> Effect {
        Effect::CallEnded {
            was_answered: c.answered_at_ms.is_some(),
            call_id: c.call_id,
            display_number: c.display_number,
            direction: c.direction,
            me_is_caller: c.me_is_caller,
            rang_at_ms: c.rang_at_ms,
            answered_at_ms: c.answered_at_ms,
            ended_at_ms: now,
            cause,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Output {
    pub changes: Vec<Change>,
    pub effects: Vec<Effect>,
}

impl Output {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty() && self.effects.is_empty()
    }
}

/// The model's part of the UI snapshot.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ModelSnapshot {
    pub agent: Agent,
    pub calls: Vec<Call>,
}

/// Counters for diagnostics.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    pub applied: u64,
    pub duplicates: u64,
    pub unknown: u64,
    pub ignored: u64,
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

fn agent_fingerprint(a: &Agent) -> u64 {
    crate::fingerprint::hash_of(a)
}

/// The shortest tail of a party number that is still treated as that number inside user data: the
/// platform writes numbers with or without the outbound prefix (`9` + number), so every tail of 7 digits or
/// more is masked too.
const MIN_NUMBER_TAIL: usize = 7;

/// `raw` (not internal) and each of its tails of at least [`MIN_NUMBER_TAIL`] characters, with what to
/// show instead: `shown` for the whole number (its display form or `destForDisplay`), for a tail its own
/// masked form, or `shown` again when that is a `destForDisplay`.
fn push_reps(reps: &mut Vec<(String, String)>, policy: &MaskPolicy, raw: &str, shown: &str) {
    if raw.is_empty() {
        return;
    }
    let masked = policy.mask_digits(raw);
    let custom = shown != masked;
    reps.push((raw.to_owned(), shown.to_owned()));
    let chars: Vec<char> = raw.chars().collect();
    for len in (MIN_NUMBER_TAIL..chars.len()).rev() {
        let display = if custom {
            shown.to_owned()
        } else if raw.is_ascii() {
            // Masking counts from the end, so a tail's display form is the tail of the display form.
            masked[masked.len() - len..].to_owned()
        } else {
            policy.mask_digits(&chars[chars.len() - len..].iter().collect::<String>())
        };
        let tail: String = chars[chars.len() - len..].iter().collect();
        reps.push((tail, display));
    }
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
        let before_agent = agent_fingerprint(&self.agent);
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
        if before_agent != agent_fingerprint(&self.agent) {
            out.changes.push(Change::Agent(self.agent.clone()));
        }
        out.effects = tx.effects;
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
                summary: c.user_data.as_deref().and_then(userdata::summary),
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

    /// Recompute what is derived: direction, display number, masked user data, consult links, actions.
    fn refresh(&mut self) {
        for e in &mut self.calls {
            let others: Vec<&Masked> = e.call.other_parties().map(|p| &p.number).collect();
            let direction = if e.preoccupied {
                Direction::CampaignPreoccupied
            } else {
                let external = others.iter().any(|m| !m.is_internal());
                match (e.call.me_is_caller, external || others.is_empty()) {
                    (true, true) => Direction::Outbound,
                    (false, true) => Direction::Inbound,
                    (_, false) => Direction::Internal,
                }
            };
            // Show who is still there; when everyone has left, who was there.
            let present: Vec<&str> = e
                .call
                .other_parties()
                .filter(|p| p.state != crate::call::PartyState::Left)
                .map(|p| p.number.display())
                .collect();
            let shown = if present.is_empty() {
                others.iter().map(|m| m.display()).collect()
            } else {
                present
            };
            let display = match e.dial.as_ref().and_then(|d| d.dest_for_display.clone()) {
                Some(d) => d,
                None => shown.join(", "),
            };
            e.call.direction = direction;
            if e.call.display_number != display {
                e.call.display_number = display;
            }
            if e.raw_user_data.is_none() {
                e.call.user_data = None;
                e.masked_with = None;
                continue;
            }
            let key = {
                let mut h = crate::fingerprint::Fx::default();
                for p in &e.call.parties {
                    (p.number.raw(), p.number.display()).hash(&mut h);
                }
                if let Some(d) = &e.dial {
                    (&d.to, &d.typed, &d.dest_for_display).hash(&mut h);
                }
                h.finish()
            };
            if e.masked_with == Some(key) {
                continue;
            }
            let mut reps: Vec<(String, String)> = Vec::new();
            for p in &e.call.parties {
                if !p.number.is_internal() {
                    push_reps(
                        &mut reps,
                        &self.cfg.mask,
                        p.number.raw_number(),
                        p.number.display(),
                    );
                }
            }
            if let Some(d) = &e.dial {
                for raw in [&d.to, &d.typed] {
                    if !self.cfg.mask.is_internal(raw) {
                        let shown = d
                            .dest_for_display
                            .clone()
                            .unwrap_or_else(|| self.cfg.mask.mask_digits(raw));
                        push_reps(&mut reps, &self.cfg.mask, raw, &shown);
                    }
                }
            }
            e.call.user_data = e.raw_user_data.as_ref().map(|v| {
                Arc::new(userdata::mask_user_data(v, &reps, |n| {
                    match reps.iter().find(|(raw, _)| raw == n) {
                        Some((_, shown)) => shown.clone(),
                        None => self.cfg.mask.display(n),
                    }
                }))
            });
            e.masked_with = Some(key);
        }
        allowed::refresh(self);
    }
}
