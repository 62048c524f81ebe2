//! The SDK's methods, as a CRM page calls them, carried out by the app's one session (`well-client`): the
//! same names, arguments and results as wellClient 1.3.7 (spec §2, §3), with the differences the README
//! lists — login goes through the app (which shows the result and asks the login-mode question), the raw
//! number a page dials stays in the backend, and configuration belongs to the app.

use serde_json::{json, Value};
use well_client::session::{CallCommand, DialOptions, Handle, LoginMode, LoginRequest};
use well_client::ClientError;
use well_codes::Code;
use well_protocol::event::AgentMode;
use well_protocol::ids::CallId;
use well_protocol::redact::Secret;

use crate::view::{self, Numbers};
use crate::wire::WireError;

/// The SDK version whose API the bridge speaks (`getVersion()`).
pub const SDK_VERSION: &str = "1.3.7";

/// What a method gives back: its result, and an inner event for the asking page only (recovery).
#[derive(Debug, Default)]
pub struct Outcome {
    pub result: Value,
    pub inner: Option<Value>,
}

impl From<Value> for Outcome {
    fn from(result: Value) -> Self {
        Outcome {
            result,
            inner: None,
        }
    }
}

fn from_client(e: ClientError) -> WireError {
    WireError::new(e.code(), e.to_string())
}

fn bad_args(method: &str, what: &str) -> WireError {
    WireError::new(Code::BridgeBadArguments, format!("{method}: {what}"))
}

fn string_at<'a>(
    method: &str,
    params: &'a [Value],
    i: usize,
    what: &str,
) -> Result<&'a str, WireError> {
    match params.get(i) {
        Some(Value::String(s)) if !s.is_empty() => Ok(s),
        _ => Err(bad_args(
            method,
            &format!("argument {} ({what}) must be a non-empty string", i + 1),
        )),
    }
}

fn opt_string(v: Option<&Value>) -> Option<String> {
    match v {
        Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    }
}

fn truthy(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) => n.as_f64() != Some(0.0),
        Some(Value::String(s)) => !s.is_empty(),
        Some(_) => true,
    }
}

fn field<'a>(opts: Option<&'a Value>, key: &str) -> Option<&'a Value> {
    opts.and_then(|o| o.get(key))
}

/// Methods that make no sense for a page of the desktop app, and what they answer.
fn not_here(method: &str) -> Option<Result<Outcome, WireError>> {
    let reason = "the desktop app holds the server configuration; set it in the app's settings";
    Some(match method {
        "useConfig" | "setConfig" => Ok(json!({ "applied": false, "reason": reason }).into()),
        "uploadLog" | "downloadLog" | "getLog" | "logEnv" | "setDebug" => Err(WireError::new(
            Code::BridgeNotSupported,
            format!("{method}: the app keeps its own logs (Settings → Diagnostics exports them)"),
        )),
        "forceReady"
        | "forceNotReady"
        | "forceLogout"
        | "superLogout"
        | "forceDrop"
        | "forceJoin"
        | "forceTake"
        | "forceListen"
        | "releaseAllocatedAgent"
        | "agentGreeting"
        | "singleTransferWaitReturn" => Err(WireError::new(
            Code::BridgeNotSupported,
            format!("{method}: supervisor and experimental functions are not offered to CRM pages"),
        )),
        _ => return None,
    })
}

pub struct Sdk {
    pub handle: Handle,
}

