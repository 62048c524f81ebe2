//! The control API as `SimHandle` methods, for in-process tests.

mod common;

use common::*;
use serde_json::json;
use std::time::Duration;
use well_sim::HttpFault;

#[tokio::test]
async fn the_handle_drives_calls_and_faults_like_the_control_api() {
    let sim = sim().await;
    let (s, mut stomp) = logged_in(&sim, "5001", "8001", "Ready").await;
    let call = sim
        .ring("13912345678", "8001", json!({"k": "v"}))
        .await
        .unwrap();
    let e = stomp.event().await.to_value();
    assert_eq!(
        (e["eventName"].as_str(), e["callId"].as_str()),
        (Some("delivered"), Some(call.as_str()))
    );
    assert_eq!(
        sim.ring("139", "8099", json!({})).await.unwrap_err().status,
        409
    );
    assert_eq!(
        sim.answer(&call).await.unwrap_err().status,
        409,
        "the customer is not ringing"
    );
    sim.hangup(&call).await.unwrap();
    assert_eq!(stomp.event().await.name(), "connectionCleared");
    assert_eq!(stomp.event().await.name(), "connectionCleared");
    sim.set_mode("5001@demo.cc", "NotReady", Some("2"))
        .await
        .unwrap();
    assert_eq!(stomp.event().await.name(), "agentNotReady");

    sim.fail_http(HttpFault {
        method: None,
        path_prefix: "/api/csta/agent/client-state".into(),
        status: Some(503),
        count: 1,
        delay_ms: None,
    });
    let cs = || async {
        http()
            .get(format!("{}/api/csta/agent/client-state", sim.base_url()))
            .header("sessionId", &s)
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    };
    assert_eq!(cs().await, 503);
    assert_eq!(cs().await, 200);

    sim.pause_events();
    sim.set_mode("5001@demo.cc", "Ready", None).await.unwrap();
    assert!(stomp
        .item_within(Duration::from_millis(100))
        .await
        .is_none());
    sim.resume_events();
    assert_eq!(stomp.event().await.name(), "agentReady");

    assert_eq!(sim.raw_text("\n").await.unwrap(), 1);
    assert_eq!(sim.expire_session("5001@demo.cc"), 1);
    assert_eq!(cs().await, 426);
    sim.restart();
    assert!(stomp.closes_within(Duration::from_secs(2)).await);
    sim.force_logout("5001@demo.cc").await.unwrap();
    assert_eq!(
        sim.force_logout("5001@demo.cc").await.unwrap_err().status,
        404
    );
}
