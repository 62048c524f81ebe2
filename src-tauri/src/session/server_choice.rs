//! Which server a run talks to: `--server` for this run, else the settings' active profile, else the
//! built-in simulator (demo mode, the default on a fresh machine).

use serde::Serialize;
use well_client::ServerProfile;

use crate::app::flags::Flags;
use crate::app::profile_dir::ProfileDir;
use crate::settings::Settings;

pub const DEMO_NAME: &str = "demo";

/// Where the run's server came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ServerSource {
    /// The built-in simulator.
    Demo,
    /// `--server` for this run.
    Flag,
    /// The settings' active profile.
    Profile,
}

/// Which server this run talks to, as the login form shows it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServerChoice {
    /// Serialized as `demo`, `flag` or `profile` (the login form reads it).
    pub source: ServerSource,
    pub name: String,
    pub base_url: String,
    pub domain: String,
}

pub fn choice(source: ServerSource, name: &str, p: &ServerProfile) -> ServerChoice {
    ServerChoice {
        source,
        name: name.to_owned(),
        base_url: p.base().to_owned(),
        domain: p.domain.clone(),
    }
}

/// The start-up choice; in demo mode the simulator is started and returned.
pub async fn initial(
    flags: &Flags,
    settings: &Settings,
    profile: &ProfileDir,
) -> Result<(ServerProfile, ServerChoice, Option<well_sim::SimHandle>), String> {
    if let Some(url) = &flags.server {
        let domain = flags
            .domain
            .clone()
            .or_else(|| settings.active().map(|p| p.domain.clone()))
            .unwrap_or_else(|| crate::app::demo::DOMAIN.to_owned());
        let p = ServerProfile::new(url, flags.tpi_url.as_deref(), &domain)
            .map_err(|e| format!("--server: {e}"))?;
        let c = choice(ServerSource::Flag, "--server", &p);
        return Ok((p, c, None));
    }
    if let Some(active) = settings.active() {
        let p = active
            .to_profile()
            .map_err(|e| format!("server profile '{}': {e}", active.name))?;
        let c = choice(ServerSource::Profile, &active.name, &p);
        return Ok((p, c, None));
    }
    let sim = crate::app::demo::start(profile, flags.demo_interval_ms).await?;
    let p = demo_profile(&sim)?;
    let c = choice(ServerSource::Demo, DEMO_NAME, &p);
    Ok((p, c, Some(sim)))
}

pub fn demo_profile(sim: &well_sim::SimHandle) -> Result<ServerProfile, String> {
    ServerProfile::new(&sim.base_url(), None, crate::app::demo::DOMAIN).map_err(|e| e.to_string())
}
