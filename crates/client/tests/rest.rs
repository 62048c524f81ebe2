//! The REST layer against the simulator: typed errors with their codes, timeouts, an unreachable server.

use std::time::Duration;
use well_client::rest::{Rest, Timeouts};
use well_client::ServerProfile;
use well_protocol::event::AgentMode;
use well_protocol::redact::Secret;
use well_protocol::rest::{paths, AgentStateRequest, ApiStatus, Error455};
use well_sim::{HttpFault, Sim, SimConfig};

fn rest(base: &str, total_ms: u64) -> Rest {
    let profile = ServerProfile::new(base, None, "demo.cc").unwrap();
    Rest::new(
        profile,
        Timeouts {
            connect: Duration::from_millis(500),
            total: Duration::from_millis(total_ms),
        },
    )
    .unwrap()
}

fn login(ext: &str, session: &Secret) -> AgentStateRequest {
    AgentStateRequest::Login {
        login_id: "5001@demo.cc".into(),
        device: format!("{ext}@demo.cc"),
        password: Secret::new("123456"),
        agent_mode: AgentMode::Ready,
        session_id: Some(session.clone()),
    }
}

#[tokio::test]
async fn login_failures_carry_their_status_and_code() {
    let sim = Sim::start(SimConfig::default()).await.unwrap();
    let r = rest(&sim.base_url(), 5_000);
    let bad = r.tpi_login("5001", &Secret::new("nope")).await.unwrap_err();
    assert_eq!(
        (bad.code().as_str(), bad.status()),
        ("login.password_mismatch", Some(ApiStatus::PasswordMismatch))
    );
    assert!(!bad.to_string().contains("nope"), "no password in messages");
    let s = r.tpi_login("5001", &Secret::new("123456")).await.unwrap();
    let e = r
        .request(
            "agent login",
            reqwest::Method::POST,
            paths::AGENT_STATE,
            &s,
            Some(&login("8099", &s)),
        )
        .await
        .unwrap_err();
    assert_eq!(e.code(), "login.extension_unregistered");
    r.request(
        "agent login",
        reqwest::Method::POST,
        paths::AGENT_STATE,
        &s,
        Some(&login("8001", &s)),
    )
    .await
    .unwrap();
    let relog = AgentStateRequest::Login {
        login_id: "5001@demo.cc".into(),
        device: "8002@demo.cc".into(),
        password: Secret::new("123456"),
        agent_mode: AgentMode::Ready,
        session_id: None,
    };
    let e = r
        .request(
            "agent login",
            reqwest::Method::POST,
            paths::AGENT_STATE,
            &s,
            Some(&relog),
        )
        .await
        .unwrap_err();
    assert_eq!(e.code(), "login.already_on_other_extension");
    let well_client::ClientError::Status { body, .. } = &e else {
        panic!()
    };
    let b: Error455 = serde_json::from_str(body).unwrap();
    assert_eq!(b.device_id.unwrap().as_str(), "8001@demo.cc");
    let expired = r
        .request(
            "heartbeat",
            reqwest::Method::POST,
            "/api/csta/agent/heartbeat/5001@demo.cc",
            &Secret::new("x"),
            None::<&()>,
        )
        .await
        .unwrap_err();
    assert_eq!(expired.code(), "session.expired");
}

#[tokio::test]
async fn a_slow_server_times_out_and_a_closed_port_is_unreachable() {
    let sim = Sim::start(SimConfig::default()).await.unwrap();
    sim.fail_http(HttpFault {
        method: None,
        path_prefix: "/api/security".into(),
        status: None,
        count: 1,
        delay_ms: Some(500),
    });
    let r = rest(&sim.base_url(), 100);
    assert_eq!(
        r.tpi_login("5001", &Secret::new("123456"))
            .await
            .unwrap_err()
            .code(),
        "net.timeout"
    );
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let r = rest(&format!("http://127.0.0.1:{closed}"), 1_000);
    let e = r
        .tpi_login("5001", &Secret::new("123456"))
        .await
        .unwrap_err();
    assert_eq!(e.code(), "net.unreachable");
    let state = r
        .get_json::<serde_json::Value>("client state", paths::CLIENT_STATE, &Secret::new("s"))
        .await
        .unwrap_err();
    assert_eq!(state.code(), "net.unreachable");
}
