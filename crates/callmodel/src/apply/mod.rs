//! One rule per event name (spec §5–§6, with the robust model of §6.5 rather than the SDK's defects):
//! the dispatch and the agent events here; the call's entry and parties in [`entry`]; the events of one call
//! in [`call_events`]; hold, transfer, conference and recording in [`multi`].

mod call_events;
mod entry;
mod multi;

use well_protocol::event::*;
use well_protocol::ids::DeviceId;
use well_protocol::redact::RawDevice;

use crate::agent::{Agent, AgentStatus, LogoffCause, Mode};
use crate::call::{CallState, PartyState};
use crate::model::{Model, Tx};

pub(crate) fn raw(d: &Option<RawDevice>) -> Option<&str> {
    d.as_ref().map(RawDevice::as_str)
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
        // While logging in, a logoff belongs to the old binding (a forced login logs it out first, §2.4).
        if matches!(
            self.agent.status,
            AgentStatus::LoggedOut | AgentStatus::LoggingIn
        ) {
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
}
