//! A call's entry in the model: created on the first event that names it, its parties, our own state,
//! and the makeCall in flight it belongs to.

use well_protocol::ids::{CallId, DeviceId};

use crate::call::{Call, CallState, Party, PartyRole, PartyState};
use crate::model::{Entry, Model};

impl Model {
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
    pub(crate) fn upsert(
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
                summary: None,
                call_type: None,
                conferenced: false,
                consult_of: None,
                held_by_other: false,
                recording: None,
                failure: None,
                cause: None,
                verified: true,
                allowed: Vec::new(),
                needs_number: Vec::new(),
            },
            raw_user_data: None,
            masked_with: None,
            dial: None,
            preoccupied: false,
            transferred_away: false,
            rejected: false,
        });
        tracing::debug!(call_id = %id, ?state, "call created");
        self.calls.len() - 1
    }

    /// Add the party (or update its state); our own device is the `me` party.
    /// Add another party (or update its state). Our own party follows `set_my_state` only: an event about
    /// the call naming us as `calledDevice` does not say what our connection is doing.
    pub(crate) fn set_party(&mut self, i: usize, raw: &str, role: PartyRole, state: PartyState) {
        if raw.is_empty() || self.is_me(Some(raw)) {
            return;
        }
        if let Some(p) = self.calls[i].call.party_mut(raw) {
            p.state = state;
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

    pub(crate) fn set_my_state(&mut self, i: usize, state: CallState, now: u64) {
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
    pub(crate) fn match_dial(&mut self, i: usize, called: Option<&str>) {
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
}
