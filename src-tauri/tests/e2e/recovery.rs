//! The three layers of recovery in the real window: a page reload, a killed web process, a killed app; and a
//! dropped event link.

use crate::harness::*;
use serde_json::{json, Value};
use std::process::Command;
use well_sim::SimHandle;

/// Logged in on screen as 5001 with a connected inbound call carrying call data; returns the call id.
pub(crate) async fn on_a_call(app: &App, sim: &SimHandle) -> String {
    app.login("5001", "8001", "123456", "force").await;
    app.until_ready().await;
    let call = sim
        .ring(&random_number(), "8001", json!({"orderId": "A-2002"}))
        .await
        .unwrap();
    app.until_call_state(&call, "ringing").await;
    app.call_action(&call, "answer").await;
    app.until_call_state(&call, "connected").await;
    call
}

pub(crate) fn logins(sim: &SimHandle) -> (Value, Value) {
    let s = sim.state();
    let a = s["agents"]
        .as_array()
        .and_then(|v| v.iter().find(|a| a["agentId"] == "5001@demo.cc").cloned())
        .unwrap_or_default();
    (a["logins"].clone(), a["tpiLogins"].clone())
}

async fn shows_the_call_with_its_data(app: &App, call: &str, state: &str) {
    app.until_call_state(call, state).await;
    let calls = app.calls().await;
    assert_eq!(calls.len(), 1, "{calls:?}");
    assert!(calls[0]["data"]
        .as_str()
        .unwrap_or_default()
        .contains("A-2002"));
}

#[tokio::test]
#[ignore = "needs a display and tauri-driver: run by scripts/test.sh"]
async fn a_page_reload_mid_call_shows_the_same_call_and_data_without_a_new_login() {
    let sim = sim().await;
    let dir = profile();
    let app = App::launch_against(&sim, dir.path()).await;
    let call = on_a_call(&app, &sim).await;
    app.call_action(&call, "hold").await;
    app.until_call_state(&call, "held").await;
    let before = logins(&sim);
    app.reload().await;
    shows_the_call_with_its_data(&app, &call, "held").await;
    assert_eq!(logins(&sim), before, "no second login after a reload");
    app.call_action(&call, "retrieve").await;
    app.until_call_state(&call, "connected").await;
    app.close().await;
}

#[tokio::test]
#[ignore = "needs a display and tauri-driver: run by scripts/test.sh"]
async fn the_window_shows_itself_once_at_start_and_a_reload_leaves_it_hidden_where_the_agent_put_it(
) {
    let sim = sim().await;
    let dir = profile();
    let app = App::logged_in(&sim, dir.path()).await;
    // Made hidden, shown by its first page load.
    app.until_window_visible(true).await;
    xdo(&["key", "ctrl+alt+s"]);
    app.until_window_visible(false).await;
    app.reload().await;
    // The reloaded page has rendered; give a wrong reveal the time to happen before looking.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(
        app.js("return document.visibilityState").await,
        json!("hidden"),
        "a reload does not bring back a window the agent hid"
    );
    xdo(&["key", "ctrl+alt+s"]);
    app.until_window_visible(true).await;
    app.close().await;
}

