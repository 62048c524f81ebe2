//! What a recovery after an app restart ends with: the recovered agent and calls, or why it could not be.

use serde::Serialize;
use thiserror::Error;
use well_callmodel::Call;
use well_codes::Code;

use crate::error::ClientError;

#[derive(Debug, Error)]
pub enum RecoverError {
    #[error("there is no saved session to recover")]
    NoSavedSession,
    #[error("the saved session expired")]
    SessionExpired,
    #[error("the agent is logged out on the server")]
    LoggedOut,
    #[error("the server holds another agent or extension for this session")]
    IdentityMismatch,
    /// The server cannot be reached now; the session keeps trying (shown as reconnecting).
    #[error("the server cannot be reached: {0}")]
    ServerUnreachable(String),
    #[error(transparent)]
    Other(ClientError),
}

impl RecoverError {
    pub fn code(&self) -> Code {
        match self {
            RecoverError::NoSavedSession => Code::RecoverNoSavedSession,
            RecoverError::SessionExpired => Code::RecoverSessionExpired,
            RecoverError::LoggedOut => Code::RecoverLoggedOut,
            RecoverError::IdentityMismatch => Code::RecoverIdentityMismatch,
            RecoverError::ServerUnreachable(_) => Code::RecoverServerUnreachable,
            RecoverError::Other(e) => e.code(),
        }
    }
}

/// The `recoverStateSuccess` payload (spec §7.4), every active call included, in display forms.
#[derive(Debug, Clone, Serialize)]
pub struct Recovered {
    pub agent_id: String,
    pub extension_id: String,
    pub agent_mode: String,
    pub agent_name: Option<String>,
    pub calls: Vec<Call>,
}
