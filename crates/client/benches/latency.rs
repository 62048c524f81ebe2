//! The client's two latencies that an agent feels, on loopback against an in-process simulator:
//! - ring → update: `POST /sim/calls` sent → the client's numbered update holding that call, ringing
//!   (1,000 calls; each answered, hung up and gone before the next);
//! - recovery: a fresh session actor (a new app process) → `recover(saved)` → its snapshot holds the call
//!   (100 runs against one connected call).
//!
//! `cargo bench -p well-client --bench latency` prints p50/p99/max. Under `cargo test` it runs 20 calls and 5
//! recoveries, as a check that the harness works.

use serde_json::{json, Value};
use std::time::{Duration, Instant};
use well_callmodel::contract::{Change, Snapshot};
use well_callmodel::{AgentStatus, CallState};
use well_client::session::{
    self, CallCommand, Handle, LoginMode, LoginRequest, SavedSession, SavedSessionChange,
    SessionConfig,
};
use well_client::updates::Received;
use well_client::ServerProfile;
use well_protocol::event::AgentMode;
use well_protocol::redact::Secret;
use well_sim::{Sim, SimConfig, SimHandle};

fn cfg(sim: &SimHandle) -> SessionConfig {
    SessionConfig::new(ServerProfile::new(&sim.base_url(), None, "demo.cc").expect("profile"))
}

async fn until(h: &Handle, what: &str, ok: impl Fn(&Snapshot) -> bool) -> Snapshot {
    for _ in 0..2_000 {
        let s = h.snapshot().await.expect("snapshot");
        if ok(&s) {
            return s;
        }
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    panic!("timed out waiting for {what}");
}

fn report(what: &str, mut samples: Vec<Duration>) {
    samples.sort();
    let n = samples.len();
    let at = |q: f64| samples[((n as f64 * q).ceil() as usize).clamp(1, n) - 1];
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "{what}: n={n} p50={:.2} ms p99={:.2} ms max={:.2} ms",
        ms(at(0.50)),
        ms(at(0.99)),
        ms(at(1.0))
    );
}

async fn ring_to_update(sim: &SimHandle, h: &Handle, n: usize) -> Vec<Duration> {
    let http = reqwest::Client::new();
    let url = format!("{}/sim/calls", sim.base_url());
    let mut updates = h.subscribe().await.expect("updates");
    let mut samples = Vec::with_capacity(n);
    for i in 0..n {
        let caller = format!("139{i:08}");
        let t0 = Instant::now();
        let post = http
            .post(&url)
            .json(&json!({"from": caller, "to": "8001", "userData": {"i": i}}))
            .send();
        let wait = async {
            loop {
                match updates.recv().await {
                    Received::Update(u) => {
                        for c in u.changes {
                            if let Change::Call(call) = c {
                                if call.state == CallState::Ringing {
                                    return (t0.elapsed(), call.call_id);
                                }
                            }
                        }
                    }
                    Received::Lagged => panic!("the bench lagged"),
                    Received::Closed => panic!("session closed"),
                }
            }
        };
        let (posted, (took, rung)) = tokio::join!(post, wait);
        let v: Value = posted.expect("POST").json().await.expect("JSON");
        assert_eq!(
            v["callId"].as_str(),
            Some(rung.as_str()),
            "the update is that call's"
        );
        samples.push(took);
        h.call(&rung, CallCommand::Answer).await.expect("answer");
        until(h, "connected", |s| {
            s.calls.iter().any(|c| c.state == CallState::Connected)
        })
        .await;
        h.call(&rung, CallCommand::HangUp).await.expect("hang up");
        until(h, "no calls", |s| s.calls.is_empty()).await;
    }
    samples
}

async fn recoveries(sim: &SimHandle, saved: &SavedSession, n: usize) -> Vec<Duration> {
    let mut samples = Vec::with_capacity(n);
    for _ in 0..n {
        let (h, _saved) = session::spawn(cfg(sim)).expect("actor");
        let t0 = Instant::now();
        let r = h.recover(saved.clone(), None).await.expect("recovered");
        let s = h.snapshot().await.expect("snapshot");
        let took = t0.elapsed();
        assert_eq!(r.calls.len(), 1);
        assert!(s.calls.iter().any(|c| c.state == CallState::Connected));
        samples.push(took);
    }
    samples
}

#[tokio::main]
async fn main() {
    let benching = std::env::args().any(|a| a == "--bench");
    let (calls, recovers) = if benching { (1_000, 100) } else { (20, 5) };
    let sim = Sim::start(SimConfig {
        acw_after_call_ms: 0,
        ..SimConfig::default()
    })
    .await
    .expect("simulator");
    let (h, mut saved) = session::spawn(cfg(&sim)).expect("actor");
    h.login(LoginRequest {
        job_number: "5001".into(),
        password: Secret::new("123456"),
        extension: "8001".into(),
        mode: LoginMode::Force,
        agent_mode: AgentMode::Ready,
    })
    .await
    .expect("login");
    until(&h, "logged on", |s| s.agent.status == AgentStatus::LoggedOn).await;
    let Some(SavedSessionChange::Saved(saved)) = saved.recv().await else {
        panic!("no saved session")
    };

    report("ring -> update", ring_to_update(&sim, &h, calls).await);

    sim.ring("13800000000", "8001", json!({}))
        .await
        .expect("ring");
    let s = until(&h, "ringing", |s| !s.calls.is_empty()).await;
    h.call(&s.calls[0].call_id, CallCommand::Answer)
        .await
        .expect("answer");
    until(&h, "connected", |s| {
        s.calls.iter().any(|c| c.state == CallState::Connected)
    })
    .await;
    drop(h);
    report(
        "recover -> snapshot",
        recoveries(&sim, &saved, recovers).await,
    );
}
