//! The user's settings in `<profile>/settings.json`, one file per section: [`servers`] (profiles, last
//! login), [`hotkeys`], [`agent`] (auto-answer, after-call work, NotReady reasons), [`call_data`] (labels and
//! "details" keys of the call data), [`integration`] (the CRM bridge, screen pop); masking and language here. Each section checks its own values ([`invalid`] is a
//! refusal); [`file`] loads and saves. No secret is ever kept here: those go to the keyring.

use serde::{Deserialize, Serialize};
use well_codes::Code;

pub mod agent;
pub mod call_data;
pub mod file;
pub mod hotkeys;
pub mod integration;
pub mod invalid;
pub mod servers;

pub use agent::{AutoAnswerSetting, Reason};
pub use call_data::CallDataSetting;
pub use hotkeys::Hotkeys;
pub use integration::{AllowedOrigin, IntegrationSetting};
pub use invalid::Invalid;
pub use servers::{LastLogin, ServerProfileSetting};

use invalid::invalid;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Settings {
    /// `zh-CN` (default) or `en`.
    pub language: String,
    pub profiles: Vec<ServerProfileSetting>,
    /// Name of the active profile; `None` runs against the built-in simulator.
    pub active_profile: Option<String>,
    pub last_login: Option<LastLogin>,
    /// An OS notification when a call rings.
    pub notifications: bool,
    /// The always-on-top incoming-call window when a call rings.
    pub popup: bool,
    pub hotkeys: Hotkeys,
    pub auto_answer: AutoAnswerSetting,
    /// After-call work ends by itself after this many seconds (0: the agent or the server ends it).
    pub auto_ready_after_s: u32,
    pub not_ready_reasons: Vec<Reason>,
    /// Keep the main window above other windows.
    pub always_on_top: bool,
    /// Start the app when the user logs in to the computer (with this profile).
    pub start_with_system: bool,
    /// How many trailing digits of a customer number are masked (at least 4).
    pub mask_digits: usize,
    /// Numbers matching this (anchored) pattern are internal extensions, shown as they are.
    pub internal_pattern: String,
    /// "Remember me": the password is in the OS keyring (never here), so an expired session is renewed and
    /// a failed recovery logs in by itself (with loginMode ask).
    pub remember_password: bool,
    pub integration: IntegrationSetting,
    /// Labels of the call data's keys and the keys shown only under "details".
    pub call_data: CallDataSetting,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            language: "zh-CN".into(),
            profiles: Vec::new(),
            active_profile: None,
            last_login: None,
            notifications: true,
            popup: true,
            hotkeys: Hotkeys::default(),
            auto_answer: AutoAnswerSetting::default(),
            auto_ready_after_s: 0,
            not_ready_reasons: agent::default_reasons(),
            always_on_top: false,
            start_with_system: false,
            remember_password: false,
            mask_digits: well_callmodel::masking::DEFAULT_MASKED_DIGITS,
            internal_pattern: well_callmodel::masking::DEFAULT_INTERNAL_PATTERN.into(),
            integration: IntegrationSetting::default(),
            call_data: CallDataSetting::default(),
        }
    }
}

pub const LANGUAGES: &[&str] = &["zh-CN", "en"];

impl Settings {
    /// The masking rule of these settings (validated, so it builds).
    pub fn mask_policy(&self) -> Result<well_callmodel::MaskPolicy, Invalid> {
        if self.mask_digits > 12 {
            return Err(invalid(
                Code::SettingsBadMasking,
                "at most 12 digits are masked",
            ));
        }
        well_callmodel::MaskPolicy::new(self.internal_pattern.trim(), self.mask_digits)
            .map_err(|e| invalid(Code::SettingsBadMasking, format!("masking: {e}")))
    }

    pub fn auto_ready_after_ms(&self) -> Option<u64> {
        (self.auto_ready_after_s > 0).then(|| u64::from(self.auto_ready_after_s) * 1000)
    }

    /// Every section checked, in the order the settings page shows them; the first refusal.
    pub fn validate(&self) -> Result<(), Invalid> {
        if !LANGUAGES.contains(&self.language.as_str()) {
            return Err(invalid(
                Code::SettingsBadLanguage,
                format!("unknown language '{}': zh-CN or en", self.language),
            ));
        }
        servers::check_profiles(&self.profiles)?;
        crate::surfaces::hotkeys::check::check(&self.hotkeys)?;
        self.auto_answer.check()?;
        self.mask_policy()?;
        agent::check_after_call(self.auto_ready_after_s, &self.not_ready_reasons)?;
        self.call_data.check()?;
        self.integration.check()?;
        servers::check_active(&self.profiles, self.active_profile.as_deref())
    }

    pub fn active(&self) -> Option<&ServerProfileSetting> {
        let name = self.active_profile.as_deref()?;
        self.profiles.iter().find(|p| p.name.trim() == name.trim())
    }
}

#[cfg(test)]
mod tests;
