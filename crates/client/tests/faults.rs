//! What the network and the server do to a session, and that the agent keeps the call through it: each test is
//! one fault of the simulator's control surface, run against the session actor.

mod common;
use common::*;
use serde_json::json;
use std::time::Duration;
use well_callmodel::contract::{Change, Connection, Snapshot};
use well_callmodel::{AgentStatus, CallState};
use well_client::session::{CallCommand, Handle, SessionConfig};
use well_protocol::ids::CallId;
use well_sim::{HttpFault, Sim, SimConfig, SimHandle};

/// The shared test timers, with a short REST limit (the slow-answer test) and faster STOMP heart-beats.
fn fault_cfg(sim: &SimHandle) -> SessionConfig {
    let mut c = cfg(sim);
    c.timeouts.total = Duration::from_millis(800);
    c.link.heart_beat = (100, 100);
    c.link.ping_every = Duration::from_millis(100);
    c.heartbeat_every = Duration::from_millis(200);
    c
}

/// Logged on as 5001 on 8001 with a connected inbound call.
async fn on_a_call(sim: &SimHandle) -> (Handle, CallId) {
    let (h, _saved) = logged_in_with(fault_cfg(sim)).await;
    let call = answered_call(&h, sim, json!({"order": "A-1"})).await;
    (h, call)
}

fn state_of(s: &Snapshot, call: &CallId) -> Option<CallState> {
    s.calls.iter().find(|c| &c.call_id == call).map(|c| c.state)
}

