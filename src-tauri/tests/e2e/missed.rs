//! Missed calls until seen: a call the caller gives up while it rings is marked in the history and counted
//! there and in the tray's menu text (the surfaces trace); a rejected or answered call is not; the count
//! survives a reload of the page; "mark all seen" and calling one back clear it.

use crate::harness::*;
use serde_json::{json, Value};
use std::path::Path;

/// The last text the tray's missed-calls item showed.
fn tray_missed(trace: &Path) -> String {
    std::fs::read_to_string(trace)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .rfind(|v| v["surface"] == "tray.missed")
        .and_then(|v| v["text"].as_str().map(str::to_owned))
        .unwrap_or_default()
}

async fn until_tray(trace: &Path, want: &str) {
    for _ in 0..200 {
        if tray_missed(trace) == want {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the tray showed '{}', not '{want}'", tray_missed(trace));
}

/// `[missed, seen]` of the history's entries, newest first.
async fn marks(app: &App) -> Value {
    app.js("return [...document.querySelectorAll('#history-list li')].map(li => [li.dataset.missed === 'true', li.dataset.seen === 'true'])")
        .await
}

#[tokio::test]
#[ignore = "needs a display and tauri-driver: run by scripts/test.sh"]
async fn a_call_given_up_while_ringing_counts_as_missed_in_the_tray_and_history_until_seen() {
    let sim = sim().await;
    let dir = profile();
    let trace = dir.path().join("surfaces.jsonl");
    let app = App::launch_with(
        dir.path(),
        &["--server".into(), sim.base_url()],
        &[("WELL_IPC_TRACE", trace.display().to_string())],
    )
    .await;
    app.login("5001", "8001", "123456", "force").await;
    app.until_ready().await;
    until_tray(&trace, "未接来电（0）").await;

    // The caller gives up: missed.
    let gave_up = sim.ring(&random_number(), "8001", json!({})).await.unwrap();
    app.until_call_state(&gave_up, "ringing").await;
    sim.hangup(&gave_up).await.unwrap();
    app.until_no_calls().await;
    app.until(
        "the missed call in the history",
        "document.querySelectorAll('#history-list li').length === 1",
    )
    .await;
    until_tray(&trace, "未接来电（1）").await;

    // Rejected by the agent and answered: not missed.
    let rejected = sim.ring(&random_number(), "8001", json!({})).await.unwrap();
    app.until_call_state(&rejected, "ringing").await;
    app.call_action(&rejected, "hang_up").await;
    app.until_no_calls().await;
    let answered = sim.ring(&random_number(), "8001", json!({})).await.unwrap();
    app.until_call_state(&answered, "ringing").await;
    app.call_action(&answered, "answer").await;
    app.until_call_state(&answered, "connected").await;
    app.call_action(&answered, "hang_up").await;
    app.until_no_calls().await;
    app.until(
        "three entries",
        "document.querySelectorAll('#history-list li').length === 3",
    )
    .await;
    assert_eq!(
        marks(&app).await,
        json!([[false, true], [false, true], [true, false]]),
        "only the given-up call is missed and unseen"
    );
    let outcomes = app
        .js("return [...document.querySelectorAll('#history-list .when')].map(w => w.textContent.split(' · ')[1])")
        .await;
    assert_eq!(outcomes[1], "已拒接");
    assert_eq!(outcomes[2], "未接");
    assert_eq!(app.text("#history-unseen").await, "1 个未接来电未查看");
    until_tray(&trace, "未接来电（1）").await;

    // A reload keeps it unseen (the backend holds the history).
    app.reload().await;
    app.until(
        "the history after the reload",
        "document.querySelectorAll('#history-list li').length === 3",
    )
    .await;
    assert_eq!(marks(&app).await[2], json!([true, false]));

    // Mark all seen: the history and the tray clear.
    app.click("#history-seen").await;
    app.until("no unseen mark", "document.getElementById('history-unseen').hidden && !document.querySelector('#history-list .badge')")
        .await;
    until_tray(&trace, "未接来电（0）").await;

    // Calling a missed call back sees it.
    let again = sim.ring(&random_number(), "8001", json!({})).await.unwrap();
    app.until_call_state(&again, "ringing").await;
    sim.hangup(&again).await.unwrap();
    app.until_no_calls().await;
    until_tray(&trace, "未接来电（1）").await;
    app.until(
        "the new missed call",
        "document.querySelectorAll('#history-list li .badge').length === 1",
    )
    .await;
    app.click("#history-list li:first-child button[data-redial]")
        .await;
    until_tray(&trace, "未接来电（0）").await;
    app.until(
        "seen by calling back",
        "!document.querySelector('#history-list .badge')",
    )
    .await;
    let dialled = app.calls().await;
    assert_eq!(dialled.len(), 1, "the call back is placed: {dialled:?}");
    let id = dialled[0]["id"].as_str().unwrap().to_owned();
    app.call_action(&id, "hang_up").await;
    app.until_no_calls().await;
    app.close().await;
}
