//! The events of one call: `originated`, `delivered`, `established`, `connectionCleared`.

use serde_json::Value;
use well_protocol::event::*;

use super::raw;
use crate::call::{CallState, PartyRole, PartyState};
use crate::model::{Model, Tx};
use crate::output::Effect;

fn is_preoccupied(s: Option<&str>) -> bool {
    s.is_some_and(|s| s.eq_ignore_ascii_case("PREOCCUPIED"))
}

impl Model {
    pub(crate) fn on_originated(&mut self, e: &Originated, now: u64) {
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

    pub(crate) fn on_delivered(&mut self, mut e: Delivered, now: u64, tx: &mut Tx) {
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

    pub(crate) fn on_established(&mut self, mut e: Established, now: u64) {
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

    pub(crate) fn on_cleared(&mut self, e: &ConnectionCleared, now: u64, tx: &mut Tx) {
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
            tx.effects
                .push(Effect::call_ended(c, now, cause, entry.rejected));
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
}
