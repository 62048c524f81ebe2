//! One rule per event name (spec §5–§6, with the robust model of §6.5 rather than the SDK's defects).

use serde_json::Value;
use well_protocol::event::*;
use well_protocol::ids::{CallId, DeviceId};
use well_protocol::redact::RawDevice;

use crate::agent::{Agent, AgentStatus, LogoffCause, Mode};
use crate::call::{Call, CallState, Party, PartyRole, PartyState};
use crate::model::{Effect, Entry, Model, Tx};

fn raw(d: &Option<RawDevice>) -> Option<&str> {
    d.as_ref().map(RawDevice::as_str)
}

fn is_preoccupied(s: Option<&str>) -> bool {
    s.is_some_and(|s| s.eq_ignore_ascii_case("PREOCCUPIED"))
}

impl Model {
    pub(crate) fn apply(&mut self, ev: Event, now: u64, tx: &mut Tx) {
        match &ev {
            Event::AgentLoggedOn(e) => self.on_logged_on(e, now),
            Event::AgentLoggedOff(_) => self.on_logged_off(now),
            Event::AgentReady(_) => self.on_mode(Mode::Ready, None, now),
            Event::AgentNotReady(e) => self.on_mode(
                Mode::NotReady,
                e.reason.clone().filter(|r| !r.is_empty()),
                now,
            ),
            Event::AgentWorkingAfterCall(_) => self.on_mode(Mode::WorkNotReady, None, now),
            Event::AgentAllocated(_) => self.on_mode(Mode::Allocated, None, now),
            Event::ServiceInitiated(e) => {
                let dev = raw(&e.initiated_device).or(raw(&e.call.device_id));
                if let (Some(id), true) = (&e.call.call_id, self.is_me(dev)) {
                    self.upsert(
                        id,
                        now,
                        e.header.event_time.as_deref(),
                        true,
                        CallState::Dialing,
                    );
                }
            }
            Event::Originated(e) => self.on_originated(e, now),
            Event::Delivered(_) | Event::Established(_) => {}
            Event::ConnectionCleared(e) => self.on_cleared(e, now, tx),
            Event::Held(e) => self.on_hold(&e.call, raw(&e.holding_device), true),
            Event::Retrieved(e) => self.on_hold(&e.call, raw(&e.retrieving_device), false),
            Event::Transferred(e) => self.on_transferred(e),
            Event::Conferenced(e) => self.on_conferenced(e, now),
            Event::RecordStarted(e) => {
                self.on_record(e.call.call_id.as_ref(), e.is_success != Some(false))
            }
            Event::RecordStopped(e) => {
                self.on_record(e.call.call_id.as_ref(), e.is_success == Some(false))
            }
            Event::Failed(e) => {
                let Some(i) = e.call.call_id.as_ref().and_then(|id| self.find(id)) else {
                    return;
                };
                let c = &mut self.calls[i].call;
                c.failure = Some(crate::call::CallFailure {
                    code: e.failed_code.clone(),
                    message: e.failed_msg.clone(),
                });
                if let Some(p) = raw(&e.called_device)
                    .or(raw(&e.call.device_id))
                    .and_then(|d| c.party_mut(d))
                {
                    p.state = PartyState::Failed;
                }
            }
            Event::ChannelStateChanged(_) => {}
            Event::Unknown(_) => {
                self.stats.unknown += 1;
                tracing::debug!(event = ev.name(), "unknown event kept and ignored");
            }
        }
        // The two events that carry `userData` give it up to the call instead of a copy.
        match ev {
            Event::Delivered(e) => self.on_delivered(e, now, tx),
            Event::Established(e) => self.on_established(e, now),
            _ => {}
        }
    }

