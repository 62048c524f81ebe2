//! The installed package, as an agent gets it: the binary that `apt install` put on the machine starts in
//! demo mode, its window loads and a demo call rings. Run by the test command after installing the .deb.

use crate::harness::*;

#[tokio::test]
#[ignore = "run by scripts/test.sh with WELL_APP_BINARY set to the installed binary"]
async fn the_installed_app_starts_in_demo_mode_and_a_demo_call_rings() {
    let installed = std::env::var("WELL_APP_BINARY")
        .expect("WELL_APP_BINARY names the installed binary (e.g. /usr/bin/well-softphone)");
    assert!(
        installed.starts_with("/usr/"),
        "this test is for an installed package, not {installed}"
    );
    let dir = profile();
    let app = App::launch_demo(dir.path()).await;
    app.until_a_call_rings().await;
    assert!(!app.calls().await.is_empty());
    app.close().await;
}
