//! The leak scan: one full run of the real app — login with "remember me", an inbound call with call data
//! through the popup, hold, an outbound call with a prefix and destForDisplay, a call-back from the history,
//! a tel: link from a second launch, a reload and an app restart mid-call, the diagnostics export — with
//! random, unique customer numbers and password, and the simulator's tokens. Every UI payload (the page's
//! leak-scan trace of replies and events), every window's DOM and field values, the tray and notification
//! texts, the log files, the profile's files and the diagnostics export are searched for the raw digits
//! (alone, with the domain, with the dial prefix), the password and the tokens: zero hits. The masked forms
//! must be found, so that the scan is known to have seen the calls.

use crate::harness::*;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};
use well_sim::{Directory, Sim, SimConfig, SimHandle};

/// Where each collected text came from, and the text.
#[derive(Default)]
struct Scan {
    texts: Vec<(String, String)>,
    ipc_payloads: usize,
}

impl Scan {
    fn add(&mut self, place: impl Into<String>, text: impl Into<String>) {
        self.texts.push((place.into(), text.into()));
    }

    /// Every window of `app`: the payloads its page received since the last visit, its DOM, its field
    /// values and its title.
    async fn windows(&mut self, app: &App, when: &str) {
        eprintln!("leak scan: {when}");
        let here = app.client.window().await.expect("current window");
        for w in app.client.windows().await.expect("windows") {
            app.client.switch_to_window(w).await.expect("switch window");
            let page = app
                .js("const t = window.__wellIpcTrace; return { trace: Array.isArray(t) ? t.splice(0) : null, \
                     dom: document.documentElement.outerHTML, title: document.title, \
                     values: [...document.querySelectorAll('input, select, textarea')].map(e => e.value), \
                     path: location.pathname }")
                .await;
            let path = page["path"].as_str().unwrap_or("?").to_owned();
            let trace = page["trace"]
                .as_array()
                .unwrap_or_else(|| panic!("{path}: no leak-scan trace (WELL_IPC_TRACE not seen)"));
            self.ipc_payloads += trace.len();
            for t in trace {
                self.add(
                    format!("{when}: {path} payload"),
                    t.as_str().unwrap_or_default(),
                );
            }
            self.add(
                format!("{when}: {path} DOM"),
                page["dom"].as_str().unwrap_or_default(),
            );
            self.add(
                format!("{when}: {path} title"),
                page["title"].as_str().unwrap_or_default(),
            );
            self.add(format!("{when}: {path} fields"), page["values"].to_string());
        }
        app.client.switch_to_window(here).await.expect("back");
    }

    /// Every file under `dir`.
    fn files(&mut self, dir: &Path) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                self.files(&path);
            } else {
                let bytes = std::fs::read(&path).unwrap_or_default();
                self.add(path.display().to_string(), String::from_utf8_lossy(&bytes));
            }
        }
    }

    fn hits(&self, needles: &[(String, String)]) -> Vec<String> {
        let mut out = Vec::new();
        for (what, needle) in needles {
            for (place, text) in &self.texts {
                if text.contains(needle.as_str()) {
                    let at = text.find(needle.as_str()).unwrap_or(0);
                    let around: String = text[at..].chars().take(needle.len() + 60).collect();
                    out.push(format!("{what} in {place}: …{around}…"));
                }
            }
        }
        out
    }

    fn contains(&self, s: &str) -> bool {
        self.texts.iter().any(|(_, t)| t.contains(s))
    }
}

fn masked(raw: &str) -> String {
    format!("{}****", &raw[..raw.len() - 4])
}

/// Four different random customer numbers.
fn numbers() -> [String; 4] {
    let mut seen = BTreeSet::new();
    while seen.len() < 4 {
        seen.insert(random_number());
        std::thread::sleep(Duration::from_millis(1));
    }
    let v: Vec<String> = seen.into_iter().collect();
    [v[0].clone(), v[1].clone(), v[2].clone(), v[3].clone()]
}

/// The demo tenant with agent 5001's password replaced by `password`.
async fn sim_with_password(dir: &Path, password: &str) -> SimHandle {
    let file = dir.join("directory.toml");
    std::fs::write(
        &file,
        format!(
            "[[tenants]]\ndomain = \"demo.cc\"\nagents = [{{ job = \"5001\", password = \"{password}\", name = \"Li\" }}]\n\
             extensions = [{{ number = \"8001\" }}, {{ number = \"8002\" }}]\n"
        ),
    )
    .expect("directory file");
    Sim::start(SimConfig {
        directory: Directory::from_file(&file).expect("directory"),
        ..SimConfig::default()
    })
    .await
    .expect("simulator")
}