    fn on_logged_on(&mut self, e: &AgentEvent, now: u64) {
        if self.me.is_none() {
            // Only a login or a recovery of ours says who we are; an unsolicited logon names nothing we trust.
            self.stats.ignored += 1;
            tracing::warn!("agentLoggedOn without a login or recovery in progress: ignored");
            return;
        }
        let mut a = Agent::logged_out();
        a.status = AgentStatus::LoggedOn;
        a.agent_id = e.agent_id.clone().or(self.agent.agent_id.take());
        a.extension = self.me.as_ref().map(DeviceId::wire);
        a.name = self.agent.name.take();
        a.set_mode(e.agent_mode.as_ref().and_then(Mode::from_wire), None, now);
        self.agent = a;
        // A new login starts a new session: calls are re-read from the server, never carried over.
        self.calls.clear();
        tracing::info!(agent = ?self.agent.agent_id, "agent logged on");
    }

    fn on_logged_off(&mut self, now: u64) {
        if self.agent.status == AgentStatus::LoggedOut {
            return;
        }
        let cause = if self.logout_requested {
            LogoffCause::OwnLogout
        } else {
            LogoffCause::Server
        };
        self.agent.status = AgentStatus::LoggedOff;
        self.agent.logged_off_cause = Some(cause);
        self.agent.set_mode(None, None, now);
        self.calls.clear();
        self.dials.clear();
        self.logout_requested = false;
        tracing::info!(?cause, "agent logged off");
    }

    fn on_mode(&mut self, mode: Mode, reason: Option<String>, now: u64) {
        if !matches!(
            self.agent.status,
            AgentStatus::LoggedOn | AgentStatus::LoggingIn
        ) {
            self.stats.ignored += 1;
            tracing::debug!(?mode, "agent mode event while not logged in: ignored");
            return;
        }
        self.agent.set_mode(Some(mode), reason, now);
    }

    pub(crate) fn upsert_for_resync(
        &mut self,
        id: &CallId,
        me_caller: bool,
        state: CallState,
        now: u64,
    ) -> usize {
        let i = self.upsert(id, now, None, me_caller, state);
        self.calls[i].call.me_is_caller = me_caller;
        i
    }

    pub(crate) fn set_state_for_resync(&mut self, i: usize, state: CallState, now: u64) {
        self.set_my_state(i, state, now);
        if state == CallState::Held && self.calls[i].call.answered_at_ms.is_none() {
            self.calls[i].call.answered_at_ms = Some(now);
        }
    }

    /// The entry for `id`, created with `state` if new.
    fn upsert(
        &mut self,
        id: &CallId,
        now: u64,
        event_time: Option<&str>,
        me_caller: bool,
        state: CallState,
    ) -> usize {
        if let Some(i) = self.find(id) {
            return i;
        }
        let mut parties = Vec::new();
        if let Some(me) = &self.me_masked {
            let role = if me_caller {
                PartyRole::Caller
            } else {
                PartyRole::Called
            };
            parties.push(Party {
                number: me.clone(),
                me: true,
                role,
                state: PartyState::Initiated,
            });
        }
        self.calls.push(Entry {
            call: Call {
                call_id: id.clone(),
                direction: crate::call::Direction::Inbound,
                state,
                me_is_caller: me_caller,
                display_number: String::new(),
                parties,
                rang_at_ms: Some(now),
                answered_at_ms: None,
                ended_at_ms: None,
                event_time: event_time.map(str::to_owned),
                user_data: None,
                call_type: None,
                conferenced: false,
                consult_of: None,
                held_by_other: false,
                recording: None,
                failure: None,
                cause: None,
                verified: true,
                allowed: Vec::new(),
            },
            raw_user_data: None,
            masked_with: None,
            dial: None,
            preoccupied: false,
            transferred_away: false,
        });
        tracing::debug!(call_id = %id, ?state, "call created");
        self.calls.len() - 1
    }

    /// Add the party (or update its state); our own device is the `me` party.
    pub(crate) fn set_party(&mut self, i: usize, raw: &str, role: PartyRole, state: PartyState) {
        if raw.is_empty() {
            return;
        }
        let me = self.is_me(Some(raw));
        if let Some(p) = self.calls[i].call.party_mut(raw) {
            p.state = state;
            return;
        }
        if me {
            return;
        }
        let number = self.masked_for(self.calls[i].dial.as_ref(), raw);
        self.calls[i].call.parties.push(Party {
            number,
            me: false,
            role,
            state,
        });
    }