impl Sdk {
    /// Run one SDK method for a page.
    pub async fn call(
        &self,
        method: &str,
        params: &[Value],
        numbers: Numbers,
    ) -> Result<Outcome, WireError> {
        if let Some(answer) = not_here(method) {
            return answer;
        }
        let h = &self.handle;
        let done =
            |r: Result<(), ClientError>| r.map(|()| Outcome::from(json!({}))).map_err(from_client);
        match method {
            "getVersion" => Ok(json!(SDK_VERSION).into()),
            "isLogined" => Ok(json!(view::logged_in(&self.snapshot().await?)).into()),
            "getCallMemory" => Ok(view::state(&self.snapshot().await?, numbers)["calls"]
                .clone()
                .into()),
            "agentLogin" => self.login(params).await,
            "logout" => done(h.logout().await),
            "setAgentMode" => {
                let mode = string_at(method, params, 0, "agentMode")?;
                let reason = opt_string(params.get(1));
                match mode {
                    "Ready" => done(h.ready().await),
                    "NotReady" => done(h.not_ready(reason).await),
                    other => Err(bad_args(
                        method,
                        &format!("agentMode {other:?} is neither Ready nor NotReady"),
                    )),
                }
            }
            "checkRecoverStateAbility" => self.recover(params, numbers).await,
            "makeCall" => {
                let number = string_at(method, params, 0, "phone number")?;
                let opts = params.get(1);
                let dial = DialOptions {
                    prefix: opt_string(field(opts, "prefix")),
                    origin_for_display: opt_string(field(opts, "originForDisplay")),
                    dest_for_display: opt_string(field(opts, "destForDisplay")),
                    cpa: truthy(field(opts, "cpa")),
                };
                let id = h
                    .make_call(Secret::new(number), dial)
                    .await
                    .map_err(from_client)?;
                Ok(json!({ "callId": id.as_str() }).into())
            }
            "answerCall" => self.on_call(method, params, CallCommand::Answer).await,
            "dropConnection" => {
                let call = match params.first() {
                    Some(Value::String(s)) if !s.is_empty() => CallId::new(s.clone()),
                    _ => self.only_call(method).await?,
                };
                done(h.call(&call, CallCommand::HangUp).await)
            }
            "holdCall" => self.on_call(method, params, CallCommand::Hold).await,
            "retrieveCall" => self.on_call(method, params, CallCommand::Retrieve).await,
            "consult" => {
                let number = string_at(method, params, 1, "number")?.to_owned();
                self.on_call(method, params, CallCommand::Consult { number })
                    .await
            }
            "singleStepTransfer" => {
                let number = string_at(method, params, 1, "number")?.to_owned();
                self.on_call(method, params, CallCommand::SingleStepTransfer { number })
                    .await
            }
            "singleStepConference" => {
                let number = string_at(method, params, 1, "number")?.to_owned();
                if let Some(t) = opt_string(params.get(2)).filter(|t| t != "Active") {
                    return Err(WireError::new(
                        Code::BridgeNotSupported,
                        format!(
                            "singleStepConference: participationType {t:?}; only Active is offered"
                        ),
                    ));
                }
                self.on_call(method, params, CallCommand::SingleStepConference { number })
                    .await
            }
            "cancelConsult" => {
                self.consult_end(method, params, CallCommand::CancelConsult)
                    .await
            }
            "conference" => {
                self.consult_end(method, params, CallCommand::Conference)
                    .await
            }
            "transferCall" => {
                self.consult_end(method, params, CallCommand::Transfer)
                    .await
            }
            "transferWaitReturn" => {
                self.consult_end(method, params, CallCommand::TransferAndWait)
                    .await
            }
            "getCallData" => {
                let call = CallId::new(string_at(method, params, 0, "callId")?);
                Ok(h.get_call_data(&call).await.map_err(from_client)?.into())
            }
            "setCallData" => {
                let call = CallId::new(string_at(method, params, 0, "callId")?);
                let data = params.get(1).cloned().unwrap_or_else(|| json!({}));
                done(h.set_call_data(&call, data).await)
            }
            "getMyPrefix" => Ok(json!(h.prefixes().await.map_err(from_client)?).into()),
            "startRecording" => done(h.recording(true).await),
            "stopRecording" => done(h.recording(false).await),
            _ => Err(WireError::new(
                Code::BridgeUnknownMethod,
                format!("{method:?} is no wellClient method the bridge offers"),
            )),
        }
    }

    async fn snapshot(&self) -> Result<well_callmodel::contract::Snapshot, WireError> {
        self.handle.snapshot().await.map_err(from_client)
    }

    async fn only_call(&self, method: &str) -> Result<CallId, WireError> {
        let s = self.snapshot().await?;
        match s.calls.as_slice() {
            [one] => Ok(one.call_id.clone()),
            [] => Err(WireError::new(
                Code::BridgeNoCall,
                format!("{method}: there is no call"),
            )),
            _ => Err(bad_args(method, "several calls: name the callId")),
        }
    }

    async fn on_call(
        &self,
        method: &str,
        params: &[Value],
        cmd: CallCommand,
    ) -> Result<Outcome, WireError> {
        let call = CallId::new(string_at(method, params, 0, "callId")?);
        self.handle.call(&call, cmd).await.map_err(from_client)?;
        Ok(json!({}).into())
    }

