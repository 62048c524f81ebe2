//! The network cases of the fault matrix that the other fault tests do not cover, each ending with the
//! agent's snapshot equal to `GET /sim/state`: REST failures on answer and makeCall (nothing invented, nothing
//! retried that must not be), a 426 mid-call, a duplicate serial, a truncated frame and an oversized one.

mod common;
use common::*;
use serde_json::json;
use std::time::Duration;
use well_callmodel::contract::Connection;
use well_callmodel::CallState;
use well_client::session::{CallCommand, DialOptions};
use well_protocol::redact::Secret;
use well_sim::{HttpFault, Sim, SimConfig};

fn fault(path_prefix: &str, status: Option<u16>, delay_ms: Option<u64>) -> HttpFault {
    HttpFault {
        method: Some("POST".into()),
        path_prefix: path_prefix.into(),
        status,
        count: 1,
        delay_ms,
    }
}

fn fast_timeouts(sim: &well_sim::SimHandle) -> well_client::session::SessionConfig {
    let mut c = cfg(sim);
    c.timeouts.total = Duration::from_millis(800);
    c.dial_every = Duration::from_millis(10);
    c
}

#[tokio::test]
async fn a_503_on_answer_leaves_the_call_ringing_and_the_next_answer_works() {
    let sim = Sim::start(SimConfig::default()).await.unwrap();
    let (h, _saved) = logged_in_with(fast_timeouts(&sim)).await;
    sim.ring("13912345678", "8001", json!({})).await.unwrap();
    let s = until(&h, "ringing", |s| !s.calls.is_empty()).await;
    let call = s.calls[0].call_id.clone();
    sim.fail_http(fault("/api/csta/callControl", Some(503), None));
    let e = h.call(&call, CallCommand::Answer).await.unwrap_err();
    assert_eq!(e.code(), "server.error");
    let s = until_equal_to_sim(&h, &sim).await;
    assert_eq!(s.calls[0].state, CallState::Ringing);
    h.call(&call, CallCommand::Answer).await.unwrap();
    until(&h, "answered", |s| s.calls[0].state == CallState::Connected).await;
    until_equal_to_sim(&h, &sim).await;
}

#[tokio::test]
async fn a_failed_make_call_invents_no_call_and_is_not_retried() {
    let sim = Sim::start(SimConfig::default()).await.unwrap();
    let (h, _saved) = logged_in_with(fast_timeouts(&sim)).await;
    sim.fail_http(fault("/api/csta/callControl/calls", Some(503), None));
    let e = h
        .make_call(Secret::new("913800138000"), DialOptions::default())
        .await
        .unwrap_err();
    assert_eq!(e.code(), "server.error");
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(
        sim.calls().is_empty(),
        "not retried: the server has no call"
    );
    let s = until_equal_to_sim(&h, &sim).await;
    assert!(s.calls.is_empty(), "no call invented");
    assert!(
        s.agent
            .allowed
            .contains(&well_callmodel::AgentAction::MakeCall),
        "dialling is possible again"
    );
}

#[tokio::test]
async fn a_make_call_whose_answer_times_out_shows_exactly_what_the_server_did() {
    let sim = Sim::start(SimConfig::default()).await.unwrap();
    let mut c = fast_timeouts(&sim);
    c.timeouts.total = Duration::from_millis(200);
    let (h, _saved) = logged_in_with(c).await;
    // The server answers after the client gave up (whether it still makes the call is the server's business).
    sim.fail_http(fault("/api/csta/callControl/calls", None, Some(400)));
    let e = h
        .make_call(Secret::new("913800138000"), DialOptions::default())
        .await
        .unwrap_err();
    assert_eq!(e.code(), "net.timeout");
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(sim.calls().len() <= 1, "never retried");
    let s = until_equal_to_sim(&h, &sim).await;
    assert_eq!(s.calls.len(), sim.calls().len(), "no call lost or invented");
}

#[tokio::test]
async fn a_426_mid_call_logs_in_again_silently_and_the_command_goes_through() {
    let sim = Sim::start(SimConfig::default()).await.unwrap();
    let (h, mut saved) = logged_in_with(cfg(&sim)).await;
    let call = answered_call(&h, &sim, json!({})).await;
    while saved.try_recv().is_ok() {}
    sim.expire_session("5001@demo.cc");
    h.call(&call, CallCommand::Hold).await.unwrap();
    until(&h, "held", |s| s.calls[0].state == CallState::Held).await;
    assert!(
        matches!(
            saved.recv().await,
            Some(well_client::session::SavedSessionChange::Saved(_))
        ),
        "the new token is reported"
    );
    until_equal_to_sim(&h, &sim).await;
}

