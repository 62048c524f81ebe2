//! REST paths (§3.2), built as strings from checked ids: `url::Url` would re-encode the `%7C` of a
//! connection id into `%257C`.

use crate::error::IdError;
use crate::ids::{AgentId, CallId, ConnectionId, DeviceId};

pub const AGENT_STATE: &str = "/api/csta/agent/state";
pub const CLIENT_STATE: &str = "/api/csta/agent/client-state";
pub const CALLS: &str = "/api/csta/callControl/calls";
/// TPI login paths a server accepts (§10.1); the first is our default.
pub const TPI_LOGIN_PATHS: &[&str] = &[
    "/api/security/login",
    "/api/security/loginTrusted",
    "/login",
    "/loginTrusted",
    "/agent/login",
];
pub const STOMP_WEBSOCKET: &str = "/mvc/stomp/websocket";

/// Operations on the own connection of a call (§3.3.4): `POST .../connections/{connectionId}/<op>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ConnectionOp {
    Answer,
    Hold,
    Retrieve,
    SingleStepTransfer,
    SingleStepTransferCallAndWait,
    SingleStepConference,
    Consult,
    Conference,
    CancelConsult,
    Transfer,
    TransferAndWait,
}

impl ConnectionOp {
    pub const ALL: [ConnectionOp; 11] = [
        ConnectionOp::Answer,
        ConnectionOp::Hold,
        ConnectionOp::Retrieve,
        ConnectionOp::SingleStepTransfer,
        ConnectionOp::SingleStepTransferCallAndWait,
        ConnectionOp::SingleStepConference,
        ConnectionOp::Consult,
        ConnectionOp::Conference,
        ConnectionOp::CancelConsult,
        ConnectionOp::Transfer,
        ConnectionOp::TransferAndWait,
    ];

    pub fn path_word(self) -> &'static str {
        match self {
            ConnectionOp::Answer => "answer",
            ConnectionOp::Hold => "hold",
            ConnectionOp::Retrieve => "retrieve",
            ConnectionOp::SingleStepTransfer => "singleStepTransfer",
            ConnectionOp::SingleStepTransferCallAndWait => "singleStepTransferCallAndWait",
            ConnectionOp::SingleStepConference => "singleStepConference",
            ConnectionOp::Consult => "consult",
            ConnectionOp::Conference => "conference",
            ConnectionOp::CancelConsult => "cancelConsult",
            ConnectionOp::Transfer => "transfer",
            ConnectionOp::TransferAndWait => "transferAndWait",
        }
    }

    pub fn from_path_word(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|op| op.path_word() == s)
    }
}

pub fn heartbeat(agent: &AgentId) -> Result<String, IdError> {
    Ok(format!(
        "/api/csta/agent/heartbeat/{}",
        agent.path_segment()?
    ))
}

/// `DELETE` hangs up the connection; the same path is the base of [`connection_op`].
pub fn connection(call: &CallId, conn: &ConnectionId) -> Result<String, IdError> {
    Ok(format!(
        "{CALLS}/{}/connections/{}",
        call.path_segment()?,
        conn.path_segment()?
    ))
}

pub fn connection_op(
    call: &CallId,
    conn: &ConnectionId,
    op: ConnectionOp,
) -> Result<String, IdError> {
    Ok(format!("{}/{}", connection(call, conn)?, op.path_word()))
}

pub fn agent_greeting(call: &CallId) -> Result<String, IdError> {
    Ok(format!("{CALLS}/{}/agentGreeting", call.path_segment()?))
}

pub fn user_data(call: &CallId) -> Result<String, IdError> {
    Ok(format!("{CALLS}/{}/user-data", call.path_segment()?))
}

/// The key is always empty in the SDK, hence the trailing slash.
pub fn user_data_get(call: &CallId) -> Result<String, IdError> {
    Ok(format!("{CALLS}/{}/user-data/", call.path_segment()?))
}

pub fn spy(call: &CallId, device: &DeviceId) -> Result<String, IdError> {
    Ok(format!(
        "{CALLS}/{}/spy?deviceId={}",
        call.path_segment()?,
        device.path_segment()?
    ))
}

pub fn release_allocated(agent: &AgentId) -> Result<String, IdError> {
    Ok(format!(
        "/api/csta/outbound/release/{}",
        agent.path_segment()?
    ))
}

pub fn prefix_list(agent: &AgentId) -> Result<String, IdError> {
    let domain = agent.domain();
    crate::ids::check_path_safe("domain", domain)?;
    Ok(format!(
        "/api/operation/operation/tenants/{domain}/agents/{}",
        agent.path_segment()?
    ))
}

/// `Start` or `Stop`.
pub fn recording(start: bool, extension: &DeviceId) -> Result<String, IdError> {
    let action = if start { "Start" } else { "Stop" };
    Ok(format!(
        "/api/csta/callControl/recording/{action}?extension={}",
        extension.path_segment()?
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connection_paths_match_the_reference_requests() {
        let call = CallId::new("6aee1dda-d4a2-4d3c-8fab-df7782a6c10f");
        let conn = ConnectionId::new(DeviceId::parse_lenient("8001@test.cc"), call.clone());
        assert_eq!(
            connection_op(&call, &conn, ConnectionOp::Answer).unwrap(),
            "/api/csta/callControl/calls/6aee1dda-d4a2-4d3c-8fab-df7782a6c10f/connections/8001@test.cc%7C6aee1dda-d4a2-4d3c-8fab-df7782a6c10f/answer"
        );
        let bad = CallId::new("../agent/state");
        assert!(connection(&bad, &conn).is_err());
        for op in ConnectionOp::ALL {
            assert_eq!(ConnectionOp::from_path_word(op.path_word()), Some(op));
        }
    }
}
