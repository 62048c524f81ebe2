//! Masking, as the customer's privacy depends on it: every `tracing` line the client, the crates under it and
//! the simulator write during a full working session is captured at TRACE, and the customer's
//! raw digits, the session token and the password never occur in it — nor in the snapshot or the effects the
//! UI, tray and notification are built from. The numbers and the password are random per run, so the test
//! cannot pass by accident of fixed strings.

mod common;
use common::*;
use serde_json::json;
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tracing_subscriber::fmt::MakeWriter;
use well_callmodel::contract::Connection;
use well_callmodel::{AgentStatus, CallState};
use well_client::session::{
    self, CallCommand, DialOptions, LoginMode, LoginRequest, SavedSessionChange,
};
use well_protocol::event::AgentMode;
use well_protocol::redact::Secret;
use well_sim::directory::{AgentEntry, ExtensionEntry, Tenant};
use well_sim::{Directory, Sim, SimConfig};

/// Everything written, shared between the subscriber and the test.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

/// `n` digits that differ from run to run.
fn random_digits(n: usize, salt: u64) -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64;
    let mut x = nanos ^ salt.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ u64::from(std::process::id());
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            char::from(b'0' + (x % 10) as u8)
        })
        .collect()
}

#[tokio::test]
async fn a_full_session_never_logs_the_customers_digits_the_token_or_the_password() {
    let captured = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(captured.clone())
        .with_ansi(false)
        // Everything, the embedded simulator's log included (DESIGN: its logs are masked too).
        .with_env_filter("trace")
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let password = format!("pw{}", random_digits(12, 1));
    let inbound = format!("139{}", random_digits(8, 2));
    let outbound = format!("138{}", random_digits(8, 3));
    let unlabelled = format!("137{}", random_digits(8, 4));
    let directory = Directory::from_tenants(vec![Tenant {
        domain: "demo.cc".into(),
        agents: vec![AgentEntry {
            job: "5001".into(),
            password: password.clone(),
            name: "测试".into(),
            enabled: true,
        }],
        extensions: vec![ExtensionEntry {
            number: "8001".into(),
            registered: true,
        }],
    }]);
    let sim = Sim::start(SimConfig {
        directory,
        acw_after_call_ms: 0,
        ..SimConfig::default()
    })
    .await
    .unwrap();

    let mut cfg = cfg(&sim);
    cfg.heartbeat_every = Duration::from_millis(50);
    cfg.dial_every = Duration::from_millis(1);
    let (h, mut saved) = session::spawn(cfg).unwrap();
    let mut effects = h.effects();

    h.login(LoginRequest {
        job_number: "5001".into(),
        password: Secret::new(&password),
        extension: "8001".into(),
        mode: LoginMode::Force,
        agent_mode: AgentMode::Ready,
    })
    .await
    .unwrap();
    until(&h, "logged on", |s| s.agent.status == AgentStatus::LoggedOn).await;
    let mut tokens = Vec::new();
    if let Some(SavedSessionChange::Saved(s)) = saved.recv().await {
        tokens.push(s.token.expose().to_owned());
    }

    // Inbound: ring with call data, answer, hold, retrieve, hang up.
    let id = sim
        .ring(&inbound, "8001", json!({"客户号": "C-1", "来电": inbound}))
        .await
        .unwrap();
    let s = until(&h, "ringing", |s| !s.calls.is_empty()).await;
    let call = s.calls[0].call_id.clone();
    assert_eq!(call.as_str(), id);
    for (cmd, state) in [
        (CallCommand::Answer, CallState::Connected),
        (CallCommand::Hold, CallState::Held),
        (CallCommand::Retrieve, CallState::Connected),
    ] {
        h.call(&call, cmd).await.unwrap();
        until(&h, "the call state", |s| {
            s.calls.first().is_some_and(|c| c.state == state)
        })
        .await;
    }
    let during_call = serde_json::to_string(&h.snapshot().await.unwrap()).unwrap();
    h.call(&call, CallCommand::HangUp).await.unwrap();
    until(&h, "no calls", |s| s.calls.is_empty()).await;

    // Outbound, once with a display label and once masked by policy.
    for (number, label) in [(&outbound, Some("客户B")), (&unlabelled, None)] {
        let opts = DialOptions {
            dest_for_display: label.map(str::to_owned),
            ..Default::default()
        };
        let call = h.make_call(Secret::new(number), opts).await.unwrap();
        until(&h, "ringback", |s| !s.calls.is_empty()).await;
        sim.answer(call.as_str()).await.unwrap();
        until(&h, "established", |s| {
            s.calls
                .first()
                .is_some_and(|c| c.state == CallState::Connected)
        })
        .await;
        h.call(&call, CallCommand::HangUp).await.unwrap();
        until(&h, "no calls", |s| s.calls.is_empty()).await;
    }

    // A silent re-login (a second token), a reconnect, then the agent leaves.
    sim.expire_session("5001@demo.cc");
    h.not_ready(Some("2".into())).await.unwrap();
    if let Some(SavedSessionChange::Saved(s)) = saved.recv().await {
        tokens.push(s.token.expose().to_owned());
    }
    sim.drop_connections();
    until(&h, "reconnected", |s| s.connection == Connection::Connected).await;
    tokio::time::sleep(Duration::from_millis(120)).await; // a few REST heartbeats
    h.logout().await.unwrap();
    until(&h, "offline", |s| s.connection == Connection::Offline).await;

    let mut effect_text = String::new();
    while let Ok(e) = effects.try_recv() {
        effect_text.push_str(&format!("{e:?}\n"));
    }
    assert_eq!(tokens.len(), 2, "login and the silent re-login");
    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(
        log.lines().count() > 50,
        "the capture must hold the session's log:\n{log}"
    );
    assert!(log.contains("5001@demo.cc"), "ids are not secrets");
    let secrets = [
        ("the inbound number", &inbound),
        ("the outbound number", &outbound),
        ("the unlabelled outbound number", &unlabelled),
        ("the password", &password),
        ("the first token", &tokens[0]),
        ("the second token", &tokens[1]),
    ];
    for (what, secret) in secrets {
        // The hidden part of a number is enough to leak it, whatever the display keeps.
        let needle = if what.ends_with("number") {
            &secret[3..]
        } else {
            secret.as_str()
        };
        for (place, text) in [
            ("the log", &log),
            ("the snapshot", &during_call),
            ("the effects", &effect_text),
        ] {
            if let Some(line) = text.lines().find(|l| l.contains(needle)) {
                panic!("{what} occurs in {place}: {line}");
            }
        }
    }
}