#[tokio::test]
async fn a_repeated_serial_truncated_and_oversized_frames_change_nothing() {
    let sim = Sim::start(SimConfig::default()).await.unwrap();
    let (h, _saved) = logged_in_with(cfg(&sim)).await;
    let call = answered_call(&h, &sim, json!({})).await;
    let before = h.diagnostics().await.unwrap();
    // The `established` of our call again, with the serial it had: a duplicate.
    let serial = sim.state()["serial"].as_u64().unwrap();
    let dup = format!(
        "MESSAGE\nsubscription:sub-0\ncontent-type:application/json\n\n{{\"eventName\":\"established\",\"eventType\":\"csta\",\"serial\":{serial},\"callId\":\"{}\",\"deviceId\":\"8001@demo.cc\",\"srcDeviceId\":\"8001@demo.cc\",\"answeringDevice\":\"8001@demo.cc\"}}\u{0}",
        call.as_str()
    );
    sim.raw_text(&dup).await.unwrap();
    // A frame cut short (the NUL never comes) followed by a whole one: the codec may lose the next frame.
    sim.raw_text("MESSAGE\nsubscription:sub-0\ncontent-length:500\n\n{\"eventName\":\"held\"")
        .await
        .unwrap();
    // Larger than the 1 MiB frame limit.
    let big = format!(
        "MESSAGE\nsubscription:sub-0\n\n{}\u{0}",
        "x".repeat(1_200_000)
    );
    sim.raw_text(&big).await.unwrap();
    let mut d = h.diagnostics().await.unwrap();
    for _ in 0..300 {
        if d.model.duplicates > before.model.duplicates && d.undecodable > before.undecodable {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
        d = h.diagnostics().await.unwrap();
    }
    assert!(
        d.model.duplicates > before.model.duplicates,
        "the duplicate is dropped: {d:?}"
    );
    assert!(
        d.undecodable > before.undecodable,
        "the bad frames are counted: {d:?}"
    );
    let s = until_equal_to_sim(&h, &sim).await;
    assert_eq!(s.calls.len(), 1);
    assert_eq!(s.calls[0].state, CallState::Connected);
    h.call(&call, CallCommand::HangUp).await.unwrap();
    until(&h, "no calls", |s| s.calls.is_empty()).await;
    until_equal_to_sim(&h, &sim).await;
}

#[tokio::test]
async fn the_customer_hanging_up_during_an_outage_ends_the_call_once_the_link_is_back() {
    let sim = Sim::start(SimConfig::default()).await.unwrap();
    let (h, _saved) = logged_in_with(cfg(&sim)).await;
    let call = answered_call(&h, &sim, json!({"orderId": "A-1"})).await;
    h.call(&call, CallCommand::Hold).await.unwrap();
    until(&h, "held", |s| s.calls[0].state == CallState::Held).await;
    // A long outage: every upgrade refused until we say so.
    sim.refuse_ws(10_000);
    sim.drop_connections();
    until(&h, "reconnecting", |s| {
        matches!(s.connection, Connection::Reconnecting { .. })
    })
    .await;
    sim.hangup(call.as_str()).await.unwrap();
    assert!(sim.calls().is_empty());
    // Nothing told us yet: the call is still on screen, as it was.
    let s = h.snapshot().await.unwrap();
    assert_eq!(s.calls.len(), 1, "{:?}", s.calls);
    sim.refuse_ws(0);
    let s = until(&h, "re-synced without the call", |s| {
        s.connection == Connection::Connected && s.calls.is_empty()
    })
    .await;
    assert!(s.calls.is_empty());
    until_equal_to_sim(&h, &sim).await;
    let history = h.history().await.unwrap();
    assert_eq!(history.len(), 1, "the call ended once: {history:?}");
    assert_eq!(history[0].call_id, call);
    assert!(history[0].answered);
}

#[tokio::test]
async fn call_ids_from_events_that_would_change_a_rest_path_are_refused() {
    let sim = Sim::start(SimConfig::default()).await.unwrap();
    let (h, _saved) = logged_in_with(cfg(&sim)).await;
    let before = h.diagnostics().await.unwrap();
    let serial = sim.state()["serial"].as_u64().unwrap();
    let bad = [
        "../../agent/5001@demo.cc/logout",
        "c1/answer",
        "c1?force=true",
    ];
    for (i, id) in bad.iter().enumerate() {
        let frame = format!(
            "MESSAGE\nsubscription:sub-0\ncontent-type:application/json\n\n{}\u{0}",
            json!({"eventName": "delivered", "eventType": "csta", "serial": serial + 1 + i as u64,
                   "callId": id, "deviceId": "8001@demo.cc", "alertingDevice": "8001@demo.cc",
                   "callingDevice": "13912345678@demo.cc", "calledDevice": "8001@demo.cc",
                   "userData": {}})
        );
        sim.raw_text(&frame).await.unwrap();
    }
    let mut d = h.diagnostics().await.unwrap();
    for _ in 0..300 {
        if d.model.refused - before.model.refused == bad.len() as u64 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
        d = h.diagnostics().await.unwrap();
    }
    assert_eq!(
        d.model.refused - before.model.refused,
        bad.len() as u64,
        "{d:?}"
    );
    let s = h.snapshot().await.unwrap();
    assert!(
        s.calls.is_empty(),
        "no call from a refused event: {:?}",
        s.calls
    );
    // The same ids asked for by the UI are refused before any request.
    for id in bad {
        let e = h
            .call(&well_protocol::ids::CallId::new(id), CallCommand::Answer)
            .await
            .unwrap_err();
        assert!(e.code().as_str().starts_with("call."), "{id}: {e}");
    }
    // A real call still rings and is answered after them.
    let call = answered_call(&h, &sim, json!({})).await;
    assert!(call.path_segment().is_ok());
    until_equal_to_sim(&h, &sim).await;
}

#[tokio::test]
async fn the_snapshot_and_a_subscription_are_served_while_a_slow_request_is_in_flight() {
    let sim = Sim::start(SimConfig::default()).await.unwrap();
    let (h, _saved) = logged_in_with(cfg(&sim)).await;
    let call = answered_call(&h, &sim, json!({})).await;
    sim.fail_http(fault("/api/csta/callControl", None, Some(3_000)));
    let slow = {
        let h = h.clone();
        let call = call.clone();
        tokio::spawn(async move { h.call(&call, CallCommand::Hold).await })
    };
    // Give the hold time to reach the server (it waits there for 3 s).
    tokio::time::sleep(Duration::from_millis(200)).await;
    let s = h.snapshot().await.unwrap();
    let _updates = h.subscribe().await.unwrap();
    assert!(
        !slow.is_finished(),
        "the snapshot came before the slow hold's answer"
    );
    assert_eq!(s.calls.len(), 1);
    assert_eq!(s.calls[0].state, CallState::Connected);
    slow.await.unwrap().unwrap();
    until(&h, "held", |s| s.calls[0].state == CallState::Held).await;
    until_equal_to_sim(&h, &sim).await;
}

#[tokio::test]
async fn an_answer_whose_reply_times_out_shows_exactly_what_the_server_did_and_answering_again_works(
) {
    let sim = Sim::start(SimConfig::default()).await.unwrap();
    let (h, _saved) = logged_in_with(fast_timeouts(&sim)).await;
    sim.ring("13912345678", "8001", json!({})).await.unwrap();
    let s = until(&h, "ringing", |s| !s.calls.is_empty()).await;
    let call = s.calls[0].call_id.clone();
    sim.fail_http(fault("/api/csta/callControl", None, Some(3_000)));
    let e = h.call(&call, CallCommand::Answer).await.unwrap_err();
    assert_eq!(e.code(), "net.timeout", "{e}");
    let s = until_equal_to_sim(&h, &sim).await;
    assert_eq!(s.calls.len(), 1, "the call is not lost: {:?}", s.calls);
    if s.calls[0].state == CallState::Ringing {
        h.call(&call, CallCommand::Answer).await.unwrap();
    }
    until(&h, "answered", |s| s.calls[0].state == CallState::Connected).await;
    until_equal_to_sim(&h, &sim).await;
}

#[tokio::test]
async fn unknown_fields_in_a_known_event_are_kept_and_the_event_still_applies() {
    let sim = Sim::start(SimConfig::default()).await.unwrap();
    let (h, _saved) = logged_in_with(cfg(&sim)).await;
    let call = answered_call(&h, &sim, json!({})).await;
    let before = h.diagnostics().await.unwrap();
    // Not the simulator's next serial: that one must not look like a repeat of this frame.
    let serial = sim.state()["serial"].as_u64().unwrap() + 1_000;
    // The `established` the call already had, from a newer server that sends more than the spec knows.
    let frame = format!(
        "MESSAGE\nsubscription:sub-0\ncontent-type:application/json\n\n{}\u{0}",
        json!({"eventName": "established", "eventType": "csta", "serial": serial,
               "callId": call.as_str(), "deviceId": "8001@demo.cc", "answeringDevice": "8001@demo.cc",
               "srcDeviceId": "8001@demo.cc", "futureField": {"nested": [1, 2.5, "x"]}, "vendorFlag": true,
               "bigNumber": 1.0e300})
    );
    sim.raw_text(&frame).await.unwrap();
    let mut d = h.diagnostics().await.unwrap();
    for _ in 0..300 {
        if d.model.applied > before.model.applied {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
        d = h.diagnostics().await.unwrap();
    }
    assert_eq!(d.model.applied, before.model.applied + 1, "applied: {d:?}");
    assert_eq!(d.undecodable, before.undecodable, "decoded: {d:?}");
    assert_eq!(
        d.model.unknown, before.model.unknown,
        "a known event: {d:?}"
    );
    let s = until_equal_to_sim(&h, &sim).await;
    assert_eq!(s.calls[0].state, CallState::Connected);
    h.call(&call, CallCommand::Hold).await.unwrap();
    until(&h, "held", |s| s.calls[0].state == CallState::Held).await;
    until_equal_to_sim(&h, &sim).await;
}
