//! The simulator's core against a real HTTP and STOMP/WebSocket client: TPI login, agent login and its errors,
//! state changes, heartbeat timeout, STOMP framing and heart-beating, CORS. Named as behaviour sentences.

mod common;

use common::*;
use serde_json::json;
use std::time::Duration;
use well_protocol::event::{AgentMode, Event};
use well_protocol::stomp::{Command, Frame, Item};
use well_sim::directory::{AgentEntry, ExtensionEntry, Tenant};
use well_sim::{Directory, SimConfig};

#[tokio::test]
async fn login_publishes_logged_on_then_the_requested_mode_on_the_agents_topic() {
    let sim = sim().await;
    let session = tpi(&sim, "5001", "123456", "demo.cc").await.unwrap();
    let (mut stomp, connected) = Stomp::connect(&sim, "10000,10000").await;
    assert_eq!(connected.get("version"), Some("1.1"));
    assert!(
        connected.get("heart-beat").is_some(),
        "stomp.js needs heart-beat with version 1.1"
    );
    stomp.subscribe("5001@demo.cc").await;
    let (status, _) = agent_state(
        &sim,
        &session,
        login_body("5001", "8001", &session, "NotReady"),
    )
    .await;
    assert_eq!(status, 204);
    let on = stomp.event().await;
    let mode = stomp.event().await;
    let (Event::AgentLoggedOn(on), Event::AgentNotReady(nr)) = (on, mode) else {
        panic!("wrong events")
    };
    assert_eq!(on.agent_id.as_deref(), Some("5001@demo.cc"));
    assert_eq!(
        on.header.src_device_id.as_ref().unwrap().as_str(),
        "8001@demo.cc"
    );
    assert_eq!(nr.agent_mode, Some(AgentMode::NotReady));
    assert_eq!(
        nr.header.serial,
        on.header.serial.map(|s| s + 1),
        "consecutive serials"
    );
    let a = sim.agent("5001@demo.cc").unwrap();
    assert!(a.logged_in && a.subscribed);
    assert_eq!((a.logins, a.tpi_logins), (1, 1));
    assert_eq!(a.name, "张伟");
}

