//! What can fail in the client, each with a stable `code` for the UI (the texts live in the UI) and an English
//! message that names what failed. Raw numbers, tokens and passwords never appear in a message.

use thiserror::Error;
use well_codes::Code;
use well_protocol::rest::ApiStatus;
use well_protocol::IdError;

use crate::profile::ProfileError;

#[derive(Debug, Error)]
pub enum ClientError {
    #[error(transparent)]
    Profile(#[from] ProfileError),
    #[error("invalid id: {0}")]
    Id(#[from] IdError),
    /// The server answered a non-2xx status.
    #[error("{what} failed: {} ({})", .status.meaning(), .status.status())]
    Status {
        what: &'static str,
        status: ApiStatus,
        body: String,
    },
    #[error("{what} timed out")]
    Timeout { what: &'static str },
    #[error("{what}: the server cannot be reached ({reason})")]
    Unreachable { what: &'static str, reason: String },
    #[error("{what}: the server's answer is not what the protocol says ({reason})")]
    BadResponse { what: &'static str, reason: String },
    /// Refused here, before anything was sent (not logged in, not allowed now, too soon, …).
    #[error("{message}")]
    Refused { code: Code, message: String },
}

impl ClientError {
    pub fn code(&self) -> Code {
        match self {
            ClientError::Profile(e) => e.code(),
            ClientError::Id(_) => Code::RequestInvalidId,
            ClientError::Status { status, .. } => status.code(),
            ClientError::Timeout { .. } => Code::NetTimeout,
            ClientError::Unreachable { .. } => Code::NetUnreachable,
            ClientError::BadResponse { .. } => Code::NetBadResponse,
            ClientError::Refused { code, .. } => *code,
        }
    }

    pub fn refused(code: Code, message: impl Into<String>) -> Self {
        ClientError::Refused {
            code,
            message: message.into(),
        }
    }

    /// The HTTP status, when the server answered one.
    pub fn status(&self) -> Option<ApiStatus> {
        match self {
            ClientError::Status { status, .. } => Some(*status),
            _ => None,
        }
    }
}
