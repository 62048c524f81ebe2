//! The session's own commands: login (TPI, the event link, the agent login, the login-mode question and
//! `force`), logout, and changing the server profile while logged out.

use well_callmodel::contract::Connection;
use well_callmodel::{AgentAction, AgentStatus};
use well_codes::Code;
use well_protocol::ids::{AgentId, DeviceId};
use well_protocol::redact::Secret;
use well_protocol::rest::ApiStatus;

use super::actor::Actor;
use super::handle::{LoginMode, LoginRequest, Reply};
use super::plan;
use super::refusals::not_logged_in;
use crate::error::ClientError;

fn login_not_started() -> ClientError {
    ClientError::refused(Code::SessionNotLoggedIn, "login was not started")
}

impl Actor {
    pub(super) async fn login(&mut self, req: LoginRequest, reply: Reply<()>) {
        if self.token.is_some() || self.pending_login.is_some() {
            let _ = reply.send(Err(ClientError::refused(
                Code::SessionAlreadyLoggedIn,
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
            return Err(login_not_started());
        };
        let r = plan::login(&agent, &device, &req.password, &req.agent_mode, &token)?;
        self.send_once(&token, r).await
    }

    /// `loginMode: force` (§2.4): log the old binding out, then log in again.
    async fn force_login(&mut self, req: &LoginRequest) -> Result<(), ClientError> {
        let (Some(agent), Some(token)) = (self.agent.clone(), self.token.clone()) else {
            return Err(login_not_started());
        };
        let r = plan::logout("forced logout", &agent, Some(&token))?;
        self.send_once(&token, r).await?;
        self.post_login(req).await
    }

    /// A login step with the token just issued: no silent re-login, no retry.
    async fn send_once(&mut self, token: &Secret, r: plan::Request) -> Result<(), ClientError> {
        self.rest
            .request(r.what, r.method, &r.path, token, r.body.as_ref())
            .await
            .map(|_| ())
    }

    fn finish_login(&mut self, req: LoginRequest) {
        self.creds = Some(req);
        self.seq.set_connection(Connection::Connected);
        self.save();
    }

    pub(super) async fn answer_question(&mut self, force: bool) -> Result<(), ClientError> {
        let p = self.take_question().ok_or_else(|| {
            ClientError::refused(Code::LoginNoQuestion, "there is no question to answer")
        })?;
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
                Code::LoginDeclined,
                "the login was not forced",
            )));
        }
        Ok(())
    }

    pub(super) async fn logout(&mut self) -> Result<(), ClientError> {
        if !self.model.agent().allowed.contains(&AgentAction::Logout) {
            return Err(ClientError::refused(
                Code::AgentLogoutNotAllowed,
                "log out is not possible now (a call is up, or the agent is pre-occupied)",
            ));
        }
        let agent = self.agent.clone().ok_or_else(not_logged_in)?;
        let r = plan::logout("logout", &agent, None)?;
        self.model.logout_requested();
        self.leaving = true;
        let sent = self.send(r).await;
        if sent.is_err() {
            self.leaving = false;
        }
        sent.map(|_| ())
    }

    pub(super) fn set_profile(&mut self, profile: crate::ServerProfile) -> Result<(), ClientError> {
        let status = self.model.agent().status;
        if self.token.is_some() || matches!(status, AgentStatus::LoggedOn | AgentStatus::LoggingIn)
        {
            return Err(ClientError::refused(
                Code::SessionBusy,
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
}
