//! The user's settings in `<profile>/settings.json`: language, server profiles (one active, none = demo mode),
//! and the last login's agent, extension and domain (no secret ever: those go to the keyring). A file that does
//! not parse is kept aside and defaults are used, with a notice.

use serde::{Deserialize, Serialize};
use std::path::Path;
use well_client::ServerProfile;
use well_codes::Code;

use crate::profile_dir::write_atomic;

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

/// Global hotkeys as accelerators (`Ctrl+Alt+A`); an empty one is off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Hotkeys {
    pub answer: String,
    pub hang_up: String,
    pub toggle_ready: String,
    pub show_hide: String,
}

impl Default for Hotkeys {
    fn default() -> Self {
        Hotkeys {
            answer: "Ctrl+Alt+A".into(),
            hang_up: "Ctrl+Alt+H".into(),
            toggle_ready: "Ctrl+Alt+R".into(),
            show_hide: "Ctrl+Alt+S".into(),
        }
    }
}

impl Hotkeys {
    pub fn entries(&self) -> [(&'static str, &str); 4] {
        [
            ("answer", &self.answer),
            ("hang_up", &self.hang_up),
            ("toggle_ready", &self.toggle_ready),
            ("show_hide", &self.show_hide),
        ]
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AutoAnswerSetting {
    pub enabled: bool,
    pub delay_ms: u64,
}

impl Default for AutoAnswerSetting {
    fn default() -> Self {
        AutoAnswerSetting {
            enabled: false,
            delay_ms: 500,
        }
    }
}

/// A NotReady reason: the code the server gets and the label the agent reads (empty: the UI's own text
/// for that code).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Reason {
    pub code: String,
    #[serde(default)]
    pub label: String,
}

fn default_reasons() -> Vec<Reason> {
    ["1", "2", "3", "4"]
        .iter()
        .map(|c| Reason {
            code: (*c).into(),
            label: String::new(),
        })
        .collect()
}

/// An origin allowed to use the CRM bridge always, and when it last did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AllowedOrigin {
    pub origin: String,
    #[serde(default)]
    pub last_used_ms: Option<u64>,
}

/// A browser page opened for a call (README "Integrating a CRM", screen pop).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScreenPopSetting {
    pub trigger: well_bridge::screen_pop::Trigger,
    /// `https://crm.example/pop?caller={number}&order={userData.orderId}`.
    pub url: String,
}

/// A program run for a call (MicroSIP/3CX style), without a shell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProgramHook {
    pub trigger: well_bridge::screen_pop::Trigger,
    pub program: String,
    #[serde(default)]
    pub args: Vec<String>,
}

/// The CRM bridge (README "Integrating a CRM").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct IntegrationSetting {
    /// The loopback port of the bridge; 0 turns it off. Takes effect at the next start.
    pub port: u16,
    pub allowed_origins: Vec<AllowedOrigin>,
    /// Send raw customer numbers to allowed origins (an administrator's choice; off by default).
    pub raw_numbers: bool,
    pub screen_pops: Vec<ScreenPopSetting>,
    pub program_hook: Option<ProgramHook>,
}

impl Default for IntegrationSetting {
    fn default() -> Self {
        IntegrationSetting {
            port: well_bridge::DEFAULT_PORT,
            allowed_origins: Vec::new(),
            raw_numbers: false,
            screen_pops: Vec::new(),
            program_hook: None,
        }
    }
}

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
            not_ready_reasons: default_reasons(),
            always_on_top: false,
            start_with_system: false,
            remember_password: false,
            mask_digits: well_callmodel::masking::DEFAULT_MASKED_DIGITS,
            internal_pattern: well_callmodel::masking::DEFAULT_INTERNAL_PATTERN.into(),
            integration: IntegrationSetting::default(),
        }
    }
}

pub const LANGUAGES: &[&str] = &["zh-CN", "en"];

/// A refused value: the stable code the UI localizes by and an English message naming the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct Invalid {
    pub code: Code,
    pub message: String,
}

