//! What each command does: login (with the login-mode question), logout, state changes, dialling and call
//! actions; and the REST call wrapper that re-logs in silently on 426 and retries only what is safe to repeat.

use reqwest::Method;
use well_callmodel::{AgentAction, AgentStatus, CallAction};
use well_protocol::event::AgentMode;
use well_protocol::ids::{AgentId, CallId, ConnectionId, DeviceId};
use well_protocol::redact::{RawDevice, Secret};
use well_protocol::rest::paths::{self, ConnectionOp};
use well_protocol::rest::*;

use super::actor::Actor;
use super::handle::{CallCommand, Cmd, DialOptions, LoginMode, LoginRequest, Reply};
use crate::error::ClientError;
use well_callmodel::contract::Connection;

fn not_logged_in() -> ClientError {
    ClientError::refused("session.not_logged_in", "not logged in")
}

fn unknown_call() -> ClientError {
    ClientError::refused("call.unknown", "no such call")
}

fn not_allowed(what: &str) -> ClientError {
    ClientError::refused(
        "call.action_not_allowed",
        format!("{what} is not possible in the current state"),
    )
}

impl Actor {
    fn own_device(&self) -> Result<DeviceId, ClientError> {
        self.device.clone().ok_or_else(not_logged_in)
    }

    pub(super) async fn command(&mut self, c: Cmd) {
        match c {
            Cmd::Login(req, reply) => self.login(req, reply).await,
            Cmd::AnswerQuestion(force, reply) => {
                let r = self.answer_question(force).await;
                let _ = reply.send(r);
            }
            Cmd::Logout(reply) => {
                let r = self.logout().await;
                let _ = reply.send(r);
            }
            Cmd::SetMode {
                ready,
                reason,
                reply,
            } => {
                let r = self.set_mode(ready, reason).await;
                let _ = reply.send(r);
            }
            Cmd::Dial {
                number,
                opts,
                reply,
            } => {
                let r = self.dial(number, opts).await;
                let _ = reply.send(r);
            }
            Cmd::Call { call, cmd, reply } => {
                let r = self.call_command(&call, cmd).await;
                let _ = reply.send(r);
            }
            Cmd::Recover {
                saved,
                password,
                reply,
            } => {
                let r = self.recover(saved, password).await;
                let _ = reply.send(r);
            }
            Cmd::Recording { start, reply } => {
                let _ = reply.send(self.recording(start).await);
            }
            Cmd::SetCallData {
                call,
                entries,
                reply,
            } => {
                let _ = reply.send(self.set_call_data(&call, entries).await);
            }
            Cmd::GetCallData { call, reply } => {
                let _ = reply.send(self.get_call_data(&call).await);
            }
            Cmd::History(reply) => {
                let _ = reply.send(self.history.list());
            }
            Cmd::Mask(raw, reply) => {
                let _ = reply.send(self.model.mask_policy().display(&raw));
            }
            Cmd::Redial { id, prefix, reply } => {
                let r = match self.history.redial_target(id) {
                    None => Err(ClientError::refused(
                        "history.unknown",
                        "that call is not in the history, or has no number to dial",
                    )),
                    Some((number, dest_for_display)) => {
                        let opts = DialOptions {
                            prefix,
                            dest_for_display,
                            ..DialOptions::default()
                        };
                        self.dial(number, opts).await
                    }
                };
                let _ = reply.send(r);
            }
            Cmd::SetMaskPolicy(policy, reply) => {
                tracing::info!("masking rule changed");
                self.model.set_mask_policy(policy);
                let _ = reply.send(Ok(()));
            }
            Cmd::SetAutoReady(after, reply) => {
                tracing::info!(after_ms = ?after, "auto-Ready after after-call work");
                self.model.set_auto_ready(after);
                let _ = reply.send(Ok(()));
            }
            Cmd::SetAutoAnswer(policy, reply) => {
                tracing::info!(
                    enabled = policy.enabled,
                    delay_ms = policy.delay_ms,
                    "auto-answer"
                );
                self.model.set_auto_answer(policy);
                let _ = reply.send(Ok(()));
            }
            Cmd::SetProfile(profile, reply) => {
                let _ = reply.send(self.set_profile(profile));
            }
            Cmd::Prefixes(reply) => {
                let _ = reply.send(self.prefixes().await);
            }
            Cmd::Diagnostics(reply) => {
                let _ = reply.send(super::handle::Diagnostics {
                    model: self.model.stats(),
                    undecodable: self.undecodable,
                    resyncs: self.resyncs,
                    links: self.links,
                });
            }
            Cmd::Notice {
                level,
                code,
                message,
                reply,
            } => {
                let now = self.now_ms();
                let _ = reply.send(self.seq.notice(level, &code, &message, now));
            }
            Cmd::DismissNotice(id) => self.seq.dismiss(id),
        }
    }

