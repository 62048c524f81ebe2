//! The CRM section (README "Integrating a CRM"): the bridge's port and origins, raw numbers, screen pops and
//! the program hook.

use serde::{Deserialize, Serialize};
use well_codes::Code;

use super::invalid::{invalid, Invalid};

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

impl IntegrationSetting {
    /// A port above the privileged ones (or 0: off), origins that parse, screen-pop URLs and a program hook
    /// the bridge accepts.
    pub(super) fn check(&self) -> Result<(), Invalid> {
        let port = self.port;
        if port != 0 && port < 1024 {
            return Err(invalid(
                Code::SettingsBadIntegrationPort,
                format!("integration port {port}: give 1024-65535, or 0 to turn the bridge off"),
            ));
        }
        for o in &self.allowed_origins {
            if let Err(e) = well_bridge::Origin::parse(&o.origin) {
                return Err(invalid(Code::SettingsBadOrigin, e.to_string()));
            }
        }
        for p in &self.screen_pops {
            if let Err(e) = well_bridge::screen_pop::check_url(&p.url) {
                return Err(invalid(Code::SettingsBadScreenPop, e.to_string()));
            }
        }
        if let Some(h) = &self.program_hook {
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
        Ok(())
    }
}