    /// `cancelConsult` / `conference` / `transferCall(holdCallId, consultCallId)`: the session finds the
    /// other leg from either one.
    async fn consult_end(
        &self,
        method: &str,
        params: &[Value],
        cmd: CallCommand,
    ) -> Result<Outcome, WireError> {
        let held = string_at(method, params, 0, "holdCallId")?;
        let call = CallId::new(opt_string(params.get(1)).unwrap_or_else(|| held.to_owned()));
        self.handle.call(&call, cmd).await.map_err(from_client)?;
        Ok(json!({}).into())
    }

    /// `agentLogin({jobNumber, password, ext, loginMode, agentMode})` through the app: the window shows the
    /// login and, for `ask`, the question; the session stays the app's. The domain is the app's server's.
    async fn login(&self, params: &[Value]) -> Result<Outcome, WireError> {
        let m = "agentLogin";
        let opts = params
            .first()
            .filter(|v| v.is_object())
            .ok_or_else(|| bad_args(m, "give {jobNumber, password, ext}"))?;
        let text = |k: &str| opt_string(opts.get(k));
        let job = text("jobNumber").ok_or_else(|| bad_args(m, "jobNumber is missing"))?;
        let ext = text("ext").ok_or_else(|| bad_args(m, "ext is missing"))?;
        let password = text("password").unwrap_or_default();
        let mode = match text("loginMode").as_deref() {
            Some("force") | None => LoginMode::Force,
            Some("stop") => LoginMode::Stop,
            Some(_) => LoginMode::Ask,
        };
        let agent_mode = match text("agentMode").as_deref() {
            Some("Ready") => AgentMode::Ready,
            _ => AgentMode::NotReady,
        };
        let req = LoginRequest {
            job_number: job,
            password: Secret::new(password),
            extension: ext,
            mode,
            agent_mode,
        };
        self.handle.login(req).await.map_err(from_client)?;
        Ok(json!({}).into())
    }

    /// `checkRecoverStateAbility({jobNumber, ext, domain})` (spec §7.2) answered from the app's own session,
    /// with no server request: resolves when the app holds that agent on that extension, and the asking page
    /// then receives `recoverStateSuccess`.
    async fn recover(&self, params: &[Value], numbers: Numbers) -> Result<Outcome, WireError> {
        let opts = params.first();
        let text = |k: &str| opt_string(field(opts, k)).unwrap_or_default();
        let s = self.snapshot().await?;
        if !view::logged_in(&s) {
            return Err(WireError::new(
                Code::RecoverLoggedOut,
                "the app is not logged in",
            ));
        }
        let agent = s.agent.agent_id.clone().unwrap_or_default();
        let ext = s.agent.extension.clone().unwrap_or_default();
        let domain = match text("domain") {
            d if d.is_empty() => agent
                .split_once('@')
                .map(|(_, d)| d.to_owned())
                .unwrap_or_default(),
            d => d,
        };
        let same = agent == format!("{}@{domain}", text("jobNumber"))
            && ext == format!("{}@{domain}", text("ext"));
        if !same {
            return Err(WireError::new(
                Code::RecoverIdentityMismatch,
                "the app holds another agent or extension",
            ));
        }
        let result = json!({
            "agent": {
                "agentId": agent, "extensionId": ext, "agentMode": view::agent_mode(&s),
                "agentName": s.agent.name.clone().unwrap_or_default(), "namespace": domain,
            },
        });
        Ok(Outcome {
            result,
            inner: Some(view::recover_state_success(&s, numbers)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sdk_s_truthiness_decides_cpa() {
        for (v, want) in [
            (json!(1), true),
            (json!("1"), true),
            (json!(true), true),
            (json!(0), false),
            (json!(""), false),
            (json!(null), false),
        ] {
            assert_eq!(truthy(Some(&v)), want, "{v}");
        }
        assert!(!truthy(None));
    }

    #[test]
    fn configuration_and_log_methods_answer_what_they_do_here() {
        let r = not_here("useConfig").unwrap().unwrap();
        assert_eq!(r.result["applied"], false);
        assert_eq!(
            not_here("uploadLog").unwrap().unwrap_err().code,
            "bridge.not_supported"
        );
        assert_eq!(
            not_here("forceTake").unwrap().unwrap_err().code,
            "bridge.not_supported"
        );
        assert!(not_here("makeCall").is_none());
    }
}
