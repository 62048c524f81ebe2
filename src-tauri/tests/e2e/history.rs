//! The call history in the window: newest first; an entry's item is drawn once and kept while later calls end
//! (the list is asked for again at every call's end, and a day's 200 entries were redrawn each time); its time
//! of day in the window's language, all items made again when the language changes.

use crate::harness::*;
use serde_json::json;

const ITEMS: &str = "document.querySelectorAll('#history-list li')";

#[tokio::test]
#[ignore = "needs a display and tauri-driver: run by scripts/test.sh"]
async fn the_history_keeps_the_items_it_drew_and_speaks_the_window_language() {
    let sim = sim().await;
    let dir = profile();
    let app = App::launch_against(&sim, dir.path()).await;
    app.login("5001", "8001", "123456", "force").await;
    app.until_ready().await;

    // Three calls the customer gives up on while they ring.
    for i in 1..=3 {
        let call = sim
            .ring(
                &random_number(),
                "8001",
                json!({"orderId": format!("H-{i}")}),
            )
            .await
            .unwrap();
        app.until_call_state(&call, "ringing").await;
        sim.hangup(&call).await.unwrap();
        app.until(
            &format!("{i} history entries"),
            &format!("{ITEMS}.length === {i}"),
        )
        .await;
        // A mark on the item's node itself (not in its markup): only this very node carries it.
        app.js(&format!("{ITEMS}[0].__wellCall = {i}; return true"))
            .await;
    }
    let kept = app
        .js(&format!(
            "return JSON.stringify([...{ITEMS}].map(li => li.__wellCall ?? null))"
        ))
        .await;
    assert_eq!(
        kept, "[3,2,1]",
        "newest first, and each item is the node drawn when its call ended"
    );
    let summaries = app
        .js(&format!(
            "return [...{ITEMS}].map(li => li.querySelector('.muted').textContent).join('|')"
        ))
        .await;
    assert_eq!(
        summaries, "订单号: H-3|订单号: H-2|订单号: H-1",
        "the summary speaks the call data's labels"
    );

    let when =
        format!("return [...{ITEMS}].map(li => li.querySelector('.when').textContent).join('|')");
    let zh = app.js(&when).await;
    let zh = zh.as_str().unwrap_or_default();
    let clock_24h = regex::Regex::new(r"^\d{1,2}:\d{2}:\d{2} · 未接$").unwrap();
    assert!(
        zh.split('|').all(|w| clock_24h.is_match(w)),
        "a 24-hour time and 'missed' in Chinese: {zh}"
    );

    app.click("#lang-toggle").await;
    app.until("English", "document.documentElement.lang === 'en'")
        .await;
    let en = app.js(&when).await;
    let en = en.as_str().unwrap_or_default();
    let clock_12h = regex::Regex::new(r"^\d{1,2}:\d{2}:\d{2}\s[AP]M · missed$").unwrap();
    assert!(
        en.split('|').all(|w| clock_12h.is_match(w)),
        "a 12-hour time and 'missed' in English: {en}"
    );
    let remade = app
        .js(&format!(
            "return [...{ITEMS}].every(li => li.__wellCall === undefined)"
        ))
        .await;
    assert_eq!(remade, true, "every item made again in the new language");
    app.close().await;
}
