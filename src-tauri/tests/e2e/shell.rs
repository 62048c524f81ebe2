//! The app as a user starts it: without a display it says how to run under Xvfb; with no server configured
//! it runs the built-in simulator, writes its URL to the profile and demo calls ring.

use crate::harness::*;
use std::process::Command;

/// Runs without a display on purpose (DISPLAY and WAYLAND_DISPLAY removed).
#[test]
fn without_a_display_the_app_says_how_to_run_under_xvfb_instead_of_crashing() {
    let dir = profile();
    let out = Command::new(app_binary())
        .args(["--profile-dir", &dir.path().display().to_string()])
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .expect("the app runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("xvfb-run"), "{err}");
}

#[test]
fn a_bad_flag_is_refused_with_a_clear_message() {
    let out = Command::new(app_binary())
        .args(["--demo-interval-ms", "fast"])
        .output()
        .expect("the app runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a number of milliseconds"));
}

#[tokio::test]
#[ignore = "needs a display and tauri-driver: run by scripts/test.sh"]
async fn demo_mode_is_the_default_and_a_demo_call_rings_with_its_data() {
    let dir = profile();
    let app = App::launch_demo(dir.path()).await;
    assert!(
        !app.js("return document.getElementById('demo-banner').hidden")
            .await
            .as_bool()
            .unwrap_or(true),
        "the window says it is a simulation"
    );
    let url = std::fs::read_to_string(dir.path().join("demo-server.url")).expect("demo-server.url");
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    app.until_a_call_rings().await;
    let calls = app.calls().await;
    assert!(
        !calls[0]["data"].as_str().unwrap_or_default().is_empty(),
        "demo calls carry call data"
    );
    let state: serde_json::Value = reqwest::get(format!("{}/sim/state", url.trim()))
        .await
        .expect("the built-in simulator answers")
        .json()
        .await
        .expect("JSON");
    assert!(state["agents"].as_array().is_some_and(|a| a
        .iter()
        .any(|a| a["agentId"] == "5001@demo.cc" && a["loggedIn"] == true)));
    app.close().await;
}
