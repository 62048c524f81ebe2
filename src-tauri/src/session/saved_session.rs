//! The saved session on disk: agent, extension, domain and the server it belongs to in
//! `<profile>/session.json`; the token in the OS keyring. Written on every change the client reports, so a
//! restart never recovers with a dead token.

use serde::{Deserialize, Serialize};
use std::path::Path;
use well_client::session::{SavedSession, SavedSessionChange};
use well_protocol::redact::Secret;

use crate::app::profile_dir::write_atomic;
use crate::session::secrets::Secrets;

const TOKEN_KEY: &str = "session-token";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct OnDisk {
    agent_id: String,
    extension_id: String,
    domain: String,
    /// The server base URL the session belongs to: a session of another server is never recovered.
    server: String,
}

/// Persist one change reported by the client.
pub fn persist(
    file: &Path,
    secrets: &Secrets,
    server: &str,
    change: &SavedSessionChange,
) -> Result<(), String> {
    match change {
        SavedSessionChange::Saved(s) => {
            let disk = OnDisk {
                agent_id: s.agent_id.clone(),
                extension_id: s.extension_id.clone(),
                domain: s.domain.clone(),
                server: server.to_owned(),
            };
            secrets.set(TOKEN_KEY, s.token.expose())?;
            let bytes = serde_json::to_vec_pretty(&disk).map_err(|e| e.to_string())?;
            write_atomic(file, &bytes).map_err(|e| format!("cannot write {}: {e}", file.display()))
        }
        SavedSessionChange::Cleared => {
            let removed = match std::fs::remove_file(file) {
                Ok(()) => Ok(()),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
                Err(e) => Err(format!("cannot remove {}: {e}", file.display())),
            };
            secrets.delete(TOKEN_KEY)?;
            removed
        }
    }
}

/// The saved session of this server, if the file and the token are both there.
pub fn load(file: &Path, secrets: &Secrets, server: &str) -> Result<Option<SavedSession>, String> {
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("cannot read {}: {e}", file.display())),
    };
    let disk: OnDisk = serde_json::from_str(&text)
        .map_err(|e| format!("{} is not a saved session: {e}", file.display()))?;
    if disk.server != server {
        tracing::info!("the saved session belongs to another server; not recovering it");
        return Ok(None);
    }
    let Some(token) = secrets.get(TOKEN_KEY)? else {
        tracing::info!("a saved session without its token in the keyring; not recovering it");
        return Ok(None);
    };
    Ok(Some(SavedSession {
        agent_id: disk.agent_id,
        extension_id: disk.extension_id,
        domain: disk.domain,
        token: Secret::new(token),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::secrets::Store;

    fn saved() -> SavedSession {
        SavedSession {
            agent_id: "5001@demo.cc".into(),
            extension_id: "8001@demo.cc".into(),
            domain: "demo.cc".into(),
            token: Secret::new("tok-123"),
        }
    }

    #[test]
    fn a_saved_session_comes_back_for_its_server_only_and_is_gone_after_clearing() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("session.json");
        let secrets = Secrets::with_store("t".into(), Store::MemoryOnly);
        persist(
            &file,
            &secrets,
            "http://a:1",
            &SavedSessionChange::Saved(saved()),
        )
        .unwrap();
        assert!(!std::fs::read_to_string(&file).unwrap().contains("tok-123"));
        assert_eq!(load(&file, &secrets, "http://a:1").unwrap(), Some(saved()));
        assert_eq!(load(&file, &secrets, "http://b:1").unwrap(), None);
        persist(&file, &secrets, "http://a:1", &SavedSessionChange::Cleared).unwrap();
        assert_eq!(load(&file, &secrets, "http://a:1").unwrap(), None);
        assert_eq!(secrets.get(TOKEN_KEY).unwrap(), None);
    }

    #[test]
    fn a_damaged_file_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("session.json");
        std::fs::write(&file, "[]").unwrap();
        let secrets = Secrets::with_store("t".into(), Store::MemoryOnly);
        assert!(load(&file, &secrets, "x")
            .unwrap_err()
            .contains("not a saved session"));
    }
}
