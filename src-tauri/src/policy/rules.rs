//! The settings in effect under a policy (or under none), and the check that refuses every change of a
//! locked setting. Pure: settings in, settings or a refusal out.

use well_codes::Code;

use crate::settings::invalid::invalid;
use crate::settings::{Invalid, Settings};

use super::{Lock, Policy};

/// The user's settings (`None`: the user has none yet, so the policy's values are the defaults) with the
/// policy's servers in place of any earlier copy and its locked values enforced. Without a policy, the
/// servers an earlier policy gave are dropped.
pub fn effective(policy: Option<&Policy>, user: Option<Settings>) -> Settings {
    let Some(policy) = policy else {
        let mut s = user.unwrap_or_default();
        s.profiles.retain(|p| !p.policy);
        keep_active_or(&mut s, None);
        return s;
    };
    let first = user.is_none();
    let mut s = user.unwrap_or_else(|| policy.values.clone());
    let v = &policy.values;
    for lock in &policy.locked {
        match lock {
            Lock::Language => s.language = v.language.clone(),
            Lock::Masking => {
                s.mask_digits = s.mask_digits.max(v.mask_digits);
                s.internal_pattern = v.internal_pattern.clone();
            }
            Lock::Integration => s.integration = v.integration.clone(),
            Lock::AutoAnswer => s.auto_answer = v.auto_answer.clone(),
            Lock::Hotkeys => s.hotkeys = v.hotkeys.clone(),
            Lock::Autostart => s.start_with_system = v.start_with_system,
            Lock::Notifications => {
                s.notifications = v.notifications;
                s.popup = v.popup;
            }
            Lock::CallData => s.call_data = v.call_data.clone(),
            Lock::Servers => {}
        }
    }
    let servers_locked = policy.locks(Lock::Servers);
    let own = std::mem::take(&mut s.profiles).into_iter().filter(|p| {
        let shadowed = !p.policy && policy.is_server(&p.name);
        if shadowed {
            tracing::warn!(profile = %p.name, "a server profile of the user's has the name of one of the policy's; the policy's is used");
        }
        !p.policy && !shadowed && !servers_locked
    });
    s.profiles = policy.servers.iter().cloned().chain(own).collect();
    let fallback = policy.default_server.clone().or_else(|| {
        servers_locked
            .then(|| policy.servers.first().map(|p| p.name.clone()))
            .flatten()
    });
    if first || s.active_profile.is_none() {
        s.active_profile = fallback.clone();
    }
    keep_active_or(&mut s, fallback);
    s
}

/// An active profile that is no longer in the list becomes `fallback` (`None`: the demo).
fn keep_active_or(s: &mut Settings, fallback: Option<String>) {
    let listed = |a: &str| s.profiles.iter().any(|p| p.name.trim() == a.trim());
    if s.active_profile.as_deref().is_some_and(|a| !listed(a)) {
        s.active_profile = fallback;
    }
}

/// Refuse `new` when it changes anything the policy holds (`old` is the settings in effect). Without a
/// policy, a profile marked as a policy's is refused too (only a forged request sends one).
pub fn check_change(
    policy: Option<&Policy>,
    old: &Settings,
    new: &Settings,
) -> Result<(), Invalid> {
    let Some(policy) = policy else {
        return match new.profiles.iter().find(|p| p.policy) {
            Some(p) => Err(invalid(
                Code::PolicyLocked,
                format!(
                    "server profile '{}' claims to be a policy's, and there is no policy",
                    p.name
                ),
            )),
            None => Ok(()),
        };
    };
    let v = &policy.values;
    for &lock in &policy.locked {
        let (changed, what) = match lock {
            Lock::Language => (new.language != old.language, "the language".to_owned()),
            Lock::Masking => (
                new.mask_digits < v.mask_digits || new.internal_pattern != old.internal_pattern,
                format!(
                    "masking (at least {} digits, the internal-number pattern)",
                    v.mask_digits
                ),
            ),
            Lock::Integration => (
                new.integration != old.integration,
                "the CRM integration".to_owned(),
            ),
            Lock::AutoAnswer => (new.auto_answer != old.auto_answer, "auto-answer".to_owned()),
            Lock::Hotkeys => (new.hotkeys != old.hotkeys, "the hotkeys".to_owned()),
            Lock::Autostart => (
                new.start_with_system != old.start_with_system,
                "starting with the system".to_owned(),
            ),
            Lock::Notifications => (
                (new.notifications, new.popup) != (old.notifications, old.popup),
                "the incoming-call notification".to_owned(),
            ),
            Lock::CallData => (
                new.call_data != old.call_data,
                "the call data's labels".to_owned(),
            ),
            Lock::Servers => {
                let own = new.profiles.iter().any(|p| !p.policy);
                let on_policy = new
                    .active_profile
                    .as_deref()
                    .is_some_and(|a| policy.is_server(a));
                (own || !on_policy, "the choice of servers".to_owned())
            }
        };
        if changed {
            return Err(policy.refusal(lock, &what));
        }
    }
    let marked: Vec<_> = new.profiles.iter().filter(|p| p.policy).collect();
    if marked.len() != policy.servers.len() || !policy.servers.iter().all(|g| marked.contains(&g)) {
        return Err(invalid(
            Code::PolicyLocked,
            format!(
                "the administrator's server profiles cannot be changed or removed ({})",
                policy.source
            ),
        ));
    }
    Ok(())
}
