//! The fleet policy in the real app (README "Deploying to a fleet"): the administrator's server is the one in
//! use, locked settings are shown locked and every command that would change them is refused, a page of an
//! origin not on the administrator's list is refused without asking the agent; a broken policy is an error
//! notice and none of it applies.

use crate::harness::*;
use crate::shots::shot;
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

/// The code a command's rejection carries, or "ok". `args` is a JavaScript expression (it may `await`).
async fn invoke_code(app: &App, command: &str, args: &str) -> String {
    let js = format!(
        "return (async () => window.__TAURI__.core.invoke('{command}', {args}))().then(() => 'ok', (e) => e.code || String(e))"
    );
    app.js(&js).await.as_str().unwrap_or_default().to_owned()
}

#[tokio::test]
#[ignore = "needs a display and tauri-driver: run by scripts/test.sh"]
async fn a_fleet_policy_picks_the_server_shows_locked_settings_and_refuses_every_locked_change() {
    let sim = sim().await;
    let dir = profile();
    let port = free_port();
    let policy_file = dir.path().join("fleet-policy.json");
    let policy = json!({
        "servers": [{"name": "Call center", "baseUrl": sim.base_url(), "domain": "demo.cc"}],
        "defaultServer": "Call center",
        "settings": {
            "language": "en",
            "maskDigits": 6,
            "autoAnswer": {"enabled": true, "delayMs": 800},
            "integration": {"port": port, "allowedOrigins": [{"origin": "https://crm.fleet.example"}]}
        },
        "lock": ["language", "masking", "autoAnswer", "hotkeys", "integration", "servers"]
    });
    std::fs::write(&policy_file, policy.to_string()).unwrap();
    let app = App::launch(
        dir.path(),
        &["--policy".into(), policy_file.display().to_string()],
    )
    .await;
    let info = app
        .js("return window.__TAURI__.core.invoke('app_info')")
        .await;
    assert_eq!(info["server"]["name"], "Call center", "{info}");
    assert_eq!(
        info["server"]["baseUrl"],
        sim.base_url().trim_end_matches('/')
    );
    assert_eq!(
        info["policy"]["locked"],
        json!([
            "language",
            "masking",
            "integration",
            "autoAnswer",
            "hotkeys",
            "servers"
        ])
    );
    app.until(
        "the ignored --integration-port of the harness is a notice",
        "!!document.querySelector('#notices [data-code=\"policy.flag_ignored\"]')",
    )
    .await;
    app.until(
        "no demo offered in the login form",
        "[...document.querySelectorAll('#login-server option')].map(o => o.value).join() === 'Call center'",
    )
    .await;

    app.click("#settings-toggle").await;
    for (id, lock) in [
        ("settings-language", "language"),
        ("lang-toggle", "language"),
        ("settings-internal", "masking"),
        ("settings-auto-answer", "autoAnswer"),
        ("hotkey-answer", "hotkeys"),
        ("integration-port", "integration"),
        ("integration-add", "integration"),
        ("profile-add-box", "servers"),
    ] {
        let expr = format!(
            "document.getElementById('{id}').disabled && document.getElementById('{id}').dataset.locked === '{lock}'"
        );
        app.until(&format!("{id} shown locked"), &expr).await;
    }
    let unlocked = app
        .js("return ['settings-popup', 'settings-autostart', 'settings-mask-digits'].map(id => document.getElementById(id).disabled)")
        .await;
    assert_eq!(
        unlocked,
        json!([false, false, false]),
        "what is not locked stays the agent's"
    );
    assert!(app
        .text("#settings-policy")
        .await
        .contains("fleet-policy.json"));
    shot(&app, "policy-settings").await;

    // The window cannot get round a lock: every command that would change one is refused.
    let with = |change: &str| {
        format!("{{new: {{...(await window.__TAURI__.core.invoke('get_settings')), {change}}}}}")
    };
    for change in [
        "language: 'zh-CN'",
        "maskDigits: 5",
        "internalPattern: '.*'",
        "autoAnswer: {enabled: false, delayMs: 0}",
        "hotkeys: {answer: 'Ctrl+Alt+Q', hangUp: '', toggleReady: '', showHide: ''}",
        "activeProfile: null",
        "profiles: []",
    ] {
        assert_eq!(
            invoke_code(&app, "set_settings", &with(change)).await,
            "policy.locked",
            "{change}"
        );
    }
    for (command, args) in [
        ("add_origin", "{origin: 'https://evil.example'}"),
        ("remove_origin", "{origin: 'https://crm.fleet.example'}"),
        (
            "decide_origin",
            "{origin: 'https://evil.example', decision: 'always'}",
        ),
    ] {
        assert_eq!(
            invoke_code(&app, command, args).await,
            "policy.locked",
            "{command}"
        );
    }
    // What the policy leaves to the agent is still saved: more masked digits, the pop-up.
    app.type_into("#settings-mask-digits", "8").await;
    app.js("document.getElementById('settings-popup').checked = false; return true")
        .await;
    app.click("#settings-save").await;
    app.until(
        "saved",
        "document.getElementById('settings-save-result').textContent !== ''",
    )
    .await;
    let saved: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("settings.json")).unwrap())
            .unwrap();
    assert_eq!(saved["maskDigits"], 8);
    assert_eq!(saved["popup"], false);
    assert_eq!(
        saved["profiles"][0]["policy"], true,
        "kept marked as the administrator's"
    );

    // A CRM page of an origin not on the administrator's list is refused, and nobody is asked.
    let url_file = dir.path().join("integration.url");
    until_file(&url_file, &format!("http://127.0.0.1:{port}")).await;
    let mut req = format!("ws://127.0.0.1:{port}/ws")
        .into_client_request()
        .unwrap();
    req.headers_mut()
        .insert("Origin", "https://evil.example".parse().unwrap());
    let refused = tokio_tungstenite::connect_async(req).await;
    assert!(
        matches!(&refused, Err(tokio_tungstenite::tungstenite::Error::Http(r)) if r.status() == 403),
        "{refused:?}"
    );
    app.until(
        "listed as refused, not asked",
        "!!document.querySelector(\"#integration-origins li[data-origin='https://evil.example'][data-access='denied']\") && document.getElementById('origin-ask').hidden",
    )
    .await;
    app.close().await;
}