    /// A CSTA request with the session token. A 426 means the token expired: log in again through TPI with the
    /// held credentials and retry once. Other failures are retried once only when `safe` (reads, heartbeat).
    pub(super) async fn rest_call(
        &mut self,
        what: &'static str,
        method: Method,
        path: &str,
        body: Option<serde_json::Value>,
        safe: bool,
    ) -> Result<Vec<u8>, ClientError> {
        let token = self.token.clone().ok_or_else(not_logged_in)?;
        match self
            .rest
            .request(what, method.clone(), path, &token, body.as_ref())
            .await
        {
            Err(e) if e.status() == Some(ApiStatus::SessionExpired) => {
                self.relogin().await?;
                let token = self.token.clone().ok_or_else(not_logged_in)?;
                self.rest
                    .request(what, method, path, &token, body.as_ref())
                    .await
            }
            Err(ClientError::Timeout { .. } | ClientError::Unreachable { .. }) if safe => {
                self.rest
                    .request(what, method, path, &token, body.as_ref())
                    .await
            }
            r => r,
        }
    }

    /// The silent TPI re-login after a 426; the new token is reported for the app to persist.
    async fn relogin(&mut self) -> Result<(), ClientError> {
        let creds = self.creds.clone().ok_or_else(|| {
            ClientError::refused(
                "session.expired",
                "the session expired and no credentials are held",
            )
        })?;
        let token = self
            .rest
            .tpi_login(&creds.job_number, &creds.password)
            .await?;
        tracing::info!("session expired: logged in again through TPI");
        self.token = Some(token);
        self.save();
        Ok(())
    }

    async fn login(&mut self, req: LoginRequest, reply: Reply<()>) {
        if self.token.is_some() || self.pending_login.is_some() {
            let _ = reply.send(Err(ClientError::refused(
                "session.already_logged_in",
                "already logged in; log out first",
            )));
            return;
        }
        match self.start_login(&req).await {
            Ok(()) => match self.post_login(&req).await {
                Ok(()) => {
                    self.finish_login(req);
                    let _ = reply.send(Ok(()));
                }
                Err(e)
                    if matches!(
                        e.status(),
                        Some(
                            ApiStatus::AlreadyOnThisExtension | ApiStatus::AlreadyOnOtherExtension
                        )
                    ) =>
                {
                    match req.mode {
                        LoginMode::Force => {
                            let r = self.force_login(&req).await;
                            if r.is_ok() {
                                self.finish_login(req);
                            } else {
                                self.abort_login().await;
                            }
                            let _ = reply.send(r);
                        }
                        LoginMode::Ask => {
                            let details = match &e {
                                ClientError::Status { body, .. } => serde_json::from_str(body).ok(),
                                _ => None,
                            };
                            self.ask_question(req, reply, e.code(), details)
                        }
                        LoginMode::Stop => {
                            self.abort_login().await;
                            let _ = reply.send(Err(e));
                        }
                    }
                }
                Err(e) => {
                    self.abort_login().await;
                    let _ = reply.send(Err(e));
                }
            },
            Err(e) => {
                self.abort_login().await;
                let _ = reply.send(Err(e));
            }
        }
    }