fn invalid(code: Code, message: impl Into<String>) -> Invalid {
    Invalid {
        code,
        message: message.into(),
    }
}

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

    pub fn validate(&self) -> Result<(), Invalid> {
        if !LANGUAGES.contains(&self.language.as_str()) {
            return Err(invalid(
                Code::SettingsBadLanguage,
                format!("unknown language '{}': zh-CN or en", self.language),
            ));
        }
        let mut names = std::collections::HashSet::new();
        for p in &self.profiles {
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
        for (name, accel) in self.hotkeys.entries() {
            if !accel.trim().is_empty()
                && accel
                    .parse::<tauri_plugin_global_shortcut::Shortcut>()
                    .is_err()
            {
                return Err(invalid(
                    Code::SettingsBadHotkey,
                    format!("the {name} hotkey '{accel}' is not a key combination like Ctrl+Alt+A"),
                ));
            }
        }
        let keys: Vec<String> = self
            .hotkeys
            .entries()
            .iter()
            .map(|(_, a)| a.trim().to_ascii_lowercase())
            .filter(|a| !a.is_empty())
            .collect();
        if keys.iter().enumerate().any(|(i, k)| keys[..i].contains(k)) {
            return Err(invalid(
                Code::SettingsBadHotkey,
                "two hotkeys use the same keys",
            ));
        }
        if self.auto_answer.delay_ms > 30_000 {
            return Err(invalid(
                Code::SettingsBadAutoAnswer,
                "the auto-answer delay is at most 30000 ms",
            ));
        }
        self.mask_policy()?;
        if self.auto_ready_after_s > 3600 {
            return Err(invalid(
                Code::SettingsBadAutoReady,
                "after-call work ends by itself after at most 3600 s",
            ));
        }
        let mut codes = std::collections::HashSet::new();
        for r in &self.not_ready_reasons {
            let code = r.code.trim();
            let fine = !code.is_empty()
                && code.len() <= 8
                && code.chars().all(|c| c.is_ascii_alphanumeric());
            if !fine || !codes.insert(code.to_owned()) {
                return Err(invalid(
                    Code::SettingsBadReason,
                    format!(
                        "NotReady reason code '{code}' must be 1-8 letters or digits, once each"
                    ),
                ));
            }
            if r.label.chars().count() > 40 {
                return Err(invalid(
                    Code::SettingsBadReason,
                    "a reason's label is at most 40 characters",
                ));
            }
        }
        let port = self.integration.port;
        if port != 0 && port < 1024 {
            return Err(invalid(
                Code::SettingsBadIntegrationPort,
                format!("integration port {port}: give 1024-65535, or 0 to turn the bridge off"),
            ));
        }
        for o in &self.integration.allowed_origins {
            if let Err(e) = well_bridge::Origin::parse(&o.origin) {
                return Err(invalid(Code::SettingsBadOrigin, e.to_string()));
            }
        }
        for p in &self.integration.screen_pops {
            if let Err(e) = well_bridge::screen_pop::check_url(&p.url) {
                return Err(invalid(Code::SettingsBadScreenPop, e.to_string()));
            }
        }
        if let Some(h) = &self.integration.program_hook {
            let bad = |m: String| Err(invalid(Code::SettingsBadProgramHook, m));
            if h.program.trim().is_empty() {
                return bad("the program hook needs a program".into());
            }
            for a in &h.args {
                if let Err(e) = well_bridge::screen_pop::check_arg(a) {
                    return bad(e.to_string());
                }
            }
        }
        if let Some(active) = &self.active_profile {
            if !self.profiles.iter().any(|p| p.name.trim() == active.trim()) {
                return Err(invalid(
                    Code::SettingsBadActiveProfile,
                    format!("the active profile '{active}' is not in the list"),
                ));
            }
        }
        Ok(())
    }

    pub fn active(&self) -> Option<&ServerProfileSetting> {
        let name = self.active_profile.as_deref()?;
        self.profiles.iter().find(|p| p.name.trim() == name.trim())
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    fn profile(name: &str, url: &str) -> ServerProfileSetting {
        ServerProfileSetting {
            name: name.into(),
            base_url: url.into(),
            tpi_url: String::new(),
            domain: "demo.cc".into(),
        }
    }

    #[test]
    fn settings_round_trip_through_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        let s = Settings {
            language: "en".into(),
            profiles: vec![profile("prod", "https://cti.example:5088/sdk")],
            active_profile: Some("prod".into()),
            last_login: Some(LastLogin {
                agent: "5001".into(),
                extension: "8001".into(),
                domain: "demo.cc".into(),
            }),
            popup: false,
            hotkeys: Hotkeys {
                answer: "Ctrl+Shift+F1".into(),
                ..Hotkeys::default()
            },
            ..Settings::default()
        };
        save(&path, &s).unwrap();
        match load(&path) {
            Loaded::Fine(back) => assert_eq!(*back, s),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_corrupt_file_is_kept_aside_and_defaults_are_used() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        std::fs::write(&path, "{ not json").unwrap();
        let Loaded::Corrupt { kept_as, .. } = load(&path) else {
            panic!("corrupt file accepted")
        };
        assert!(!path.exists());
        assert_eq!(std::fs::read_to_string(kept_as).unwrap(), "{ not json");
        assert!(matches!(load(&path), Loaded::Missing));
    }

    #[test]
    fn invalid_values_are_refused_with_their_code() {
        let mut s = Settings {
            language: "fr".into(),
            ..Settings::default()
        };
        assert_eq!(s.validate().unwrap_err().code, "settings.bad_language");
        s.language = "en".into();
        s.profiles = vec![profile("a", "ftp://nope")];
        assert_eq!(s.validate().unwrap_err().code, "settings.bad_profile_url");
        s.profiles = vec![profile("a", "http://x:1"), profile("a", "http://y:1")];
        assert_eq!(s.validate().unwrap_err().code, "settings.bad_profile_name");
        s.profiles.pop();
        s.active_profile = Some("b".into());
        assert_eq!(
            s.validate().unwrap_err().code,
            "settings.bad_active_profile"
        );
        s.active_profile = Some("a".into());
        assert!(s.validate().is_ok());
        s.hotkeys.answer = "Ctrl+Banana".into();
        assert_eq!(s.validate().unwrap_err().code, "settings.bad_hotkey");
        s.hotkeys.answer = "ctrl+alt+h".into();
        assert_eq!(
            s.validate().unwrap_err().code,
            "settings.bad_hotkey",
            "same as hang up"
        );
        s.hotkeys.answer = String::new();
        assert!(s.validate().is_ok(), "an empty hotkey is off");
        s.auto_answer.delay_ms = 60_000;
        assert_eq!(s.validate().unwrap_err().code, "settings.bad_auto_answer");
        s.auto_answer.delay_ms = 800;
        s.auto_ready_after_s = 7200;
        assert_eq!(s.validate().unwrap_err().code, "settings.bad_auto_ready");
        s.auto_ready_after_s = 30;
        s.mask_digits = 3;
        assert_eq!(
            s.validate().unwrap_err().code,
            "settings.bad_masking",
            "fewer than 4"
        );
        s.mask_digits = 6;
        s.internal_pattern = "8(\\d".into();
        assert_eq!(
            s.validate().unwrap_err().code,
            "settings.bad_masking",
            "bad pattern"
        );
        s.internal_pattern = "6\\d{3}".into();
        assert_eq!(
            s.mask_policy().unwrap().display("13812345678"),
            "13812******"
        );
        assert_eq!(s.mask_policy().unwrap().display("6001@demo.cc"), "6001");
        s.not_ready_reasons.push(Reason {
            code: "1".into(),
            label: "again".into(),
        });
        assert_eq!(s.validate().unwrap_err().code, "settings.bad_reason");
    }

    #[test]
    fn an_old_settings_file_gets_the_new_defaults() {
        let s: Settings = serde_json::from_str(r#"{"language": "en"}"#).unwrap();
        assert!(s.popup && s.notifications);
        assert_eq!(s.hotkeys, Hotkeys::default());
        assert_eq!(s.not_ready_reasons.len(), 4);
    }
}
