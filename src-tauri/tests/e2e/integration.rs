//! The CRM bridge in the real app: a page of an unknown origin waits until the agent answers in the window
//! (the origin shown exactly), an "always" is saved in the settings, removing it cuts the page off, the URL
//! is in `integration.url`, and a taken port is a notice, not a crash.

use crate::harness::*;
use futures_util::StreamExt;
use serde_json::Value;
use std::time::{Duration, Instant};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;

type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn page(port: u16, origin: &str) -> Ws {
    let mut req = format!("ws://127.0.0.1:{port}/ws")
        .into_client_request()
        .unwrap();
    req.headers_mut().insert("Origin", origin.parse().unwrap());
    tokio_tungstenite::connect_async(req)
        .await
        .expect("the bridge accepts the socket")
        .0
}

/// The next message's `type`, or `closed:CODE`.
async fn next(ws: &mut Ws) -> String {
    match tokio::time::timeout(WAIT, ws.next())
        .await
        .expect("a message")
    {
        Some(Ok(Message::Text(t))) => {
            let v: Value = serde_json::from_str(&t).unwrap();
            v["type"].as_str().unwrap_or_default().to_owned()
        }
        Some(Ok(Message::Close(f))) => {
            format!("closed:{}", f.map(|f| u16::from(f.code)).unwrap_or(0))
        }
        other => format!("{other:?}"),
    }
}

