//! What the bridge's integration tests share: a session on the simulator with test-speed timers and the demo
//! agent's login.
#![allow(dead_code)] // each test file uses its own part

use std::time::Duration;
use well_callmodel::contract::Snapshot;
use well_client::link::LinkConfig;
use well_client::session::{self, Handle, LoginMode, LoginRequest, SessionConfig};
use well_client::ServerProfile;
use well_protocol::event::AgentMode;
use well_protocol::redact::Secret;
use well_sim::SimHandle;

/// A session against `sim` (heartbeat 200 ms, backoff 10–100 ms, a dial every 10 ms allowed).
pub fn session(sim: &SimHandle) -> Handle {
    let mut c = SessionConfig::new(ServerProfile::new(&sim.base_url(), None, "demo.cc").unwrap());
    c.heartbeat_every = Duration::from_millis(200);
    c.backoff = (Duration::from_millis(10), Duration::from_millis(100));
    c.dial_every = Duration::from_millis(10);
    c.link = LinkConfig {
        receipt_wait: Duration::from_millis(500),
        ..LinkConfig::default()
    };
    let (h, saved) = session::spawn(c).unwrap();
    // Nobody persists the saved session here; the channel must stay open for the session's life.
    std::mem::forget(saved);
    h
}

/// The demo agent 5001 on 8001, Ready; returns once the agent may dial.
pub async fn login(h: &Handle) {
    h.login(LoginRequest {
        job_number: "5001".into(),
        password: Secret::new("123456"),
        extension: "8001".into(),
        mode: LoginMode::Force,
        agent_mode: AgentMode::Ready,
    })
    .await
    .unwrap();
    until(h, "logged on", |s| {
        s.agent
            .allowed
            .contains(&well_callmodel::AgentAction::MakeCall)
    })
    .await;
}

pub async fn until(h: &Handle, what: &str, ok: impl Fn(&Snapshot) -> bool) {
    for _ in 0..500 {
        if ok(&h.snapshot().await.unwrap()) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("timed out waiting for {what}");
}
