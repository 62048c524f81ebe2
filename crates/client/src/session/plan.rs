//! What each command sends, decided from the model and the session's identity alone: which connection, which
//! consult leg, which typed body, which path. No IO and no clock, so every case is a unit test; the actor
//! (`login.rs`, `call_control.rs`) only sends what these return and applies the outcome.

use reqwest::Method;
use well_callmodel::{CallAction, Model};
use well_codes::Code;
use well_protocol::event::AgentMode;
use well_protocol::ids::{AgentId, CallId, ConnectionId, DeviceId};
use well_protocol::redact::{RawDevice, Secret};
use well_protocol::rest::paths::{self, ConnectionOp};
use well_protocol::rest::{
    AgentStateRequest, ConsultCallRequest, ConsultRequest, MakeCallRequest,
    SingleStepConferenceRequest, SingleStepTransferRequest,
};

use super::handle::{CallCommand, DialOptions};
use super::refusals::{not_allowed, not_logged_in, unknown_call};
use crate::error::ClientError;

/// One REST request, ready to send.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Request {
    pub what: &'static str,
    pub method: Method,
    pub path: String,
    pub body: Option<serde_json::Value>,
}

impl Request {
    fn post(what: &'static str, path: String, body: Option<serde_json::Value>) -> Self {
        Request {
            what,
            method: Method::POST,
            path,
            body,
        }
    }
}

/// The model's action a command needs in the call's `allowed` list.
pub(super) fn action_of(cmd: &CallCommand) -> CallAction {
    match cmd {
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
    }
}