    /// TPI login, then the event link: CONNECT, SUBSCRIBE with a receipt (so `agentLoggedOn` cannot be missed).
    async fn start_login(&mut self, req: &LoginRequest) -> Result<(), ClientError> {
        let domain = self.cfg.profile.domain.clone();
        let agent = AgentId::new(&req.job_number, &domain)?;
        let device = DeviceId::new(req.extension.trim(), domain.as_str());
        device.path_segment()?;
        let now = self.now_ms();
        let out = self
            .model
            .login_started(agent.as_str(), device.clone(), now);
        self.emit(out);
        self.seq.set_connection(Connection::Connecting);
        self.agent = Some(agent.clone());
        self.device = Some(device);
        let token = self.rest.tpi_login(&req.job_number, &req.password).await?;
        self.token = Some(token);
        self.open_link(&agent)
            .await
            .map_err(|e| ClientError::Unreachable {
                what: "event link",
                reason: e.to_string(),
            })?;
        Ok(())
    }

    async fn post_login(&mut self, req: &LoginRequest) -> Result<(), ClientError> {
        let (Some(agent), Some(device), Some(token)) =
            (self.agent.clone(), self.device.clone(), self.token.clone())
        else {
            return Err(ClientError::refused(
                "session.not_logged_in",
                "login was not started",
            ));
        };
        let body = AgentStateRequest::Login {
            login_id: agent.as_str().to_owned(),
            device: device.wire(),
            password: req.password.clone(),
            agent_mode: req.agent_mode.clone(),
            session_id: Some(token.clone()),
        };
        let body = wire_body("login", &body)?;
        self.rest
            .request(
                "agent login",
                Method::POST,
                paths::AGENT_STATE,
                &token,
                Some(&body),
            )
            .await
            .map(|_| ())
    }

    /// `loginMode: force` (§2.4): log the old binding out, then log in again.
    async fn force_login(&mut self, req: &LoginRequest) -> Result<(), ClientError> {
        let (Some(agent), Some(token)) = (self.agent.clone(), self.token.clone()) else {
            return Err(ClientError::refused(
                "session.not_logged_in",
                "login was not started",
            ));
        };
        let logout = wire_body(
            "forced logout",
            &AgentStateRequest::Logout {
                namespace: None,
                device: None,
                agent_id: Some(agent.as_str().to_owned()),
                login_id: None,
                session_id: Some(token.clone()),
            },
        )?;
        self.rest
            .request(
                "forced logout",
                Method::POST,
                paths::AGENT_STATE,
                &token,
                Some(&logout),
            )
            .await?;
        self.post_login(req).await
    }

    fn finish_login(&mut self, req: LoginRequest) {
        self.creds = Some(req);
        self.seq.set_connection(Connection::Connected);
        self.save();
    }

    async fn answer_question(&mut self, force: bool) -> Result<(), ClientError> {
        let p = self.pending_login.take().ok_or_else(|| {
            ClientError::refused("login.no_question", "there is no question to answer")
        })?;
        self.seq.set_question(None);
        if force {
            let r = self.force_login(&p.req).await;
            match &r {
                Ok(()) => self.finish_login(p.req),
                Err(_) => self.abort_login().await,
            }
            let _ = p.reply.send(r);
        } else {
            self.abort_login().await;
            let _ = p.reply.send(Err(ClientError::refused(
                "login.declined",
                "the login was not forced",
            )));
        }
        Ok(())
    }

