//! The refusals every command may answer before anything is sent.

use crate::error::ClientError;

pub(super) fn not_logged_in() -> ClientError {
    ClientError::refused("session.not_logged_in", "not logged in")
}

pub(super) fn unknown_call() -> ClientError {
    ClientError::refused("call.unknown", "no such call")
}

pub(super) fn not_allowed(what: &str) -> ClientError {
    ClientError::refused(
        "call.action_not_allowed",
        format!("{what} is not possible in the current state"),
    )
}
