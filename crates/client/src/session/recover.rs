//! State recovery after an app restart (spec §7, DESIGN "Recovery API"): with the saved session only, subscribe
//! first (with a receipt), then ask `client-state`, then rebuild the model — no new login, nothing replayed, no
//! call answered again. Failures are typed; an unreachable server is retried with backoff, never answered with a
//! login that would force a live call off.

use well_callmodel::contract::Connection;
use well_codes::Code;
use well_protocol::ids::{AgentId, DeviceId};
use well_protocol::redact::Secret;
use well_protocol::rest::{paths, ApiStatus, ClientState};

use super::actor::Actor;
use super::config::SavedSession;
use super::handle::{LoginMode, LoginRequest};
use super::recovered::{RecoverError, Recovered};
use crate::error::ClientError;

impl Actor {
    pub(super) async fn recover(
        &mut self,
        saved: SavedSession,
        password: Option<Secret>,
    ) -> Result<Recovered, RecoverError> {
        if self.token.is_some() {
            return Err(RecoverError::Other(ClientError::refused(
                Code::SessionAlreadyLoggedIn,
                "already logged in",
            )));
        }
        let agent = AgentId::parse(&saved.agent_id).map_err(|_| RecoverError::NoSavedSession)?;
        let device = DeviceId::parse_lenient(&saved.extension_id);
        if saved.token.expose().is_empty() || device.path_segment().is_err() {
            return Err(RecoverError::NoSavedSession);
        }
        self.agent = Some(agent.clone());
        self.device = Some(device.clone());
        self.token = Some(saved.token.clone());
        self.creds = password.map(|password| LoginRequest {
            job_number: agent.job_number().to_owned(),
            password,
            extension: device.number().to_owned(),
            mode: LoginMode::Ask,
            agent_mode: well_protocol::event::AgentMode::NotReady,
        });
        self.seq.set_connection(Connection::Connecting);
        // Subscribe first, so that nothing published after the state we read can be lost.
        if let Err(e) = self.open_link(&agent).await {
            return Err(self.unreachable(e.to_string()));
        }
        let cs = match self.client_state_for_recovery().await {
            Ok(cs) => cs,
            Err(e) => {
                self.forget().await;
                return Err(e);
            }
        };
        let server_agent = cs.agent.as_ref();
        let logged_out = server_agent
            .and_then(|a| a.agent_mode.as_ref())
            .is_none_or(|m| *m == well_protocol::event::AgentMode::Logout);
        if logged_out || cs.extension.is_none() {
            self.forget().await;
            return Err(RecoverError::LoggedOut);
        }
        let same = server_agent.is_some_and(|a| {
            a.agent_id.as_deref() == Some(agent.as_str())
                && a.extension_id.as_deref().is_some_and(|e| device.is(e))
        });
        if !same {
            self.forget().await;
            return Err(RecoverError::IdentityMismatch);
        }
        let now = self.now_ms();
        let out = self.model.reconcile(&cs, now);
        self.emit(out);
        self.fill_missing_call_data().await;
        self.seq.set_connection(Connection::Connected);
        let calls = self.model.calls().count();
        self.seq.notice(
            well_callmodel::contract::NoticeLevel::Info,
            Code::RecoverRecovered,
            &format!("State recovered from the server: {calls} active call(s)."),
            now,
        );
        self.save();
        Ok(Recovered {
            agent_id: agent.as_str().to_owned(),
            extension_id: device.wire(),
            agent_mode: server_agent
                .and_then(|a| a.agent_mode.as_ref())
                .map(|m| m.as_str().to_owned())
                .unwrap_or_default(),
            agent_name: server_agent.and_then(|a| a.agent_name.clone()),
            calls: self.model.snapshot().calls,
        })
    }

    /// `client-state` with the saved token; on 426, with a password, log in again through TPI and ask again.
    async fn client_state_for_recovery(&mut self) -> Result<ClientState, RecoverError> {
        let token = self.token.clone().ok_or(RecoverError::NoSavedSession)?;
        let first = self
            .rest
            .get_json::<ClientState>("client state", paths::CLIENT_STATE, &token)
            .await;
        match first {
            Ok(cs) => Ok(cs),
            Err(e) if e.status() == Some(ApiStatus::SessionExpired) => {
                let creds = self.creds.clone().ok_or(RecoverError::SessionExpired)?;
                let token = self
                    .rest
                    .tpi_login(&creds.job_number, &creds.password)
                    .await
                    .map_err(|_| RecoverError::SessionExpired)?;
                self.token = Some(token.clone());
                self.rest
                    .get_json::<ClientState>("client state", paths::CLIENT_STATE, &token)
                    .await
                    .map_err(RecoverError::Other)
            }
            Err(e @ (ClientError::Timeout { .. } | ClientError::Unreachable { .. })) => {
                Err(self.unreachable(e.to_string()))
            }
            Err(e) => Err(RecoverError::Other(e)),
        }
    }

    /// Keep the saved identity and retry in the background: the reconnect path re-syncs when the server is back.
    fn unreachable(&mut self, reason: String) -> RecoverError {
        self.link = None;
        self.schedule_reconnect();
        RecoverError::ServerUnreachable(reason)
    }

    /// A recovery that cannot be: drop what it set up.
    async fn forget(&mut self) {
        self.close_link().await;
        self.token = None;
        self.creds = None;
        self.seq.set_connection(Connection::Offline);
    }
}