/// Drop every socket and wait until a new link is up and re-synced.
async fn outage(h: &Handle, sim: &SimHandle) {
    let before = h.diagnostics().await.unwrap();
    sim.drop_connections();
    for _ in 0..400 {
        let d = h.diagnostics().await.unwrap();
        let s = h.snapshot().await.unwrap();
        if d.links > before.links
            && d.resyncs > before.resyncs
            && s.connection == Connection::Connected
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("no new link after the drop");
}

#[tokio::test]
async fn a_drop_while_connected_held_and_consulting_is_reconnected_and_the_calls_stay_controllable()
{
    let sim = Sim::start(SimConfig::default()).await.unwrap();
    let (h, call) = on_a_call(&sim).await;

    outage(&h, &sim).await;
    h.call(&call, CallCommand::Hold).await.unwrap();
    until(&h, "held", |s| state_of(s, &call) == Some(CallState::Held)).await;

    outage(&h, &sim).await;
    let s = h.snapshot().await.unwrap();
    assert_eq!(
        state_of(&s, &call),
        Some(CallState::Held),
        "still held after the re-sync"
    );
    h.call(&call, CallCommand::Retrieve).await.unwrap();
    until(&h, "retrieved", |s| {
        state_of(s, &call) == Some(CallState::Connected)
    })
    .await;

    h.call(
        &call,
        CallCommand::Consult {
            number: "8002".into(),
        },
    )
    .await
    .unwrap();
    let s = until(&h, "the consult leg", |s| s.calls.len() == 2).await;
    let consult = s
        .calls
        .iter()
        .find(|c| c.call_id != call)
        .map(|c| c.call_id.clone())
        .unwrap();
    outage(&h, &sim).await;
    let s = h.snapshot().await.unwrap();
    assert_eq!(
        s.calls.len(),
        2,
        "both legs after the re-sync: {:?}",
        s.calls
    );
    assert_eq!(state_of(&s, &call), Some(CallState::Held));
    assert_eq!(sim.calls().len(), 2);

    h.call(&call, CallCommand::CancelConsult).await.unwrap();
    until(&h, "back to the customer", |s| {
        s.calls.len() == 1 && state_of(s, &call) == Some(CallState::Connected)
    })
    .await;
    assert!(state_of(&h.snapshot().await.unwrap(), &consult).is_none());
    h.call(&call, CallCommand::HangUp).await.unwrap();
    until(&h, "no calls", |s| s.calls.is_empty()).await;
}

#[tokio::test]
async fn a_server_restart_is_a_silent_re_login_and_the_call_is_found_again() {
    let sim = Sim::start(SimConfig::default()).await.unwrap();
    let (h, call) = on_a_call(&sim).await;
    let tpi_before = sim.agent("5001@demo.cc").unwrap().tpi_logins;
    sim.restart();
    until(&h, "a new TPI login", |_| {
        sim.agent("5001@demo.cc").unwrap().tpi_logins > tpi_before
    })
    .await;
    let s = until(&h, "connected again", |s| {
        s.connection == Connection::Connected
    })
    .await;
    assert_eq!(state_of(&s, &call), Some(CallState::Connected));
    assert_eq!(s.agent.status, AgentStatus::LoggedOn);
    h.call(&call, CallCommand::Hold).await.unwrap();
    until(&h, "held", |s| state_of(s, &call) == Some(CallState::Held)).await;
}

#[tokio::test]
async fn http_503_and_slow_answers_are_typed_errors_and_the_call_is_not_lost() {
    let sim = Sim::start(SimConfig::default()).await.unwrap();
    let (h, call) = on_a_call(&sim).await;
    sim.fail_http(HttpFault {
        method: Some("POST".into()),
        path_prefix: "/api/csta/callControl".into(),
        status: Some(503),
        count: 1,
        delay_ms: None,
    });
    let e = h.call(&call, CallCommand::Hold).await.unwrap_err();
    assert_eq!(e.code(), "server.error", "{e}");
    sim.fail_http(HttpFault {
        method: Some("POST".into()),
        path_prefix: "/api/csta/callControl".into(),
        status: None,
        count: 1,
        delay_ms: Some(2_000),
    });
    let e = h.call(&call, CallCommand::Hold).await.unwrap_err();
    assert_eq!(e.code(), "net.timeout", "{e}");
    let s = h.snapshot().await.unwrap();
    assert_eq!(
        state_of(&s, &call),
        Some(CallState::Connected),
        "nothing changed"
    );
    assert_eq!(s.connection, Connection::Connected);
    h.call(&call, CallCommand::Hold).await.unwrap();
    until(&h, "held", |s| state_of(s, &call) == Some(CallState::Held)).await;
}

#[tokio::test]
async fn events_paused_past_twice_the_heart_beat_are_a_dead_link_that_is_replaced() {
    let sim = Sim::start(SimConfig::default()).await.unwrap();
    let (h, call) = on_a_call(&sim).await;
    let before = h.diagnostics().await.unwrap();
    sim.pause_events();
    until(&h, "the dead link noticed", |s| {
        matches!(s.connection, Connection::Reconnecting { .. })
    })
    .await;
    sim.hangup(call.as_str()).await.unwrap();
    sim.resume_events();
    until(&h, "re-synced without the call", |s| {
        s.connection == Connection::Connected && s.calls.is_empty()
    })
    .await;
    assert!(h.diagnostics().await.unwrap().links > before.links);
}

#[tokio::test]
async fn malformed_binary_and_unknown_input_is_counted_skipped_and_re_synced() {
    let sim = Sim::start(SimConfig::default()).await.unwrap();
    let (h, call) = on_a_call(&sim).await;
    let before = h.diagnostics().await.unwrap();
    sim.raw_text("MESSAGE\nsubscription:sub-0\n\n{broken\u{0}")
        .await
        .unwrap();
    sim.raw_binary(&[0xde, 0xad, 0xbe, 0xef]);
    sim.raw_text("NOT-A-COMMAND\n\n\u{0}").await.unwrap();
    sim.raw_text(
        "MESSAGE\nsubscription:sub-0\ncontent-type:application/json\n\n\
         {\"eventName\":\"somethingNew\",\"eventType\":\"csta\",\"serial\":999999}\u{0}",
    )
    .await
    .unwrap();
    // The server's truth moves on meanwhile: the next re-sync must bring it.
    h.call(&call, CallCommand::Hold).await.unwrap();
    until(&h, "held", |s| state_of(s, &call) == Some(CallState::Held)).await;
    let mut d = h.diagnostics().await.unwrap();
    for _ in 0..200 {
        if d.undecodable - before.undecodable == 3 && d.model.unknown - before.model.unknown == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
        d = h.diagnostics().await.unwrap();
    }
    assert_eq!(d.undecodable - before.undecodable, 3, "{d:?}");
    assert_eq!(d.model.unknown - before.model.unknown, 1, "{d:?}");
    assert!(
        d.resyncs - before.resyncs >= 3,
        "a re-sync after each bad input: {d:?}"
    );
    assert_eq!(d.links, before.links, "bad input is not a link failure");
    let s = h.snapshot().await.unwrap();
    assert_eq!(s.connection, Connection::Connected);
    assert_eq!(state_of(&s, &call), Some(CallState::Held));
    h.call(&call, CallCommand::Retrieve).await.unwrap();
    until(&h, "retrieved", |s| {
        state_of(s, &call) == Some(CallState::Connected)
    })
    .await;
}

#[tokio::test]
async fn a_drop_while_ringing_keeps_the_call_ringing_and_it_is_answered_after_the_re_sync() {
    let sim = Sim::start(SimConfig::default()).await.unwrap();
    let (h, _saved) = logged_in_with(fault_cfg(&sim)).await;
    sim.ring("13912345678", "8001", json!({"queue": "VIP"}))
        .await
        .unwrap();
    let s = until(&h, "ringing", |s| !s.calls.is_empty()).await;
    let call = s.calls[0].call_id.clone();

    outage(&h, &sim).await;
    let s = h.snapshot().await.unwrap();
    assert_eq!(state_of(&s, &call), Some(CallState::Ringing));
    assert_eq!(
        s.calls[0]
            .user_data
            .as_deref()
            .map(|d| d["data"]["queue"].clone()),
        Some(json!("VIP")),
        "the call data survives the re-sync"
    );
    h.call(&call, CallCommand::Answer).await.unwrap();
    until(&h, "answered", |s| {
        state_of(s, &call) == Some(CallState::Connected)
    })
    .await;
}

#[tokio::test]
async fn refused_upgrades_for_several_attempts_back_off_and_the_link_comes_back() {
    let sim = Sim::start(SimConfig::default()).await.unwrap();
    let (h, call) = on_a_call(&sim).await;
    let mut updates = h.subscribe().await.unwrap();
    sim.refuse_ws(4);
    sim.drop_connections();

    let mut attempts = Vec::new();
    let wait = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            match updates.recv().await {
                well_client::updates::Received::Update(u) => {
                    for c in u.changes {
                        match c {
                            Change::Connection(Connection::Reconnecting { attempt, .. }) => {
                                attempts.push(attempt)
                            }
                            Change::Connection(Connection::Connected) => return,
                            _ => {}
                        }
                    }
                }
                well_client::updates::Received::Lagged => {}
                well_client::updates::Received::Closed => panic!("the session stopped"),
            }
        }
    });
    wait.await.expect("connected again after the refusals");
    assert!(
        attempts.len() >= 5 && attempts.windows(2).all(|w| w[1] == w[0] + 1),
        "one reconnecting state per attempt, counted up: {attempts:?}"
    );
    let s = until(&h, "re-synced", |s| s.connection == Connection::Connected).await;
    assert_eq!(state_of(&s, &call), Some(CallState::Connected));
    h.call(&call, CallCommand::HangUp).await.unwrap();
    until(&h, "no calls", |s| s.calls.is_empty()).await;
}