    async fn logout(&mut self) -> Result<(), ClientError> {
        if !self.model.agent().allowed.contains(&AgentAction::Logout) {
            return Err(ClientError::refused(
                "agent.logout_not_allowed",
                "log out is not possible now (a call is up, or the agent is pre-occupied)",
            ));
        }
        let agent = self.agent.clone().ok_or_else(not_logged_in)?;
        let body = wire_body(
            "logout",
            &AgentStateRequest::Logout {
                namespace: None,
                device: None,
                agent_id: Some(agent.as_str().to_owned()),
                login_id: None,
                session_id: None,
            },
        )?;
        self.model.logout_requested();
        self.leaving = true;
        let sent = self
            .rest_call(
                "logout",
                Method::POST,
                paths::AGENT_STATE,
                Some(body),
                false,
            )
            .await;
        if sent.is_err() {
            self.leaving = false;
        }
        sent.map(|_| ())
    }

    async fn recording(&mut self, start: bool) -> Result<(), ClientError> {
        let device = self.own_device()?;
        if self.model.calls().next().is_none() {
            return Err(ClientError::refused(
                "recording.no_call",
                "recording applies to a call, and there is none",
            ));
        }
        let path = paths::recording(start, &device)?;
        self.rest_call("recording", Method::POST, &path, None, false)
            .await
            .map(|_| ())
    }

    async fn set_call_data(
        &mut self,
        call: &CallId,
        entries: serde_json::Value,
    ) -> Result<(), ClientError> {
        if self.model.call(call).is_none() {
            return Err(unknown_call());
        }
        let path = paths::user_data(call)?;
        self.rest_call(
            "set call data",
            Method::POST,
            &path,
            Some(wire_body("set call data", &SetCallDataRequest { entries })?),
            false,
        )
        .await
        .map(|_| ())
    }

    async fn get_call_data(&mut self, call: &CallId) -> Result<serde_json::Value, ClientError> {
        if self.model.call(call).is_none() {
            return Err(unknown_call());
        }
        let path = paths::user_data_get(call)?;
        let body = self
            .rest_call("get call data", Method::GET, &path, None, true)
            .await?;
        let raw = call_data_body(&body);
        self.model
            .mask_call_data(call, &raw)
            .ok_or_else(|| ClientError::refused("call.unknown", "the call ended meanwhile"))
    }

    fn set_profile(&mut self, profile: crate::ServerProfile) -> Result<(), ClientError> {
        let status = self.model.agent().status;
        if self.token.is_some() || matches!(status, AgentStatus::LoggedOn | AgentStatus::LoggingIn)
        {
            return Err(ClientError::refused(
                "session.busy",
                "log out before changing the server",
            ));
        }
        let rest = crate::rest::Rest::new(profile.clone(), self.cfg.timeouts)?;
        let extra = profile.extra_ca().map_err(ClientError::Profile)?;
        if !extra.is_empty() {
            self.cfg.link.tls = Some(
                crate::tls::client_config(&extra).map_err(|e| ClientError::Profile(e.into()))?,
            );
        }
        tracing::info!(domain = %profile.domain, "server profile changed");
        self.rest = rest;
        self.cfg.profile = profile;
        Ok(())
    }

    async fn prefixes(&mut self) -> Result<Vec<String>, ClientError> {
        let agent = self.agent.clone().ok_or_else(not_logged_in)?;
        let path = paths::prefix_list(&agent)?;
        let body = self
            .rest_call("prefix list", Method::GET, &path, None, true)
            .await?;
        let answer: well_protocol::rest::PrefixResponse =
            serde_json::from_slice(&body).map_err(|e| ClientError::BadResponse {
                what: "prefix list",
                reason: e.to_string(),
            })?;
        Ok(answer.prefixes())
    }

    pub(super) async fn set_mode_from_timer(&mut self) -> Result<(), ClientError> {
        self.set_mode(true, None).await
    }