#[tokio::test]
async fn a_wrong_password_fails_at_the_tpi_login_with_401() {
    let sim = sim().await;
    assert_eq!(tpi(&sim, "5001", "wrong", "demo.cc").await, Err(401));
    assert_eq!(tpi(&sim, "5001", "123456", "nowhere.cc").await, Err(401));
    for path in [
        "/login",
        "/loginTrusted",
        "/api/security/loginTrusted",
        "/agent/login",
    ] {
        let r = http()
            .post(format!("{}{path}", sim.base_url()))
            .form(&[
                ("username", "5002"),
                ("password", "123456"),
                ("namespace", "demo.cc"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{path}");
    }
}

#[tokio::test]
async fn every_login_failure_has_its_status_and_the_bodies_the_sdk_reads() {
    let sim = sim_with(SimConfig {
        max_agents_online: Some(2),
        ..SimConfig::default()
    })
    .await;
    let s = tpi(&sim, "5001", "123456", "demo.cc").await.unwrap();
    let body = |job: &str, ext: &str, pass: &str| {
        json!({"loginId": format!("{job}@demo.cc"), "device": format!("{ext}@demo.cc"), "password": pass,
               "agentMode": "Ready", "func": "Login", "sessionId": s})
    };
    assert_eq!(
        agent_state(&sim, &s, body("5001", "8001", "bad")).await.0,
        401
    );
    assert_eq!(
        agent_state(&sim, &s, body("5999", "8001", "123456"))
            .await
            .0,
        452
    );
    assert_eq!(
        agent_state(&sim, &s, body("5001", "8777", "123456"))
            .await
            .0,
        453
    );
    assert_eq!(
        agent_state(&sim, &s, body("5001", "8099", "123456"))
            .await
            .0,
        451
    );
    assert_eq!(
        agent_state(&sim, &s, body("5001", "8001", "123456"))
            .await
            .0,
        204
    );
    assert_eq!(
        agent_state(&sim, &s, body("5001", "8001", "123456"))
            .await
            .0,
        454
    );
    let (status, b) = agent_state(&sim, &s, body("5001", "8002", "123456")).await;
    assert_eq!((status, b), (455, json!({"deviceId": "8001@demo.cc"})));
    let (status, b) = agent_state(&sim, &s, body("5002", "8001", "123456")).await;
    assert_eq!(
        (status, b),
        (
            459,
            json!({"agent": "5001@demo.cc", "agentId": "5001@demo.cc"})
        )
    );
    assert_eq!(
        agent_state(&sim, &s, body("5002", "8002", "123456"))
            .await
            .0,
        204
    );
    assert_eq!(
        agent_state(&sim, &s, body("5003", "8003", "123456"))
            .await
            .0,
        461,
        "licence limit of 2"
    );
}

#[tokio::test]
async fn a_disabled_agent_is_refused_with_423() {
    let dir = Directory::from_tenants(vec![Tenant {
        domain: "demo.cc".into(),
        agents: vec![AgentEntry {
            job: "5001".into(),
            password: "123456".into(),
            name: "x".into(),
            enabled: false,
        }],
        extensions: vec![ExtensionEntry {
            number: "8001".into(),
            registered: true,
        }],
    }]);
    let sim = sim_with(SimConfig {
        directory: dir,
        ..SimConfig::default()
    })
    .await;
    let s = tpi(&sim, "5001", "123456", "demo.cc").await.unwrap();
    assert_eq!(
        agent_state(&sim, &s, login_body("5001", "8001", &s, "Ready"))
            .await
            .0,
        423
    );
}

#[tokio::test]
async fn an_unknown_session_gets_426_and_every_answer_carries_the_cors_origin() {
    let sim = sim().await;
    let r = http()
        .post(format!("{}/api/csta/agent/state", sim.base_url()))
        .header("sessionId", "nope")
        .header("Origin", "http://page.example")
        .json(&json!({"func": "Logout", "agentId": "5001@demo.cc"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 426);
    assert_eq!(r.headers().get("access-control-allow-origin").unwrap(), "*");
    let r = http()
        .post(format!("{}/api/security/login", sim.base_url()))
        .header("Origin", "http://page.example")
        .form(&[
            ("username", "5001"),
            ("password", "bad"),
            ("namespace", "demo.cc"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    assert_eq!(r.headers().get("access-control-allow-origin").unwrap(), "*");
    let pre = http()
        .request(
            reqwest::Method::OPTIONS,
            format!("{}/api/csta/agent/state", sim.base_url()),
        )
        .header("Origin", "http://page.example")
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "sessionid,content-type")
        .send()
        .await
        .unwrap();
    assert!(pre.status().is_success());
    let allowed = pre
        .headers()
        .get("access-control-allow-headers")
        .unwrap()
        .to_str()
        .unwrap()
        .to_lowercase();
    assert!(
        allowed.contains("sessionid") && allowed.contains("content-type"),
        "{allowed}"
    );
}

#[tokio::test]
async fn state_changes_publish_their_events_and_refusals_have_their_codes() {
    let sim = sim_with(SimConfig {
        ready_quota_exhausted: vec!["5002@demo.cc".into()],
        ..SimConfig::default()
    })
    .await;
    let (s, mut stomp) = logged_in(&sim, "5001", "8001", "Ready").await;
    let set = |mode: &str, reason: &str| {
        json!({"func": "SetState", "device": "8001@demo.cc", "agentMode": mode,
                                               "namespace": "demo.cc", "reason": reason, "agentId": "5001@demo.cc"})
    };
    assert_eq!(agent_state(&sim, &s, set("NotReady", "2")).await.0, 204);
    let Event::AgentNotReady(e) = stomp.event().await else {
        panic!("agentNotReady expected")
    };
    assert_eq!(e.reason.as_deref(), Some("2"));
    assert_eq!(agent_state(&sim, &s, set("Ready", "")).await.0, 204);
    assert_eq!(stomp.event().await.name(), "agentReady");
    assert_eq!(agent_state(&sim, &s, set("Busy", "")).await.0, 400);
    let (s2, _stomp2) = logged_in(&sim, "5002", "8002", "NotReady").await;
    let ready2 = json!({"func": "SetState", "agentMode": "Ready", "agentId": "5002@demo.cc"});
    assert_eq!(agent_state(&sim, &s2, ready2).await.0, 465);
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
    assert_eq!(stomp.event().await.name(), "agentLoggedOff");
    assert_eq!(
        agent_state(
            &sim,
            &s,
            json!({"func": "Logout", "agentId": "5001@demo.cc"})
        )
        .await
        .0,
        458
    );
    assert_eq!(agent_state(&sim, &s, json!({"func": "Fly"})).await.0, 400);
}

#[tokio::test]
async fn the_legacy_unload_logout_finds_the_agent_by_device_and_namespace() {
    let sim = sim().await;
    let (s, mut stomp) = logged_in(&sim, "5001", "8001", "Ready").await;
    let (status, _) = agent_state(
        &sim,
        &s,
        json!({"func": "Logout", "device": "8001", "namespace": "demo.cc"}),
    )
    .await;
    assert_eq!(status, 204);
    assert_eq!(stomp.event().await.name(), "agentLoggedOff");
}

#[tokio::test]
async fn a_missing_heartbeat_logs_the_agent_off_and_heartbeats_keep_it_on() {
    let cfg = SimConfig {
        heartbeat_timeout: Duration::from_millis(400),
        ..SimConfig::default()
    };
    let sim = sim_with(cfg).await;
    let (_s1, mut quiet) = logged_in(&sim, "5001", "8001", "Ready").await;
    let (s2, _busy) = logged_in(&sim, "5002", "8002", "Ready").await;
    let url = format!("{}/api/csta/agent/heartbeat/5002@demo.cc", sim.base_url());
    let beating = tokio::spawn(async move {
        loop {
            let status = http()
                .post(&url)
                .header("sessionId", &s2)
                .send()
                .await
                .map(|r| r.status().as_u16());
            assert_eq!(status.ok(), Some(204));
            tokio::time::sleep(Duration::from_millis(40)).await;
        }
    });
    assert_eq!(
        quiet.event().await.name(),
        "agentLoggedOff",
        "5001 sent no heartbeat"
    );
    assert!(!sim.agent("5001@demo.cc").unwrap().logged_in);
    assert!(
        sim.agent("5002@demo.cc").unwrap().logged_in,
        "5002 kept beating"
    );
    beating.abort();
    let r = http()
        .post(format!(
            "{}/api/csta/agent/heartbeat/5001@demo.cc",
            sim.base_url()
        ))
        .header("sessionId", "x")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 426);
}

#[tokio::test]
async fn a_dropped_socket_keeps_the_agent_logged_in() {
    let sim = sim().await;
    let (s, stomp) = logged_in(&sim, "5001", "8001", "Ready").await;
    stomp.close().await;
    for _ in 0..50 {
        if sim.connections() == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(sim.connections(), 0);
    let a = sim.agent("5001@demo.cc").unwrap();
    assert!(a.logged_in && !a.subscribed);
    // A new socket gets the events again; the binding is still there.
    let (mut again, _) = Stomp::connect(&sim, "0,0").await;
    again.subscribe("5001@demo.cc").await;
    assert_eq!(
        agent_state(&sim, &s, login_body("5001", "8001", &s, "Ready"))
            .await
            .0,
        454
    );
    let set = json!({"func": "SetState", "agentMode": "NotReady", "agentId": "5001@demo.cc"});
    assert_eq!(agent_state(&sim, &s, set).await.0, 204);
    assert_eq!(again.event().await.name(), "agentNotReady");
}

#[tokio::test]
async fn events_without_a_subscription_are_dropped_and_serials_are_global() {
    let sim = sim().await;
    let s = tpi(&sim, "5001", "123456", "demo.cc").await.unwrap();
    assert_eq!(
        agent_state(&sim, &s, login_body("5001", "8001", &s, "Ready"))
            .await
            .0,
        204
    );
    let before = sim.serial();
    assert_eq!(before, 2, "logged on + ready, delivered to nobody");
    let (_s2, mut other) = logged_in(&sim, "5002", "8002", "Ready").await;
    let (mut stomp, _) = Stomp::connect(&sim, "0,0").await;
    stomp.subscribe("5001@demo.cc").await;
    let set = json!({"func": "SetState", "agentMode": "NotReady", "agentId": "5001@demo.cc"});
    assert_eq!(agent_state(&sim, &s, set).await.0, 204);
    let e = stomp.event().await;
    assert_eq!(
        e.name(),
        "agentNotReady",
        "the login events were not kept for later"
    );
    assert_eq!(
        e.serial(),
        Some(5),
        "one counter for every agent: 2 for 5001's login, 2 for 5002's, then this"
    );
    assert!(
        other
            .item_within(Duration::from_millis(100))
            .await
            .is_none(),
        "5002 gets nothing of 5001's"
    );
}

#[tokio::test]
async fn the_server_heart_beats_at_the_interval_the_client_asks() {
    let sim = sim().await;
    let (mut stomp, connected) = Stomp::connect(&sim, "0,50").await;
    assert_eq!(connected.get("heart-beat"), Some("50,0"));
    let mut beats = 0;
    let started = tokio::time::Instant::now();
    while beats < 3 && started.elapsed() < WAIT {
        if let Some(Item::HeartBeat) = stomp.item_within(WAIT).await {
            beats += 1;
        }
    }
    assert_eq!(beats, 3);
}

#[tokio::test]
async fn a_silent_client_that_promised_heart_beats_is_disconnected() {
    let sim = sim().await;
    let (mut stomp, connected) = Stomp::connect(&sim, "50,0").await;
    assert_eq!(connected.get("heart-beat"), Some("0,50"));
    assert!(stomp.closes_within(Duration::from_secs(3)).await);
}

#[tokio::test]
async fn protocol_violations_get_an_error_frame_and_the_socket_closes() {
    let sim = sim().await;
    let mut early = Stomp::open(&sim).await;
    early
        .send(
            Frame::new(Command::Subscribe)
                .header("id", "x")
                .header("destination", "/d"),
        )
        .await;
    let e = early.frame().await.expect("ERROR");
    assert_eq!(e.command, Command::Error);
    assert!(early.closes_within(Duration::from_secs(2)).await);

    let (mut garbage, _) = Stomp::connect(&sim, "0,0").await;
    garbage.send_raw("NONSENSE\n\n\0").await;
    assert_eq!(
        garbage.frame().await.expect("ERROR").command,
        Command::Error
    );
    assert!(garbage.closes_within(Duration::from_secs(2)).await);

    let (mut no_id, _) = Stomp::connect(&sim, "0,0").await;
    no_id
        .send(Frame::new(Command::Subscribe).header("destination", "/d"))
        .await;
    assert_eq!(no_id.frame().await.expect("ERROR").command, Command::Error);
}

#[tokio::test]
async fn disconnect_with_a_receipt_is_answered_then_closed() {
    let sim = sim().await;
    let (mut stomp, _) = Stomp::connect(&sim, "0,0").await;
    stomp
        .send(Frame::new(Command::Disconnect).header("receipt", "bye"))
        .await;
    let r = stomp.frame().await.expect("RECEIPT");
    assert_eq!(
        (r.command, r.get("receipt-id")),
        (Command::Receipt, Some("bye"))
    );
    assert!(stomp.closes_within(Duration::from_secs(2)).await);
}

#[tokio::test]
async fn non_ascii_event_text_travels_as_ascii_json() {
    // Agent names are not in events, but the body encoding is checked on a real frame anyway: every MESSAGE
    // body the simulator sends is ASCII.
    let sim = sim().await;
    let (_s, mut stomp) = logged_in(&sim, "5001", "8001", "Ready").await;
    let s = tpi(&sim, "5001", "123456", "demo.cc").await.unwrap();
    let set = json!({"func": "SetState", "agentMode": "NotReady", "reason": "午休", "agentId": "5001@demo.cc"});
    assert_eq!(agent_state(&sim, &s, set).await.0, 204);
    let f = stomp.frame().await.unwrap();
    assert!(f.body.is_ascii());
    let Event::AgentNotReady(e) = Event::from_json(f.body_text().unwrap()).unwrap() else {
        panic!()
    };
    assert_eq!(e.reason.as_deref(), Some("午休"));
}
