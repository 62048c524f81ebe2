//! Accessibility: axe-core finds no serious or critical violation on the login form or on a ringing call,
//! and login, answer, hold and hang up work by keyboard alone.

use crate::harness::*;
use fantoccini::key::Key;
use serde_json::{json, Value};

async fn axe(app: &App, when: &str) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/e2e/node_modules/axe-core/axe.min.js");
    let src = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (npm ci in src-tauri/tests/e2e)", path.display()));
    app.js(&format!("{src}; return true")).await;
    let found = app
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1]; axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' '))})))).catch(e => done([{id: 'axe-failed', impact: 'critical', nodes: [String(e)]}]));",
            vec![],
        )
        .await
        .expect("axe ran");
    let bad: Vec<&Value> = found
        .as_array()
        .into_iter()
        .flatten()
        .filter(|v| matches!(v["impact"].as_str(), Some("serious" | "critical")))
        .collect();
    assert!(
        bad.is_empty(),
        "{when}: serious or critical violations: {bad:?}"
    );
}

/// Press Tab until the focused element matches `css` (at most 40 presses), then press `key`.
async fn tab_to_and_press(app: &App, css: &str, key: Key) {
    let q = serde_json::to_string(css).unwrap_or_default();
    for _ in 0..40 {
        if app
            .js(&format!(
                "return !!document.activeElement && document.activeElement.matches({q})"
            ))
            .await
            == Value::Bool(true)
        {
            let e = app.client.active_element().await.expect("focused element");
            e.send_keys(&char::from(key).to_string())
                .await
                .expect("key press");
            return;
        }
        let e = app.client.active_element().await.expect("focused element");
        e.send_keys(&char::from(Key::Tab).to_string())
            .await
            .expect("Tab");
    }
    panic!("{css} cannot be reached by Tab");
}

async fn type_here(app: &App, text: &str) {
    let e = app.client.active_element().await.expect("focused element");
    e.send_keys(text).await.expect("typing");
}

#[tokio::test]
#[ignore = "needs a display and tauri-driver: run by scripts/test.sh"]
async fn axe_finds_no_serious_violation_and_the_main_flow_works_by_keyboard_alone() {
    let sim = sim().await;
    let dir = profile();
    let app = App::launch_against(&sim, dir.path()).await;
    app.until(
        "the login form",
        "!document.getElementById('login-form').hidden",
    )
    .await;
    axe(&app, "login form").await;

    tab_to_and_press(&app, "#login-agent", Key::Home).await;
    type_here(&app, "5001").await;
    tab_to_and_press(&app, "#login-extension", Key::Home).await;
    type_here(&app, "8001").await;
    tab_to_and_press(&app, "#login-password", Key::Home).await;
    type_here(&app, "123456").await;
    let e = app.client.active_element().await.expect("password field");
    e.send_keys(&char::from(Key::Enter).to_string())
        .await
        .expect("Enter");
    app.until("logged on", "!document.getElementById('agent-bar').hidden")
        .await;

    let call = sim
        .ring(&random_number(), "8001", json!({"orderId": "K-1"}))
        .await
        .unwrap();
    app.until_call_state(&call, "ringing").await;
    axe(&app, "ringing call").await;
    tab_to_and_press(&app, "button[data-action='answer']", Key::Enter).await;
    app.until_call_state(&call, "connected").await;
    tab_to_and_press(&app, "button[data-action='hold']", Key::Enter).await;
    app.until_call_state(&call, "held").await;
    tab_to_and_press(&app, "button[data-action='retrieve']", Key::Enter).await;
    app.until_call_state(&call, "connected").await;
    tab_to_and_press(&app, "button[data-action='hang_up']", Key::Enter).await;
    app.until_no_calls().await;
    app.close().await;
}