    async fn set_mode(&mut self, ready: bool, reason: Option<String>) -> Result<(), ClientError> {
        let action = if ready {
            AgentAction::Ready
        } else {
            AgentAction::NotReady
        };
        if !self.model.agent().allowed.contains(&action) {
            return Err(ClientError::refused(
                "agent.mode_not_allowed",
                "that state change is not possible now",
            ));
        }
        let (Some(agent), Some(device)) = (self.agent.clone(), self.device.clone()) else {
            return Err(not_logged_in());
        };
        let body = AgentStateRequest::SetState {
            device: Some(device.wire()),
            agent_mode: if ready {
                AgentMode::Ready
            } else {
                AgentMode::NotReady
            },
            namespace: Some(self.cfg.profile.domain.clone()),
            reason: Some(reason.unwrap_or_default()),
            agent_id: Some(agent.as_str().to_owned()),
            login_id: None,
        };
        let body = wire_body("state change", &body)?;
        self.rest_call(
            "state change",
            Method::POST,
            paths::AGENT_STATE,
            Some(body),
            false,
        )
        .await
        .map(|_| ())
    }

    async fn dial(&mut self, number: Secret, opts: DialOptions) -> Result<CallId, ClientError> {
        if !self.model.agent().allowed.contains(&AgentAction::MakeCall) {
            return Err(ClientError::refused(
                "call.dial_not_allowed",
                "dialling is not possible now",
            ));
        }
        let typed: String = number
            .expose()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let prefix = opts.prefix.unwrap_or_default();
        let valid = |s: &str| {
            s.chars()
                .all(|c| c.is_ascii_digit() || "*#+-Ww".contains(c))
        };
        if typed.is_empty() || !valid(&typed) || !valid(&prefix) {
            return Err(ClientError::refused(
                "call.invalid_number",
                "a number holds digits, *, #, +, - and W/w pauses only",
            ));
        }
        if let Err(wait) = self.dial_limit.try_take(std::time::Instant::now()) {
            return Err(ClientError::refused(
                "call.dial_too_soon",
                format!("one call every 2 s: wait {} ms", wait.as_millis()),
            ));
        }
        let device = self.own_device()?;
        let to = format!("{prefix}{typed}");
        tracing::info!(
            to = %self.model.mask_policy().display(&to),
            labelled = opts.dest_for_display.is_some(),
            "dialling"
        );
        let now = self.now_ms();
        let out = self
            .model
            .dial_requested(&to, &typed, opts.dest_for_display.as_deref(), now);
        self.emit(out);
        let body = MakeCallRequest {
            from: device.wire(),
            to: RawDevice::new(to.clone()),
            origin_for_display: opts.origin_for_display.map(RawDevice::new),
            cpa: opts.cpa.then(|| "1".to_owned()),
            context_id: None,
            dest_for_display: opts.dest_for_display,
        };
        let body = wire_body("makeCall", &body)?;
        let result = self
            .rest_call("makeCall", Method::POST, paths::CALLS, Some(body), false)
            .await
            .and_then(|b| {
                serde_json::from_slice::<MakeCallResponse>(&b).map_err(|e| {
                    ClientError::BadResponse {
                        what: "makeCall",
                        reason: e.to_string(),
                    }
                })
            });
        let now = self.now_ms();
        match result {
            Ok(r) => {
                let out = self.model.dial_accepted(&to, &r.call_id, now);
                self.emit(out);
                Ok(r.call_id)
            }
            Err(e) => {
                let out = self.model.dial_failed(&to, now);
                self.emit(out);
                Err(e)
            }
        }
    }

