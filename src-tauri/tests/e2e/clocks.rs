//! The window's clocks: at rest (Ready, no call) the mode shows when it began and the page changes nothing on
//! screen (a repaint a second was ~40 thread wake-ups a second across the app's processes); hovering it tells
//! how long. With a call up the time in mode counts seconds again, its tooltip the start to the second.

use crate::harness::*;
use serde_json::json;
use std::time::Duration;

/// Starts counting the changes of the time in mode and of every call timer in the window.
/// `__wellBatches` counts the observer's calls: changes made in one task (one tick) come in one call.
const WATCH: &str = "window.__wellChanges = 0; window.__wellBatches = 0; \
    const watch = new MutationObserver((records) => { window.__wellChanges += records.length; window.__wellBatches += 1; }); \
    watch.observe(document.getElementById('agent-timer'), { childList: true, characterData: true, subtree: true }); \
    watch.observe(document.getElementById('call-list'), { childList: true, characterData: true, subtree: true }); \
    window.__wellWatch = watch; return true";
const CHANGES: &str = "return [window.__wellChanges, window.__wellBatches]";
const STOP: &str = "window.__wellWatch.disconnect(); return true";

/// The changes of the clocks over `secs` seconds, and in how many ticks they came.
async fn changes_over(app: &App, secs: u64) -> (i64, i64) {
    app.js(WATCH).await;
    tokio::time::sleep(Duration::from_secs(secs)).await;
    let n = app.js(CHANGES).await;
    app.js(STOP).await;
    let at = |i: usize| n.get(i).and_then(|v| v.as_i64()).unwrap_or(-1);
    (at(0), at(1))
}

#[tokio::test]
#[ignore = "needs a display and tauri-driver: run by scripts/test.sh"]
async fn at_rest_the_mode_shows_when_it_began_and_nothing_is_redrawn() {
    let sim = sim().await;
    let dir = profile();
    let app = App::launch_against(&sim, dir.path()).await;
    app.login("5001", "8001", "123456", "force").await;
    app.until_ready().await;

    let since_zh = regex::Regex::new(r"^自 \d{1,2}:\d{2} 起$").unwrap();
    let at_rest = app.text("#agent-timer").await;
    assert!(
        since_zh.is_match(&at_rest),
        "when the mode began: {at_rest}"
    );
    let how_long = app
        .js("const t = document.getElementById('agent-timer'); t.dispatchEvent(new MouseEvent('mouseenter')); return t.title")
        .await;
    assert_eq!(how_long, "已持续 不到 1 分钟", "hovering tells how long");
    assert_eq!(
        changes_over(&app, 3).await,
        (0, 0),
        "at rest nothing on screen changes from one second to the next"
    );

    // A call rings: the time in mode and the call's timer count seconds.
    let call = sim
        .ring(&random_number(), "8001", json!({"orderId": "CLK-1"}))
        .await
        .unwrap();
    app.until_call_state(&call, "ringing").await;
    let seconds = regex::Regex::new(r"^\d+:\d{2}$").unwrap();
    let timer = app.text("#agent-timer").await;
    assert!(seconds.is_match(&timer), "m:ss with a call up: {timer}");
    let title = app
        .js("return document.getElementById('agent-timer').title")
        .await;
    let start_zh = regex::Regex::new(r"^自 \d{1,2}:\d{2}:\d{2} 起$").unwrap();
    assert!(
        start_zh.is_match(title.as_str().unwrap_or_default()),
        "with a call up the tooltip gives the mode's start to the second: {title}"
    );
    let (changed, ticks) = changes_over(&app, 3).await;
    assert!(
        changed >= 4,
        "two clocks counting seconds change at least twice each in 3 s: {changed}"
    );
    assert!(
        ticks <= 4,
        "the clocks of different origins are drawn on one tick a second: {changed} changes in {ticks} ticks"
    );

    // The customer gives up: at rest again, the start, in either language.
    sim.hangup(&call).await.unwrap();
    app.until_no_calls().await;
    app.until(
        "the start again",
        "/^自 \\d{1,2}:\\d{2} 起$/.test(document.getElementById('agent-timer').textContent)",
    )
    .await;
    app.click("#lang-toggle").await;
    app.until("English", "document.documentElement.lang === 'en'")
        .await;
    app.until(
        "the start in English",
        "/^since \\d{1,2}:\\d{2}\\s[AP]M$/.test(document.getElementById('agent-timer').textContent) \
         && document.getElementById('agent-timer').title === 'for < 1 min'",
    )
    .await;
    app.close().await;
}
