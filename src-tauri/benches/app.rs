//! Figures of the real app in its window (WebDriver under Xvfb, like the e2e suite): ring to screen, reload
//! to full state, restart to the call on screen, link drop to re-synced, cold start, idle memory and CPU.
//! Times come from timestamps the page records itself when it has drawn something (`__wellDrawn`,
//! `__wellRenderedAt`, `__wellConnectedAt`), never from WebDriver polling, compared with the wall clock of this
//! process on the same machine.
//!
//! `bash scripts/desktop-session.sh cargo bench -p well-softphone --bench app` prints every figure;
//! `WELL_BENCH_QUICK=1` runs small counts (the test command does, to keep the bench working).

#[path = "../tests/e2e/harness.rs"]
#[allow(dead_code)]
mod harness;

use harness::*;
use serde_json::{json, Value};
use std::process::Command;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

fn now_ms() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64() * 1000.0)
        .unwrap_or_default()
}

fn quick() -> bool {
    std::env::var_os("WELL_BENCH_QUICK").is_some()
}

fn report(what: &str, target: &str, mut ms: Vec<f64>) {
    assert!(!ms.is_empty(), "{what}: no samples");
    ms.sort_by(|a, b| a.total_cmp(b));
    let at = |q: f64| ms[((ms.len() as f64 - 1.0) * q).round() as usize];
    println!(
        "{what}: n={} p50={:.1} ms p99={:.1} ms max={:.1} ms (target {target})",
        ms.len(),
        at(0.5),
        at(0.99),
        ms[ms.len() - 1]
    );
}

/// Poll (cheaply) until the page holds a number at `expr`; returns it.
async fn page_number(app: &App, expr: &str) -> f64 {
    let deadline = Instant::now() + WAIT;
    loop {
        if let Ok(Value::Number(n)) = app.client.execute(&format!("return {expr};"), vec![]).await {
            if let Some(v) = n.as_f64() {
                return v;
            }
        }
        assert!(Instant::now() < deadline, "{expr} never set");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

async fn post_ring(http: &reqwest::Client, sim: &well_sim::SimHandle) -> (String, f64) {
    let t0 = now_ms();
    let r: Value = http
        .post(format!("{}/sim/calls", sim.base_url()))
        .json(&json!({"from": random_number(), "to": "8001", "userData": {"orderId": "B-1"}}))
        .send()
        .await
        .expect("POST /sim/calls")
        .json()
        .await
        .expect("callId");
    (r["callId"].as_str().expect("callId").to_owned(), t0)
}

async fn ring_to_screen(http: &reqwest::Client, sim: &well_sim::SimHandle, app: &App, n: usize) {
    let mut ms = Vec::new();
    for _ in 0..n {
        let (call, t0) = post_ring(http, sim).await;
        let drawn = page_number(app, &format!("(window.__wellDrawn || {{}})['{call}']")).await;
        ms.push(drawn - t0);
        sim.hangup(&call).await.expect("hang up");
        app.until(
            "gone",
            "document.querySelectorAll('#call-list .call').length === 0",
        )
        .await;
    }
    report(
        "ring to screen (POST /sim/calls -> call drawn)",
        "p99 <= 50 ms",
        ms,
    );
}

async fn answered(http: &reqwest::Client, sim: &well_sim::SimHandle, app: &App) -> String {
    let (call, _) = post_ring(http, sim).await;
    app.until_call_state(&call, "ringing").await;
    app.call_action(&call, "answer").await;
    app.until_call_state(&call, "connected").await;
    call
}

async fn reload_to_screen(app: &App, call: &str, n: usize) {
    let mut ms = Vec::new();
    for _ in 0..n {
        let t0 = now_ms();
        let _ = app
            .client
            .execute(
                "window.__wellRenderedAt = null; location.reload(); return true",
                vec![],
            )
            .await;
        let rendered = page_number(app, "window.__wellRenderedAt").await;
        assert!(rendered > t0, "a render of the new page");
        assert!(
            app.js(&format!(
                "return !!document.querySelector(\"#call-list .call[data-call-id='{call}']\")"
            ))
            .await
            .as_bool()
            .unwrap_or(false),
            "the call is on screen after the reload"
        );
        ms.push(rendered - t0);
    }
    report(
        "UI reload mid-call -> full state on screen",
        "p99 <= 150 ms",
        ms,
    );
}

async fn drop_to_resync(sim: &well_sim::SimHandle, app: &App, n: usize) {
    let mut ms = Vec::new();
    for _ in 0..n {
        app.js("window.__wellConnectedAt = null; return true").await;
        let t0 = now_ms();
        sim.drop_connections();
        let back = page_number(app, "window.__wellConnectedAt").await;
        ms.push(back - t0);
    }
    report(
        "WebSocket dropped -> connected and re-synced on screen",
        "p99 <= 1.5 s",
        ms,
    );
}

/// RSS (KiB) of the app and every process below it (WebKit's web and network processes).
fn tree_rss_kib(root: u32) -> u64 {
    let out = Command::new("ps")
        .args(["-e", "-o", "pid=,ppid=,rss="])
        .output()
        .expect("ps");
    let rows: Vec<(u32, u32, u64)> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| {
            let f: Vec<u64> = l
                .split_whitespace()
                .filter_map(|x| x.parse().ok())
                .collect();
            (f.len() == 3).then(|| (f[0] as u32, f[1] as u32, f[2]))
        })
        .collect();
    let mut tree = vec![root];
    let mut i = 0;
    while i < tree.len() {
        let p = tree[i];
        tree.extend(rows.iter().filter(|r| r.1 == p).map(|r| r.0));
        i += 1;
    }
    rows.iter()
        .filter(|r| tree.contains(&r.0))
        .map(|r| r.2)
        .sum()
}

/// CPU ticks (utime + stime) of one process.
fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let after = stat.rsplit(')').next().unwrap_or_default();
    let f: Vec<u64> = after
        .split_whitespace()
        .filter_map(|x| x.parse().ok())
        .collect();
    f.get(11).copied().unwrap_or(0) + f.get(12).copied().unwrap_or(0)
}