/// The request for a call command, or why it may not be sent: the call is unknown, the model does not allow
/// the action now, or a consult ending has no consult. Consult endings act on the held call's connection and
/// name the consult leg, whichever of the two calls the agent acted on.
pub(super) fn call_request(
    model: &Model,
    me: Option<&DeviceId>,
    call: &CallId,
    cmd: &CallCommand,
) -> Result<Request, ClientError> {
    let c = model.call(call).ok_or_else(unknown_call)?;
    let action = action_of(cmd);
    if !c.allowed.contains(&action) {
        return Err(not_allowed(&format!("{action:?}")));
    }
    let me = me.ok_or_else(not_logged_in)?;
    let ends_consult = matches!(
        cmd,
        CallCommand::CancelConsult
            | CallCommand::Conference
            | CallCommand::Transfer
            | CallCommand::TransferAndWait
    );
    let (target, leg) = if ends_consult {
        let (held, leg) = model
            .consult_pair(call)
            .ok_or_else(|| not_allowed("that consult action"))?;
        (
            held,
            Some(ConsultCallRequest {
                consult_call_id: leg,
            }),
        )
    } else {
        (call.clone(), None)
    };
    let conn = ConnectionId::new(me.clone(), target.clone());
    let op = |o: ConnectionOp| paths::connection_op(&target, &conn, o);
    let number = |n: &String| RawDevice::new(n.trim());
    let leg_body = |what| match &leg {
        Some(l) => wire_body(what, l),
        None => Err(not_allowed("that consult action")),
    };
    let (path, body) = match cmd {
        CallCommand::HangUp => {
            return Ok(Request {
                what: "call control",
                method: Method::DELETE,
                path: paths::connection(&target, &conn)?,
                body: None,
            })
        }
        CallCommand::Answer => (op(ConnectionOp::Answer)?, None),
        CallCommand::Hold => (op(ConnectionOp::Hold)?, None),
        CallCommand::Retrieve => (op(ConnectionOp::Retrieve)?, None),
        CallCommand::Consult { number: n } => (
            op(ConnectionOp::Consult)?,
            Some(wire_body(
                "consult",
                &ConsultRequest {
                    consultation_participant: number(n),
                },
            )?),
        ),
        CallCommand::CancelConsult => (
            op(ConnectionOp::CancelConsult)?,
            Some(leg_body("cancel consult")?),
        ),
        CallCommand::Conference => (op(ConnectionOp::Conference)?, Some(leg_body("conference")?)),
        CallCommand::Transfer => (op(ConnectionOp::Transfer)?, Some(leg_body("transfer")?)),
        CallCommand::TransferAndWait => (
            op(ConnectionOp::TransferAndWait)?,
            Some(leg_body("transfer and wait")?),
        ),
        CallCommand::SingleStepTransfer { number: n } => (
            op(ConnectionOp::SingleStepTransfer)?,
            Some(wire_body(
                "single-step transfer",
                &SingleStepTransferRequest {
                    transfer_to: number(n),
                },
            )?),
        ),
        CallCommand::SingleStepConference { number: n } => (
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
    Ok(Request::post("call control", path, body))
}

/// A number to dial: blanks removed, digits, `*`, `#`, `+`, `-` and `W`/`w` pauses only, in the number and in
/// the prefix. Returns `(to, typed)`: what the server dials (prefix first) and what the agent typed.
pub(super) fn dial_number(
    number: &Secret,
    prefix: Option<&str>,
) -> Result<(String, String), ClientError> {
    let typed: String = number
        .expose()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let prefix = prefix.unwrap_or_default();
    let valid = |s: &str| {
        s.chars()
            .all(|c| c.is_ascii_digit() || "*#+-Ww".contains(c))
    };
    if typed.is_empty() || !valid(&typed) || !valid(prefix) {
        return Err(ClientError::refused(
            Code::CallInvalidNumber,
            "a number holds digits, *, #, +, - and W/w pauses only",
        ));
    }
    Ok((format!("{prefix}{typed}"), typed))
}

/// `makeCall` from our extension to `to`, with the display options of the SDK's `makeCall`.
pub(super) fn make_call(
    me: &DeviceId,
    to: &str,
    opts: DialOptions,
) -> Result<Request, ClientError> {
    let body = MakeCallRequest {
        from: me.wire(),
        to: RawDevice::new(to.to_owned()),
        origin_for_display: opts.origin_for_display.map(RawDevice::new),
        cpa: opts.cpa.then(|| "1".to_owned()),
        context_id: None,
        dest_for_display: opts.dest_for_display,
    };
    Ok(Request::post(
        "makeCall",
        paths::CALLS.to_owned(),
        Some(wire_body("makeCall", &body)?),
    ))
}

/// The agent login on `device` with the TPI token as `sessionId` (§2.3).
pub(super) fn login(
    agent: &AgentId,
    device: &DeviceId,
    password: &Secret,
    agent_mode: &AgentMode,
    token: &Secret,
) -> Result<Request, ClientError> {
    let body = AgentStateRequest::Login {
        login_id: agent.as_str().to_owned(),
        device: device.wire(),
        password: password.clone(),
        agent_mode: agent_mode.clone(),
        session_id: Some(token.clone()),
    };
    Ok(Request::post(
        "agent login",
        paths::AGENT_STATE.to_owned(),
        Some(wire_body("login", &body)?),
    ))
}

/// Logout of `agent`; `session` is sent when forcing an old binding off (`loginMode: force`, §2.4).
pub(super) fn logout(
    what: &'static str,
    agent: &AgentId,
    session: Option<&Secret>,
) -> Result<Request, ClientError> {
    let body = AgentStateRequest::Logout {
        namespace: None,
        device: None,
        agent_id: Some(agent.as_str().to_owned()),
        login_id: None,
        session_id: session.cloned(),
    };
    Ok(Request::post(
        what,
        paths::AGENT_STATE.to_owned(),
        Some(wire_body(what, &body)?),
    ))
}

/// Ready or NotReady (with the agent's reason, empty when none).
pub(super) fn set_mode(
    agent: &AgentId,
    device: &DeviceId,
    domain: &str,
    ready: bool,
    reason: Option<String>,
) -> Result<Request, ClientError> {
    let body = AgentStateRequest::SetState {
        device: Some(device.wire()),
        agent_mode: if ready {
            AgentMode::Ready
        } else {
            AgentMode::NotReady
        },
        namespace: Some(domain.to_owned()),
        reason: Some(reason.unwrap_or_default()),
        agent_id: Some(agent.as_str().to_owned()),
        login_id: None,
    };
    Ok(Request::post(
        "state change",
        paths::AGENT_STATE.to_owned(),
        Some(wire_body("state change", &body)?),
    ))
}

/// A request body of `well-protocol`'s typed bodies (the ones tested against the platform's fixtures), as the
/// JSON the REST layer sends.
pub(super) fn wire_body(
    what: &'static str,
    body: &impl serde::Serialize,
) -> Result<serde_json::Value, ClientError> {
    serde_json::to_value(body).map_err(|e| ClientError::BadResponse {
        what,
        reason: e.to_string(),
    })
}

#[cfg(test)]
mod tests;
