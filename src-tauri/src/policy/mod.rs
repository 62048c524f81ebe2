//! The machine-wide fleet policy (README "Deploying to a fleet"): server profiles the administrator gives,
//! the default one, setting values, and the settings locked to those values. [`file`] finds and reads it;
//! [`rules`] builds the settings in effect from the user's and refuses any change of a locked one. A policy
//! applies whole or not at all: one bad field and none of it is used (with a notice).

use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use well_codes::Code;

use crate::settings::invalid::invalid;
use crate::settings::{Invalid, ServerProfileSetting, Settings};

pub mod file;
pub mod rules;

/// What an administrator can lock; each names the settings it holds to the policy's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Lock {
    /// `language`.
    Language,
    /// `maskDigits` may only grow above the policy's; `internalPattern` is the policy's.
    Masking,
    /// The whole CRM section: port, allowed origins (no page is asked about), raw numbers, screen pops,
    /// program hook.
    Integration,
    /// `autoAnswer`.
    AutoAnswer,
    /// `hotkeys`.
    Hotkeys,
    /// `startWithSystem`, applied at every start.
    Autostart,
    /// `notifications` and `popup`.
    Notifications,
    /// `callData`: the labels and the "details" keys of the call data.
    CallData,
    /// Only the policy's servers: no profile of the user's, no built-in demo, no `--server`.
    Servers,
}

impl Lock {
    /// The name in `policy.json` and in the window.
    pub fn name(self) -> &'static str {
        match self {
            Lock::Language => "language",
            Lock::Masking => "masking",
            Lock::Integration => "integration",
            Lock::AutoAnswer => "autoAnswer",
            Lock::Hotkeys => "hotkeys",
            Lock::Autostart => "autostart",
            Lock::Notifications => "notifications",
            Lock::CallData => "callData",
            Lock::Servers => "servers",
        }
    }
}

/// `policy.json` as written (see README); checked into a [`Policy`].
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PolicyFile {
    #[serde(default)]
    pub servers: Vec<ServerProfileSetting>,
    #[serde(default)]
    pub default_server: Option<String>,
    /// Setting values, in the keys of `settings.json`: locked ones are enforced, the others are the defaults
    /// of a user who has no settings yet.
    #[serde(default)]
    pub settings: serde_json::Map<String, serde_json::Value>,
    #[serde(default)]
    pub lock: BTreeSet<Lock>,
}

/// Settings a policy cannot give in `settings` (they have their own fields, or are the user's own).
const NOT_POLICY_KEYS: &[(&str, &str)] = &[
    ("profiles", "give server profiles in \"servers\""),
    ("activeProfile", "name the default in \"defaultServer\""),
    ("lastLogin", "the last login is the user's own"),
];

/// A checked policy: every value valid, so applying it cannot fail half way.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    /// Where it was read, for the window and the refusals.
    pub source: String,
    pub servers: Vec<ServerProfileSetting>,
    pub default_server: Option<String>,
    /// The app's defaults with the policy's values over them.
    pub values: Settings,
    pub locked: BTreeSet<Lock>,
}

fn bad(message: impl Into<String>) -> Invalid {
    invalid(Code::PolicyInvalid, message)
}

impl Policy {
    /// Check a parsed file whole; the first problem names the field.
    pub fn check(source: &str, f: PolicyFile) -> Result<Policy, Invalid> {
        let known = serde_json::to_value(Settings::default())
            .ok()
            .and_then(|v| v.as_object().cloned())
            .unwrap_or_default();
        for key in f.settings.keys() {
            if let Some((_, why)) = NOT_POLICY_KEYS.iter().find(|(k, _)| k == key) {
                return Err(bad(format!("\"settings\" cannot hold \"{key}\": {why}")));
            }
            if !known.contains_key(key) {
                return Err(bad(format!(
                    "\"settings\" holds \"{key}\", which is not a setting"
                )));
            }
        }
        let mut merged = known;
        merged.extend(f.settings);
        let values: Settings = serde_json::from_value(serde_json::Value::Object(merged))
            .map_err(|e| bad(format!("\"settings\": {e}")))?;
        if let Some(d) = &f.default_server {
            if !f.servers.iter().any(|p| p.name.trim() == d.trim()) {
                return Err(bad(format!(
                    "\"defaultServer\" names '{d}', which is not in \"servers\""
                )));
            }
        }
        let with_servers = Settings {
            profiles: f.servers.clone(),
            active_profile: f.default_server.clone(),
            ..values.clone()
        };
        with_servers
            .validate()
            .map_err(|e| bad(format!("{} ({})", e.message, e.code)))?;
        if f.lock.contains(&Lock::Servers) && f.servers.is_empty() {
            return Err(bad("\"servers\" is locked but the policy gives no server"));
        }
        let servers = f
            .servers
            .into_iter()
            .map(|p| ServerProfileSetting { policy: true, ..p })
            .collect();
        Ok(Policy {
            source: source.to_owned(),
            servers,
            default_server: f.default_server,
            values,
            locked: f.lock,
        })
    }

    pub fn locks(&self, lock: Lock) -> bool {
        self.locked.contains(&lock)
    }

    pub fn is_server(&self, name: &str) -> bool {
        self.servers.iter().any(|p| p.name.trim() == name.trim())
    }

    /// The refusal of a change to `lock`.
    pub fn refusal(&self, lock: Lock, what: &str) -> Invalid {
        invalid(
            Code::PolicyLocked,
            format!(
                "{what} is set by the administrator's policy ({}, lock \"{}\")",
                self.source,
                lock.name()
            ),
        )
    }

    /// What the window shows: the file and which settings are locked (the administrator's servers carry
    /// their own mark, `ServerProfileSetting::policy`).
    pub fn view(&self) -> PolicyView {
        PolicyView {
            source: Some(self.source.clone()),
            locked: self.locked.iter().copied().collect(),
            min_mask_digits: self.locks(Lock::Masking).then_some(self.values.mask_digits),
            problem: None,
        }
    }
}

/// The policy as the window sees it (`app_info().policy`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PolicyView {
    /// The file in force, `None` without one.
    pub source: Option<String>,
    pub locked: Vec<Lock>,
    /// With masking locked: the fewest digits the agent may set.
    pub min_mask_digits: Option<usize>,
    /// A policy file that is unusable (and so not applied): why.
    pub problem: Option<String>,
}

#[cfg(test)]
mod tests;
