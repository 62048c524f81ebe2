//! The task behind the handle: owns the model, the REST client, the event link and the timers, and is the only
//! writer of the numbered update stream.

use std::time::Duration;
use tokio::sync::{broadcast, mpsc};
use tokio::time::{sleep_until, Instant};
use well_callmodel::contract::{Connection, NoticeLevel, Question};
use well_callmodel::output::Effect;
use well_callmodel::wire_mask::PartyNumbers;
use well_callmodel::{AgentStatus, Model, Output};
use well_codes::Code;
use well_protocol::ids::{AgentId, CallId, DeviceId};
use well_protocol::redact::Secret;
use well_protocol::rest::{paths, ClientState};

use super::deadlines::{Deadlines, Due};

use super::config::{SavedSession, SavedSessionChange, SessionConfig};
use super::handle::{Cmd, LoginRequest, Reply};
use crate::backoff::Backoff;
use crate::dial_limit::DialLimit;
use crate::error::ClientError;
use crate::link::{Link, LinkError, LinkEvent};
use crate::link_task::LinkTask;
use crate::outage::Outage;
use crate::rest::Rest;
use crate::updates::Sequencer;

/// A login waiting for the agent's answer to the login-mode question (until `Deadlines::question`).
pub(super) struct PendingLogin {
    pub(super) req: LoginRequest,
    pub(super) reply: Reply<()>,
}

pub(super) struct Actor {
    pub(super) cfg: SessionConfig,
    rx: mpsc::Receiver<Cmd>,
    saved: mpsc::UnboundedSender<SavedSessionChange>,
    effects: broadcast::Sender<Effect>,
    crm: broadcast::Sender<crate::crm_feed::CrmEvent>,
    pub(super) model: Model,
    pub(super) seq: Sequencer,
    pub(super) rest: Rest,
    /// The monotonic base of every `*_ms` field.
    epoch: Instant,
    pub(super) token: Option<Secret>,
    pub(super) creds: Option<LoginRequest>,
    pub(super) agent: Option<AgentId>,
    pub(super) device: Option<DeviceId>,
    pub(super) link: Option<LinkTask>,
    backoff: Backoff,
    deadlines: Deadlines,
    pub(super) history: crate::history::History,
    pub(super) dial_limit: DialLimit,
    pub(super) pending_login: Option<PendingLogin>,
    /// Frames that did not decode since the start (a re-sync follows each).
    pub(super) undecodable: u64,
    pub(super) resyncs: u64,
    pub(super) links: u64,
    outage: Outage,
    /// The agent asked to log out: the `agentLoggedOff` that follows is not a lost session.
    pub(super) leaving: bool,
}

impl Actor {
    pub(super) fn new(
        mut cfg: SessionConfig,
        rx: mpsc::Receiver<Cmd>,
        saved: mpsc::UnboundedSender<SavedSessionChange>,
        effects: broadcast::Sender<Effect>,
        crm: broadcast::Sender<crate::crm_feed::CrmEvent>,
    ) -> Result<Self, ClientError> {
        let rest = Rest::new(cfg.profile.clone(), cfg.timeouts)?;
        let extra = cfg.profile.extra_ca().map_err(ClientError::Profile)?;
        if !extra.is_empty() && cfg.link.tls.is_none() {
            cfg.link.tls = Some(
                crate::tls::client_config(&extra).map_err(|e| ClientError::Profile(e.into()))?,
            );
        }
        let seed = std::process::id() as u64 ^ 0x9e37_79b9;
        let model = Model::new(cfg.model.clone());
        let epoch = Instant::now();
        Ok(Actor {
            seq: Sequencer::new(1024, model.snapshot(), epoch),
            model,
            rest,
            epoch,
            token: None,
            creds: None,
            agent: None,
            device: None,
            link: None,
            backoff: Backoff::new(cfg.backoff.0, cfg.backoff.1, seed),
            deadlines: Deadlines::new(Instant::now()),
            history: crate::history::History::default(),
            dial_limit: DialLimit::new(cfg.dial_every),
            pending_login: None,
            undecodable: 0,
            resyncs: 0,
            links: 0,
            outage: Outage::new(cfg.outage_notice_after),
            leaving: false,
            cfg,
            rx,
            saved,
            effects,
            crm,
        })
    }

    pub(super) fn now_ms(&self) -> u64 {
        self.epoch.elapsed().as_millis() as u64
    }

