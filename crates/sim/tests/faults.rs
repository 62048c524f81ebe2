//! The control API's state and faults, as the client's fault tests will use them.

mod common;

use base64::Engine;
use common::*;
use serde_json::{json, Value};
use std::time::Duration;
use well_protocol::stomp::{Command, Frame, Item};

async fn control(sim: &well_sim::SimHandle, path: &str, body: Value) -> (u16, Value) {
    let r = http()
        .post(format!("{}{path}", sim.base_url()))
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn sim_state_shows_agents_calls_and_the_serial() {
    let sim = sim().await;
    let (_s, mut stomp) = logged_in(&sim, "5001", "8001", "Ready").await;
    let (status, v) = control(
        &sim,
        "/sim/calls",
        json!({"from": "13912345678", "to": "8001", "userData": {"k": "v"}}),
    )
    .await;
    assert_eq!(status, 201);
    stomp.event().await;
    let state: Value = http()
        .get(format!("{}/sim/state", sim.base_url()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let a = state["agents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["agentId"] == "5001@demo.cc")
        .unwrap();
    assert_eq!(
        (
            a["loggedIn"].as_bool(),
            a["subscribed"].as_bool(),
            a["logins"].as_u64(),
            a["tpiLogins"].as_u64()
        ),
        (Some(true), Some(true), Some(1), Some(1))
    );
    assert_eq!(a["extensionId"], "8001@demo.cc");
    let c = &state["calls"][0];
    assert_eq!(c["callId"], v["callId"]);
    assert_eq!(c["state"], "Alerting");
    assert_eq!(c["parties"][0]["raw"], "13912345678");
    assert_eq!(c["userData"]["k"], "v");
    assert_eq!(state["serial"].as_u64(), Some(sim.serial()));
}

#[tokio::test]
async fn a_supervisor_mode_change_publishes_its_event() {
    let sim = sim().await;
    let (_s, mut stomp) = logged_in(&sim, "5001", "8001", "Ready").await;
    assert_eq!(
        control(
            &sim,
            "/sim/agents/5001@demo.cc/mode",
            json!({"agentMode": "NotReady", "reason": "3"})
        )
        .await
        .0,
        204
    );
    let e = stomp.event().await.to_value();
    assert_eq!(
        (e["eventName"].as_str(), e["reason"].as_str()),
        (Some("agentNotReady"), Some("3"))
    );
    assert_eq!(
        control(
            &sim,
            "/sim/agents/5009@demo.cc/mode",
            json!({"agentMode": "Ready"})
        )
        .await
        .0,
        404
    );
    assert_eq!(
        control(
            &sim,
            "/sim/agents/5001@demo.cc/mode",
            json!({"agentMode": "Logout"})
        )
        .await
        .0,
        400
    );
}

#[tokio::test]
async fn dropped_connections_close_without_a_frame_and_the_agent_stays_logged_in() {
    let sim = sim().await;
    let (_s, mut stomp) = logged_in(&sim, "5001", "8001", "Ready").await;
    let (status, v) = control(&sim, "/sim/faults/drop-connections", json!({})).await;
    assert_eq!((status, v["dropped"].as_u64()), (200, Some(1)));
    assert!(stomp.closes_within(Duration::from_secs(2)).await);
    assert!(sim.agent("5001@demo.cc").unwrap().logged_in);
    let (mut again, _) = Stomp::connect(&sim, "0,0").await;
    again.subscribe("5001@demo.cc").await;
}

#[tokio::test]
async fn paused_events_are_held_then_released_in_order_to_the_subscriptions_of_that_moment() {
    let sim = sim().await;
    let (s, mut stomp) = logged_in(&sim, "5001", "8001", "Ready").await;
    assert_eq!(
        control(&sim, "/sim/faults/pause-events", json!({})).await.0,
        204
    );
    let set = json!({"func": "SetState", "agentMode": "NotReady", "agentId": "5001@demo.cc"});
    assert_eq!(agent_state(&sim, &s, set).await.0, 204);
    let mut late = Stomp::open(&sim).await;
    late.send(
        Frame::new(Command::Connect)
            .header("accept-version", "1.1")
            .header("heart-beat", "0,20"),
    )
    .await;
    assert!(
        stomp
            .item_within(Duration::from_millis(150))
            .await
            .is_none(),
        "nothing while paused"
    );
    assert!(
        late.item_within(Duration::from_millis(150)).await.is_none(),
        "not even CONNECTED or a heart-beat"
    );
    assert_eq!(
        control(&sim, "/sim/faults/resume-events", json!({}))
            .await
            .0,
        204
    );
    assert_eq!(stomp.event().await.name(), "agentNotReady");
    let Some(Item::Frame(f)) = late.item_within(WAIT).await else {
        panic!("CONNECTED after resume")
    };
    assert_eq!(f.command, Command::Connected);
    assert!(
        matches!(late.item_within(WAIT).await, Some(Item::HeartBeat)),
        "heart-beats resume"
    );
}

#[tokio::test]
async fn raw_bytes_reach_every_subscriber_exactly_and_the_socket_stays_open() {
    let sim = sim().await;
    let (s, mut stomp) = logged_in(&sim, "5001", "8001", "Ready").await;
    let (_, v) = control(
        &sim,
        "/sim/faults/raw",
        json!({"text": "MESSAGE\nsubscription:sub-0\n\n{not json\u{0}"}),
    )
    .await;
    assert_eq!(v["sent"].as_u64(), Some(1));
    let f = stomp.frame().await.unwrap();
    assert_eq!(f.body, b"{not json");
    let b64 = base64::engine::general_purpose::STANDARD.encode(b"\n");
    control(&sim, "/sim/faults/raw", json!({ "base64": b64 })).await;
    assert!(matches!(
        stomp.item_within(WAIT).await,
        Some(Item::HeartBeat)
    ));
    assert_eq!(
        control(
            &sim,
            "/sim/faults/raw",
            json!({"text": "a", "base64": "YQ=="})
        )
        .await
        .0,
        400
    );
    let set = json!({"func": "SetState", "agentMode": "NotReady", "agentId": "5001@demo.cc"});
    agent_state(&sim, &s, set).await;
    assert_eq!(stomp.event().await.name(), "agentNotReady", "still open");
}

#[tokio::test]
async fn injected_http_failures_hit_the_next_matching_requests_only() {
    let sim = sim().await;
    let s = tpi(&sim, "5001", "123456", "demo.cc").await.unwrap();
    let fault = json!({"path_prefix": "/api/csta/agent/heartbeat", "status": 503, "count": 2});
    assert_eq!(control(&sim, "/sim/faults/http", fault).await.0, 204);
    let beat = || async {
        let r = http()
            .post(format!(
                "{}/api/csta/agent/heartbeat/5001@demo.cc",
                sim.base_url()
            ))
            .header("sessionId", &s)
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        (status, r.json::<Value>().await.unwrap_or(Value::Null))
    };
    assert_eq!(beat().await, (503, json!({"message": "injected"})));
    assert_eq!(beat().await.0, 503);
    assert_eq!(beat().await.0, 204);
    let slow =
        json!({"method": "GET", "path_prefix": "/api/csta/agent/client-state", "delay_ms": 150});
    assert_eq!(control(&sim, "/sim/faults/http", slow).await.0, 204);
    let started = tokio::time::Instant::now();
    let r = http()
        .get(format!("{}/api/csta/agent/client-state", sim.base_url()))
        .header("sessionId", &s)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(
        started.elapsed() >= Duration::from_millis(150),
        "the delay was applied"
    );
    assert_eq!(
        control(&sim, "/sim/faults/http", json!({"path_prefix": "/x"}))
            .await
            .0,
        400
    );
}

#[tokio::test]
async fn refused_upgrades_fail_the_next_connects_then_they_work() {
    let sim = sim().await;
    assert_eq!(
        control(&sim, "/sim/faults/refuse-ws", json!({"count": 2}))
            .await
            .0,
        204
    );
    for _ in 0..2 {
        assert!(tokio_tungstenite::connect_async(sim.ws_url())
            .await
            .is_err());
    }
    assert!(tokio_tungstenite::connect_async(sim.ws_url()).await.is_ok());
}

#[tokio::test]
async fn an_expired_session_gets_426_for_that_agent_only() {
    let sim = sim().await;
    let a = tpi(&sim, "5001", "123456", "demo.cc").await.unwrap();
    let b = tpi(&sim, "5002", "123456", "demo.cc").await.unwrap();
    let (_, v) = control(
        &sim,
        "/sim/faults/expire-session",
        json!({"agentId": "5001@demo.cc"}),
    )
    .await;
    assert_eq!(v["expired"].as_u64(), Some(1));
    let cs = |s: String| async {
        http()
            .get(format!("{}/api/csta/agent/client-state", sim.base_url()))
            .header("sessionId", s)
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    };
    assert_eq!(cs(a).await, 426);
    assert_eq!(cs(b).await, 200);
}

#[tokio::test]
async fn a_restart_drops_sockets_and_tokens_but_keeps_bindings_and_calls() {
    let sim = sim().await;
    let (s, mut stomp) = logged_in(&sim, "5001", "8001", "Ready").await;
    let (_, v) = control(
        &sim,
        "/sim/calls",
        json!({"from": "13912345678", "to": "8001"}),
    )
    .await;
    stomp.event().await;
    assert_eq!(control(&sim, "/sim/restart", json!({})).await.0, 200);
    assert!(stomp.closes_within(Duration::from_secs(2)).await);
    let old = http()
        .get(format!("{}/api/csta/agent/client-state", sim.base_url()))
        .header("sessionId", &s)
        .send()
        .await
        .unwrap();
    assert_eq!(old.status(), 426);
    let fresh = tpi(&sim, "5001", "123456", "demo.cc").await.unwrap();
    let state: Value = http()
        .get(format!("{}/api/csta/agent/client-state", sim.base_url()))
        .header("sessionId", fresh)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(state["agent"]["agentMode"], "Ready");
    assert_eq!(state["agent"]["activeCall"]["callId"], v["callId"]);
}
