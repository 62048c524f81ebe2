//! Errors as they cross IPC: `{ code, message, details? }` (DESIGN). The UI picks its text by `code`;
//! `message` is the English fallback and never holds a number, token or password.

use serde::Serialize;
use well_client::session::RecoverError;
use well_client::ClientError;
use well_codes::Code;

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct IpcError {
    pub code: String,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub details: Option<serde_json::Value>,
}

impl IpcError {
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        IpcError {
            code: code.as_str().to_owned(),
            message: message.into(),
            details: None,
        }
    }
}

impl From<ClientError> for IpcError {
    fn from(e: ClientError) -> Self {
        let details = match &e {
            ClientError::Status { status, body, .. } => {
                // 459 names the agent holding the extension (`{agent}`), 455 the device (spec §2.5).
                let parsed = serde_json::from_str::<serde_json::Value>(body).ok();
                Some(serde_json::json!({ "status": status.status(), "body": parsed }))
            }
            _ => None,
        };
        IpcError {
            code: e.code().as_str().to_owned(),
            message: e.to_string(),
            details,
        }
    }
}

impl From<RecoverError> for IpcError {
    fn from(e: RecoverError) -> Self {
        IpcError::new(e.code(), e.to_string())
    }
}

impl From<crate::settings::invalid::Invalid> for IpcError {
    fn from(e: crate::settings::invalid::Invalid) -> Self {
        IpcError::new(e.code, e.message)
    }
}

pub type IpcResult<T> = Result<T, IpcError>;
