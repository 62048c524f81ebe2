//! The statuses of spec §2.5 as a typed enum with a stable `code` per status; the UI owns the texts.

use serde::{Deserialize, Serialize};
use well_codes::Code;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(from = "u16", into = "u16")]
pub enum ApiStatus {
    PasswordMismatch,
    AgentStateIllegal,
    SessionExpired,
    ExtensionUnregistered,
    AgentInvalid,
    ExtensionInvalid,
    AlreadyOnThisExtension,
    AlreadyOnOtherExtension,
    ExtensionStateIllegal,
    ExtensionNotAuthorised,
    AlreadyLoggedOut,
    ExtensionInUse,
    BusyInCall,
    LicenceLimit,
    AllocationFailed,
    AutoOutboundQuota,
    RecordingDisabled,
    TaskNotAssigned,
    /// Any other status: its number is kept.
    Other(u16),
}

const TABLE: &[(u16, ApiStatus, Code)] = &[
    (
        401,
        ApiStatus::PasswordMismatch,
        Code::LoginPasswordMismatch,
    ),
    (423, ApiStatus::AgentStateIllegal, Code::AgentStateIllegal),
    (426, ApiStatus::SessionExpired, Code::SessionExpired),
    (
        451,
        ApiStatus::ExtensionUnregistered,
        Code::LoginExtensionUnregistered,
    ),
    (452, ApiStatus::AgentInvalid, Code::LoginAgentInvalid),
    (
        453,
        ApiStatus::ExtensionInvalid,
        Code::LoginExtensionInvalid,
    ),
    (
        454,
        ApiStatus::AlreadyOnThisExtension,
        Code::LoginAlreadyOnThisExtension,
    ),
    (
        455,
        ApiStatus::AlreadyOnOtherExtension,
        Code::LoginAlreadyOnOtherExtension,
    ),
    (
        456,
        ApiStatus::ExtensionStateIllegal,
        Code::LoginExtensionStateIllegal,
    ),
    (
        457,
        ApiStatus::ExtensionNotAuthorised,
        Code::LoginExtensionNotAuthorised,
    ),
    (
        458,
        ApiStatus::AlreadyLoggedOut,
        Code::AgentAlreadyLoggedOut,
    ),
    (459, ApiStatus::ExtensionInUse, Code::LoginExtensionInUse),
    (460, ApiStatus::BusyInCall, Code::AgentBusyInCall),
    (461, ApiStatus::LicenceLimit, Code::LoginLicenceLimit),
    (
        462,
        ApiStatus::AllocationFailed,
        Code::AgentAllocationFailed,
    ),
    (
        465,
        ApiStatus::AutoOutboundQuota,
        Code::AgentAutoOutboundQuota,
    ),
    (466, ApiStatus::RecordingDisabled, Code::RecordingDisabled),
    (483, ApiStatus::TaskNotAssigned, Code::TaskNotAssigned),
];

impl From<u16> for ApiStatus {
    fn from(n: u16) -> Self {
        TABLE
            .iter()
            .find(|(s, _, _)| *s == n)
            .map(|(_, v, _)| *v)
            .unwrap_or(ApiStatus::Other(n))
    }
}

impl From<ApiStatus> for u16 {
    fn from(s: ApiStatus) -> Self {
        s.status()
    }
}

impl ApiStatus {
    pub fn status(self) -> u16 {
        match self {
            ApiStatus::Other(n) => n,
            known => TABLE
                .iter()
                .find(|(_, v, _)| *v == known)
                .map(|(s, _, _)| *s)
                .unwrap_or(0),
        }
    }

    /// The stable code the UI localizes by. Unknown statuses share `http.unexpected_status`,
    /// except server failures (5xx), `server.error`.
    pub fn code(self) -> Code {
        match self {
            ApiStatus::Other(500..=599) => Code::ServerError,
            ApiStatus::Other(_) => Code::HttpUnexpectedStatus,
            known => TABLE
                .iter()
                .find(|(_, v, _)| *v == known)
                .map(|(_, _, c)| *c)
                .unwrap_or(Code::HttpUnexpectedStatus),
        }
    }

    /// The English meaning from the spec's table; the fallback `message` of an IPC error.
    pub fn meaning(self) -> &'static str {
        match self {
            ApiStatus::PasswordMismatch => "the password does not match",
            ApiStatus::AgentStateIllegal => "the agent is deleted or disabled",
            ApiStatus::SessionExpired => "the session expired (could not obtain an access token)",
            ApiStatus::ExtensionUnregistered => {
                "the extension is not registered with the SIP server"
            }
            ApiStatus::AgentInvalid => "the agent job number is not valid",
            ApiStatus::ExtensionInvalid => "the extension number is not valid",
            ApiStatus::AlreadyOnThisExtension => "the agent is already logged in on this extension",
            ApiStatus::AlreadyOnOtherExtension => {
                "the agent is already logged in on another extension"
            }
            ApiStatus::ExtensionStateIllegal => "the extension is in an illegal state",
            ApiStatus::ExtensionNotAuthorised => "the extension is not authorised",
            ApiStatus::AlreadyLoggedOut => "the agent is already logged out",
            ApiStatus::ExtensionInUse => "the extension is used by another agent",
            ApiStatus::BusyInCall => "the extension is in a call; the state cannot change now",
            ApiStatus::LicenceLimit => "the number of online agents is at the licence limit",
            ApiStatus::AllocationFailed => "pre-occupying the agent failed",
            ApiStatus::AutoOutboundQuota => {
                "the auto-outbound answer quota is reached; cannot become Ready"
            }
            ApiStatus::RecordingDisabled => "recording start/stop is disabled",
            ApiStatus::TaskNotAssigned => "the task is not assigned",
            ApiStatus::Other(500..=599) => "the server failed; try again",
            ApiStatus::Other(_) => "the server answered with an unexpected status",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_of_the_table_round_trips_with_a_distinct_code() {
        let mut codes = std::collections::HashSet::new();
        for (n, v, c) in TABLE {
            assert_eq!(ApiStatus::from(*n), *v);
            assert_eq!(v.status(), *n);
            assert_eq!(v.code(), *c);
            assert!(codes.insert(*c), "duplicate code {c}");
        }
        assert_eq!(ApiStatus::from(451).code(), "login.extension_unregistered");
        assert_eq!(ApiStatus::from(599), ApiStatus::Other(599));
        assert_eq!(ApiStatus::Other(599).status(), 599);
    }

    #[test]
    fn server_failures_share_a_code_and_other_unknown_statuses_keep_theirs() {
        for n in [500, 502, 503, 599] {
            assert_eq!(ApiStatus::from(n).code(), "server.error", "{n}");
        }
        for n in [418, 499, 600] {
            assert_eq!(ApiStatus::from(n).code(), "http.unexpected_status", "{n}");
        }
    }
}
