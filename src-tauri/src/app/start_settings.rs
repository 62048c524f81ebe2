//! The settings a run starts with: the fleet policy read first, then the user's `settings.json` under it
//! (README "Deploying to a fleet"), and the flags the policy overrules. What went wrong on the way becomes
//! notices for the window, never a refusal to start.

use well_callmodel::NoticeLevel;
use well_codes::Code;

use crate::app::flags::Flags;
use crate::app::profile_dir::ProfileDir;
use crate::policy::file::PolicyLoad;
use crate::policy::{rules, Lock};
use crate::settings::file::Loaded;
use crate::settings::Settings;

pub struct StartSettings {
    pub settings: Settings,
    pub policy: PolicyLoad,
    /// The flags with what the policy overrules taken out.
    pub flags: Flags,
    /// Notices for the window, in English (it shows them by code).
    pub notices: Vec<(NoticeLevel, Code, String)>,
}

pub fn load(flags: &Flags, profile: &ProfileDir) -> StartSettings {
    let policy = crate::policy::file::load(flags.policy.as_deref());
    let mut notices = Vec::new();
    if let PolicyLoad::FlagOverruled { flag, .. } = &policy {
        tracing::warn!(%flag, "--policy ignored: the machine's own policy applies");
    }
    if let Some(p) = policy.policy() {
        tracing::info!(source = %p.source, locked = ?p.locked, "fleet policy in force");
    }
    if let Some(problem) = policy.problem() {
        tracing::error!(%problem, "fleet policy not applied");
        notices.push((NoticeLevel::Error, Code::PolicyInvalid, problem));
    }
    let user = match crate::settings::file::load(&profile.settings()) {
        Loaded::Fine(s) => Some(*s),
        Loaded::Missing => None,
        Loaded::Corrupt { kept_as, reason } => {
            notices.push((
                NoticeLevel::Warning,
                Code::SettingsCorrupt,
                format!("The settings file was unusable ({reason}); it was kept as {kept_as} and defaults are in use."),
            ));
            None
        }
    };
    let settings = rules::effective(policy.policy(), user);
    let mut flags = flags.clone();
    if let Some(p) = policy.policy() {
        let mut ignored = Vec::new();
        if p.locks(Lock::Servers) && flags.server.take().is_some() {
            ignored.push("--server");
        }
        if p.locks(Lock::Integration) {
            if flags.integration_port.take().is_some() {
                ignored.push("--integration-port");
            }
            if !flags.allow_origin.is_empty() {
                flags.allow_origin.clear();
                ignored.push("--allow-origin");
            }
        }
        if !ignored.is_empty() {
            let msg = format!(
                "{} ignored: the administrator's policy ({}) sets these",
                ignored.join(", "),
                p.source
            );
            tracing::warn!(%msg);
            notices.push((NoticeLevel::Warning, Code::PolicyFlagIgnored, msg));
        }
    }
    StartSettings {
        settings,
        policy,
        flags,
        notices,
    }
}
