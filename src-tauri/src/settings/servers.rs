//! The servers section: the server profiles (one active, none = demo mode) and the last login's agent,
//! extension and domain (no secret: those go to the keyring).

use serde::{Deserialize, Serialize};
use well_client::ServerProfile;
use well_codes::Code;

use super::invalid::{invalid, Invalid};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServerProfileSetting {
    pub name: String,
    /// `https://host:port/optional-prefix`.
    pub base_url: String,
    /// Absolute, or a path relative to the base; empty = `/api/security/login`.
    #[serde(default)]
    pub tpi_url: String,
    pub domain: String,
    /// The administrator's (from the fleet policy): shown, used, never edited or removed by the agent. Kept in
    /// the user's file so that it stays valid on its own; a start without that policy drops it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub policy: bool,
}

impl ServerProfileSetting {
    pub fn to_profile(&self) -> Result<ServerProfile, well_client::profile::ProfileError> {
        let tpi = Some(self.tpi_url.trim()).filter(|t| !t.is_empty());
        ServerProfile::new(self.base_url.trim(), tpi, self.domain.trim())
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LastLogin {
    pub agent: String,
    pub extension: String,
    pub domain: String,
}

/// Every profile named, once, with a server URL that builds.
pub(super) fn check_profiles(profiles: &[ServerProfileSetting]) -> Result<(), Invalid> {
    let mut names = std::collections::HashSet::new();
    for p in profiles {
        let name = p.name.trim();
        if name.is_empty() {
            return Err(invalid(
                Code::SettingsBadProfileName,
                "a server profile needs a name",
            ));
        }
        if !names.insert(name.to_owned()) {
            return Err(invalid(
                Code::SettingsBadProfileName,
                format!("two server profiles are named '{name}'"),
            ));
        }
        if let Err(e) = p.to_profile() {
            return Err(invalid(
                Code::SettingsBadProfileUrl,
                format!("server profile '{name}': {e}"),
            ));
        }
    }
    Ok(())
}

/// The active profile, if one is named, is in the list.
pub(super) fn check_active(
    profiles: &[ServerProfileSetting],
    active: Option<&str>,
) -> Result<(), Invalid> {
    if let Some(active) = active {
        if !profiles.iter().any(|p| p.name.trim() == active.trim()) {
            return Err(invalid(
                Code::SettingsBadActiveProfile,
                format!("the active profile '{active}' is not in the list"),
            ));
        }
    }
    Ok(())
}
