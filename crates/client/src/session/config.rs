//! What a session is started with, and what the app keeps of it to recover after a restart.

use std::time::Duration;
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
