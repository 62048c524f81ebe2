//! Who the switch knows: TPI sessions and agents with their binding, mode and counters.

use std::time::Instant;
use well_protocol::event::AgentMode;

/// A TPI login: who logged in through it.
#[derive(Clone, Debug)]
pub struct Session {
    pub username: String,
    pub domain: String,
}

impl Session {
    /// `username@domain`: the agent this session acts for by default.
    pub fn agent_id(&self) -> String {
        format!("{}@{}", self.username, self.domain)
    }
}

#[derive(Clone, Debug)]
pub struct AgentRec {
    pub agent_id: String,
    pub name: String,
    /// Bound extension, `number@domain`, while logged in.
    pub device: Option<String>,
    pub mode: AgentMode,
    pub reason: Option<String>,
    pub logged_in: bool,
    /// The last REST heartbeat (or the Login) while logged in.
    pub last_heartbeat: Option<Instant>,
    /// Successful agent Logins, and TPI logins, for tests that prove a recovery did not log in again.
    pub logins: u64,
    pub tpi_logins: u64,
    /// In at least one call at the last look (to see a call end for the agent).
    pub in_call: bool,
    /// A SetState asked for during a call, applied when the agent's last call ends (`pendingMode`).
    pub pending: Option<(AgentMode, Option<String>)>,
}

impl AgentRec {
    pub fn new(agent_id: &str, name: &str) -> Self {
        AgentRec {
            agent_id: agent_id.to_owned(),
            name: name.to_owned(),
            device: None,
            mode: AgentMode::Logout,
            reason: None,
            logged_in: false,
            last_heartbeat: None,
            logins: 0,
            tpi_logins: 0,
            in_call: false,
            pending: None,
        }
    }
}