    fn set_my_state(&mut self, i: usize, state: CallState, now: u64) {
        let c = &mut self.calls[i].call;
        c.state = state;
        if state == CallState::Connected && c.answered_at_ms.is_none() {
            c.answered_at_ms = Some(now);
        }
        let ps = match state {
            CallState::Dialing => PartyState::Initiated,
            CallState::Ringback | CallState::Connected => PartyState::Connected,
            CallState::Ringing => PartyState::Alerting,
            CallState::Held => PartyState::Held,
        };
        if let Some(p) = c.parties.iter_mut().find(|p| p.me) {
            p.state = ps;
        }
    }

    /// Match a makeCall in flight to this call: by `callId`, else by the dialled string.
    fn match_dial(&mut self, i: usize, called: Option<&str>) {
        if self.calls[i].dial.is_some() || !self.calls[i].call.me_is_caller {
            return;
        }
        let id = self.calls[i].call.call_id.clone();
        let called = called.map(|c| DeviceId::parse_lenient(c).number().to_owned());
        let pos = self
            .dials
            .iter()
            .position(|d| d.call_id.as_ref() == Some(&id))
            .or_else(|| {
                let called = called.as_deref()?;
                self.dials
                    .iter()
                    .position(|d| d.call_id.is_none() && d.to == called)
            });
        if let Some(p) = pos {
            let d = self.dials.remove(p);
            self.attach_dial(i, d);
        }
    }

    fn on_originated(&mut self, e: &Originated, now: u64) {
        let Some(id) = &e.call.call_id else { return };
        if !self.is_me(raw(&e.calling_device).or(raw(&e.call.device_id))) {
            self.stats.ignored += 1;
            return;
        }
        let i = self.upsert(
            id,
            now,
            e.header.event_time.as_deref(),
            true,
            CallState::Dialing,
        );
        self.calls[i].call.me_is_caller = true;
        self.match_dial(i, raw(&e.called_device));
        if let Some(c) = raw(&e.called_device) {
            self.set_party(i, c, PartyRole::Called, PartyState::Initiated);
        }
    }

    fn on_delivered(&mut self, mut e: Delivered, now: u64, tx: &mut Tx) {
        let Some(id) = &e.call.call_id else { return };
        let alerting = raw(&e.alerting_device).or(raw(&e.call.device_id));
        let at_me = self.is_me(alerting);
        let me_caller = self.is_me(raw(&e.calling_device));
        let created = self.find(id).is_none();
        let i = match self.find(id) {
            Some(i) => i,
            None if at_me && !me_caller => self.upsert(
                id,
                now,
                e.header.event_time.as_deref(),
                false,
                CallState::Ringing,
            ),
            None if me_caller => self.upsert(
                id,
                now,
                e.header.event_time.as_deref(),
                true,
                CallState::Ringback,
            ),
            None => {
                self.stats.ignored += 1;
                tracing::debug!(call_id = %id, "delivered for a call that is neither ours nor ringing here: ignored");
                return;
            }
        };
        let before = self.calls[i].call.state;
        if at_me && !me_caller && !matches!(before, CallState::Connected | CallState::Held) {
            self.set_my_state(i, CallState::Ringing, now);
            // A repeated delivered for a call already ringing gives no second popup.
            if created || before != CallState::Ringing {
                tx.rang.push(id.clone());
            }
        } else if me_caller && before == CallState::Dialing {
            self.set_my_state(i, CallState::Ringback, now);
        }
        self.match_dial(i, raw(&e.called_device));
        if let Some(c) = raw(&e.calling_device) {
            self.set_party(i, c, PartyRole::Caller, PartyState::Connected);
        }
        if let Some(c) = raw(&e.called_device) {
            self.set_party(i, c, PartyRole::Called, PartyState::Alerting);
        }
        if let Some(a) = alerting {
            self.set_party(i, a, PartyRole::Joined, PartyState::Alerting);
        }
        let data_type = e
            .user_data
            .as_ref()
            .and_then(|u| u.entries())
            .and_then(|m| m.get("callType"))
            .and_then(Value::as_str);
        let entry = &mut self.calls[i];
        entry.preoccupied |= is_preoccupied(e.call.cause.as_deref())
            || is_preoccupied(e.call_cause.as_deref())
            || is_preoccupied(e.call_type.as_deref())
            || is_preoccupied(data_type);
        if let Some(u) = e.user_data.take() {
            entry.raw_user_data = Some(u.0);
            entry.masked_with = None;
        }
        if e.call_type.is_some() {
            entry.call.call_type = e.call_type.clone();
        }
    }

