//! The event link against the simulator: subscribe with receipt, events, and every way a link ends.

use std::time::Duration;
use well_client::link::{Link, LinkConfig, LinkError, LinkEvent};
use well_protocol::ids::AgentId;
use well_sim::{Sim, SimConfig, SimHandle};

fn fast() -> LinkConfig {
    LinkConfig {
        heart_beat: (50, 50),
        connected_timeout: Duration::from_secs(2),
        receipt_wait: Duration::from_millis(500),
        ping_every: Duration::from_millis(100),
        ..LinkConfig::default()
    }
}

async fn logged_in_sim() -> (SimHandle, String) {
    let sim = Sim::start(SimConfig::default()).await.unwrap();
    let http = reqwest::Client::new();
    let v: serde_json::Value = http
        .post(format!("{}/api/security/login", sim.base_url()))
        .form(&[
            ("username", "5001"),
            ("password", "123456"),
            ("namespace", "demo.cc"),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    (sim, v["sessionId"].as_str().unwrap().to_owned())
}

async fn agent_login(sim: &SimHandle, session: &str) {
    let body = serde_json::json!({"loginId": "5001@demo.cc", "device": "8001@demo.cc", "password": "123456",
                                  "agentMode": "Ready", "func": "Login", "sessionId": session});
    let r = reqwest::Client::new()
        .post(format!("{}/api/csta/agent/state", sim.base_url()))
        .header("sessionId", session)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
}

async fn event_name(link: &mut Link) -> String {
    match tokio::time::timeout(Duration::from_secs(5), link.next())
        .await
        .expect("in time")
        .expect("link alive")
    {
        LinkEvent::Event(e) => e.name().to_owned(),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_receipted_subscription_gets_the_login_events_and_heart_beats_keep_it_alive() {
    let (sim, s) = logged_in_sim().await;
    let mut link = Link::connect(&sim.ws_url(), &fast()).await.unwrap();
    assert!(link
        .subscribe(
            &AgentId::parse("5001@demo.cc").unwrap(),
            Duration::from_secs(2)
        )
        .await
        .unwrap());
    agent_login(&sim, &s).await;
    assert_eq!(event_name(&mut link).await, "agentLoggedOn");
    assert_eq!(event_name(&mut link).await, "agentReady");
    // Idle for several heart-beat periods: the link stays up (both sides beat every 200 ms).
    let idle = tokio::time::timeout(Duration::from_millis(1_000), link.next()).await;
    assert!(idle.is_err(), "no event and no error while idle: {idle:?}");
    sim.set_mode("5001@demo.cc", "NotReady", None)
        .await
        .unwrap();
    assert_eq!(event_name(&mut link).await, "agentNotReady");
}

#[tokio::test]
async fn paused_events_past_twice_the_heart_beat_mean_a_dead_link() {
    let (sim, _s) = logged_in_sim().await;
    let mut link = Link::connect(&sim.ws_url(), &fast()).await.unwrap();
    link.subscribe(
        &AgentId::parse("5001@demo.cc").unwrap(),
        Duration::from_secs(2),
    )
    .await
    .unwrap();
    sim.pause_events();
    let r = tokio::time::timeout(Duration::from_secs(3), link.next())
        .await
        .expect("detected in time");
    assert!(matches!(r, Err(LinkError::Dead)), "{r:?}");
}

#[tokio::test]
async fn an_error_frame_a_drop_and_garbage_are_told_apart() {
    let (sim, _s) = logged_in_sim().await;
    let agent = AgentId::parse("5001@demo.cc").unwrap();
    let mut link = Link::connect(&sim.ws_url(), &fast()).await.unwrap();
    link.subscribe(&agent, Duration::from_secs(2))
        .await
        .unwrap();
    sim.raw_text("MESSAGE\nsubscription:sub-0\n\n{broken\u{0}")
        .await
        .unwrap();
    match link.next().await.unwrap() {
        LinkEvent::Undecodable { command, len, .. } => {
            assert_eq!((command, len), (Some("MESSAGE"), 7))
        }
        other => panic!("{other:?}"),
    }
    sim.raw_text("ERROR\nmessage:broker going down\n\n\u{0}")
        .await
        .unwrap();
    let e = link.next().await.unwrap_err();
    assert_eq!(e.code(), "link.server_error");

    let mut second = Link::connect(&sim.ws_url(), &fast()).await.unwrap();
    second
        .subscribe(&agent, Duration::from_secs(2))
        .await
        .unwrap();
    sim.drop_connections();
    let e = tokio::time::timeout(Duration::from_secs(3), second.next())
        .await
        .expect("in time")
        .unwrap_err();
    assert!(
        matches!(
            e,
            LinkError::Closed | LinkError::Socket(_) | LinkError::Dead
        ),
        "{e:?}"
    );
}

#[tokio::test]
async fn a_refused_upgrade_and_a_silent_server_fail_with_their_codes() {
    let (sim, _s) = logged_in_sim().await;
    sim.refuse_ws(1);
    assert_eq!(
        Link::connect(&sim.ws_url(), &fast())
            .await
            .err()
            .unwrap()
            .code(),
        "link.open_failed"
    );
    sim.pause_events();
    let cfg = LinkConfig {
        connected_timeout: Duration::from_millis(200),
        ..fast()
    };
    assert_eq!(
        Link::connect(&sim.ws_url(), &cfg)
            .await
            .err()
            .unwrap()
            .code(),
        "link.connect_timeout"
    );
}
