//! Demo traffic, with millisecond settings: customers call a Ready agent, far ends answer, customers hang up.

mod common;

use common::*;
use serde_json::json;
use well_sim::demo::DemoConfig;
use well_sim::SimConfig;

fn demo() -> SimConfig {
    let d = DemoConfig {
        interval_ms: (50, 50),
        answer_after_ms: 50,
        talk_ms: (100, 100),
        give_up_ms: 5_000,
    };
    SimConfig {
        demo: Some(d),
        ..SimConfig::default()
    }
}

#[tokio::test]
async fn a_customer_calls_a_ready_agent_with_call_data_and_hangs_up_after_talking() {
    let sim = sim_with(demo()).await;
    let (s, mut stomp) = logged_in(&sim, "5001", "8001", "Ready").await;
    let ring = stomp.event().await.to_value();
    assert_eq!(ring["eventName"], "delivered");
    let data = &ring["userData"]["data"];
    for key in [
        "customerName",
        "customerId",
        "orderId",
        "queue",
        "ivrPath",
        "topic",
    ] {
        assert!(data[key].is_string(), "{key} missing in {data}");
    }
    let call = ring["callId"].as_str().unwrap();
    let path = format!(
        "{}/api/csta/callControl/calls/{call}/connections/8001@demo.cc%7C{call}/answer",
        sim.base_url()
    );
    assert_eq!(
        http()
            .post(path)
            .header("sessionId", &s)
            .send()
            .await
            .unwrap()
            .status(),
        204
    );
    assert_eq!(stomp.event().await.name(), "established");
    assert_eq!(
        stomp.event().await.name(),
        "connectionCleared",
        "the customer hangs up after talking"
    );
    assert_eq!(stomp.event().await.name(), "connectionCleared");
}

#[tokio::test]
async fn the_far_end_of_an_agents_own_call_answers_by_itself() {
    let mut cfg = demo();
    if let Some(d) = cfg.demo.as_mut() {
        d.interval_ms = (3_600_000, 3_600_000);
    }
    let sim = sim_with(cfg).await;
    let (s, mut stomp) = logged_in(&sim, "5001", "8001", "NotReady").await;
    // No customer is due for 5 s: the demo's loop sleeps, and the agent's call must wake it.
    let t0 = std::time::Instant::now();
    let r = http()
        .post(format!("{}/api/csta/callControl/calls", sim.base_url()))
        .header("sessionId", &s)
        .json(&json!({"from": "8001@demo.cc", "to": "913800138000"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let names: Vec<String> = [
        stomp.event().await,
        stomp.event().await,
        stomp.event().await,
        stomp.event().await,
    ]
    .iter()
    .map(|e| e.name().to_owned())
    .collect();
    assert_eq!(
        names,
        ["serviceInitiated", "originated", "delivered", "established"]
    );
    assert!(
        t0.elapsed() < std::time::Duration::from_secs(2),
        "the far end answered {:?} after the call was made (answer_after_ms is 50)",
        t0.elapsed()
    );
}

#[tokio::test]
async fn without_the_control_api_the_sim_paths_are_not_served() {
    let sim = sim_with(SimConfig {
        control: false,
        ..SimConfig::default()
    })
    .await;
    let r = http()
        .get(format!("{}/sim/state", sim.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    assert!(tpi(&sim, "5001", "123456", "demo.cc").await.is_ok());
}
