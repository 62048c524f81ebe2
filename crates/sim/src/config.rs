//! Settings of one simulator. Library defaults are deterministic (DESIGN "Simulator control surface").

use std::net::SocketAddr;
use std::time::Duration;

use crate::directory::Directory;

#[derive(Clone, Debug)]
pub struct SimConfig {
    /// Where to listen; port 0 picks a free one.
    pub addr: SocketAddr,
    pub directory: Directory,
    /// An agent whose REST heartbeat stays away this long is logged off (spec: 3 minutes).
    pub heartbeat_timeout: Duration,
    /// Offset of the server's local time in `eventTime` (China time in every documented example).
    pub event_time_offset_minutes: i32,
    /// Licence limit of agents logged in at once (461 past it); `None` is unlimited.
    pub max_agents_online: Option<usize>,
    /// Agents refused Ready with 465 (auto-outbound quota reached).
    pub ready_quota_exhausted: Vec<String>,
    /// Recording start/stop allowed (466 otherwise).
    pub recording_enabled: bool,
    /// After a call ends the agent does after-call work (`agentWorkingAfterCall`) for this long, then is
    /// Ready again; 0 turns it off.
    pub acw_after_call_ms: u64,
    /// Demo traffic; `None` (the library default) keeps the simulator deterministic.
    pub demo: Option<DemoConfig>,
    /// Serve the `/sim/...` control API (the binary's `--no-control` turns it off).
    pub control: bool,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            directory: Directory::demo(),
            heartbeat_timeout: Duration::from_secs(180),
            event_time_offset_minutes: 480,
            max_agents_online: None,
            ready_quota_exhausted: Vec::new(),
            recording_enabled: true,
            acw_after_call_ms: 0,
            demo: None,
            control: true,
        }
    }
}

#[derive(Clone, Debug)]
pub struct DemoConfig {
    /// A new inbound call every `min..=max` ms (at a Ready agent that is free).
    pub interval_ms: (u64, u64),
    /// The far end of an agent's own call answers after this long.
    pub answer_after_ms: u64,
    /// Customers hang up after `min..=max` ms of talk.
    pub talk_ms: (u64, u64),
    /// A customer gives up after ringing this long unanswered.
    pub give_up_ms: u64,
}

impl Default for DemoConfig {
    fn default() -> Self {
        DemoConfig {
            interval_ms: (15_000, 45_000),
            answer_after_ms: 3_000,
            talk_ms: (20_000, 90_000),
            give_up_ms: 45_000,
        }
    }
}