    fn on_established(&mut self, mut e: Established, now: u64) {
        let Some(id) = &e.call.call_id else { return };
        let answering = raw(&e.answering_device).or(raw(&e.call.device_id));
        let by_me = self.is_me(answering);
        let me_caller = self.is_me(raw(&e.calling_device));
        let i = match self.find(id) {
            Some(i) => i,
            None if by_me || me_caller => self.upsert(
                id,
                now,
                e.header.event_time.as_deref(),
                me_caller,
                CallState::Connected,
            ),
            None => {
                self.stats.ignored += 1;
                return;
            }
        };
        let state = self.calls[i].call.state;
        let connect = match state {
            CallState::Ringing => by_me,
            CallState::Dialing | CallState::Ringback => true,
            CallState::Connected | CallState::Held => false,
        };
        if connect || (state == CallState::Connected && self.calls[i].call.answered_at_ms.is_none())
        {
            self.set_my_state(i, CallState::Connected, now);
        }
        if let Some(c) = raw(&e.calling_device) {
            self.set_party(i, c, PartyRole::Caller, PartyState::Connected);
        }
        if let Some(c) = raw(&e.called_device) {
            let st = if self.is_me(Some(c)) && !by_me {
                None
            } else {
                Some(PartyState::Connected)
            };
            if let Some(st) = st {
                self.set_party(i, c, PartyRole::Called, st);
            }
        }
        if let Some(a) = answering {
            self.set_party(i, a, PartyRole::Joined, PartyState::Connected);
        }
        if let Some(u) = e.user_data.take() {
            self.calls[i].raw_user_data.get_or_insert(u.0);
        }
    }

    fn on_cleared(&mut self, e: &ConnectionCleared, now: u64, tx: &mut Tx) {
        let Some(id) = &e.call.call_id else { return };
        let Some(i) = self.find(id) else { return };
        let releasing = raw(&e.releasing_device).or(raw(&e.call.device_id));
        if e.call.cause.is_some() {
            self.calls[i].call.cause = e.call.cause.clone();
        }
        if self.is_me(releasing) {
            let entry = self.calls.remove(i);
            let c = entry.call;
            tracing::debug!(call_id = %id, cause = ?c.cause, "our connection cleared: call ended");
            let cause = c.cause.clone();
            tx.effects.push(Effect::call_ended(c, now, cause));
            return;
        }
        // Another party left: the call is over for us only when our own clearing arrives (§5.2).
        if let Some(r) = releasing {
            self.set_party(i, r, PartyRole::Joined, PartyState::Left);
        }
        let c = &mut self.calls[i].call;
        if c.other_parties().all(|p| p.state == PartyState::Left) && c.ended_at_ms.is_none() {
            c.ended_at_ms = Some(now);
        }
        if !c
            .parties
            .iter()
            .any(|p| p.state == PartyState::Held && !p.me)
        {
            c.held_by_other = false;
        }
    }

    fn on_hold(&mut self, f: &CallFields, actor: Option<&str>, hold: bool) {
        let Some(i) = f.call_id.as_ref().and_then(|id| self.find(id)) else {
            return;
        };
        let actor = actor.or(raw(&f.device_id));
        if self.is_me(actor) {
            let state = self.calls[i].call.state;
            if hold && state == CallState::Connected {
                self.set_my_state(i, CallState::Held, 0);
            } else if !hold && state == CallState::Held {
                self.set_my_state(i, CallState::Connected, 0);
            }
        } else if let Some(a) = actor {
            let st = if hold {
                PartyState::Held
            } else {
                PartyState::Connected
            };
            self.set_party(i, a, PartyRole::Joined, st);
            let c = &mut self.calls[i].call;
            c.held_by_other = c
                .parties
                .iter()
                .any(|p| !p.me && p.state == PartyState::Held);
        }
    }

