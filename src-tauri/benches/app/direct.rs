//! The app started as an agent starts it — its binary, no WebDriver around it — and timed by its own log
//! (issue 16, point 3): the window's "rendered" line comes after its first paint in benchmark mode and carries
//! `since_start_ms`, the time since the top of `run`; the line's timestamp against the moment this process
//! spawned the app gives the figure with the process's own start (loading, linking) included.

use crate::spans;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The line `ui_rendered` logs.
const RENDERED: &str = "window rendered the backend's state";

/// One start: from spawning the process, and from the top of `run` (the app's own figure).
#[derive(Clone, Copy, Debug)]
pub struct Start {
    pub from_spawn_ms: f64,
    pub from_run_ms: f64,
}

pub struct Direct {
    child: Child,
    logs: PathBuf,
    spawned: f64,
}

impl Direct {
    /// Spawn the app with `--profile-dir profile`, `args` and the benchmark's `env`.
    pub fn spawn(binary: &Path, profile: &Path, args: &[String], env: &[(&str, String)]) -> Direct {
        let spawned = crate::now_ms();
        let child = Command::new(binary)
            .arg("--profile-dir")
            .arg(profile)
            .args(["--integration-port", "0"])
            .args(args)
            .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the app's binary starts");
        Direct {
            child,
            logs: profile.join("logs"),
            spawned,
        }
    }

    /// Wait for the main window's first "rendered" line of this run that names `call` (any line with no call
    /// asked for).
    pub async fn until_rendered(&self, call: Option<&str>) -> Start {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(start) = self.rendered(call) {
                return start;
            }
            assert!(
                Instant::now() < deadline,
                "the app logged no '{RENDERED}' line naming {call:?} within 30 s (logs in {})",
                self.logs.display()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    fn rendered(&self, call: Option<&str>) -> Option<Start> {
        let entries = std::fs::read_dir(&self.logs).ok()?;
        entries.flatten().find_map(|f| {
            let text = std::fs::read_to_string(f.path()).ok()?;
            text.lines().find_map(|line| {
                let (at, rest) = line.split_once(' ')?;
                let at = spans::epoch_ms(at)?;
                let wanted = at >= self.spawned
                    && rest.contains(RENDERED)
                    && spans::field(rest, "window") == Some("main")
                    && call.is_none_or(|c| rest.contains(&format!("\"{c}\"")));
                if !wanted {
                    return None;
                }
                Some(Start {
                    from_spawn_ms: at - self.spawned,
                    from_run_ms: spans::field(rest, "since_start_ms")?.parse().ok()?,
                })
            })
        })
    }

    /// The steps of this run's start as the app logged them (`start step` lines: what, ms since the top of
    /// `run`), in order.
    pub fn steps(&self) -> Vec<(String, f64)> {
        let Ok(entries) = std::fs::read_dir(&self.logs) else {
            return Vec::new();
        };
        let mut steps: Vec<(String, f64)> = entries
            .flatten()
            .filter_map(|f| std::fs::read_to_string(f.path()).ok())
            .flat_map(|text| {
                text.lines()
                    .filter_map(|line| {
                        let (at, rest) = line.split_once(' ')?;
                        let fresh = spans::epoch_ms(at)? >= self.spawned;
                        if !fresh || !rest.contains("start step") {
                            return None;
                        }
                        let ms = spans::field(rest, "since_start_ms")?.parse().ok()?;
                        let step = rest.split("step=").nth(1)?;
                        let step = step.split_once('"').map_or(step, |(_, s)| s);
                        let step = step.split('"').next()?.to_owned();
                        Some((step, ms))
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        steps.sort_by(|a, b| a.1.total_cmp(&b.1));
        steps
    }

    /// Kill it the hard way (a crash, a power cut: nothing saved on the way out).
    pub fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
