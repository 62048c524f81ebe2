//! What the client's integration tests share: a session configuration with millisecond timers, the demo
//! agent's login, and waiting on the snapshot.
#![allow(dead_code)] // each test file uses its own part

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
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

/// The snapshot's word for a call, as the simulator's word for our party in it must allow.
pub fn agrees_on_call_state(ours: &str, sim_party: &str) -> bool {
    matches!(
        (sim_party, ours),
        ("Alerting", "ringing")
            | ("Connect", "connected" | "ringback" | "dialing")
            | ("Initiate", "dialing" | "ringback")
            | ("Hold", "held")
    )
}

/// The simulator's agent mode word as the snapshot spells it (`NotReady` → `not_ready`).
pub fn snake(word: &str) -> String {
    let mut out = String::new();
    for (i, ch) in word.chars().enumerate() {
        if ch.is_ascii_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(ch.to_ascii_lowercase());
    }
    out
}

/// The agent's snapshot against `/sim/state`.
pub fn agrees_with_sim(
    agent_id: &str,
    extension: &str,
    snap: &Snapshot,
    state: &Value,
) -> Result<(), String> {
    // The simulator lists an agent once it has a session there; before that it is logged out.
    let row = state["agents"]
        .as_array()
        .and_then(|v| v.iter().find(|r| r["agentId"] == agent_id));
    let logged_in = row.is_some_and(|r| r["loggedIn"] == true);
    if logged_in != (snap.agent.status == AgentStatus::LoggedOn) {
        return Err(format!(
            "simulator says loggedIn={logged_in}, snapshot says {:?}",
            snap.agent.status
        ));
    }
    if let Some(row) = row.filter(|_| logged_in) {
        let theirs = snake(row["agentMode"].as_str().unwrap_or_default());
        let ours = serde_json::to_value(&snap.agent.mode).unwrap_or_default();
        if ours != theirs.as_str() {
            return Err(format!("mode: simulator {theirs}, snapshot {ours}"));
        }
    }
    let mut theirs = BTreeMap::new();
    for call in state["calls"].as_array().into_iter().flatten() {
        let mine = call["parties"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|p| p["deviceId"] == extension);
        if let Some(p) = mine {
            theirs.insert(
                call["callId"].as_str().unwrap_or_default().to_owned(),
                p["state"].as_str().unwrap_or_default().to_owned(),
            );
        }
    }
    let ours: BTreeMap<String, String> = snap
        .calls
        .iter()
        .map(|c| {
            let state = serde_json::to_value(c.state).unwrap_or_default();
            (
                c.call_id.as_str().to_owned(),
                state.as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let (t, o): (BTreeSet<_>, BTreeSet<_>) = (theirs.keys().collect(), ours.keys().collect());
    if t != o {
        return Err(format!("calls: simulator {theirs:?}, snapshot {ours:?}"));
    }
    for (id, party) in &theirs {
        if !agrees_on_call_state(&ours[id], party) {
            return Err(format!(
                "call {id}: simulator {party}, snapshot {}",
                ours[id]
            ));
        }
    }
    Ok(())
}

/// Poll until the demo agent's snapshot agrees with the simulator's state; 4 s at most.
pub async fn until_equal_to_sim(h: &Handle, sim: &SimHandle) -> Snapshot {
    let mut last = String::new();
    for _ in 0..400 {
        let s = h.snapshot().await.unwrap();
        match agrees_with_sim("5001@demo.cc", "8001@demo.cc", &s, &sim.state()) {
            Ok(()) => return s,
            Err(e) => last = e,
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("the snapshot never agreed with /sim/state: {last}");
}
