//! What the client's integration tests share: a session configuration with millisecond timers, the demo
//! agent's login, and waiting on the snapshot.
#![allow(dead_code)] // each test file uses its own part

use serde_json::Value;
use std::time::Duration;
use tokio::sync::mpsc;
use well_callmodel::contract::Snapshot;
use well_callmodel::{AgentStatus, CallState};
use well_client::link::LinkConfig;
use well_client::rest::Timeouts;
use well_client::session::{
    self, CallCommand, Handle, LoginMode, LoginRequest, SavedSessionChange, SessionConfig,
};
use well_client::ServerProfile;
use well_protocol::event::AgentMode;
use well_protocol::ids::CallId;
use well_protocol::redact::Secret;
use well_sim::SimHandle;

/// The simulator's demo tenant with test-speed timers: heart-beats every 200 ms, REST heartbeat every 100 ms,
/// reconnect backoff 10–100 ms.
pub fn cfg(sim: &SimHandle) -> SessionConfig {
    let mut c = SessionConfig::new(ServerProfile::new(&sim.base_url(), None, "demo.cc").unwrap());
    c.timeouts = Timeouts {
        connect: Duration::from_secs(2),
        total: Duration::from_secs(5),
    };
    c.link = LinkConfig {
        heart_beat: (200, 200),
        connected_timeout: Duration::from_secs(2),
        receipt_wait: Duration::from_millis(500),
        ping_every: Duration::from_millis(200),
        ..LinkConfig::default()
    };
    c.heartbeat_every = Duration::from_millis(100);
    c.backoff = (Duration::from_millis(10), Duration::from_millis(100));
    c.question_ttl = Duration::from_secs(5);
    c
}

pub fn req(job: &str, ext: &str, password: &str, mode: LoginMode) -> LoginRequest {
    LoginRequest {
        job_number: job.into(),
        password: Secret::new(password),
        extension: ext.into(),
        mode,
        agent_mode: AgentMode::Ready,
    }
}

/// The demo agent 5001 on extension 8001.
pub fn demo_login() -> LoginRequest {
    req("5001", "8001", "123456", LoginMode::Force)
}

/// Poll the snapshot until `ok` holds (the updates are tested on their own); 4 s at most.
pub async fn until(h: &Handle, what: &str, ok: impl Fn(&Snapshot) -> bool) -> Snapshot {
    for _ in 0..400 {
        let s = h.snapshot().await.unwrap();
        if ok(&s) {
            return s;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!(
        "timed out waiting for {what}: {:?}",
        h.snapshot().await.unwrap()
    );
}

/// A session logged on as the demo agent with this configuration.
pub async fn logged_in_with(
    c: SessionConfig,
) -> (Handle, mpsc::UnboundedReceiver<SavedSessionChange>) {
    let (h, saved) = session::spawn(c).unwrap();
    h.login(demo_login()).await.unwrap();
    until(&h, "logged on", |s| s.agent.status == AgentStatus::LoggedOn).await;
    (h, saved)
}

/// A customer calls 8001 with this call data; the agent answers through the handle. Returns the call once
/// the snapshot shows it connected.
pub async fn answered_call(h: &Handle, sim: &SimHandle, user_data: Value) -> CallId {
    sim.ring("13912345678", "8001", user_data).await.unwrap();
    let s = until(h, "ringing", |s| !s.calls.is_empty()).await;
    let call = s.calls[0].call_id.clone();
    h.call(&call, CallCommand::Answer).await.unwrap();
    until(h, "connected", |s| {
        s.calls
            .iter()
            .any(|c| c.call_id == call && c.state == CallState::Connected)
    })
    .await;
    call
}
