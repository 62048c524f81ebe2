//! "Export diagnostics": version, server choice, settings, keyring store, the session's counters and snapshot
//! (display forms only) and the newest log's tail, in one JSON file. Nothing secret is in any of them.

use serde_json::{json, Value};
use std::path::Path;

use crate::session::backend::Backend;

pub const FILE_NAME: &str = "well-softphone-diagnostics.json";
const LOG_TAIL_BYTES: usize = 512 * 1024;

pub async fn collect(backend: &Backend) -> Value {
    let snapshot = backend
        .handle
        .snapshot()
        .await
        .ok()
        .and_then(|s| serde_json::to_value(s).ok());
    let counters = backend
        .handle
        .diagnostics()
        .await
        .ok()
        .and_then(|d| serde_json::to_value(d).ok());
    json!({
        "app": "Well Softphone",
        "version": env!("CARGO_PKG_VERSION"),
        "os": std::env::consts::OS,
        "server": backend.server(),
        "settings": backend.settings(),
        "policy": backend.policy_view(),
        "keyring": backend.keyring_store(),
        "counters": counters,
        "snapshot": snapshot,
        "log": crate::app::logs::tail(&backend.profile.logs(), LOG_TAIL_BYTES),
    })
}

pub fn write(path: &Path, report: &Value) -> Result<(), String> {
    let text = serde_json::to_vec_pretty(report).map_err(|e| e.to_string())?;
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::profile_dir::ProfileDir;
    use crate::session::secrets::{Secrets, Store};
    use crate::session::server_choice::ServerChoice;
    use std::sync::{Arc, Mutex};
    use well_client::session::{self, LoginMode, LoginRequest, SavedSessionChange, SessionConfig};
    use well_client::ServerProfile;
    use well_protocol::event::AgentMode;
    use well_protocol::redact::Secret;
    use well_sim::directory::{AgentEntry, Directory, ExtensionEntry, Tenant};

    const PASSWORD: &str = "pw-58213-secret";
    const RAW: &str = "13987654321";

    async fn sim() -> well_sim::SimHandle {
        let directory = Directory::from_tenants(vec![Tenant {
            domain: "demo.cc".into(),
            agents: vec![AgentEntry {
                job: "5001".into(),
                password: PASSWORD.into(),
                name: "A".into(),
                enabled: true,
            }],
            extensions: vec![ExtensionEntry {
                number: "8001".into(),
                registered: true,
            }],
        }]);
        let cfg = well_sim::SimConfig {
            directory,
            ..well_sim::SimConfig::default()
        };
        well_sim::Sim::start(cfg).await.unwrap()
    }

    #[tokio::test]
    async fn the_export_holds_the_state_and_log_but_no_password_token_or_raw_number() {
        let sim = sim().await;
        let dir = tempfile::tempdir().unwrap();
        let profile = ProfileDir::resolve(Some(dir.path())).unwrap();
        let log = profile
            .logs()
            .join(format!("{}.2026-12-01", crate::app::logs::FILE_PREFIX));
        std::fs::write(log, "INFO agent logged on\n").unwrap();
        let sp = ServerProfile::new(&sim.base_url(), None, "demo.cc").unwrap();
        let (handle, mut saved) = session::spawn(SessionConfig::new(sp)).unwrap();
        handle
            .login(LoginRequest {
                job_number: "5001".into(),
                password: Secret::new(PASSWORD),
                extension: "8001".into(),
                mode: LoginMode::Force,
                agent_mode: AgentMode::Ready,
            })
            .await
            .unwrap();
        let Some(SavedSessionChange::Saved(session)) = saved.recv().await else {
            panic!("no saved session")
        };
        sim.ring(RAW, "8001", serde_json::json!({"note": RAW}))
            .await
            .unwrap();
        for _ in 0..300 {
            if !handle.snapshot().await.unwrap().calls.is_empty() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        let backend = Backend {
            handle,
            profile: profile.clone(),
            settings: Mutex::new(crate::settings::Settings::default()),
            policy: crate::policy::file::PolicyLoad::None,
            secrets: Arc::new(Secrets::with_store("t".into(), Store::MemoryOnly)),
            server: Mutex::new(ServerChoice {
                source: crate::session::server_choice::ServerSource::Flag,
                name: "--server".into(),
                base_url: sim.base_url(),
                domain: "demo.cc".into(),
            }),
            demo: tokio::sync::Mutex::new(None),
            texts: Default::default(),
            desktop: Default::default(),
            hotkeys: Mutex::new(Vec::new()),
            pending_dial: Mutex::new(None),
        };
        let out = dir.path().join("export.json");
        write(&out, &collect(&backend).await).unwrap();
        let text = std::fs::read_to_string(&out).unwrap();
        assert!(text.contains("agent logged on"), "the log tail is in it");
        assert!(text.contains("1398765****"), "the call is in it, masked");
        for secret in [PASSWORD, RAW, session.token.expose()] {
            assert!(!text.contains(secret), "a secret leaked into the export");
        }
    }
}
