//! The real app in a real WebKitGTK window, driven over WebDriver: tauri-driver (with WebKitWebDriver) per
//! test on free ports, the app binary with its own temporary profile and the test's own simulator.

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use well_sim::{Sim, SimConfig, SimHandle};

pub const WAIT: Duration = Duration::from_secs(20);

/// Wait until `path` holds exactly `want` (a file the app writes once a service is up).
pub async fn until_file(path: &Path, want: &str) {
    let deadline = std::time::Instant::now() + WAIT;
    while std::fs::read_to_string(path).unwrap_or_default() != want {
        assert!(
            std::time::Instant::now() < deadline,
            "{} never held {want}",
            path.display()
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// A TCP port nothing listens on now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// tauri-driver on its own ports; killed on drop.
pub struct Driver {
    child: Child,
    pub port: u16,
}

impl Driver {
    /// With extra environment for the app it starts (say, a `HOME` of the test's own).
    pub fn start_with(env: &[(&str, String)]) -> Driver {
        let (port, native) = (free_port(), free_port());
        let bin = std::env::var("TAURI_DRIVER").unwrap_or_else(|_| "tauri-driver".into());
        let child = Command::new(&bin)
            .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native.to_string(),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot start {bin} (cargo install tauri-driver --locked --version '^2'): {e}"
                )
            });
        // tauri-driver forwards each request to the native driver it started (WebKitWebDriver); a request made
        // before that one listens is dropped without an answer (hyper's `IncompleteMessage`, seen on a busy
        // machine right after an app was killed): wait for both.
        let deadline = Instant::now() + Duration::from_secs(10);
        for (who, p) in [("tauri-driver", port), ("its native driver", native)] {
            while TcpStream::connect(("127.0.0.1", p)).is_err() {
                assert!(Instant::now() < deadline, "{who} did not listen on {p}");
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        Driver { child, port }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The app under test: the one cargo built, or `WELL_APP_BINARY` (the installed package's binary).
pub fn app_binary() -> PathBuf {
    std::env::var_os("WELL_APP_BINARY")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_well-softphone")))
}

/// One run of the app: the WebDriver session, its driver, and the profile it runs with.
pub struct App {
    pub client: Client,
    pub profile: PathBuf,
    _driver: Driver,
}

impl App {
    /// Start the app with `--profile-dir profile` and `args`, and wait until the page has rendered the
    /// backend's snapshot.
    pub async fn launch(profile: &Path, args: &[String]) -> App {
        App::launch_with(profile, args, &[]).await
    }

    pub async fn launch_with(profile: &Path, args: &[String], env: &[(&str, String)]) -> App {
        // Two rustls providers are compiled in (ring, and fantoccini's default): name ours.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let driver = Driver::start_with(env);
        let mut all = vec!["--profile-dir".to_owned(), profile.display().to_string()];
        // The CRM bridge only where a test asks for it: the default port may be held by another app.
        if !args.iter().any(|a| a == "--integration-port") {
            all.extend(["--integration-port".to_owned(), "0".to_owned()]);
        }
        all.extend(args.iter().cloned());
        let caps = json!({
            "browserName": "wry",
            "tauri:options": { "application": app_binary(), "args": all },
        });
        let Value::Object(caps) = caps else {
            unreachable!()
        };
        let client = ClientBuilder::rustls()
            .expect("rustls")
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{}", driver.port))
            .await
            .expect("a WebDriver session with the app");
        let app = App {
            client,
            profile: profile.to_owned(),
            _driver: driver,
        };
        app.until(
            "the page rendered",
            "document.body.dataset.ready === 'true'",
        )
        .await;
        app
    }

    /// Demo mode as an agent starts it (no `--server`): the built-in simulator, the demo agent logged in
    /// by itself, a demo call every 0.3–0.6 s.
    pub async fn launch_demo(profile: &Path) -> App {
        let args = ["--demo-autologin", "--demo-interval-ms", "300-600"].map(String::from);
        App::launch(profile, &args).await
    }

    pub async fn until_a_call_rings(&self) {
        self.until(
            "a call ringing",
            "!!document.querySelector(\"#call-list .call[data-state='ringing']\")",
        )
        .await;
    }

    pub async fn launch_against(sim: &SimHandle, profile: &Path) -> App {
        App::launch(profile, &["--server".into(), sim.base_url()]).await
    }

    /// Launched against `sim` and logged in as agent 5001 on 8001, Ready.
    pub async fn logged_in(sim: &SimHandle, profile: &Path) -> App {
        let app = App::launch_against(sim, profile).await;
        app.login("5001", "8001", "123456", "force").await;
        app.until_ready().await;
        app
    }

    /// Give the main window the X keyboard focus (no window manager under Xvfb does it on a click), for keys
    /// typed with xdotool.
    pub fn focus_main_window(&self) {
        let main = self.main_window();
        focus_window(&main);
    }

    /// The X window of the main window (the first visible one of the app: the popup comes later).
    pub fn main_window(&self) -> String {
        let pid = self.pid().to_string();
        words_of("xdotool", &["search", "--onlyvisible", "--pid", &pid])
            .into_iter()
            .find(|w| words_of("xdotool", &["getwindowname", w]).join(" ") == "Well Softphone")
            .expect("the main window on the X display")
    }

    pub async fn js(&self, body: &str) -> Value {
        self.client
            .execute(body, vec![])
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\n{body}"))
    }

    /// Poll `expr` (a JS expression) until it is true.
    pub async fn until(&self, what: &str, expr: &str) {
        let script = format!("return !!({expr});");
        let deadline = Instant::now() + WAIT;
        loop {
            if let Ok(Value::Bool(true)) = self.client.execute(&script, vec![]).await {
                return;
            }
            if Instant::now() > deadline {
                let boot = self
                    .client
                    .execute("return document.body.dataset.bootError || null", vec![])
                    .await
                    .map_err(|e| e.to_string());
                panic!(
                    "timed out waiting for {what} ({expr}); boot error: {boot:?}; log:\n{}",
                    self.log_tail()
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    pub async fn click(&self, css: &str) {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no {css}: {e}"))
            .click()
            .await
            .unwrap_or_else(|e| panic!("cannot click {css}: {e}"));
    }

    pub async fn type_into(&self, css: &str, text: &str) {
        let e = self
            .client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no {css}: {e}"));
        e.clear()
            .await
            .unwrap_or_else(|e| panic!("cannot clear {css}: {e}"));
        e.send_keys(text)
            .await
            .unwrap_or_else(|e| panic!("cannot type into {css}: {e}"));
    }

    pub async fn text(&self, css: &str) -> String {
        let q = serde_json::to_string(css).unwrap_or_default();
        self.js(&format!(
            "const e = document.querySelector({q}); return e ? e.textContent : null"
        ))
        .await
        .as_str()
        .unwrap_or_default()
        .to_owned()
    }

    /// Fill the login form and submit it.
    pub async fn login(&self, agent: &str, extension: &str, password: &str, mode: &str) {
        self.until(
            "the login form",
            "!document.getElementById('login-form').hidden",
        )
        .await;
        self.type_into("#login-agent", agent).await;
        self.type_into("#login-extension", extension).await;
        self.type_into("#login-password", password).await;
        self.js(&format!("document.getElementById('login-mode').value = '{mode}'; document.getElementById('login-ready').checked = true; return true"))
            .await;
        self.click("#login-submit").await;
    }

    /// The calls on screen: id, state, number and the call data text.
    pub async fn calls(&self) -> Vec<Value> {
        let v = self
            .js("return [...document.querySelectorAll('#call-list .call')].map(li => ({id: li.dataset.callId, state: li.dataset.state, number: li.querySelector('.number').textContent, data: li.querySelector('.userdata').textContent, actions: [...li.querySelectorAll('.actions button')].map(b => b.dataset.action)}))")
            .await;
        v.as_array().cloned().unwrap_or_default()
    }

    /// Click an action button of the call on screen.
    pub async fn call_action(&self, call: &str, action: &str) {
        self.click(&format!(
            "#call-list .call[data-call-id='{call}'] button[data-action='{action}']"
        ))
        .await;
    }

    /// The connection indicator shows the link lost, then back (after `sim.drop_connections()`).
    pub async fn until_reconnected(&self) {
        self.until(
            "reconnecting",
            "document.getElementById('connection').dataset.state === 'reconnecting'",
        )
        .await;
        self.until(
            "connected again",
            "document.getElementById('connection').dataset.state === 'connected'",
        )
        .await;
    }

    pub async fn until_call_state(&self, call: &str, state: &str) {
        self.until(
            &format!("call {call} {state}"),
            &format!("(document.querySelector(\"#call-list .call[data-call-id='{call}']\") || {{dataset: {{}}}}).dataset.state === '{state}'"),
        )
        .await;
    }

    pub fn log_tail(&self) -> String {
        well_softphone::app::logs::tail(&self.profile.join("logs"), 4000)
    }

    /// The app's own process id (found by its unique profile folder on the command line).
    pub fn pid(&self) -> u32 {
        let needle = self.profile.display().to_string();
        let out = Command::new("pgrep")
            .args([
                "-f",
                "-o",
                &format!("well-softphone --profile-dir {needle}"),
            ])
            .output()
            .expect("pgrep");
        String::from_utf8_lossy(&out.stdout)
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("no app process for {needle}"))
    }

    pub async fn close(self) {
        let _ = self.client.clone().close().await;
    }

    /// Kill the app with SIGKILL (no clean shutdown, no logout) and end the WebDriver session.
    pub async fn kill(self) {
        Command::new("kill")
            .args(["-9", &self.pid().to_string()])
            .status()
            .expect("kill");
        self.close().await;
    }

    /// `location.reload()`, then wait for the new page (the old one may answer once more before it goes).
    pub async fn reload(&self) {
        let _ = self
            .client
            .execute("location.reload(); return true", vec![])
            .await;
        self.until(
            "the reloaded page",
            "document.body.dataset.ready === 'true' && performance.getEntriesByType('navigation')[0].type === 'reload'",
        )
        .await;
    }

    /// Wait until the page is on screen (`true`) or hidden (`false`), as WebKit tells the page.
    pub async fn until_window_visible(&self, visible: bool) {
        let state = if visible { "visible" } else { "hidden" };
        self.until(
            &format!("the window {state}"),
            &format!("document.visibilityState === '{state}'"),
        )
        .await;
    }

    /// Wait until the agent bar shows the agent Ready.
    pub async fn until_ready(&self) {
        self.until(
            "Ready",
            "document.getElementById('agent-mode').dataset.mode === 'ready'",
        )
        .await;
    }

    pub async fn until_no_calls(&self) {
        self.until(
            "no calls",
            "document.querySelectorAll('#call-list .call').length === 0",
        )
        .await;
    }
}

/// A test that fails mid-way must not leave its app running (it would hold the hotkeys and the D-Bus
/// single-instance name of the next test).
impl Drop for App {
    fn drop(&mut self) {
        let needle = format!("well-softphone --profile-dir {}", self.profile.display());
        let _ = Command::new("pkill").args(["-9", "-f", &needle]).status();
    }
}

/// What a command prints, split at white space (pids from `pgrep`, window ids from `xdotool search`).
/// Run xdotool (keys on the X display, window focus), which must succeed.
pub fn xdo(args: &[&str]) {
    let ok = std::process::Command::new("xdotool")
        .args(args)
        .status()
        .expect("xdotool")
        .success();
    assert!(ok, "xdotool {args:?}");
}

/// Give an X window the keyboard focus (xdotool), waiting until it has it.
pub fn focus_window(window: &str) {
    xdo(&["windowfocus", "--sync", window]);
}

pub fn words_of(program: &str, args: &[&str]) -> Vec<String> {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program}: {e}"));
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .map(str::to_owned)
        .collect()
}

/// The simulator with the demo directory, deterministic (tests drive every remote party).
pub async fn sim() -> SimHandle {
    Sim::start(SimConfig::default())
        .await
        .expect("simulator starts")
}

pub fn profile() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("well-e2e-")
        .tempdir()
        .expect("a temporary profile")
}

/// Random, unique customer digits for a leak scan.
pub fn random_number() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(7);
    format!(
        "139{:08}",
        (nanos ^ std::process::id().wrapping_mul(2654435761)) % 100_000_000
    )
}

/// Every window's page source.
pub async fn all_sources(client: &Client) -> String {
    let mut out = String::new();
    let here = client.window().await.ok();
    for w in client.windows().await.unwrap_or_default() {
        if client.switch_to_window(w).await.is_ok() {
            out.push_str(&client.source().await.unwrap_or_default());
        }
    }
    if let Some(h) = here {
        let _ = client.switch_to_window(h).await;
    }
    out
}