    /// Number and send the model's changes; hand its effects to the shell and the timers.
    pub(super) fn emit(&mut self, out: Output) {
        for e in &out.effects {
            match e {
                Effect::AutoAnswerDue { call_id, at } => {
                    let when = self.epoch + Duration::from_millis(*at);
                    self.deadlines.auto_answers.push((when, call_id.clone()));
                }
                Effect::AutoReadyDue { at } => {
                    self.deadlines.auto_ready = Some(self.epoch + Duration::from_millis(*at));
                }
                Effect::CallEnded { .. } => self.history.record(e, self.model.mask_policy()),
                _ => {}
            }
            let _ = self.effects.send(e.clone());
        }
        let model = &self.model;
        self.seq.publish_model(out.changes, || model.snapshot());
    }

    /// What the CRM copy of an event needs from before it is applied (its call's last event removes the call
    /// and its numbers); nothing when no bridge listens.
    fn before_crm(
        &self,
        e: &well_protocol::event::Event,
    ) -> Option<(serde_json::Value, String, Vec<CallId>, PartyNumbers)> {
        if self.crm.receiver_count() == 0 {
            return None;
        }
        let wire = serde_json::to_value(e).ok()?;
        let ids = e.call_ids();
        let numbers = self.model.party_numbers(&ids);
        Some((wire, e.name().to_owned(), ids, numbers))
    }

    fn send_crm(&self, before: Option<(serde_json::Value, String, Vec<CallId>, PartyNumbers)>) {
        let Some((wire, name, ids, mut numbers)) = before else {
            return;
        };
        numbers.extend(self.model.party_numbers(&ids));
        let masked = self.model.mask_wire_event(&wire, &numbers);
        let _ = self.crm.send(crate::crm_feed::CrmEvent {
            seq: self.seq.seq(),
            name,
            masked: std::sync::Arc::new(masked),
            raw: crate::crm_feed::RawEvent::new(wire),
        });
    }

    pub(super) fn save(&self) {
        if let (Some(agent), Some(device), Some(token)) = (&self.agent, &self.device, &self.token) {
            let _ = self.saved.send(SavedSessionChange::Saved(SavedSession {
                agent_id: agent.as_str().to_owned(),
                extension_id: device.wire(),
                domain: self.cfg.profile.domain.clone(),
                token: token.clone(),
            }));
        }
    }

    fn logged_on(&self) -> bool {
        self.model.agent().status == AgentStatus::LoggedOn
    }

    pub(super) async fn run(mut self) {
        loop {
            let heartbeat_on = self.logged_on() && self.token.is_some();
            let outage_at = self.outage.notice_due_at().map(Instant::from_std);
            let next = self.deadlines.next(heartbeat_on, outage_at);
            let has_link = self.link.is_some();
            let (at, due) = next.unwrap_or((Instant::now(), Due::Heartbeat));
            tokio::select! {
                cmd = self.rx.recv() => match cmd {
                    Some(c) => self.command(c).await,
                    None => break,
                },
                ev = next_event(&mut self.link), if has_link => self.on_link(ev).await,
                _ = sleep_until(at), if next.is_some() => self.on_due(due).await,
            }
        }
        self.close_link().await;
    }

    async fn on_due(&mut self, due: Due) {
        match due {
            Due::Heartbeat => self.heartbeat().await,
            Due::Reconnect => self.reconnect().await,
            Due::AutoAnswer => self.auto_answer().await,
            Due::Question => self.question_expired().await,
            Due::AutoReady => self.auto_ready().await,
            Due::OutageNotice => self.outage_notice(),
        }
    }

    async fn on_link(&mut self, ev: Result<LinkEvent, LinkError>) {
        match ev {
            Ok(LinkEvent::Event(e)) => {
                tracing::trace!(event = ?e, "event in");
                let now = self.now_ms();
                let was_on = self.logged_on();
                let for_crm = self.before_crm(&e);
                let applied = self.model.stats().applied;
                let timing =
                    tracing::enabled!(target: "well_timing", tracing::Level::DEBUG).then(|| {
                        (
                            e.name().to_owned(),
                            e.call_id().map(|c| c.as_str().to_owned()),
                        )
                    });
                let out = self.model.apply_event(*e, now);
                self.emit(out);
                if let Some((event, call)) = timing {
                    tracing::debug!(target: "well_timing", event, call, seq = self.seq.seq(), "published");
                }
                if self.model.stats().applied > applied {
                    self.send_crm(for_crm);
                }
                if !was_on && self.logged_on() {
                    self.deadlines.heartbeat = Instant::now();
                }
                if self.model.agent().status == AgentStatus::LoggedOff {
                    let lost = (!self.leaving).then_some("the server logged the agent off");
                    self.end_session(lost).await;
                }
            }
            Ok(LinkEvent::Undecodable {
                command,
                len,
                reason,
            }) => {
                self.undecodable += 1;
                tracing::warn!(?command, len, %reason, count = self.undecodable, "undecodable input skipped; re-syncing");
                self.resync().await;
            }
            Err(e) => {
                tracing::warn!(code = %e.code(), error = %e, "event link lost");
                self.link = None;
                if self.token.is_some() {
                    self.schedule_reconnect();
                }
            }
        }
    }