#[tokio::test]
#[ignore = "needs a display and tauri-driver: run by scripts/test.sh"]
async fn a_killed_web_process_comes_back_with_the_call() {
    let sim = sim().await;
    let dir = profile();
    // The main window's page is what this is about. Without the incoming-call popup (made on the first ring, and
    // hidden again at once when the call is answered) the app has one page and one web process; in CI and the
    // clean room the popup's page had not rendered when the processes were killed, and WebKit reported no
    // termination at all. The popup's own recovery is the same hook (popup.rs).
    std::fs::write(dir.path().join("settings.json"), r#"{"popup": false}"#).unwrap();
    let app = App::launch_against(&sim, dir.path()).await;
    let call = on_a_call(&app, &sim).await;
    let before = process_tree(app.pid());
    let pids: Vec<u32> = descendants(app.pid())
        .into_iter()
        .filter(|p| comm(*p).starts_with("WebKitWebProces"))
        .collect();
    assert!(!pids.is_empty(), "no web process under the app:\n{before}");
    let kills: Vec<String> = pids
        .iter()
        .map(|pid| {
            let st = Command::new("kill")
                .args(["-9", &pid.to_string()])
                .status()
                .expect("kill");
            format!("kill -9 {pid}: {st}")
        })
        .collect();
    // WebKitWebDriver ends its session with the crashed page; the app goes on. The new page reports what it
    // drew to the backend, which logs it.
    let rendered = "window rendered the backend's state window=\"main\" seq=";
    let deadline = std::time::Instant::now() + WAIT;
    let page_back = loop {
        let log = app.log_tail();
        // Everything after the termination.
        let after = log
            .split_once("web process terminated")
            .map(|(_, after)| after.to_owned())
            .unwrap_or_default();
        if after.contains(rendered) {
            break after;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the page did not come back:\n{log}\nprocesses before:\n{before}\n{}\nprocesses now:\n{}",
            kills.join("\n"),
            process_tree(app.pid()),
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    let line = page_back
        .lines()
        .find(|l| l.contains(rendered))
        .unwrap_or_default();
    assert!(
        line.contains(&call),
        "the page came back without the call: {line}"
    );
    assert!(
        Command::new("kill")
            .args(["-0", &app.pid().to_string()])
            .status()
            .expect("kill -0")
            .success(),
        "the app lives on"
    );
    app.close().await;
}

#[tokio::test]
#[ignore = "needs a display and tauri-driver: run by scripts/test.sh"]
async fn an_app_killed_mid_call_and_started_again_recovers_the_call_without_a_new_login() {
    let sim = sim().await;
    let dir = profile();
    let app = App::launch_against(&sim, dir.path()).await;
    let call = on_a_call(&app, &sim).await;
    let before = logins(&sim);
    app.kill().await;

    let again = App::launch_against(&sim, dir.path()).await;
    shows_the_call_with_its_data(&again, &call, "connected").await;
    again
        .until(
            "the recovered notice",
            "!!document.querySelector(\"#notices [data-code='recover.recovered']\")",
        )
        .await;
    assert_eq!(logins(&sim), before, "recovered, not logged in again");
    again.call_action(&call, "hang_up").await;
    again.until_no_calls().await;
    again.close().await;
}

#[tokio::test]
#[ignore = "needs a display and tauri-driver: run by scripts/test.sh"]
async fn a_dropped_link_shows_reconnecting_then_connected_and_the_call_stays_controllable() {
    let sim = sim().await;
    let dir = profile();
    let app = App::launch_against(&sim, dir.path()).await;
    let call = on_a_call(&app, &sim).await;
    sim.refuse_ws(3);
    sim.drop_connections();
    app.until_reconnected().await;
    app.call_action(&call, "hold").await;
    app.until_call_state(&call, "held").await;
    app.close().await;
}

#[tokio::test]
#[ignore = "needs a display and tauri-driver: run by scripts/test.sh"]
async fn remember_me_logs_in_by_itself_when_the_session_cannot_be_recovered() {
    let sim = sim().await;
    let dir = profile();
    let app = App::launch_against(&sim, dir.path()).await;
    app.js("document.getElementById('login-remember').checked = true; return true")
        .await;
    app.login("5001", "8001", "123456", "force").await;
    app.until("logged on", "!document.getElementById('agent-bar').hidden")
        .await;
    let (before, _) = logins(&sim);
    app.kill().await;
    sim.force_logout("5001@demo.cc").await.unwrap();

    let again = App::launch_against(&sim, dir.path()).await;
    again
        .until(
            "logged on by itself",
            "!document.getElementById('agent-bar').hidden",
        )
        .await;
    assert_eq!(
        logins(&sim).0.as_u64(),
        before.as_u64().map(|n| n + 1),
        "one new login"
    );
    for file in ["settings.json", "session.json"] {
        let text = std::fs::read_to_string(dir.path().join(file)).unwrap_or_default();
        assert!(!text.contains("123456"), "the password is not in {file}");
    }
    again.close().await;
}

/// Every process under `root` (children first found by `pgrep -P`, then theirs).
fn descendants(root: u32) -> Vec<u32> {
    let mut out = Vec::new();
    let mut todo = vec![root];
    while let Some(p) = todo.pop() {
        for c in words_of("pgrep", &["-P", &p.to_string()]) {
            if let Ok(c) = c.parse::<u32>() {
                out.push(c);
                todo.push(c);
            }
        }
    }
    out
}

fn comm(pid: u32) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/comm"))
        .unwrap_or_default()
        .trim()
        .to_owned()
}

/// `pid state comm` of the app and everything under it, for a failure message.
fn process_tree(root: u32) -> String {
    std::iter::once(root)
        .chain(descendants(root))
        .map(|p| {
            let stat = std::fs::read_to_string(format!("/proc/{p}/stat")).unwrap_or_default();
            let state = stat
                .rsplit_once(") ")
                .and_then(|(_, rest)| rest.split(' ').next())
                .unwrap_or("?")
                .to_owned();
            format!("  {p} {state} {}", comm(p))
        })
        .collect::<Vec<_>>()
        .join("\n")
}
