//! Load: N generated agents logged in and subscribed on one simulator process, then a call rung at each; every
//! `delivered` must arrive. Prints agents, the time to deliver all rings, events/s, and the simulator's RSS.
//!
//! `cargo bench -p well-sim --bench load` (500 agents; `LOAD_AGENTS=N` to change). Under `cargo test` it runs
//! with 20 agents, as a check that the harness works.

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use std::io::{BufRead, BufReader};
use std::process::{Command as Process, Stdio};
use std::time::{Duration, Instant};
use tokio_tungstenite::tungstenite::Message;
use well_protocol::stomp::{Command, Decoder, Frame, Item};

type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn send(ws: &mut Ws, f: Frame) {
    let text = String::from_utf8(f.to_bytes().expect("frame")).expect("utf-8");
    ws.send(Message::Text(text.into())).await.expect("send");
}

/// The next frame on this socket (heart-beats skipped).
async fn frame(ws: &mut Ws, dec: &mut Decoder) -> Frame {
    loop {
        if let Some(Item::Frame(f)) = dec.next().expect("decodes") {
            return f;
        }
        match tokio::time::timeout(Duration::from_secs(30), ws.next()).await {
            Ok(Some(Ok(Message::Text(t)))) => dec.push(t.as_bytes()),
            other => panic!("socket ended: {other:?}"),
        }
    }
}

/// TPI login, STOMP subscribe with receipt, agent Login; returns the socket after the two login events.
async fn agent(base: String, ws_url: String, i: usize) -> (Ws, Decoder) {
    let http = reqwest::Client::new();
    let job = (5001 + i).to_string();
    let ext = (8001 + i).to_string();
    let r: Value = http
        .post(format!("{base}/api/security/login"))
        .form(&[
            ("username", job.as_str()),
            ("password", "123456"),
            ("namespace", "demo.cc"),
        ])
        .send()
        .await
        .expect("TPI")
        .json()
        .await
        .expect("TPI JSON");
    let session = r["sessionId"].as_str().expect("sessionId").to_owned();
    let (mut ws, _) = tokio_tungstenite::connect_async(&ws_url)
        .await
        .expect("websocket");
    let mut dec = Decoder::default();
    send(
        &mut ws,
        Frame::new(Command::Connect)
            .header("accept-version", "1.1")
            .header("heart-beat", "0,0"),
    )
    .await;
    frame(&mut ws, &mut dec).await;
    let dest = format!("/topic/event.agent.*.{job}@demo_cc");
    send(
        &mut ws,
        Frame::new(Command::Subscribe)
            .header("id", "sub-0")
            .header("destination", &dest)
            .header("receipt", "r"),
    )
    .await;
    frame(&mut ws, &mut dec).await;
    let body = json!({"loginId": format!("{job}@demo.cc"), "device": format!("{ext}@demo.cc"), "password": "123456",
                      "agentMode": "Ready", "func": "Login", "sessionId": session});
    let status = http
        .post(format!("{base}/api/csta/agent/state"))
        .header("sessionId", &session)
        .json(&body)
        .send()
        .await
        .expect("login")
        .status();
    assert_eq!(status, 204);
    frame(&mut ws, &mut dec).await;
    frame(&mut ws, &mut dec).await;
    (ws, dec)
}

fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|n| n.parse().ok())
}

#[tokio::main]
async fn main() {
    let benching = std::env::args().any(|a| a == "--bench");
    let n: usize = std::env::var("LOAD_AGENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if benching { 500 } else { 20 });
    let mut sim = Process::new(env!("CARGO_BIN_EXE_well-sim"))
        .args(["--port", "0", "--agents", &n.to_string()])
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("well-sim starts");
    // Keep reading the simulator's stdout for as long as it lives, so that it never writes to a closed pipe.
    let stdout = sim.stdout.take().expect("stdout");
    let (url_tx, url_rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(u) = line.trim().strip_prefix("REST base:") {
                let _ = url_tx.send(u.trim().to_owned());
            }
        }
    });
    let base = url_rx
        .recv_timeout(Duration::from_secs(30))
        .expect("the simulator prints its URL");
    let ws_url = format!("{}/mvc/stomp/websocket", base.replacen("http", "ws", 1));

    let started = Instant::now();
    let mut sockets = Vec::with_capacity(n);
    for chunk in (0..n).collect::<Vec<_>>().chunks(50) {
        let batch = futures_util::future::join_all(
            chunk
                .iter()
                .map(|&i| agent(base.clone(), ws_url.clone(), i)),
        )
        .await;
        sockets.extend(batch);
    }
    let login_time = started.elapsed();

    let http = reqwest::Client::new();
    let ringing = Instant::now();
    let waits = sockets.into_iter().map(|(mut ws, mut dec)| async move {
        let f = frame(&mut ws, &mut dec).await;
        assert!(
            f.body_text().unwrap_or_default().contains("\"delivered\""),
            "a delivered for every agent"
        );
        ws
    });
    let rings = futures_util::future::join_all((0..n).map(|i| {
        let http = http.clone();
        let url = format!("{base}/sim/calls");
        async move {
            let r = http
                .post(url)
                .json(&json!({"from": format!("139{:08}", i), "to": (8001 + i).to_string()}))
                .send()
                .await
                .expect("ring");
            assert_eq!(r.status(), 201);
        }
    }));
    let (_, received) = tokio::join!(rings, futures_util::future::join_all(waits));
    let ring_time = ringing.elapsed();
    let rss = rss_kib(sim.id());
    println!(
        "agents logged in and subscribed: {} in {:.2} s",
        received.len(),
        login_time.as_secs_f64()
    );
    println!(
        "calls rung and every delivered received: {} in {:.3} s = {:.0} events/s",
        n,
        ring_time.as_secs_f64(),
        n as f64 / ring_time.as_secs_f64()
    );
    match rss {
        Some(kib) => println!(
            "simulator RSS with {n} agents and {n} calls: {:.1} MiB",
            kib as f64 / 1024.0
        ),
        None => println!("simulator RSS: unavailable (no /proc)"),
    }
    let _ = sim.kill();
    let _ = sim.wait();
}