/// The one call on screen.
async fn one_call(app: &App, what: &str) -> String {
    app.until(
        what,
        "document.querySelectorAll('#call-list .call').length === 1",
    )
    .await;
    app.calls().await[0]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// Click `css` until a call is on screen; the platform allows one makeCall per 2 s.
async fn dial_by_clicking(app: &App, css: &str) -> String {
    let deadline = Instant::now() + WAIT;
    loop {
        app.click(css).await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        if app.calls().await.len() == 1 {
            return one_call(app, "the dialled call").await;
        }
        if Instant::now() > deadline {
            let errors = app
                .js("return [...document.querySelectorAll('.error')].map(e => e.id + ': ' + (e.dataset.code || '') + ' ' + e.textContent)")
                .await;
            panic!("no call from {css}: {errors}\n{}", app.log_tail());
        }
    }
}

/// Export the diagnostics through the native save dialog, typing `path` into it with xdotool.
async fn export_diagnostics(app: &App, path: &Path) {
    app.click("#settings-toggle").await;
    app.until(
        "the settings",
        "!document.getElementById('settings').hidden",
    )
    .await;
    app.click("#settings-export").await;
    let pid = app.pid().to_string();
    let deadline = Instant::now() + WAIT;
    let dialog = loop {
        let windows = words_of("xdotool", &["search", "--onlyvisible", "--pid", &pid]);
        let named = |w: &String| {
            Command::new("xdotool")
                .args(["getwindowname", w])
                .output()
                .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
                .unwrap_or_default()
        };
        if let Some(w) = windows
            .iter()
            .find(|w| !named(w).is_empty() && !named(w).contains("Well Softphone"))
        {
            break w.clone();
        }
        assert!(Instant::now() < deadline, "no save dialog");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    focus_window(&dialog);
    tokio::time::sleep(Duration::from_millis(300)).await;
    xdo(&["key", "--clearmodifiers", "ctrl+a"]);
    xdo(&["type", "--delay", "5", &path.display().to_string()]);
    xdo(&["key", "Return"]);
    app.until(
        "the export done",
        "document.getElementById('settings-export-result').textContent.length > 0",
    )
    .await;
    let deadline = Instant::now() + WAIT;
    while !path.is_file() {
        assert!(Instant::now() < deadline, "no export at {}", path.display());
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    app.click("#settings-toggle").await;
    app.until(
        "the settings closed",
        "document.getElementById('settings').hidden",
    )
    .await;
}

#[tokio::test]
#[ignore = "needs a display and tauri-driver: run by scripts/test.sh"]
async fn a_full_run_shows_logs_and_exports_no_raw_number_password_or_token() {
    let work = profile();
    let dir = work.path().join("profile");
    std::fs::create_dir_all(&dir).expect("profile dir");
    let password = format!("Pw{}x", random_number());
    let sim = sim_with_password(work.path(), &password).await;
    let [inbound, outbound, linked, reloaded] = numbers();
    let surfaces: PathBuf = work.path().join("surfaces.jsonl");
    let env = [("WELL_IPC_TRACE", surfaces.display().to_string())];
    let args = ["--server".to_owned(), sim.base_url()];
    let mut scan = Scan::default();
    let mut tokens = BTreeSet::new();

    let app = App::launch_with(&dir, &args, &env).await;
    app.js("document.getElementById('login-remember').checked = true; return true")
        .await;
    app.login("5001", "8001", &password, "force").await;
    app.until("logged on", "!document.getElementById('agent-bar').hidden")
        .await;
    app.until_ready().await;
    tokens.extend(sim.session_tokens());
    scan.windows(&app, "logged in").await;

    // Inbound, with the number in the call data too; the popup shows it.
    let data = json!({"originalANI": format!("{inbound}@demo.cc"), "note": format!("vip {inbound}"), "orderId": "A-7"});
    let call = sim.ring(&inbound, "8001", data).await.unwrap();
    app.until_call_state(&call, "ringing").await;
    let deadline = Instant::now() + WAIT;
    while app.client.windows().await.map(|w| w.len()).unwrap_or(0) < 2 {
        assert!(Instant::now() < deadline, "no popup");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    scan.windows(&app, "ringing").await;
    app.call_action(&call, "answer").await;
    app.until_call_state(&call, "connected").await;
    app.call_action(&call, "hold").await;
    app.until_call_state(&call, "held").await;
    app.call_action(&call, "retrieve").await;
    app.until_call_state(&call, "connected").await;
    scan.windows(&app, "inbound call").await;
    app.call_action(&call, "hang_up").await;
    app.until_no_calls().await;

    // Outbound with the dial prefix and a display name.
    app.type_into("#dial-number", &outbound).await;
    app.js("document.getElementById('dial-prefix').value = '9'; document.getElementById('dial-dest').value = '客户乙'; return true")
        .await;
    let out_call = dial_by_clicking(&app, "#dial-call").await;
    let placed = sim
        .calls()
        .into_iter()
        .find(|c| c["callId"] == out_call.as_str())
        .expect("the outbound call on the simulator");
    assert!(
        placed["parties"]
            .to_string()
            .contains(&format!("9{outbound}")),
        "the backend dialled prefix and number: {placed}"
    );
    sim.answer(&out_call).await.unwrap();
    app.until_call_state(&out_call, "connected").await;
    scan.windows(&app, "outbound call").await;
    sim.hangup(&out_call).await.unwrap();
    app.until_no_calls().await;

    // Call the inbound customer back from the history (the oldest entry).
    app.until(
        "two history entries",
        "document.querySelectorAll('#history-list li').length === 2",
    )
    .await;
    let back = dial_by_clicking(&app, "#history-list li:last-child button[data-redial]").await;
    scan.windows(&app, "call-back").await;
    app.call_action(&back, "hang_up").await;
    app.until_no_calls().await;

    // A tel: link handed over by a second launch.
    let second = Command::new(app_binary())
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .args([
            "--profile-dir",
            &dir.display().to_string(),
            &format!("tel:{linked}"),
        ])
        .output()
        .expect("second launch");
    assert!(second.status.success(), "{second:?}");
    scan.add(
        "second launch stdout",
        String::from_utf8_lossy(&second.stdout),
    );
    scan.add(
        "second launch stderr",
        String::from_utf8_lossy(&second.stderr),
    );
    app.until(
        "the pending dial",
        "!document.getElementById('dial-pending').hidden",
    )
    .await;
    scan.windows(&app, "tel: link").await;
    let linked_call = dial_by_clicking(&app, "#dial-pending-call").await;
    app.call_action(&linked_call, "hang_up").await;
    app.until_no_calls().await;

    // A reload mid-call, then the app killed and started again mid-call.
    let call = sim
        .ring(&reloaded, "8001", json!({"orderId": "A-8"}))
        .await
        .unwrap();
    app.until_call_state(&call, "ringing").await;
    app.call_action(&call, "answer").await;
    app.until_call_state(&call, "connected").await;
    scan.windows(&app, "before the reload").await;
    app.reload().await;
    app.until_call_state(&call, "connected").await;
    scan.windows(&app, "after the reload").await;
    app.kill().await;
    let app = App::launch_with(&dir, &args, &env).await;
    app.until_call_state(&call, "connected").await;
    tokens.extend(sim.session_tokens());
    scan.windows(&app, "after the restart").await;

    let export = work.path().join("exported-diagnostics.json");
    export_diagnostics(&app, &export).await;
    scan.windows(&app, "after the export").await;
    app.call_action(&call, "hang_up").await;
    app.until_no_calls().await;
    scan.windows(&app, "the end").await;
    app.close().await;

    scan.files(&dir);
    scan.add(
        "diagnostics export",
        std::fs::read_to_string(&export).unwrap_or_default(),
    );
    scan.add(
        "native surfaces",
        std::fs::read_to_string(&surfaces).unwrap_or_default(),
    );

    let mut needles: Vec<(String, String)> = Vec::new();
    for n in [&inbound, &outbound, &linked, &reloaded] {
        needles.push((format!("raw number {n}"), n.clone()));
        needles.push((format!("{n} with the domain"), format!("{n}@demo.cc")));
        needles.push((format!("{n} with the prefix"), format!("9{n}")));
    }
    needles.push(("the password".into(), password.clone()));
    assert!(!tokens.is_empty(), "the simulator issued tokens");
    for t in &tokens {
        needles.push(("a session token".into(), t.clone()));
    }
    let hits = scan.hits(&needles);
    assert!(
        hits.is_empty(),
        "{} leak(s):\n{}",
        hits.len(),
        hits.join("\n")
    );

    // The scan saw what it had to: the payloads, the masked numbers, the native texts, the export.
    assert!(
        scan.ipc_payloads > 50,
        "only {} payloads",
        scan.ipc_payloads
    );
    for n in [&inbound, &linked, &reloaded] {
        assert!(scan.contains(&masked(n)), "{} never seen", masked(n));
    }
    assert!(
        scan.contains("客户乙"),
        "the outbound call's destForDisplay"
    );
    let native = std::fs::read_to_string(&surfaces).unwrap_or_default();
    for kind in ["tray.status", "tray.tooltip", "notification.body"] {
        assert!(native.contains(kind), "no {kind} in the surfaces trace");
    }
    assert!(
        native.contains(&masked(&inbound)),
        "the tray and notification showed the masked inbound number"
    );
    let report: Value = serde_json::from_str(&std::fs::read_to_string(&export).unwrap_or_default())
        .expect("the export is JSON");
    assert!(!report.is_null());
    assert!(
        scan.texts.iter().any(|(p, _)| p.contains("logs")),
        "the log files were read"
    );
}
