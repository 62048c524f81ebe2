//! The browser page the app replaces, run beside it in the same benchmark (issue 16, point 5): Chromium with the
//! platform's STOMP client (`crates/sim/tests/browser/page.mjs`, stompjs 2.3.3), logged in as another agent on
//! the same simulator. It reports, per ringing call, when its callback wrote the DOM and when the next frame was
//! painted — the marks the app's window takes — and its browser's pid, for the footprint of its process tree.

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// When the page drew and painted one call (epoch ms).
#[derive(Clone, Copy, Debug)]
pub struct Drawn {
    pub drawn: f64,
    pub painted: f64,
}

/// The page's title (`page.mjs`), by which its window is found on the X server.
#[cfg(target_os = "linux")]
pub const TITLE: &str = "wellClient page";

pub struct Page {
    _node: Child,
    /// Chromium's browser process (its renderer and GPU processes are below it).
    pub pid: u32,
    seen: Arc<Mutex<Seen>>,
}

/// What the page reported after it was ready.
#[derive(Default)]
struct Seen {
    drawn: HashMap<String, Drawn>,
    /// The first loss it reported (its STOMP link, a heartbeat).
    lost: Option<String>,
}

impl Page {
    /// Start the page logged in as `login_id` on `ext`; waits until it is Ready.
    pub async fn start(base_url: &str, login_id: &str, ext: &str) -> Page {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../crates/sim/tests/browser");
        assert!(
            dir.join("node_modules/stompjs").exists(),
            "run `npm ci` in {}",
            dir.display()
        );
        let mut node = Command::new("node")
            .arg(dir.join("page.mjs"))
            .args([base_url, login_id, ext])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("node runs");
        let mut lines = BufReader::new(node.stdout.take().expect("stdout")).lines();
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let line = tokio::time::timeout_at(deadline.into(), lines.next_line())
                .await
                .expect("the browser page logged in within 30 s")
                .expect("its output")
                .expect("the browser page ended before it was ready");
            let v: serde_json::Value = serde_json::from_str(&line).expect("a JSON line");
            if v["ready"] == true {
                break;
            }
        }
        let pid = chromium(node.id().expect("node's pid"));
        let seen = Arc::new(Mutex::new(Seen::default()));
        let into = seen.clone();
        tokio::spawn(async move {
            while let Ok(Some(line)) = lines.next_line().await {
                let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) else {
                    continue;
                };
                let mut seen = into.lock().unwrap_or_else(|p| p.into_inner());
                if let Some(lost) = v["lost"].as_str() {
                    seen.lost.get_or_insert_with(|| lost.to_owned());
                } else if let (Some(id), Some(drawn), Some(painted)) = (
                    v["callId"].as_str(),
                    v["drawn"].as_f64(),
                    v["painted"].as_f64(),
                ) {
                    seen.drawn.insert(id.to_owned(), Drawn { drawn, painted });
                }
            }
        });
        Page {
            _node: node,
            pid,
            seen,
        }
    }

    /// The page's marks of one call, waiting for them.
    pub async fn drawn(&self, call: &str) -> Drawn {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            {
                let seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
                if let Some(d) = seen.drawn.get(call) {
                    return *d;
                }
                if let Some(lost) = &seen.lost {
                    panic!("the browser page lost its session before {call}: {lost}");
                }
            }
            assert!(
                Instant::now() < deadline,
                "the browser page never drew {call}"
            );
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }
}

/// Chromium's browser process: the child of `node` (playwright starts it).
fn chromium(node: u32) -> u32 {
    let out = std::process::Command::new("ps")
        .args(["-o", "pid=,comm=", "--ppid", &node.to_string()])
        .output()
        .expect("ps");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| l.contains("chrom"))
        .find_map(|l| l.split_whitespace().next()?.parse().ok())
        .expect("Chromium below node")
}
