//! State recovery by a fresh actor (a new app process) holding only the saved session.

mod common;
use common::*;
use serde_json::json;
use std::time::Duration;
use well_callmodel::contract::Connection;
use well_callmodel::{AgentStatus, CallState};
use well_client::session::{self, CallCommand, Handle, SavedSession, SavedSessionChange};
use well_protocol::redact::Secret;
use well_sim::{Sim, SimConfig, SimHandle};

/// A first "app process" logs in; returns its handle and the session it saved.
async fn first_run(sim: &SimHandle) -> (Handle, SavedSession) {
    let (h, mut saved) = logged_in_with(cfg(sim)).await;
    let Some(SavedSessionChange::Saved(s)) = saved.recv().await else {
        panic!("nothing saved")
    };
    (h, s)
}

#[tokio::test]
async fn a_new_process_recovers_a_held_call_and_a_ringing_one_without_logging_in() {
    let sim = Sim::start(SimConfig::default()).await.unwrap();
    let (old, saved) = first_run(&sim).await;
    let c1 = sim.ring("13912345678", "8001", json!({})).await.unwrap();
    let s = until(&old, "ringing", |s| !s.calls.is_empty()).await;
    let call = s.calls[0].call_id.clone();
    old.call(&call, CallCommand::Answer).await.unwrap();
    until(&old, "connected", |s| {
        s.calls[0].state == CallState::Connected
    })
    .await;
    old.call(&call, CallCommand::Hold).await.unwrap();
    until(&old, "held", |s| s.calls[0].state == CallState::Held).await;
    let c2 = sim.ring("13700137000", "8001", json!({})).await.unwrap();
    until(&old, "second call", |s| s.calls.len() == 2).await;
    drop(old); // the app quits without logging out

    let (new, _saved) = session::spawn(cfg(&sim)).unwrap();
    let r = new.recover(saved, None).await.unwrap();
    assert_eq!(
        (
            r.agent_id.as_str(),
            r.extension_id.as_str(),
            r.agent_mode.as_str()
        ),
        ("5001@demo.cc", "8001@demo.cc", "Ready")
    );
    assert_eq!(r.calls.len(), 2);
    let s = new.snapshot().await.unwrap();
    for c in &s.calls {
        let data = c
            .user_data
            .as_deref()
            .map(|d| d.to_string())
            .unwrap_or_default();
        assert!(
            data.contains("originalCallId"),
            "the call data is read back for a recovered call: {data:?}"
        );
        assert!(
            !data.contains("13912345678") && !data.contains("13700137000"),
            "and masked: {data}"
        );
    }
    assert!(
        s.notices.iter().any(|n| n.code == "recover.recovered"),
        "a 'state recovered' notice: {:?}",
        s.notices
    );
    let state = |id: &str| {
        s.calls
            .iter()
            .find(|c| c.call_id.as_str() == id)
            .map(|c| c.state)
    };
    assert_eq!(state(&c1), Some(CallState::Held));
    assert_eq!(state(&c2), Some(CallState::Ringing));
    assert_eq!(
        (s.agent.status, s.connection.clone()),
        (AgentStatus::LoggedOn, Connection::Connected)
    );
    let a = sim.agent("5001@demo.cc").unwrap();
    assert_eq!(
        (a.logins, a.tpi_logins),
        (1, 1),
        "recovered, not logged in again"
    );
    // Still controllable, and events flow to the new process.
    new.call(
        &s.calls
            .iter()
            .find(|c| c.call_id.as_str() == c2)
            .unwrap()
            .call_id,
        CallCommand::HangUp,
    )
    .await
    .unwrap();
    until(&new, "one call left", |s| s.calls.len() == 1).await;
}

#[tokio::test]
async fn recovery_is_refused_after_a_logout_and_for_another_identity() {
    let sim = Sim::start(SimConfig::default()).await.unwrap();
    let (old, saved) = first_run(&sim).await;
    let (new, _s) = session::spawn(cfg(&sim)).unwrap();
    let mut other = saved.clone();
    other.extension_id = "8002@demo.cc".into();
    assert_eq!(
        new.recover(other, None).await.unwrap_err().code(),
        "recover.identity_mismatch"
    );
    old.logout().await.unwrap();
    until(&old, "logged off", |s| {
        s.agent.status == AgentStatus::LoggedOff
    })
    .await;
    assert_eq!(
        new.recover(saved, None).await.unwrap_err().code(),
        "recover.logged_out"
    );
    assert_eq!(
        new.snapshot().await.unwrap().connection,
        Connection::Offline
    );
}