#[tokio::main]
async fn main() {
    let (rings, reloads, restarts, drops, idle_s) = if quick() {
        (10, 5, 2, 5, 5)
    } else {
        (200, 50, 10, 50, 60)
    };
    let http = reqwest::Client::new();
    let sim = sim().await;
    let dir = profile();

    let t0 = now_ms();
    let app = App::launch_against(&sim, dir.path()).await;
    let first = page_number(&app, "window.__wellRenderedAt").await;
    println!(
        "cold start -> first render: {:.0} ms (app launch through WebDriver included)",
        first - t0
    );
    app.login("5001", "8001", "123456", "force").await;
    app.until(
        "Ready",
        "document.getElementById('agent-mode').dataset.mode === 'ready'",
    )
    .await;

    ring_to_screen(&http, &sim, &app, rings).await;
    let call = answered(&http, &sim, &app).await;
    reload_to_screen(&app, &call, reloads).await;
    drop_to_resync(&sim, &app, drops).await;

    let pid = app.pid();
    let ticks0 = cpu_ticks(pid);
    let idle0 = Instant::now();
    tokio::time::sleep(Duration::from_secs(idle_s)).await;
    let hz = 100.0; // USER_HZ on Linux: one tick is 10 ms of CPU
    let secs = idle0.elapsed().as_secs_f64();
    let ticks = cpu_ticks(pid) - ticks0;
    let cpu = if ticks == 0 {
        format!("< {:.3} % (no tick in {secs:.0} s)", 100.0 / hz / secs)
    } else {
        format!("{:.3} %", ticks as f64 / hz / secs * 100.0)
    };
    println!(
        "idle after {idle_s} s logged in on a call: RSS of the app and its WebKit processes {:.1} MiB; app CPU {cpu} of a core (target < 1 %)",
        tree_rss_kib(pid) as f64 / 1024.0
    );

    let mut ms = Vec::new();
    let mut current = app;
    for _ in 0..restarts {
        Command::new("kill")
            .args(["-9", &current.pid().to_string()])
            .status()
            .expect("kill");
        current.close().await;
        let t0 = now_ms();
        current = App::launch_against(&sim, dir.path()).await;
        let drawn = page_number(&current, &format!("(window.__wellDrawn || {{}})['{call}']")).await;
        ms.push(drawn - t0);
    }
    report(
        "app restart mid-call -> the call on screen (recovery; app launch included)",
        "p99 <= 1.5 s",
        ms,
    );
    current.close().await;
}
