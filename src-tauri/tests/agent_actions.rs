//! What the tray menu items and hotkeys do, through their Rust handlers, against the simulator: answer the
//! ringing call, hang up the talked-on one (never the held one), toggle Ready, and nothing when not allowed.

use serde_json::json;
use std::time::Duration;
use well_callmodel::contract::Snapshot;
use well_callmodel::{AgentStatus, CallState, Mode};
use well_client::session::{self, CallCommand, Handle, LoginMode, LoginRequest, SessionConfig};
use well_client::ServerProfile;
use well_protocol::event::AgentMode;
use well_protocol::redact::Secret;
use well_sim::{Sim, SimConfig, SimHandle};
use well_softphone::surfaces::agent_actions::{perform, AgentKey};

async fn until(h: &Handle, what: &str, ok: impl Fn(&Snapshot) -> bool) -> Snapshot {
    for _ in 0..400 {
        let s = h.snapshot().await.unwrap();
        if ok(&s) {
            return s;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("timed out waiting for {what}");
}

async fn logged_in(sim: &SimHandle) -> Handle {
    let p = ServerProfile::new(&sim.base_url(), None, "demo.cc").unwrap();
    let (h, _saved) = session::spawn(SessionConfig::new(p)).unwrap();
    h.login(LoginRequest {
        job_number: "5001".into(),
        password: Secret::new("123456"),
        extension: "8001".into(),
        mode: LoginMode::Force,
        agent_mode: AgentMode::Ready,
    })
    .await
    .unwrap();
    until(&h, "logged on", |s| s.agent.status == AgentStatus::LoggedOn).await;
    h
}

#[tokio::test]
async fn answer_and_hang_up_act_on_the_call_they_mean_and_nothing_else() {
    let sim = Sim::start(SimConfig::default()).await.unwrap();
    let h = logged_in(&sim).await;
    assert_eq!(
        perform(&h, AgentKey::Answer).await.unwrap_err().code,
        "action.not_now"
    );

    sim.ring("13912345678", "8001", json!({})).await.unwrap();
    until(&h, "ringing", |s| !s.calls.is_empty()).await;
    assert_eq!(perform(&h, AgentKey::Answer).await.unwrap(), "answered");
    let s = until(&h, "connected", |s| {
        s.calls[0].state == CallState::Connected
    })
    .await;
    let call = s.calls[0].call_id.clone();

    h.call(&call, CallCommand::Hold).await.unwrap();
    until(&h, "held", |s| s.calls[0].state == CallState::Held).await;
    assert_eq!(
        perform(&h, AgentKey::HangUp).await.unwrap_err().code,
        "action.not_now",
        "a held customer is not dropped by a key"
    );
    h.call(&call, CallCommand::Retrieve).await.unwrap();
    until(&h, "retrieved", |s| {
        s.calls[0].state == CallState::Connected
    })
    .await;
    assert_eq!(perform(&h, AgentKey::HangUp).await.unwrap(), "hung up");
    until(&h, "no calls", |s| s.calls.is_empty()).await;
}

#[tokio::test]
async fn toggle_ready_flips_the_mode_and_is_refused_when_logged_out() {
    let sim = Sim::start(SimConfig::default()).await.unwrap();
    let h = logged_in(&sim).await;
    assert_eq!(
        perform(&h, AgentKey::ToggleReady).await.unwrap(),
        "not ready"
    );
    until(&h, "not ready", |s| s.agent.mode == Some(Mode::NotReady)).await;
    assert_eq!(perform(&h, AgentKey::ToggleReady).await.unwrap(), "ready");
    until(&h, "ready", |s| s.agent.mode == Some(Mode::Ready)).await;
    assert_eq!(
        perform(&h, AgentKey::Ready).await.unwrap_err().code,
        "action.not_now"
    );
    h.logout().await.unwrap();
    until(&h, "logged off", |s| {
        s.agent.status != AgentStatus::LoggedOn
    })
    .await;
    assert_eq!(
        perform(&h, AgentKey::ToggleReady).await.unwrap_err().code,
        "action.not_now"
    );
}