#[tokio::test]
#[ignore = "needs a display and tauri-driver: run by scripts/test.sh"]
async fn a_broken_policy_is_an_error_notice_and_none_of_it_applies() {
    let sim = sim().await;
    let dir = profile();
    let policy_file = dir.path().join("policy.json");
    // Valid JSON, one lock name misspelt: the masking it also asks for must not apply either.
    std::fs::write(
        &policy_file,
        r#"{"settings": {"maskDigits": 9}, "lock": ["masking", "hotkey"]}"#,
    )
    .unwrap();
    let app = App::launch(
        dir.path(),
        &[
            "--server".into(),
            sim.base_url(),
            "--policy".into(),
            policy_file.display().to_string(),
        ],
    )
    .await;
    app.until(
        "an error notice",
        "!!document.querySelector('#notices .notice.error[data-code=\"policy.invalid\"]')",
    )
    .await;
    let info = app
        .js("return window.__TAURI__.core.invoke('app_info')")
        .await;
    assert_eq!(info["policy"]["source"], Value::Null);
    let problem = info["policy"]["problem"].as_str().unwrap_or_default();
    assert!(
        problem.contains("hotkey") && problem.contains("policy.json"),
        "{problem}"
    );
    let s = app
        .js("return window.__TAURI__.core.invoke('get_settings')")
        .await;
    assert_eq!(s["maskDigits"], 4, "nothing of the broken policy applies");
    app.click("#settings-toggle").await;
    assert_eq!(
        app.js("return document.getElementById('settings-internal').disabled")
            .await,
        false
    );
    let log = well_softphone::app::logs::tail(&dir.path().join("logs"), 1 << 20);
    assert!(log.contains("fleet policy not applied"), "{log}");
    app.close().await;
}
