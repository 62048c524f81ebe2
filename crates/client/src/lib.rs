//! The IO half of the backend: it owns a `well-callmodel` and keeps it equal to the server's truth.
//!
//! - [`session`]: the actor and its [`session::Handle`]: login (with the login-mode question), commands,
//!   heartbeat, silent re-login on 426, reconnect with backoff and re-sync from `client-state`.
//! - [`profile`]: a server profile — REST base with optional path prefix, TPI login URL, domain — and the URLs
//!   built from it.
//! - [`rest`]: the platform's REST calls over reqwest, with connect and total timeouts and typed errors.
//! - [`backoff`] and [`liveness`]: sans-IO timers (reconnect backoff with jitter, STOMP heart-beat liveness),
//!   fed `now` by their caller.
//! - [`link`]: the STOMP event link over a WebSocket, kept alive by heart-beats.
//! - [`updates`]: the numbered update stream and the snapshot of the UI contract; [`dial_limit`] one dial per 2 s.
//! - [`crm_feed`]: the applied server events, masked, for the CRM bridge.
//! - [`history`]: the calls that ended, in display forms, with the raw number kept for a redial.
//! - [`error`]: what can fail, each with the stable `code` the UI localizes by.

pub mod backoff;
pub mod crm_feed;
pub mod dial_limit;
pub mod error;
pub mod history;
pub mod link;
pub mod link_task;
pub mod liveness;
pub mod outage;
pub mod profile;
pub mod rest;
pub mod session;
pub mod tls;
pub mod updates;

pub use error::ClientError;
pub use profile::ServerProfile;
