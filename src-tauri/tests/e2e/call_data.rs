//! Call data an agent can read, in the real window: labels in the window's language, the server's key order,
//! the platform's keys behind "details", an unknown key still shown, a long value wrapped, a copy button that
//! puts the shown (masked) value on the clipboard, the ring's summary with the same labels, and labels
//! changed in the settings redrawing the call.

use crate::harness::*;
use serde_json::{json, Value};

/// `[key, label]` of the rows of the call's main data list or of its "details".
async fn rows(app: &App, call: &str, details: bool) -> Value {
    let list = if details {
        ".userdata-more dl"
    } else {
        ":scope > dl.userdata"
    };
    app.js(&format!(
        "const li = document.querySelector(\"#call-list .call[data-call-id='{call}']\"); \
         return [...li.querySelector('{list}').querySelectorAll('dt')].map(d => [d.dataset.key, d.textContent])"
    ))
    .await
}

async fn value_of(app: &App, call: &str, key: &str) -> String {
    app.js(&format!(
        "const li = document.querySelector(\"#call-list .call[data-call-id='{call}']\"); \
         return li.querySelector(\"dt[data-key='{key}']\").nextElementSibling.querySelector('.value').textContent"
    ))
    .await
    .as_str()
    .unwrap_or_default()
    .to_owned()
}

async fn summary_of(app: &App, call: &str) -> String {
    let s = app
        .js("return window.__TAURI__.core.invoke('get_snapshot')")
        .await;
    s["calls"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["call_id"] == call))
        .and_then(|c| c["summary"].as_str())
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
#[ignore = "needs a display and tauri-driver: run by scripts/test.sh"]
async fn call_data_is_labelled_in_the_servers_order_with_the_platforms_keys_under_details_and_copies_its_shown_value(
) {
    let sim = sim().await;
    let dir = profile();
    let app = App::logged_in(&sim, dir.path()).await;
    let raw = random_number();
    let note = format!("请回电{raw}，").repeat(12);
    let call = sim
        .ring(
            &raw,
            "8001",
            json!({"vip": "金卡", "customerName": "李四", "note": note, "orderId": "P-7"}),
        )
        .await
        .unwrap();
    app.until_call_state(&call, "ringing").await;

    assert_eq!(
        rows(&app, &call, false).await,
        json!([
            ["vip", "vip"],
            ["customerName", "客户姓名"],
            ["note", "note"],
            ["orderId", "订单号"]
        ]),
        "the server's order, labels where set, an unknown key as itself"
    );
    assert_eq!(
        rows(&app, &call, true).await,
        json!([
            ["originalANI", "原主叫号码"],
            ["originalDNIS", "原被叫号码"],
            ["originalCallId", "原呼叫 ID"]
        ]),
        "the platform's own keys under details"
    );
    let closed = app
        .js("return [...document.querySelectorAll('#call-list .userdata-more')].map(d => [d.open, d.querySelector('summary').textContent])")
        .await;
    assert_eq!(closed, json!([[false, "详情（3 项）"]]));
    let ani = value_of(&app, &call, "originalANI").await;
    assert!(!ani.contains(&raw) && ani.contains('*'), "masked: {ani}");
    assert!(
        !value_of(&app, &call, "note").await.contains(&raw),
        "masked inside text too"
    );

    // The long value wraps inside the card: several lines, nothing wider than the window.
    let wrap = app
        .js(&format!(
            "const v = document.querySelector(\"#call-list .call[data-call-id='{call}'] dt[data-key='note']\").nextElementSibling.querySelector('.value'); \
             return [v.getClientRects().length > 0 && v.offsetHeight > 3 * parseFloat(getComputedStyle(v).fontSize), \
                     document.documentElement.scrollWidth <= window.innerWidth]"
        ))
        .await;
    assert_eq!(wrap, json!([true, true]), "the long value wraps");

    // The ring's summary (popup and notification) speaks the same labels, platform keys left out.
    let summary = summary_of(&app, &call).await;
    assert!(
        summary.starts_with("vip: 金卡 · 客户姓名: 李四 · note: "),
        "{summary}"
    );

    // Copy puts the shown value on the clipboard: pasted into the dial field by the X server's keys.
    app.click(&format!(
        "#call-list .call[data-call-id='{call}'] button.copy[data-key='orderId']"
    ))
    .await;
    app.until(
        "the copy confirmed",
        "document.querySelector(\"button.copy[data-key='orderId']\").dataset.copied === 'yes'",
    )
    .await;
    app.focus_main_window();
    app.click("#dial-number").await;
    xdo(&["key", "--clearmodifiers", "ctrl+v"]);
    app.until(
        "the copied value pasted",
        "document.getElementById('dial-number').value === 'P-7'",
    )
    .await;

    // New labels and details keys from the settings redraw the ringing call.
    app.click("#settings-toggle").await;
    app.js(
        "document.getElementById('settings-call-data').value = 'customerName = 客户 | Customer\\nvip = 会员等级 | Tier'; \
         document.getElementById('settings-call-data-details').value = 'orderId，originalANI, originalCallId'; return true",
    )
    .await;
    app.click("#settings-save").await;
    app.until(
        "the settings saved",
        "document.getElementById('settings-save-result').textContent !== ''",
    )
    .await;
    assert_eq!(
        rows(&app, &call, false).await,
        json!([
            ["originalDNIS", "originalDNIS"],
            ["vip", "会员等级"],
            ["customerName", "客户"],
            ["note", "note"]
        ]),
        "a platform key out of details shows, unlabelled now"
    );
    assert_eq!(
        rows(&app, &call, true).await,
        json!([
            ["originalANI", "originalANI"],
            ["originalCallId", "originalCallId"],
            ["orderId", "orderId"]
        ])
    );

    // English labels once the window speaks English.
    app.click("#lang-toggle").await;
    app.until("English", "document.documentElement.lang === 'en'")
        .await;
    assert_eq!(
        rows(&app, &call, false).await[1],
        json!(["vip", "Tier"]),
        "English label"
    );
    let next = sim
        .ring(&random_number(), "8001", json!({"vip": "金卡"}))
        .await
        .unwrap();
    app.until_call_state(&next, "ringing").await;
    let summary = summary_of(&app, &next).await;
    assert!(
        summary.starts_with("originalDNIS: ") && summary.ends_with(" · Tier: 金卡"),
        "{summary}"
    );

    // A bad key is refused with the reason, nothing saved.
    app.js("document.getElementById('settings-call-data').value = ' = nameless'; return true")
        .await;
    app.click("#settings-save").await;
    app.until(
        "the refusal",
        "document.getElementById('settings-error').dataset.code === 'settings.bad_call_data'",
    )
    .await;
    app.close().await;
}
