//! The IO half of the backend (work in progress: the session actor comes next). So far:
//!
//! - [`profile`]: a server profile — REST base with optional path prefix, TPI login URL, domain — and the URLs
//!   built from it.
//! - [`rest`]: the platform's REST calls over reqwest, with connect and total timeouts and typed errors.
//! - [`backoff`] and [`liveness`]: sans-IO timers (reconnect backoff with jitter, STOMP heart-beat liveness),
//!   fed `now` by their caller.
//! - [`error`]: what can fail, each with the stable `code` the UI localizes by.

pub mod backoff;
pub mod error;
pub mod link;
pub mod liveness;
pub mod profile;
pub mod rest;

pub use error::ClientError;
pub use profile::ServerProfile;
