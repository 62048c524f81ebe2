//! The profile directory: settings, logs, the saved session and the keyring namespace (DESIGN "App flags").

use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub struct ProfileDir(PathBuf);

impl ProfileDir {
    /// `--profile-dir`, else the OS's per-user data folder (`~/.local/share/well-softphone/default` on Linux).
    pub fn resolve(flag: Option<&Path>) -> Result<Self, String> {
        let dir = match flag {
            Some(d) => d.to_path_buf(),
            None => dirs::data_dir()
                .ok_or("no per-user data folder on this system: give --profile-dir")?
                .join("well-softphone")
                .join("default"),
        };
        std::fs::create_dir_all(dir.join("logs"))
            .map_err(|e| format!("cannot create the profile folder {}: {e}", dir.display()))?;
        let dir = dir.canonicalize().unwrap_or(dir);
        Ok(ProfileDir(dir))
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    pub fn settings(&self) -> PathBuf {
        self.0.join("settings.json")
    }

    pub fn saved_session(&self) -> PathBuf {
        self.0.join("session.json")
    }

    pub fn logs(&self) -> PathBuf {
        self.0.join("logs")
    }

    pub fn demo_server_url(&self) -> PathBuf {
        self.0.join("demo-server.url")
    }

    /// The CRM bridge's base URL, written once it listens (tests and provisioning read it).
    pub fn integration_url(&self) -> PathBuf {
        self.0.join("integration.url")
    }

    /// The single-instance D-Bus id: one running app per profile (two profiles may run side by side).
    pub fn single_instance_id(&self) -> String {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.0.hash(&mut h);
        format!("cc.wellcloud.softphone.p{:016x}", h.finish())
    }

    /// The keyring service name: one namespace per profile, so two profiles (and parallel tests) never share
    /// a secret.
    pub fn keyring_service(&self) -> String {
        format!("cc.wellcloud.softphone:{}", self.0.display())
    }
}

/// Write a file through a temporary one and a rename, so that a crash never leaves half a file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path)
}
