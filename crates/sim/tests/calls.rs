//! Calls in the simulator beyond the scenario files: refusals that publish nothing, opaque makeCall options,
//! `client-state` with every active call, call data, recording and the prefix list.

mod common;

use common::*;
use serde_json::{json, Value};
use std::time::Duration;
use well_sim::SimConfig;

async fn post(
    sim: &well_sim::SimHandle,
    path: &str,
    session: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let mut r = http()
        .post(format!("{}{path}", sim.base_url()))
        .header("sessionId", session);
    if let Some(b) = body {
        r = r.json(&b);
    }
    let r = r.send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

async fn get(sim: &well_sim::SimHandle, path: &str, session: &str) -> (u16, Value) {
    let r = http()
        .get(format!("{}{path}", sim.base_url()))
        .header("sessionId", session)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

async fn ring(sim: &well_sim::SimHandle, to: &str) -> String {
    let r = http()
        .post(format!("{}/sim/calls", sim.base_url()))
        .json(&json!({"from": "13912345678", "to": to, "userData": {"客户": "张三"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let v: Value = r.json().await.unwrap();
    v["callId"].as_str().unwrap().to_owned()
}

fn conn(call: &str) -> String {
    format!("/api/csta/callControl/calls/{call}/connections/8001@demo.cc%7C{call}")
}

#[tokio::test]
async fn an_operation_invalid_in_the_calls_state_is_refused_and_publishes_nothing() {
    let sim = sim().await;
    let (s, mut stomp) = logged_in(&sim, "5001", "8001", "Ready").await;
    let call = ring(&sim, "8001").await;
    assert_eq!(stomp.event().await.name(), "delivered");
    assert_eq!(
        post(&sim, &format!("{}/hold", conn(&call)), &s, None)
            .await
            .0,
        409,
        "cannot hold a ringing call"
    );
    assert_eq!(
        post(&sim, &format!("{}/retrieve", conn(&call)), &s, None)
            .await
            .0,
        409
    );
    assert_eq!(
        post(&sim, &format!("{}/answer", conn(&call)), &s, None)
            .await
            .0,
        204
    );
    assert_eq!(stomp.event().await.name(), "established");
    assert_eq!(
        post(&sim, &format!("{}/answer", conn(&call)), &s, None)
            .await
            .0,
        409,
        "already answered"
    );
    assert!(
        stomp
            .item_within(Duration::from_millis(100))
            .await
            .is_none(),
        "a refusal publishes nothing"
    );
    assert_eq!(
        post(
            &sim,
            "/api/csta/callControl/calls/nope/connections/8001@demo.cc%7Cnope/answer",
            &s,
            None
        )
        .await
        .0,
        404
    );
    assert_eq!(
        post(
            &sim,
            &format!("{}/answer", conn(&call)),
            "bad-session",
            None
        )
        .await
        .0,
        426
    );
    let other =
        format!("/api/csta/callControl/calls/{call}/connections/8001@demo.cc%7Cother/answer");
    assert_eq!(
        post(&sim, &other, &s, None).await.0,
        400,
        "connection of another call"
    );
}

#[tokio::test]
async fn ringing_an_unregistered_or_unknown_extension_is_a_conflict() {
    let sim = sim().await;
    for to in ["8099", "8777"] {
        let r = http()
            .post(format!("{}/sim/calls", sim.base_url()))
            .json(&json!({"from": "139", "to": to}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 409, "{to}");
    }
    let r = http()
        .post(format!("{}/sim/calls", sim.base_url()))
        .header("content-type", "application/json")
        .body("")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400, "an empty body lacks from and to");
}

#[tokio::test]
async fn make_call_keeps_its_display_options_opaque_and_answers_with_the_call_id() {
    let sim = sim().await;
    let (s, mut stomp) = logged_in(&sim, "5001", "8001", "Ready").await;
    let body = json!({"from": "8001@demo.cc", "to": "913800138000", "originForDisplay": "02138784800", "cpa": "1",
                      "contextId": "{\"k\":1}", "destForDisplay": "客户A"});
    let (status, v) = post(&sim, "/api/csta/callControl/calls", &s, Some(body)).await;
    assert_eq!(status, 200);
    let id = v["callId"].as_str().unwrap();
    let calls = sim.calls();
    assert_eq!(calls[0]["callId"], id);
    assert_eq!(calls[0]["destForDisplay"], "客户A");
    assert_eq!(calls[0]["cpa"], "1");
    let names: Vec<String> = [
        stomp.event().await,
        stomp.event().await,
        stomp.event().await,
    ]
    .iter()
    .map(|e| e.name().to_owned())
    .collect();
    assert_eq!(names, ["serviceInitiated", "originated", "delivered"]);
    let (status, _) = post(
        &sim,
        "/api/csta/callControl/calls",
        &s,
        Some(json!({"from": "8005@demo.cc", "to": "8001"})),
    )
    .await;
    assert_eq!(status, 409, "a device nobody is logged in on cannot dial");
}

#[tokio::test]
async fn client_state_lists_every_active_call_and_the_current_one() {
    let sim = sim().await;
    let (s, mut stomp) = logged_in(&sim, "5001", "8001", "NotReady").await;
    let (_, idle) = get(&sim, "/api/csta/agent/client-state", &s).await;
    assert_eq!(idle["agent"]["agentMode"], "NotReady");
    assert_eq!(idle["agent"]["activeCalls"], json!([]));
    assert!(idle["agent"].get("activeCall").is_none());
    assert!(idle["extension"].is_object());
    let c1 = ring(&sim, "8001").await;
    post(&sim, &format!("{}/answer", conn(&c1)), &s, None).await;
    post(&sim, &format!("{}/hold", conn(&c1)), &s, None).await;
    let c2 = ring(&sim, "8001").await;
    for _ in 0..4 {
        stomp.event().await;
    }
    let (_, v) = get(&sim, "/api/csta/agent/client-state", &s).await;
    let calls = v["agent"]["activeCalls"].as_array().unwrap();
    assert_eq!(calls.len(), 2);
    let held = calls.iter().find(|c| c["callId"] == c1.as_str()).unwrap();
    assert_eq!(
        (held["state"].as_str(), held["direction"].as_str()),
        (Some("Hold"), Some("In"))
    );
    assert!(held["answerTime"].is_string() && held["ringTime"].is_string());
    assert_eq!(
        v["agent"]["activeCall"]["callId"],
        c2.as_str(),
        "the platform's one call is the ringing one"
    );
    assert_eq!(v["agent"]["activeCall"]["otherSide"], "13912345678@demo.cc");
    agent_state(
        &sim,
        &s,
        json!({"func": "Logout", "agentId": "5001@demo.cc"}),
    )
    .await;
    let (_, out) = get(&sim, "/api/csta/agent/client-state", &s).await;
    assert_eq!(out["agent"]["agentMode"], "Logout");
}

#[tokio::test]
async fn call_data_is_stored_and_read_back_with_the_system_keys() {
    let sim = sim().await;
    let (s, mut stomp) = logged_in(&sim, "5001", "8001", "Ready").await;
    let call = ring(&sim, "8001").await;
    let delivered = stomp.event().await.to_value();
    assert_eq!(delivered["userData"]["data"]["客户"], "张三");
    assert_eq!(
        delivered["userData"]["data"]["originalANI"],
        "13912345678@demo.cc"
    );
    assert_eq!(delivered["callType"], "Inbound");
    let entries = json!({"entries": [{"key": "customerId", "value": "19099092"}]});
    assert_eq!(
        post(
            &sim,
            &format!("/api/csta/callControl/calls/{call}/user-data"),
            &s,
            Some(entries)
        )
        .await
        .0,
        204
    );
    let (status, data) = get(
        &sim,
        &format!("/api/csta/callControl/calls/{call}/user-data/"),
        &s,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(data["data"]["customerId"], "19099092");
    assert_eq!(data["data"]["originalCallId"], call.as_str());
}

#[tokio::test]
async fn recording_needs_a_call_and_can_be_disabled() {
    let off = sim_with(SimConfig {
        recording_enabled: false,
        ..SimConfig::default()
    })
    .await;
    let (s, _stomp) = logged_in(&off, "5001", "8001", "Ready").await;
    assert_eq!(
        post(
            &off,
            "/api/csta/callControl/recording/Stop?extension=8001@demo.cc",
            &s,
            None
        )
        .await
        .0,
        466
    );
    let on = sim().await;
    let (s, _stomp) = logged_in(&on, "5001", "8001", "Ready").await;
    assert_eq!(
        post(
            &on,
            "/api/csta/callControl/recording/Stop?extension=8001@demo.cc",
            &s,
            None
        )
        .await
        .0,
        409
    );
    assert_eq!(
        post(
            &on,
            "/api/csta/callControl/recording/Pause?extension=8001@demo.cc",
            &s,
            None
        )
        .await
        .0,
        404
    );
}

#[tokio::test]
async fn the_prefix_list_names_the_outbound_prefix() {
    let sim = sim().await;
    let s = tpi(&sim, "5001", "123456", "demo.cc").await.unwrap();
    let (status, v) = get(
        &sim,
        "/api/operation/operation/tenants/demo.cc/agents/5001@demo.cc",
        &s,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(v, json!({"agentTrunks": [{"scanPrefix": "9"}]}));
}

#[tokio::test]
async fn a_state_change_during_a_call_is_pending_until_the_call_ends() {
    let sim = sim().await;
    let (s, mut stomp) = logged_in(&sim, "5001", "8001", "Ready").await;
    let call = ring(&sim, "8001").await;
    stomp.event().await;
    let set = json!({"func": "SetState", "agentMode": "NotReady", "reason": "1", "agentId": "5001@demo.cc"});
    assert_eq!(
        agent_state(&sim, &s, set).await,
        (200, json!({"pendingMode": true}))
    );
    assert!(
        stomp
            .item_within(Duration::from_millis(100))
            .await
            .is_none(),
        "nothing yet"
    );
    http()
        .post(format!("{}/sim/calls/{call}/hangup", sim.base_url()))
        .send()
        .await
        .unwrap();
    let names: Vec<String> = [
        stomp.event().await,
        stomp.event().await,
        stomp.event().await,
    ]
    .iter()
    .map(|e| e.name().to_owned())
    .collect();
    assert_eq!(
        names,
        ["connectionCleared", "connectionCleared", "agentNotReady"]
    );
}

#[tokio::test]
async fn after_call_work_follows_a_call_and_ends_by_itself() {
    let sim = sim_with(SimConfig {
        acw_after_call_ms: 100,
        ..SimConfig::default()
    })
    .await;
    let (_s, mut stomp) = logged_in(&sim, "5001", "8001", "Ready").await;
    let call = ring(&sim, "8001").await;
    stomp.event().await;
    http()
        .post(format!("{}/sim/calls/{call}/hangup", sim.base_url()))
        .send()
        .await
        .unwrap();
    stomp.event().await;
    stomp.event().await;
    assert_eq!(stomp.event().await.name(), "agentWorkingAfterCall");
    assert_eq!(stomp.event().await.name(), "agentReady");
}

#[tokio::test]
async fn a_busy_extension_refuses_a_new_login_with_460() {
    let sim = sim().await;
    let (s, mut stomp) = logged_in(&sim, "5001", "8001", "Ready").await;
    ring(&sim, "8001").await;
    stomp.event().await;
    assert_eq!(
        agent_state(
            &sim,
            &s,
            json!({"func": "Logout", "agentId": "5001@demo.cc"})
        )
        .await
        .0,
        204
    );
    let s2 = tpi(&sim, "5002", "123456", "demo.cc").await.unwrap();
    assert_eq!(
        agent_state(&sim, &s2, login_body("5002", "8001", &s2, "Ready"))
            .await
            .0,
        460
    );
}

#[tokio::test]
async fn a_supervisor_listens_in_silently_and_greetings_and_releases_are_served() {
    let sim = sim().await;
    let (s, mut agent) = logged_in(&sim, "5001", "8001", "Ready").await;
    let (s2, mut sup) = logged_in(&sim, "5002", "8002", "NotReady").await;
    let call = ring(&sim, "8001").await;
    agent.event().await;
    assert_eq!(
        post(&sim, &format!("{}/answer", conn(&call)), &s, None)
            .await
            .0,
        204
    );
    agent.event().await;
    let spy = format!("/api/csta/callControl/calls/{call}/spy?deviceId=8002@demo.cc");
    assert_eq!(post(&sim, &spy, &s2, None).await.0, 204);
    assert_eq!(sup.event().await.name(), "delivered");
    assert_eq!(sup.event().await.name(), "established");
    assert!(
        agent
            .item_within(Duration::from_millis(100))
            .await
            .is_none(),
        "the agent does not hear the supervisor join"
    );
    let greet = json!({"agentId": "5001", "deviceId": "8001@demo.cc"});
    assert_eq!(
        post(
            &sim,
            &format!("/api/csta/callControl/calls/{call}/agentGreeting"),
            &s,
            Some(greet)
        )
        .await
        .0,
        204
    );
    http()
        .post(format!("{}/sim/calls/{call}/hangup", sim.base_url()))
        .send()
        .await
        .unwrap();
    for stomp in [&mut agent, &mut sup] {
        assert_eq!(stomp.event().await.name(), "connectionCleared");
        assert_eq!(stomp.event().await.name(), "connectionCleared");
    }
    assert_eq!(
        post(&sim, "/api/csta/outbound/release/5001@demo.cc", &s, None)
            .await
            .0,
        409,
        "not pre-occupied"
    );
    let r = http()
        .post(format!("{}/sim/campaign", sim.base_url()))
        .json(&json!({"to": "8001", "from": "13600136000"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    assert_eq!(agent.event().await.name(), "agentAllocated");
    agent.event().await;
    assert_eq!(
        post(&sim, "/api/csta/outbound/release/5001@demo.cc", &s, None)
            .await
            .0,
        204
    );
    assert_eq!(agent.event().await.name(), "agentReady");
}