    fn on_transferred(&mut self, e: &Transferred) {
        let new = e.new_call_id().or_else(|| e.call.call_id.clone());
        let Some(new) = new else { return };
        let to = raw(&e.transferred_to_device);
        let from = raw(&e.transferring_device);
        if self.is_me(to) {
            // We are the new owner: a consult leg we held as `secondaryOldCall` now goes by `newCall`.
            if let Some(old) = e.secondary_old().filter(|o| *o != new) {
                self.merge_into(&old, &new);
            }
            if let Some(i) = self.find(&new) {
                if let Some(f) = from {
                    self.set_party(i, f, PartyRole::Joined, PartyState::Left);
                }
                // The party we now talk to: the event names it only in `originCallInfo` (when present).
                let origin = e.origin_call_info.as_ref().map(|o| &o.0);
                for key in ["callingDevice", "calledDevice"] {
                    let Some(d) = origin.and_then(|o| o.get(key)).and_then(Value::as_str) else {
                        continue;
                    };
                    let is_from = from.is_some_and(|f| DeviceId::parse_lenient(f).is(d));
                    if !is_from && !self.is_me(Some(d)) {
                        self.set_party(i, d, PartyRole::Joined, PartyState::Connected);
                    }
                }
            }
        } else if self.is_me(from) {
            // We handed the call away: our own connectionCleared will end it.
            let ids = [
                e.call.call_id.clone(),
                e.primary_old(),
                e.secondary_old(),
                Some(new),
            ];
            for id in ids.into_iter().flatten() {
                if let Some(i) = self.find(&id) {
                    self.calls[i].transferred_away = true;
                }
            }
        } else if let Some(i) = self
            .find(&new)
            .or_else(|| e.call.call_id.as_ref().and_then(|c| self.find(c)))
        {
            if let Some(f) = from {
                self.set_party(i, f, PartyRole::Joined, PartyState::Left);
            }
            if let Some(t) = to {
                self.set_party(i, t, PartyRole::Joined, PartyState::Connected);
            }
        }
    }

    /// Move call `old` into `new`: rename when `new` is unknown, else merge its parties and drop it.
    fn merge_into(&mut self, old: &CallId, new: &CallId) {
        let Some(o) = self.find(old) else { return };
        match self.find(new) {
            None => self.calls[o].call.call_id = new.clone(),
            Some(n) => {
                let moved = self.calls.remove(o);
                let n = if o < n { n - 1 } else { n };
                for p in moved.call.parties.into_iter().filter(|p| !p.me) {
                    let known = self.calls[n]
                        .call
                        .parties
                        .iter()
                        .any(|q| q.number.device().same(&p.number.device()));
                    if !known {
                        self.calls[n].call.parties.push(p);
                    }
                }
                if self.calls[n].raw_user_data.is_none() {
                    self.calls[n].raw_user_data = moved.raw_user_data;
                    self.calls[n].masked_with = None;
                }
            }
        }
    }

    fn on_conferenced(&mut self, e: &Conferenced, now: u64) {
        let Some(target) = e.new_call_id().or_else(|| e.call.call_id.clone()) else {
            return;
        };
        for old in [e.secondary_old(), e.primary_old(), e.call.call_id.clone()]
            .into_iter()
            .flatten()
        {
            if old != target {
                self.merge_into(&old, &target);
            }
        }
        let Some(i) = self.find(&target) else {
            self.stats.ignored += 1;
            return;
        };
        for d in [raw(&e.conferencing_device), raw(&e.added_party)]
            .into_iter()
            .flatten()
        {
            self.set_party(i, d, PartyRole::Joined, PartyState::Connected);
        }
        self.calls[i].call.conferenced = true;
        if self.calls[i].call.state != CallState::Ringing {
            self.set_my_state(i, CallState::Connected, now);
        }
    }

    fn on_record(&mut self, id: Option<&CallId>, on: bool) {
        let i = match id {
            Some(id) => self.find(id),
            None if self.calls.len() == 1 => Some(0),
            None => None,
        };
        if let Some(i) = i {
            self.calls[i].call.recording = Some(on);
        }
    }
}
