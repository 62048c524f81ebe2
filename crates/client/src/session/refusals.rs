//! The refusals every command may answer before anything is sent.

use crate::error::ClientError;
use well_codes::Code;

pub(super) fn not_logged_in() -> ClientError {
    ClientError::refused(Code::SessionNotLoggedIn, "not logged in")
}

pub(super) fn unknown_call() -> ClientError {
    ClientError::refused(Code::CallUnknown, "no such call")
}

pub(super) fn not_allowed(what: &str) -> ClientError {
    ClientError::refused(
        Code::CallActionNotAllowed,
        format!("{what} is not possible in the current state"),
    )
}
