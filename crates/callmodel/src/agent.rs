//! The agent entity: session status, mode, and what the agent may do now.

use serde::Serialize;
use well_protocol::event::AgentMode;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AgentStatus {
    LoggedOut,
    LoggingIn,
    /// Logged in: set by `agentLoggedOn` or a recovery, never by a 2xx alone (spec §2.3).
    LoggedOn,
    LoggedOff,
}

/// Why the session ended: our own logout, or the server (supervisor, heartbeat timeout — the event does not
/// say which).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LogoffCause {
    OwnLogout,
    Server,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    Ready,
    NotReady,
    /// After-call work (`agentWorkingAfterCall`).
    WorkNotReady,
    /// Pre-occupied for an automatic outbound campaign.
    Allocated,
    /// A mode this client does not know, as the server named it.
    Other(String),
}

impl Mode {
    pub fn from_wire(m: &AgentMode) -> Option<Mode> {
        Some(match m {
            AgentMode::Ready => Mode::Ready,
            AgentMode::NotReady => Mode::NotReady,
            AgentMode::WorkNotReady => Mode::WorkNotReady,
            AgentMode::Allocated => Mode::Allocated,
            AgentMode::Logout => return None,
            AgentMode::Unknown => Mode::Other("Unknown".into()),
            AgentMode::Other(s) => Mode::Other(s.clone()),
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AgentAction {
    MakeCall,
    Ready,
    NotReady,
    Logout,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Agent {
    pub status: AgentStatus,
    pub agent_id: Option<String>,
    /// Own extension as `number@domain` (our own device is not a customer number).
    pub extension: Option<String>,
    pub name: Option<String>,
    pub mode: Option<Mode>,
    /// NotReady reason code (`1` busy, `2` manual outbound, …).
    pub reason: Option<String>,
    pub mode_since_ms: Option<u64>,
    pub logged_off_cause: Option<LogoffCause>,
    pub allowed: Vec<AgentAction>,
}

impl Agent {
    pub fn logged_out() -> Self {
        Agent {
            status: AgentStatus::LoggedOut,
            agent_id: None,
            extension: None,
            name: None,
            mode: None,
            reason: None,
            mode_since_ms: None,
            logged_off_cause: None,
            allowed: Vec::new(),
        }
    }

    /// Change mode; the timer restarts only when mode or reason really changed.
    pub(crate) fn set_mode(&mut self, mode: Option<Mode>, reason: Option<String>, now_ms: u64) {
        if self.mode != mode || self.reason != reason {
            self.mode = mode;
            self.reason = reason;
            self.mode_since_ms = Some(now_ms);
        }
    }
}
