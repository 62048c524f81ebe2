//! `<profile>/settings.json` on disk: loaded (a file that does not parse or check is kept aside and defaults
//! are used, with a notice) and saved atomically after the check.

use std::path::Path;
use well_codes::Code;

use super::invalid::{invalid, Invalid};
use super::Settings;
use crate::app::profile_dir::write_atomic;

/// What loading found.
#[derive(Debug)]
pub enum Loaded {
    Fine(Box<Settings>),
    /// None yet: defaults.
    Missing,
    /// Unreadable or invalid: renamed to `kept_as`, defaults in use.
    Corrupt {
        kept_as: String,
        reason: String,
    },
}

pub fn load(path: &Path) -> Loaded {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Loaded::Missing,
        Err(e) => return keep_aside(path, format!("cannot read it: {e}")),
    };
    let parsed: Result<Settings, String> = serde_json::from_str::<Settings>(&text)
        .map_err(|e| format!("not valid settings JSON: {e}"))
        .and_then(|s| s.validate().map(|()| s).map_err(|e| e.message));
    match parsed {
        Ok(s) => Loaded::Fine(Box::new(s)),
        Err(reason) => keep_aside(path, reason),
    }
}

fn keep_aside(path: &Path, reason: String) -> Loaded {
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default();
    let aside = path.with_extension(format!("json.corrupt-{stamp}"));
    let kept_as = match std::fs::rename(path, &aside) {
        Ok(()) => aside.display().to_string(),
        Err(e) => format!("(not renamed: {e})"),
    };
    tracing::warn!(%reason, %kept_as, "settings file unusable; defaults in use");
    Loaded::Corrupt { kept_as, reason }
}

pub fn save(path: &Path, s: &Settings) -> Result<(), Invalid> {
    s.validate()?;
    let text =
        serde_json::to_vec_pretty(s).map_err(|e| invalid(Code::SettingsWrite, e.to_string()))?;
    write_atomic(path, &text).map_err(|e| {
        invalid(
            Code::SettingsWrite,
            format!("cannot write {}: {e}", path.display()),
        )
    })
}