#[tokio::test]
async fn an_expired_token_is_renewed_with_the_password_and_refused_without_it() {
    let sim = Sim::start(SimConfig::default()).await.unwrap();
    let (_old, saved) = first_run(&sim).await;
    sim.expire_session("5001@demo.cc");
    let (a, _s) = session::spawn(cfg(&sim)).unwrap();
    assert_eq!(
        a.recover(saved.clone(), None).await.unwrap_err().code(),
        "recover.session_expired"
    );
    let (b, mut saved_b) = session::spawn(cfg(&sim)).unwrap();
    b.recover(saved, Some(Secret::new("123456"))).await.unwrap();
    let Some(SavedSessionChange::Saved(renewed)) = saved_b.recv().await else {
        panic!()
    };
    assert_eq!(
        sim.agent("5001@demo.cc").unwrap().logins,
        1,
        "TPI again, but no agent Login"
    );
    assert!(!renewed.token.expose().is_empty());
}

#[tokio::test]
async fn with_the_server_down_recovery_keeps_trying_and_succeeds_when_it_is_back() {
    let sim = Sim::start(SimConfig::default()).await.unwrap();
    let (_old, saved) = first_run(&sim).await;
    sim.refuse_ws(5);
    let (h, _s) = session::spawn(cfg(&sim)).unwrap();
    assert_eq!(
        h.recover(saved, None).await.unwrap_err().code(),
        "recover.server_unreachable"
    );
    assert!(matches!(
        h.snapshot().await.unwrap().connection,
        Connection::Reconnecting { .. }
    ));
    let s = until(&h, "recovered by the retries", |s| {
        s.connection == Connection::Connected && s.agent.status == AgentStatus::LoggedOn
    })
    .await;
    assert_eq!(s.agent.agent_id.as_deref(), Some("5001@demo.cc"));
}

#[tokio::test]
async fn recovery_is_refused_after_a_forced_logout_and_after_a_heartbeat_timeout() {
    let sim = Sim::start(SimConfig::default()).await.unwrap();
    let (old, saved) = first_run(&sim).await;
    drop(old);
    sim.force_logout("5001@demo.cc").await.unwrap();
    let (new, _s) = session::spawn(cfg(&sim)).unwrap();
    assert_eq!(
        new.recover(saved, None).await.unwrap_err().code(),
        "recover.logged_out"
    );

    let sim = Sim::start(SimConfig {
        heartbeat_timeout: Duration::from_millis(300),
        ..SimConfig::default()
    })
    .await
    .unwrap();
    let (old, saved) = first_run(&sim).await;
    drop(old); // the app died: no heartbeat any more
    for _ in 0..300 {
        if !sim.agent("5001@demo.cc").unwrap().logged_in {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(!sim.agent("5001@demo.cc").unwrap().logged_in);
    let (new, _s) = session::spawn(cfg(&sim)).unwrap();
    assert_eq!(
        new.recover(saved, None).await.unwrap_err().code(),
        "recover.logged_out"
    );
}

#[tokio::test]
async fn seq_keeps_growing_across_recovery_logout_and_login_in_one_actor() {
    let sim = Sim::start(SimConfig::default()).await.unwrap();
    let (old, saved) = first_run(&sim).await;
    drop(old);
    let (h, _s) = session::spawn(cfg(&sim)).unwrap();
    let mut seen = vec![h.snapshot().await.unwrap().seq];
    h.recover(saved, None).await.unwrap();
    seen.push(h.snapshot().await.unwrap().seq);
    h.logout().await.unwrap();
    seen.push(
        until(&h, "offline", |s| s.connection == Connection::Offline)
            .await
            .seq,
    );
    h.login(demo_login()).await.unwrap();
    seen.push(
        until(&h, "logged on", |s| s.agent.status == AgentStatus::LoggedOn)
            .await
            .seq,
    );
    assert!(
        seen.windows(2).all(|w| w[0] < w[1]),
        "seq never goes back or stands still across the session's life: {seen:?}"
    );
}

#[tokio::test]
async fn a_consult_pair_is_recovered_as_two_calls_the_customer_held() {
    let sim = Sim::start(SimConfig::default()).await.unwrap();
    let (old, saved) = first_run(&sim).await;
    let customer = answered_call(&old, &sim, json!({})).await;
    old.call(
        &customer,
        CallCommand::Consult {
            number: "8002".into(),
        },
    )
    .await
    .unwrap();
    until(&old, "the consult leg", |s| s.calls.len() == 2).await;
    drop(old);

    let (new, _s) = session::spawn(cfg(&sim)).unwrap();
    let r = new.recover(saved, None).await.unwrap();
    assert_eq!(r.calls.len(), 2, "{:?}", r.calls);
    let s = new.snapshot().await.unwrap();
    assert_eq!(s.calls.len(), 2);
    let held = s.calls.iter().find(|c| c.call_id == customer).unwrap();
    assert_eq!(held.state, CallState::Held);
    new.call(&customer, CallCommand::CancelConsult)
        .await
        .unwrap();
    until(&new, "back to the customer", |s| {
        s.calls.len() == 1 && s.calls[0].state == CallState::Connected
    })
    .await;
}
