//! Events that change who is in a call or which calls exist: hold and retrieve, transfer, conference; and
//! the recording flag.

use serde_json::Value;
use well_protocol::event::*;
use well_protocol::ids::{CallId, DeviceId};

use super::raw;
use crate::call::{CallState, PartyRole, PartyState};
use crate::model::Model;

impl Model {
    pub(crate) fn on_hold(&mut self, f: &CallFields, actor: Option<&str>, hold: bool) {
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

    pub(crate) fn on_transferred(&mut self, e: &Transferred) {
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
    pub(crate) fn merge_into(&mut self, old: &CallId, new: &CallId) {
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

    pub(crate) fn on_conferenced(&mut self, e: &Conferenced, now: u64) {
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

    pub(crate) fn on_record(&mut self, id: Option<&CallId>, on: bool) {
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
