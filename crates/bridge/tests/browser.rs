//! A CRM page of another origin in a real Chromium (playwright-core, as the simulator's browser check) uses
//! the bridge through `well-client.js` with the integration guide's snippets: see `browser/crm.mjs`. Needs
//! Chromium and `npm ci` in `crates/sim/tests/browser` (the test command does both), so plain `cargo test`
//! skips it.

mod common;

use axum::response::Html;
use axum::routing::get;
use common::*;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Duration;
use well_bridge::{Bridge, BridgeConfig, Limits, Origin, Origins};
use well_sim::{Sim, SimConfig};

#[tokio::test]
#[ignore = "needs Chromium and `npm ci` in crates/sim/tests/browser: run by scripts/test.sh"]
async fn a_crm_page_of_another_origin_runs_the_integration_guide_against_the_bridge() {
    let sim = Sim::start(SimConfig::default()).await.unwrap();
    let handle = session(&sim);
    login(&handle).await;

    // The CRM's own server, on another port: another origin.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let crm = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
    let origins = Arc::new(Origins::new([(Origin::parse(&crm).unwrap(), None)]));
    let config = move |port| BridgeConfig {
        port,
        origins: origins.clone(),
        raw_numbers: Arc::new(AtomicBool::new(false)),
        limits: Limits::default(),
    };
    let bridge = Bridge::start(config(0), handle.clone()).await.unwrap();
    let url = bridge.url();
    let port = bridge.port();
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    let page = std::fs::read_to_string(dir.join("crm.html"))
        .unwrap()
        .replace("{{BRIDGE}}", &url);
    // `POST /restart-bridge`: what an app restart does to the pages — the bridge goes and comes back, on the
    // same port, as a new run.
    let running = Arc::new(tokio::sync::Mutex::new(Some(bridge)));
    let restart = move || {
        let (running, handle, config) = (running.clone(), handle.clone(), config.clone());
        async move {
            let mut slot = running.lock().await;
            drop(slot.take());
            for _ in 0..200 {
                match Bridge::start(config(port), handle.clone()).await {
                    Ok(b) => {
                        *slot = Some(b);
                        return axum::http::StatusCode::NO_CONTENT;
                    }
                    Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
                }
            }
            axum::http::StatusCode::INTERNAL_SERVER_ERROR
        }
    };
    let app = axum::Router::new()
        .route("/", get(move || async move { Html(page) }))
        .route("/restart-bridge", axum::routing::post(restart));
    tokio::spawn(async move { axum::serve(listener, app).await });

    let playwright = dir.join("../../../sim/tests/browser/node_modules/playwright-core");
    assert!(
        playwright.exists(),
        "run `npm ci` in crates/sim/tests/browser"
    );
    let out = tokio::process::Command::new("node")
        .arg(dir.join("crm.mjs"))
        .arg(format!("{crm}/"))
        .arg(sim.base_url())
        .output()
        .await
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "the CRM page's check failed\nstdout: {stdout}\nstderr: {stderr}"
    );
    let seen: serde_json::Value = serde_json::from_str(stdout.trim()).expect("JSON");
    assert_eq!(seen["simDestForDisplay"], "客户甲");
    assert_eq!(seen["recovered"]["call"]["state"], "established");
    eprintln!(
        "ring → CRM callback {} ms, reload → recoverStateSuccess {} ms",
        seen["ringToCallbackMs"], seen["reloadToRecoveredMs"]
    );
}
