//! The agent's and the calls' commands as the actor does them: check what the model allows, send what
//! [`super::plan`] decided, and apply the outcome (dialling, state changes, call control, recording, call data,
//! prefixes).

use reqwest::Method;
use well_callmodel::AgentAction;
use well_codes::Code;
use well_protocol::ids::{CallId, DeviceId};
use well_protocol::redact::Secret;
use well_protocol::rest::{call_data_body, paths, MakeCallResponse, SetCallDataRequest};

use super::actor::Actor;
use super::handle::{CallCommand, DialOptions};
use super::plan::{self, wire_body};
use super::refusals::{not_logged_in, unknown_call};
use crate::error::ClientError;

impl Actor {
    fn own_device(&self) -> Result<DeviceId, ClientError> {
        self.device.clone().ok_or_else(not_logged_in)
    }

    pub(super) async fn call_command(
        &mut self,
        call: &CallId,
        cmd: CallCommand,
    ) -> Result<(), ClientError> {
        let r = plan::call_request(&self.model, self.device.as_ref(), call, &cmd)?;
        tracing::info!(call = %call, action = ?plan::action_of(&cmd), "call command");
        let hang_up = matches!(cmd, CallCommand::HangUp);
        self.send(r).await?;
        // The actor applies events only after this: the clearing that follows finds the mark.
        if hang_up {
            self.model.rejecting(call);
        }
        Ok(())
    }

    pub(super) async fn dial(
        &mut self,
        number: Secret,
        opts: DialOptions,
    ) -> Result<CallId, ClientError> {
        if !self.model.agent().allowed.contains(&AgentAction::MakeCall) {
            return Err(ClientError::refused(
                Code::CallDialNotAllowed,
                "dialling is not possible now",
            ));
        }
        let (to, typed) = plan::dial_number(&number, opts.prefix.as_deref())?;
        if let Err(wait) = self.dial_limit.try_take(std::time::Instant::now()) {
            return Err(ClientError::refused(
                Code::CallDialTooSoon,
                format!("one call every 2 s: wait {} ms", wait.as_millis()),
            ));
        }
        let device = self.own_device()?;
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
        let result = match plan::make_call(&device, &to, opts) {
            Ok(r) => self.send(r).await.and_then(|b| {
                serde_json::from_slice::<MakeCallResponse>(&b).map_err(|e| {
                    ClientError::BadResponse {
                        what: "makeCall",
                        reason: e.to_string(),
                    }
                })
            }),
            Err(e) => Err(e),
        };
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

    pub(super) async fn set_mode_from_timer(&mut self) -> Result<(), ClientError> {
        self.set_mode(true, None).await
    }

    pub(super) async fn set_mode(
        &mut self,
        ready: bool,
        reason: Option<String>,
    ) -> Result<(), ClientError> {
        let action = if ready {
            AgentAction::Ready
        } else {
            AgentAction::NotReady
        };
        if !self.model.agent().allowed.contains(&action) {
            return Err(ClientError::refused(
                Code::AgentModeNotAllowed,
                "that state change is not possible now",
            ));
        }
        let (Some(agent), Some(device)) = (self.agent.clone(), self.device.clone()) else {
            return Err(not_logged_in());
        };
        let r = plan::set_mode(&agent, &device, &self.cfg.profile.domain, ready, reason)?;
        self.send(r).await.map(|_| ())
    }

    pub(super) async fn recording(&mut self, start: bool) -> Result<(), ClientError> {
        let device = self.own_device()?;
        if self.model.calls().next().is_none() {
            return Err(ClientError::refused(
                Code::RecordingNoCall,
                "recording applies to a call, and there is none",
            ));
        }
        let path = paths::recording(start, &device)?;
        self.rest_call("recording", Method::POST, &path, None, false)
            .await
            .map(|_| ())
    }

    pub(super) async fn set_call_data(
        &mut self,
        call: &CallId,
        entries: serde_json::Value,
    ) -> Result<(), ClientError> {
        if self.model.call(call).is_none() {
            return Err(unknown_call());
        }
        let path = paths::user_data(call)?;
        let body = wire_body("set call data", &SetCallDataRequest { entries })?;
        self.rest_call("set call data", Method::POST, &path, Some(body), false)
            .await
            .map(|_| ())
    }

    /// The call's data as the server holds it now, masked like the ring's.
    pub(super) async fn get_call_data(
        &mut self,
        call: &CallId,
    ) -> Result<serde_json::Value, ClientError> {
        if self.model.call(call).is_none() {
            return Err(unknown_call());
        }
        let raw = self.read_call_data(call).await?;
        self.model
            .mask_call_data(call, &raw)
            .ok_or_else(|| ClientError::refused(Code::CallUnknown, "the call ended meanwhile"))
    }

    /// `GET .../userData`, as an object or the bare string the server sent (raw: the model masks it).
    pub(super) async fn read_call_data(
        &mut self,
        call: &CallId,
    ) -> Result<serde_json::Value, ClientError> {
        let path = paths::user_data_get(call)?;
        let body = self
            .rest_call("get call data", Method::GET, &path, None, true)
            .await?;
        Ok(call_data_body(&body))
    }

    pub(super) async fn prefixes(&mut self) -> Result<Vec<String>, ClientError> {
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
}
