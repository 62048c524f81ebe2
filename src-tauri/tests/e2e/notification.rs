//! The incoming-call notification against a notification server on the test command's private session bus
//! (`notify_server`): Answer and Reject buttons where the server lists `actions`, each doing its work in the
//! simulator; the notification withdrawn when its call stops ringing; a click on it brings the hidden window
//! forward; a server without `actions` gets a notification without buttons. And a server of the desktop's
//! (GNOME's notification-daemon from Debian) draws it with its buttons, for the README's screenshot, and takes
//! it away once the call is answered.

use crate::harness::*;
use crate::notify_server::NotifyServer;
use crate::shots::shot_window;
use serde_json::json;
use std::process::Command;

/// The simulator's word for the call's state (`/sim/state`), or `None` once it is gone.
fn sim_state(sim: &well_sim::SimHandle, call: &str) -> Option<String> {
    sim.calls()
        .into_iter()
        .find(|c| c["callId"] == call)
        .map(|c| c["state"].as_str().unwrap_or_default().to_owned())
}

#[tokio::test]
#[ignore = "needs a display and tauri-driver: run by scripts/test.sh"]
async fn the_notification_answers_rejects_and_brings_the_window_forward_and_has_no_buttons_where_the_server_draws_none(
) {
    let server = NotifyServer::start(&["actions", "body", "body-markup"]).await;
    let sim = sim().await;
    let dir = profile();
    let app = App::logged_in(&sim, dir.path()).await;
    let (answer, reject) = match app
        .js("return document.documentElement.lang")
        .await
        .as_str()
    {
        Some("en") => ("Answer", "Reject"),
        _ => ("接听", "拒接"),
    };

    // Answer from the notification: the simulator connects the call, the notification goes.
    let raw = random_number();
    let call = sim
        .ring(
            &raw,
            "8001",
            json!({"customerName": "李四", "orderId": "P-7"}),
        )
        .await
        .unwrap();
    let first = server.until_shown(1).await;
    assert_eq!(
        first.buttons(),
        vec![
            ("answer".to_owned(), answer.to_owned()),
            ("reject".to_owned(), reject.to_owned())
        ],
        "{first:?}"
    );
    assert!(
        !first.body.contains(&raw) && !first.summary.contains(&raw),
        "the customer's number is masked: {first:?}"
    );
    assert!(
        first.body.contains("李四"),
        "the call data's summary: {first:?}"
    );
    server.invoke(first.id, "answer").await;
    app.until_call_state(&call, "connected").await;
    assert_eq!(sim_state(&sim, &call).as_deref(), Some("Connect"));
    server.until_closed(first.id).await;
    app.call_action(&call, "hang_up").await;
    app.until_no_calls().await;

    // Reject: the simulator clears the call, the notification goes.
    let second = sim.ring(&random_number(), "8001", json!({})).await.unwrap();
    let n2 = server.until_shown(2).await;
    app.until_call_state(&second, "ringing").await;
    server.invoke(n2.id, "reject").await;
    app.until_no_calls().await;
    assert_eq!(sim_state(&sim, &second), None, "rejected in the simulator");
    server.until_closed(n2.id).await;

    // A click on the notification brings the hidden window forward; the caller giving up withdraws it.
    xdo(&["key", "ctrl+alt+s"]);
    app.until_window_visible(false).await;
    let third = sim.ring(&random_number(), "8001", json!({})).await.unwrap();
    let n3 = server.until_shown(3).await;
    server.invoke(n3.id, "default").await;
    app.until_window_visible(true).await;
    assert_eq!(
        sim_state(&sim, &third).as_deref(),
        Some("Alerting"),
        "a click on the notification answers nothing"
    );
    sim.hangup(&third).await.unwrap();
    server.until_closed(n3.id).await;
    app.until_no_calls().await;

    // A server that draws no buttons is offered none (the popup is the path there).
    server.set_capabilities(&["body"]);
    let fourth = sim.ring(&random_number(), "8001", json!({})).await.unwrap();
    let n4 = server.until_shown(4).await;
    assert!(n4.buttons().is_empty(), "{n4:?}");
    sim.hangup(&fourth).await.unwrap();
    server.until_closed(n4.id).await;
    assert_eq!(server.shown(), 4, "one notification a call");
    app.close().await;
}

/// Debian's notification-daemon on the test's session bus, stopped when dropped.
struct DesktopServer(std::process::Child);

impl Drop for DesktopServer {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The bubbles the notification server shows now.
fn bubbles(server: &DesktopServer) -> Vec<String> {
    words_of(
        "xdotool",
        &[
            "search",
            "--onlyvisible",
            "--pid",
            &server.0.id().to_string(),
        ],
    )
}

#[tokio::test]
#[ignore = "needs a display and tauri-driver: run by scripts/test.sh"]
async fn a_desktop_notification_server_draws_answer_and_reject_and_the_answered_call_takes_it_away()
{
    let server = DesktopServer(
        Command::new("/usr/lib/notification-daemon/notification-daemon")
            .spawn()
            .expect("notification-daemon (apt: notification-daemon)"),
    );
    let sim = sim().await;
    let dir = profile();
    let app = App::logged_in(&sim, dir.path()).await;
    let call = sim
        .ring(
            &random_number(),
            "8001",
            json!({"customerName": "李四", "orderId": "A-2026-00042", "vip": "金卡"}),
        )
        .await
        .unwrap();
    app.until_call_state(&call, "ringing").await;
    let mut shown = Vec::new();
    for _ in 0..100 {
        shown = bubbles(&server);
        if !shown.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(shown.len(), 1, "one bubble drawn: {shown:?}");
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    shot_window(&shown[0], "notification");
    app.call_action(&call, "answer").await;
    app.until_call_state(&call, "connected").await;
    for _ in 0..100 {
        if bubbles(&server).is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(
        bubbles(&server).is_empty(),
        "the bubble taken away on answer"
    );
    app.call_action(&call, "hang_up").await;
    app.until_no_calls().await;
    app.close().await;
}
