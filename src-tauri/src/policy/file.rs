//! Where the policy lives on each system, and reading it: absent (no policy), in force, or unusable (then
//! none of it applies and the window says why). `--policy FILE` names one for a machine that has none at its
//! system path (a test's, an evaluation's); it can never replace one an administrator installed.

use std::path::{Path, PathBuf};

use super::{Policy, PolicyFile};

/// The system path: `/etc/well-softphone/policy.json`, `%ProgramData%\Well Softphone\policy.json`,
/// `/Library/Application Support/Well Softphone/policy.json`.
pub fn system_path() -> PathBuf {
    #[cfg(windows)]
    {
        let data = std::env::var_os("ProgramData")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(r"C:\ProgramData"));
        data.join("Well Softphone").join("policy.json")
    }
    #[cfg(target_os = "macos")]
    {
        PathBuf::from("/Library/Application Support/Well Softphone/policy.json")
    }
    #[cfg(not(any(windows, target_os = "macos")))]
    {
        PathBuf::from("/etc/well-softphone/policy.json")
    }
}

/// What reading found.
#[derive(Debug)]
pub enum PolicyLoad {
    None,
    InForce(Box<Policy>),
    /// Unusable, so not applied at all.
    Unusable {
        path: String,
        reason: String,
    },
    /// `--policy` was given but the machine has its own policy, which wins.
    FlagOverruled {
        flag: String,
        load: Box<PolicyLoad>,
    },
}

/// The system's policy if it has one, else the `--policy` file if given.
pub fn load(flag: Option<&Path>) -> PolicyLoad {
    load_from(&system_path(), flag)
}

pub(crate) fn load_from(system: &Path, flag: Option<&Path>) -> PolicyLoad {
    let system_load = read(system);
    match (system_load, flag) {
        (PolicyLoad::None, Some(f)) => match read(f) {
            PolicyLoad::None => PolicyLoad::Unusable {
                path: f.display().to_string(),
                reason: "--policy names a file that does not exist".into(),
            },
            other => other,
        },
        (PolicyLoad::None, None) => PolicyLoad::None,
        (found, Some(f)) => PolicyLoad::FlagOverruled {
            flag: f.display().to_string(),
            load: Box::new(found),
        },
        (found, None) => found,
    }
}

/// `--check-policy FILE`: a one-line summary of a usable policy, or why it is not.
pub fn check_file(path: &Path) -> Result<String, String> {
    match read(path) {
        PolicyLoad::InForce(p) => {
            let locked: Vec<_> = p.locked.iter().map(|l| l.name()).collect();
            Ok(format!(
                "policy {} is usable: {} server(s), default {}, locked: {}",
                p.source,
                p.servers.len(),
                p.default_server.as_deref().unwrap_or("none"),
                if locked.is_empty() {
                    "nothing".to_owned()
                } else {
                    locked.join(", ")
                }
            ))
        }
        PolicyLoad::None => Err(format!("policy {}: no such file", path.display())),
        other => Err(other
            .problem()
            .unwrap_or_else(|| format!("policy {}: unusable", path.display()))),
    }
}

fn read(path: &Path) -> PolicyLoad {
    let shown = path.display().to_string();
    let unusable = |reason: String| PolicyLoad::Unusable {
        path: shown.clone(),
        reason,
    };
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return PolicyLoad::None,
        Err(e) => return unusable(format!("cannot read it: {e}")),
    };
    let parsed: PolicyFile = match serde_json::from_str(&text) {
        Ok(p) => p,
        Err(e) => return unusable(format!("not a valid policy: {e}")),
    };
    match Policy::check(&shown, parsed) {
        Ok(p) => PolicyLoad::InForce(Box::new(p)),
        Err(e) => unusable(e.message),
    }
}

impl PolicyLoad {
    /// The policy in force, if any.
    pub fn policy(&self) -> Option<&Policy> {
        match self {
            PolicyLoad::InForce(p) => Some(p),
            PolicyLoad::FlagOverruled { load, .. } => load.policy(),
            _ => None,
        }
    }

    /// What the window and the log should be told, in English (the window localizes by code).
    pub fn problem(&self) -> Option<String> {
        match self {
            PolicyLoad::Unusable { path, reason } => Some(format!(
                "The policy {path} is unusable and none of it applies: {reason}"
            )),
            PolicyLoad::FlagOverruled { load, .. } => load.problem(),
            _ => None,
        }
    }
}
