//! The fault cases that need the window: the UI reloaded during a WebSocket outage and during a start-up
//! recovery, and a second app instance started mid-call. Each ends with the screen showing what the
//! simulator holds, without a second login.

use crate::harness::*;
use crate::recovery::{logins, on_a_call};
use std::process::Command;
use std::time::{Duration, Instant};
use well_sim::HttpFault;

const CONNECTION: &str = "document.getElementById('connection').dataset.state";

#[tokio::test]
#[ignore = "needs a display and tauri-driver: run by scripts/test.sh"]
async fn a_reload_during_an_outage_shows_the_outage_and_the_call_and_then_what_the_server_did() {
    let sim = sim().await;
    let dir = profile();
    let app = App::launch_against(&sim, dir.path()).await;
    let call = on_a_call(&app, &sim).await;
    app.call_action(&call, "hold").await;
    app.until_call_state(&call, "held").await;
    let before = logins(&sim);
    sim.refuse_ws(10_000);
    sim.drop_connections();
    app.until("reconnecting", &format!("{CONNECTION} === 'reconnecting'"))
        .await;

    app.reload().await;
    assert_eq!(
        app.js(&format!("return {CONNECTION}")).await,
        "reconnecting",
        "the reloaded page shows the outage"
    );
    assert!(
        app.text("#connection")
            .await
            .chars()
            .any(|c| c.is_ascii_digit()),
        "with its attempt number: {}",
        app.text("#connection").await
    );
    let calls = app.calls().await;
    assert_eq!(calls.len(), 1, "{calls:?}");
    assert_eq!(calls[0]["state"], "held");
    assert!(calls[0]["data"]
        .as_str()
        .unwrap_or_default()
        .contains("A-2002"));

    // The customer hangs up while we cannot hear it; once the link is back the screen follows the server.
    sim.hangup(&call).await.unwrap();
    sim.refuse_ws(0);
    app.until("connected again", &format!("{CONNECTION} === 'connected'"))
        .await;
    app.until(
        "the call gone",
        "document.querySelectorAll('#call-list .call').length === 0",
    )
    .await;
    app.until(
        "the call in the history",
        "document.querySelectorAll('#history-list li').length === 1",
    )
    .await;
    assert!(sim.calls().is_empty());
    assert_eq!(logins(&sim), before, "no new login");
    app.close().await;
}

#[tokio::test]
#[ignore = "needs a display and tauri-driver: run by scripts/test.sh"]
async fn a_reload_during_a_start_up_recovery_shows_the_recovery_then_the_recovered_call() {
    let sim = sim().await;
    let dir = profile();
    let app = App::launch_against(&sim, dir.path()).await;
    let call = on_a_call(&app, &sim).await;
    let before = logins(&sim);
    app.kill().await;

    // The server takes its time to answer the recovery's state request (well inside the 10 s timeout).
    let delay = Duration::from_millis(6_000);
    sim.fail_http(HttpFault {
        method: Some("GET".into()),
        path_prefix: well_protocol::rest::paths::CLIENT_STATE.into(),
        status: None,
        count: 1,
        delay_ms: Some(delay.as_millis() as u64),
    });
    let started = Instant::now();
    let again = App::launch_against(&sim, dir.path()).await;
    again
        .until("recovering", &format!("{CONNECTION} === 'connecting'"))
        .await;
    again.reload().await;
    assert!(
        started.elapsed() < delay,
        "the reload came after the recovery; make the delay longer"
    );
    assert_eq!(
        again.js(&format!("return {CONNECTION}")).await,
        "connecting",
        "the reloaded page shows the recovery still going"
    );
    assert_eq!(
        again
            .js("return document.getElementById('login-form').hidden")
            .await,
        true,
        "no login form while a session is being recovered"
    );
    again.until_call_state(&call, "connected").await;
    let calls = again.calls().await;
    assert_eq!(calls.len(), 1, "{calls:?}");
    assert!(calls[0]["data"]
        .as_str()
        .unwrap_or_default()
        .contains("A-2002"));
    assert_eq!(logins(&sim), before, "recovered, not logged in again");
    again.call_action(&call, "hang_up").await;
    again.until_no_calls().await;
    assert!(sim.calls().is_empty());
    again.close().await;
}

#[tokio::test]
#[ignore = "needs a display and tauri-driver: run by scripts/test.sh"]
async fn a_second_instance_started_mid_call_exits_and_the_first_keeps_the_call() {
    let sim = sim().await;
    let dir = profile();
    let app = App::launch_against(&sim, dir.path()).await;
    let call = on_a_call(&app, &sim).await;
    let before = logins(&sim);
    let first = app.pid();

    let started = Instant::now();
    let second = Command::new(app_binary())
        .args([
            "--profile-dir",
            &dir.path().display().to_string(),
            "--server",
            &sim.base_url(),
        ])
        .output()
        .expect("second launch");
    assert!(
        second.status.success(),
        "the second instance exits cleanly: {second:?}"
    );
    assert!(
        started.elapsed() < WAIT,
        "the second instance hands over instead of running"
    );
    let needle = format!("well-softphone --profile-dir {}", dir.path().display());
    let pids = words_of("pgrep", &["-f", &needle]);
    assert_eq!(pids, [first.to_string()], "one app for the profile");
    assert_eq!(
        logins(&sim),
        before,
        "the second instance logged nothing in"
    );
    let calls = app.calls().await;
    assert_eq!(calls.len(), 1, "{calls:?}");
    assert_eq!(calls[0]["state"], "connected");
    app.call_action(&call, "hold").await;
    app.until_call_state(&call, "held").await;
    assert_eq!(sim.calls().len(), 1);
    app.close().await;
}