    pub(super) async fn call_command(
        &mut self,
        call: &CallId,
        cmd: CallCommand,
    ) -> Result<(), ClientError> {
        let c = self.model.call(call).cloned().ok_or_else(unknown_call)?;
        let action = match &cmd {
            CallCommand::Answer => CallAction::Answer,
            CallCommand::HangUp => CallAction::HangUp,
            CallCommand::Hold => CallAction::Hold,
            CallCommand::Retrieve => CallAction::Retrieve,
            CallCommand::Consult { .. } => CallAction::Consult,
            CallCommand::CancelConsult => CallAction::CancelConsult,
            CallCommand::Conference => CallAction::Conference,
            CallCommand::Transfer | CallCommand::TransferAndWait => CallAction::Transfer,
            CallCommand::SingleStepTransfer { .. } => CallAction::SingleStepTransfer,
            CallCommand::SingleStepConference { .. } => CallAction::SingleStepConference,
        };
        if !c.allowed.contains(&action) {
            return Err(not_allowed(&format!("{action:?}")));
        }
        tracing::info!(call = %call, ?action, "call command");
        let device = self.own_device()?;
        // Consult endings act on the held call and name the consult leg.
        let (target, consult) = match &cmd {
            CallCommand::CancelConsult
            | CallCommand::Conference
            | CallCommand::Transfer
            | CallCommand::TransferAndWait => match &c.consult_of {
                Some(held) => (held.clone(), Some(call.clone())),
                None => {
                    let leg = self
                        .model
                        .calls()
                        .find(|o| o.consult_of.as_ref() == Some(call))
                        .map(|o| o.call_id.clone());
                    (
                        call.clone(),
                        Some(leg.ok_or_else(|| not_allowed("that consult action"))?),
                    )
                }
            },
            _ => (call.clone(), None),
        };
        let conn = ConnectionId::new(device, target.clone());
        let op = |o: ConnectionOp| paths::connection_op(&target, &conn, o);
        let number = |n: &String| RawDevice::new(n.trim());
        let leg = || {
            consult
                .clone()
                .map(|consult_call_id| ConsultCallRequest { consult_call_id })
                .ok_or_else(|| not_allowed("that consult action"))
        };
        let (method, path, body) = match &cmd {
            CallCommand::HangUp => (Method::DELETE, paths::connection(&target, &conn)?, None),
            CallCommand::Answer => (Method::POST, op(ConnectionOp::Answer)?, None),
            CallCommand::Hold => (Method::POST, op(ConnectionOp::Hold)?, None),
            CallCommand::Retrieve => (Method::POST, op(ConnectionOp::Retrieve)?, None),
            CallCommand::Consult { number: n } => (
                Method::POST,
                op(ConnectionOp::Consult)?,
                Some(wire_body(
                    "consult",
                    &ConsultRequest {
                        consultation_participant: number(n),
                    },
                )?),
            ),
            CallCommand::CancelConsult => (
                Method::POST,
                op(ConnectionOp::CancelConsult)?,
                Some(wire_body("cancel consult", &leg()?)?),
            ),
            CallCommand::Conference => (
                Method::POST,
                op(ConnectionOp::Conference)?,
                Some(wire_body("conference", &leg()?)?),
            ),
            CallCommand::Transfer => (
                Method::POST,
                op(ConnectionOp::Transfer)?,
                Some(wire_body("transfer", &leg()?)?),
            ),
            CallCommand::TransferAndWait => (
                Method::POST,
                op(ConnectionOp::TransferAndWait)?,
                Some(wire_body("transfer and wait", &leg()?)?),
            ),
            CallCommand::SingleStepTransfer { number: n } => (
                Method::POST,
                op(ConnectionOp::SingleStepTransfer)?,
                Some(wire_body(
                    "single-step transfer",
                    &SingleStepTransferRequest {
                        transfer_to: number(n),
                    },
                )?),
            ),
            CallCommand::SingleStepConference { number: n } => (
                Method::POST,
                op(ConnectionOp::SingleStepConference)?,
                Some(wire_body(
                    "single-step conference",
                    &SingleStepConferenceRequest {
                        conference_participant: number(n),
                        participation_type: "Active".into(),
                    },
                )?),
            ),
        };
        self.rest_call("call control", method, &path, body, false)
            .await
            .map(|_| ())
    }
}

/// A request body of `well-protocol`'s typed bodies (the ones tested against the platform's fixtures), as the
/// JSON the REST layer sends.
fn wire_body(
    what: &'static str,
    body: &impl serde::Serialize,
) -> Result<serde_json::Value, ClientError> {
    serde_json::to_value(body).map_err(|e| ClientError::BadResponse {
        what,
        reason: e.to_string(),
    })
}