#[tokio::test]
#[ignore = "needs a display and tauri-driver: run by scripts/test.sh"]
async fn an_unknown_crm_origin_is_asked_in_the_window_saved_when_always_allowed_and_cut_off_when_removed(
) {
    let sim = sim().await;
    let dir = profile();
    let port = free_port();
    let args = [
        "--server".to_owned(),
        sim.base_url(),
        "--integration-port".into(),
        port.to_string(),
    ];
    let app = App::launch(dir.path(), &args).await;
    until_file(
        &dir.path().join("integration.url"),
        &format!("http://127.0.0.1:{port}"),
    )
    .await;

    let origin = "https://crm-e2e.example:8443";
    let mut ws = page(port, origin).await;
    assert_eq!(next(&mut ws).await, "waiting");
    app.until(
        "the question about the page",
        "!document.getElementById('origin-ask').hidden",
    )
    .await;
    assert_eq!(
        app.text("#origin-ask-origin").await,
        origin,
        "the origin is shown exactly"
    );
    app.click("#origin-ask-always").await;
    assert_eq!(
        next(&mut ws).await,
        "hello",
        "allowed: the page gets its session"
    );
    app.until(
        "the question closes",
        "document.getElementById('origin-ask').hidden",
    )
    .await;
    let deadline = Instant::now() + WAIT;
    loop {
        let settings =
            std::fs::read_to_string(dir.path().join("settings.json")).unwrap_or_default();
        if settings.contains(origin) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the origin was not saved: {settings}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    app.click("#settings-toggle").await;
    let remove = format!("#integration-origins li[data-origin='{origin}'] button");
    app.until(
        "the origin is listed",
        &format!("document.querySelector(\"{remove}\")"),
    )
    .await;
    app.click(&remove).await;
    loop {
        let m = next(&mut ws).await;
        if m.starts_with("closed") {
            assert_eq!(m, "closed:4003", "removed: cut off at once");
            break;
        }
    }
    app.close().await;

    // A port taken by another program (a listener of this test): the app says so and runs on.
    let holder = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let taken = holder.local_addr().unwrap().port().to_string();
    let other = profile();
    let args = [
        "--server".to_owned(),
        sim.base_url(),
        "--integration-port".into(),
        taken,
    ];
    let again = App::launch(other.path(), &args).await;
    again
        .until(
            "the port-taken notice",
            "document.querySelector('#notices [data-code=\"bridge.port_taken\"]')",
        )
        .await;
    drop(holder);
    again.close().await;
}

#[tokio::test]
#[ignore = "needs a display and tauri-driver: run by scripts/test.sh"]
async fn screen_pops_fire_once_per_call_and_trigger_across_a_reload_a_reconnect_and_a_restart_and_a_missing_hook_is_a_notice(
) {
    let sim = sim().await;
    let dir = profile();
    let settings = serde_json::json!({"integration": {
        "screenPops": [
            {"trigger": "ringing", "url": "https://crm.example/pop?c={callId}&n={number}&o={userData.orderId}&d={direction}"},
            {"trigger": "answered", "url": "https://crm.example/answered/{callId}?agent={agentId}"}
        ],
        "programHook": {"trigger": "ended", "program": "/nonexistent/well-call-hook", "args": ["{callId}"]}
    }});
    std::fs::write(dir.path().join("settings.json"), settings.to_string()).unwrap();
    let pops = dir.path().join("pops.log");
    let env = [("WELL_SCREEN_POP_LOG", pops.display().to_string())];
    let args = ["--server".to_owned(), sim.base_url()];
    let app = App::launch_with(dir.path(), &args, &env).await;
    app.login("5001", "8001", "123456", "force").await;
    app.until_ready().await;
    let caller = random_number();
    let call = sim
        .ring(&caller, "8001", serde_json::json!({"orderId": "O 7/8&9"}))
        .await
        .unwrap();
    app.until_call_state(&call, "ringing").await;
    app.call_action(&call, "answer").await;
    app.until_call_state(&call, "connected").await;
    app.reload().await;
    app.until_call_state(&call, "connected").await;
    // A lost link and its re-sync from client-state must not pop again either.
    sim.refuse_ws(2);
    sim.drop_connections();
    app.until_reconnected().await;
    app.until_call_state(&call, "connected").await;
    app.kill().await;

    let again = App::launch_with(dir.path(), &args, &env).await;
    again.until_call_state(&call, "connected").await;
    again.call_action(&call, "hang_up").await;
    again
        .until(
            "the hook's notice",
            "document.querySelector('#notices [data-code=\"screen_pop.hook_failed\"]')",
        )
        .await;
    let log = std::fs::read_to_string(&pops).unwrap_or_default();
    let masked = format!("{}%2A%2A%2A%2A", &caller[..caller.len() - 4]);
    let ringing =
        format!("Ringing\thttps://crm.example/pop?c={call}&n={masked}&o=O%207%2F8%269&d=inbound");
    let answered = format!("Answered\thttps://crm.example/answered/{call}?agent=5001%40demo.cc");
    let lines: Vec<&str> = log.lines().collect();
    assert_eq!(
        lines,
        [ringing.as_str(), answered.as_str()],
        "each pop once, encoded:\n{log}"
    );
    assert!(
        !log.contains(&caller[caller.len() - 7..]),
        "no raw number in a pop"
    );
    again.close().await;
}

/// The app as an agent starts it (no WebDriver), killed when dropped.
struct Running(std::process::Child);

impl Running {
    fn start(args: &[String]) -> Running {
        Running(
            std::process::Command::new(app_binary())
                .args(args)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .expect("the app starts"),
        )
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
#[ignore = "needs a display, Chromium and `npm ci` in crates/sim/tests/browser: run by scripts/test.sh"]
async fn a_crm_page_in_chromium_logs_in_calls_recovers_and_survives_a_restart_of_the_running_app() {
    use axum::response::Html;
    use std::sync::{Arc, Mutex};
    let sim = sim().await;
    let dir = profile();
    let port = free_port();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let crm = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
    let args: Vec<String> = [
        "--profile-dir",
        &dir.path().display().to_string(),
        "--server",
        &sim.base_url(),
        "--integration-port",
        &port.to_string(),
        "--allow-origin",
        &crm,
    ]
    .map(String::from)
    .to_vec();
    let url_file = dir.path().join("integration.url");
    let bridge = format!("http://127.0.0.1:{port}");
    let app = Arc::new(Mutex::new(Some(Running::start(&args))));
    until_file(&url_file, &bridge).await;

    let browser =
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../crates/bridge/tests/browser");
    let page = std::fs::read_to_string(browser.join("crm.html"))
        .unwrap()
        .replace("{{BRIDGE}}", &bridge);
    // `POST /restart-bridge`: the app is killed and started again, as an agent's crashed app would be.
    let restart = {
        let (app, args, url_file, bridge) =
            (app.clone(), args.clone(), url_file.clone(), bridge.clone());
        move || {
            let (app, args, url_file, bridge) =
                (app.clone(), args.clone(), url_file.clone(), bridge.clone());
            async move {
                tokio::task::spawn_blocking(move || {
                    let mut slot = app.lock().unwrap_or_else(|p| p.into_inner());
                    drop(slot.take());
                    let _ = std::fs::remove_file(&url_file);
                    *slot = Some(Running::start(&args));
                    tokio::runtime::Handle::current().block_on(until_file(&url_file, &bridge));
                })
                .await
                .map(|()| axum::http::StatusCode::NO_CONTENT)
                .unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR)
            }
        }
    };
    let server = axum::Router::new()
        .route("/", axum::routing::get(move || async move { Html(page) }))
        .route("/restart-bridge", axum::routing::post(restart));
    tokio::spawn(async move { axum::serve(listener, server).await });

    let out = tokio::process::Command::new("node")
        .arg(browser.join("crm.mjs"))
        .arg(format!("{crm}/"))
        .arg(sim.base_url())
        .arg("--login")
        .output()
        .await
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let log = well_softphone::app::logs::tail(&dir.path().join("logs"), 6000);
    assert!(
        out.status.success(),
        "the CRM page's check against the app failed\nstdout: {stdout}\nstderr: {}\napp log:\n{log}",
        String::from_utf8_lossy(&out.stderr)
    );
    let seen: Value = serde_json::from_str(stdout.trim()).expect("JSON");
    assert_eq!(seen["loggedInByThePage"], true);
    assert_eq!(seen["simDestForDisplay"], "客户甲");
    assert_eq!(seen["reconnected"]["activeCall"]["state"], "Alerting");
    drop(app.lock().unwrap_or_else(|p| p.into_inner()).take());
}
