//! The platform's own browser STOMP client (stompjs 2.3.3) in Chromium against the simulator: CORS lets the
//! page read a 401 and a 451, and the subscription gets the login events. Needs Chromium and the npm packages
//! of `tests/browser` (the test command installs both), so plain `cargo test` skips it.

mod common;

use common::*;
use std::path::PathBuf;

#[tokio::test]
#[ignore = "needs Chromium and `npm ci` in crates/sim/tests/browser: run by scripts/test.sh"]
async fn the_platforms_stomp_client_in_a_browser_logs_in_and_reads_401_and_451_through_cors() {
    let sim = sim().await;
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    assert!(
        dir.join("node_modules/stompjs").exists(),
        "run `npm ci` in {}",
        dir.display()
    );
    let out = tokio::process::Command::new("node")
        .arg(dir.join("check.mjs"))
        .arg(sim.base_url())
        .output()
        .await
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "browser check failed\nstdout: {stdout}\nstderr: {stderr}"
    );
    assert!(
        stdout.contains("\"events\":[\"agentLoggedOn\",\"agentReady\"]"),
        "{stdout}"
    );
}
