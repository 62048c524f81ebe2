//! A refused setting: the stable code the UI localizes by and an English message naming the field.

use well_codes::Code;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct Invalid {
    pub code: Code,
    pub message: String,
}

pub(crate) fn invalid(code: Code, message: impl Into<String>) -> Invalid {
    Invalid {
        code,
        message: message.into(),
    }
}