    pub(super) fn schedule_reconnect(&mut self) {
        self.outage.lost(Instant::now().into_std());
        let delay = self.backoff.next_delay();
        self.deadlines.reconnect = Some(Instant::now() + delay);
        let attempt = self.backoff.attempt();
        self.seq.set_connection(Connection::Reconnecting {
            attempt,
            next_try_ms: self.now_ms() + delay.as_millis() as u64,
        });
    }

    async fn reconnect(&mut self) {
        self.deadlines.reconnect = None;
        let Some(agent) = self.agent.clone() else {
            return;
        };
        match self.open_link(&agent).await {
            Ok(()) => {
                self.backoff.reset();
                // The notice goes with the outage, in the same instant the connection reads "connected".
                self.outage_over();
                self.seq.set_connection(Connection::Connected);
                self.resync().await;
            }
            Err(e) => {
                tracing::info!(code = %e.code(), "reconnect failed; retrying");
                self.schedule_reconnect();
            }
        }
    }

    /// Connect the event link and subscribe to the agent's topic, waiting for the RECEIPT; the link then
    /// becomes the actor's. Login, reconnect and recovery all subscribe before they read any state, so that
    /// nothing published after that state can be lost.
    pub(super) async fn open_link(&mut self, agent: &AgentId) -> Result<(), LinkError> {
        let mut link = Link::connect(&self.cfg.profile.ws_url(), &self.cfg.link).await?;
        link.subscribe(agent, self.cfg.link.receipt_wait).await?;
        self.link = Some(LinkTask::start(link));
        self.links += 1;
        Ok(())
    }

    /// Calls known only from `client-state` have no `userData`: read it back once per call, so the agent
    /// sees the call's data after a restart or an outage. A failed read costs only that call's data.
    pub(super) async fn fill_missing_call_data(&mut self) {
        let missing: Vec<CallId> = self
            .model
            .calls()
            .filter(|c| c.user_data.is_none())
            .map(|c| c.call_id.clone())
            .collect();
        for call in missing {
            match self.read_call_data(&call).await {
                Ok(raw) => {
                    let now = self.now_ms();
                    let out = self.model.call_data_read(&call, raw, now);
                    self.emit(out);
                }
                Err(e) => tracing::info!(call = %call, code = %e.code(), "no call data read back"),
            }
        }
    }

    /// Re-sync from `client-state` (the server's truth) and reconcile.
    pub(super) async fn resync(&mut self) {
        self.resyncs += 1;
        match self.get_client_state().await {
            Ok(cs) => {
                let now = self.now_ms();
                let out = self.model.reconcile(&cs, now);
                self.emit(out);
                self.fill_missing_call_data().await;
                if self.model.agent().status == AgentStatus::LoggedOff {
                    self.end_session(Some("the server says the agent is no longer logged in"))
                        .await;
                }
            }
            Err(e) => {
                tracing::warn!(code = %e.code(), "re-sync failed");
                let now = self.now_ms();
                self.seq
                    .notice(NoticeLevel::Warning, e.code(), &e.to_string(), now);
            }
        }
    }

    async fn get_client_state(&mut self) -> Result<ClientState, ClientError> {
        let body = self
            .rest_call(
                "client state",
                reqwest::Method::GET,
                paths::CLIENT_STATE,
                None,
                true,
            )
            .await?;
        serde_json::from_slice(&body).map_err(|e| ClientError::BadResponse {
            what: "client state",
            reason: e.to_string(),
        })
    }

    async fn heartbeat(&mut self) {
        self.deadlines.heartbeat = Instant::now() + self.cfg.heartbeat_every;
        let Some(agent) = self.agent.clone() else {
            return;
        };
        let Ok(path) = paths::heartbeat(&agent) else {
            return;
        };
        if let Err(e) = self
            .rest_call("heartbeat", reqwest::Method::POST, &path, None, true)
            .await
        {
            tracing::warn!(code = %e.code(), "heartbeat failed; the next one follows");
        }
    }

