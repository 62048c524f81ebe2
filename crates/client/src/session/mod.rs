//! The session actor: one tokio task for the life of the app owns the connection and the call model; callers
//! hold a cheap, cloneable [`Handle`] (the mini-redis buffered-client shape). Login, logout and every command go
//! through it; updates come out numbered ([`crate::updates`]); changes of the saved session (login, silent
//! re-login, logout) come out on a backend-only channel for the app to persist.

mod actor;
mod commands;
mod handle;
mod recover;

pub use handle::{CallCommand, Diagnostics, DialOptions, Handle, LoginMode, LoginRequest};
pub use recover::{RecoverError, Recovered};

use std::time::Duration;
use tokio::sync::{broadcast, mpsc};
use well_callmodel::ModelConfig;
use well_protocol::redact::Secret;

use crate::link::LinkConfig;
use crate::profile::ServerProfile;
use crate::rest::Timeouts;

#[derive(Debug, Clone)]
pub struct SessionConfig {
    pub profile: ServerProfile,
    pub timeouts: Timeouts,
    pub link: LinkConfig,
    /// REST heartbeat while logged in (spec: 60 s).
    pub heartbeat_every: Duration,
    /// Reconnect backoff: from `.0` up to `.1`.
    pub backoff: (Duration, Duration),
    pub model: ModelConfig,
    /// One makeCall per this long.
    pub dial_every: Duration,
    /// How long the agent has to answer the login-mode question.
    pub question_ttl: Duration,
    /// After the event link has been down this long, a notice tells the agent (spec: 2 minutes).
    pub outage_notice_after: Duration,
}

impl SessionConfig {
    pub fn new(profile: ServerProfile) -> Self {
        SessionConfig {
            profile,
            timeouts: Timeouts::default(),
            link: LinkConfig::default(),
            heartbeat_every: Duration::from_secs(60),
            backoff: (Duration::from_millis(500), Duration::from_secs(30)),
            model: ModelConfig::default(),
            dial_every: Duration::from_secs(2),
            question_ttl: Duration::from_secs(30),
            outage_notice_after: Duration::from_secs(120),
        }
    }
}

/// What the app persists to recover after a restart (the token goes to the OS keyring).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedSession {
    pub agent_id: String,
    pub extension_id: String,
    pub domain: String,
    pub token: Secret,
}

/// A change of the saved session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SavedSessionChange {
    /// Logged in, or a silent re-login replaced the token.
    Saved(SavedSession),
    /// Logged out (by us or by the server): nothing to recover.
    Cleared,
}

/// Start the actor. Returns the handle, the saved-session channel and the effects (incoming call, call ended)
/// for the shell.
pub fn spawn(
    cfg: SessionConfig,
) -> Result<(Handle, mpsc::UnboundedReceiver<SavedSessionChange>), crate::ClientError> {
    let (tx, rx) = mpsc::channel(64);
    let (saved_tx, saved_rx) = mpsc::unbounded_channel();
    let (effects_tx, _) = broadcast::channel(64);
    let (crm_tx, _) = broadcast::channel(crate::crm_feed::CAPACITY);
    let actor = actor::Actor::new(cfg, rx, saved_tx, effects_tx.clone(), crm_tx.clone())?;
    let handle = Handle::new(tx, effects_tx, crm_tx, actor.seq.published());
    tokio::spawn(actor.run());
    Ok((handle, saved_rx))
}
