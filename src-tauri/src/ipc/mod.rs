//! What crosses between the window and the backend: the commands ([`command_names`] lists them for the
//! capabilities), how errors cross ([`error`]), and the leak-scan trace of what the page received ([`trace`]).

pub mod command_names;
pub(crate) mod commands;
pub(crate) mod error;
pub(crate) mod trace;