    async fn auto_answer(&mut self) {
        let due = self.deadlines.take_auto_answers(Instant::now());
        for call in due {
            let ringing = self
                .model
                .call(&call)
                .is_some_and(|c| c.allowed.contains(&well_callmodel::CallAction::Answer));
            if ringing {
                if let Err(e) = self
                    .call_command(&call, super::handle::CallCommand::Answer)
                    .await
                {
                    tracing::warn!(code = %e.code(), "auto-answer failed");
                }
            }
        }
    }

    /// After-call work's time is up: Ready, if the agent is still in it (they may have chosen meanwhile).
    async fn auto_ready(&mut self) {
        self.deadlines.auto_ready = None;
        if self.model.agent().mode == Some(well_callmodel::Mode::WorkNotReady) {
            tracing::info!("after-call work over: Ready");
            if let Err(e) = self.set_mode_from_timer().await {
                tracing::warn!(code = %e.code(), "auto-Ready failed");
            }
        }
    }

    /// The login waiting on the question, taken with the question and its deadline.
    pub(super) fn take_question(&mut self) -> Option<PendingLogin> {
        let p = self.pending_login.take()?;
        self.deadlines.question = None;
        self.seq.set_question(None);
        Some(p)
    }

    async fn question_expired(&mut self) {
        if let Some(p) = self.take_question() {
            self.abort_login().await;
            let _ = p.reply.send(Err(ClientError::Status {
                what: "login",
                status: well_protocol::rest::ApiStatus::Other(408),
                body: "the question was not answered in time".into(),
            }));
        }
    }

    /// The event link has been down for the configured time: tell the agent once.
    fn outage_notice(&mut self) {
        let now = self.now_ms();
        let secs = self.outage.down_for(Instant::now().into_std()).as_secs();
        let id = self.seq.notice(
            NoticeLevel::Warning,
            Code::ConnectionOutage,
            &format!(
                "No connection to the CTI server for {secs} s; calls cannot reach you. Still retrying."
            ),
            now,
        );
        tracing::warn!(down_s = secs, "event link still down");
        self.outage.noticed(id);
    }

    /// The outage is over (or moot): take the outage notice back.
    fn outage_over(&mut self) {
        if let Some(id) = self.outage.restored() {
            self.seq.dismiss(id);
        }
    }

    /// DISCONNECT and close the event link, if there is one.
    pub(super) async fn close_link(&mut self) {
        if let Some(link) = self.link.take() {
            link.close().await;
        }
    }

    /// The session ended: stop everything but the actor. `lost` is the reason when the agent did not ask for it
    /// (the server logged the agent off); the connection then reads "session lost", never "offline".
    pub(super) async fn end_session(&mut self, lost: Option<&str>) {
        self.close_link().await;
        self.token = None;
        self.deadlines.clear_session();
        self.leaving = false;
        self.outage_over();
        match lost {
            Some(reason) => {
                tracing::warn!(reason, "session lost");
                let now = self.now_ms();
                self.seq
                    .notice(NoticeLevel::Error, Code::SessionLost, reason, now);
                self.seq.set_connection(Connection::SessionLost {
                    reason: reason.to_owned(),
                });
            }
            None => self.seq.set_connection(Connection::Offline),
        }
        let _ = self.saved.send(SavedSessionChange::Cleared);
    }

    pub(super) async fn abort_login(&mut self) {
        self.close_link().await;
        self.token = None;
        let now = self.now_ms();
        let out = self.model.login_failed(now);
        self.emit(out);
        self.seq.set_connection(Connection::Offline);
    }

    pub(super) fn ask_question(
        &mut self,
        req: LoginRequest,
        reply: Reply<()>,
        code: Code,
        details: Option<serde_json::Value>,
    ) {
        self.deadlines.question = Some(Instant::now() + self.cfg.question_ttl);
        let expires_at_ms = self.now_ms() + self.cfg.question_ttl.as_millis() as u64;
        self.seq.set_question(Some(Question {
            id: self.seq.seq() + 1,
            code: code.as_str().to_owned(),
            message: "The agent is still logged in (here or on another extension). Log in anyway?"
                .into(),
            expires_at_ms,
            details,
        }));
        self.pending_login = Some(PendingLogin { req, reply });
    }
}

async fn next_event(link: &mut Option<LinkTask>) -> Result<LinkEvent, LinkError> {
    match link {
        Some(l) => l.next().await,
        None => std::future::pending().await,
    }
}
