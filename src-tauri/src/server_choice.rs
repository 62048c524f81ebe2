//! Which server a run talks to: `--server` for this run, else the settings' active profile, else the
//! built-in simulator (demo mode, the default on a fresh machine).

use well_client::ServerProfile;

use crate::backend::{Backend, ServerChoice};
use crate::flags::Flags;
use crate::ipc_error::{IpcError, IpcResult};
use crate::profile_dir::ProfileDir;
use crate::settings::Settings;

pub const DEMO_NAME: &str = "demo";

fn choice(source: &'static str, name: &str, p: &ServerProfile) -> ServerChoice {
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
            .unwrap_or_else(|| crate::demo::DOMAIN.to_owned());
        let p = ServerProfile::new(url, flags.tpi_url.as_deref(), &domain)
            .map_err(|e| format!("--server: {e}"))?;
        let c = choice("flag", "--server", &p);
        return Ok((p, c, None));
    }
    if let Some(active) = settings.active() {
        let p = active
            .to_profile()
            .map_err(|e| format!("server profile '{}': {e}", active.name))?;
        let c = choice("profile", &active.name, &p);
        return Ok((p, c, None));
    }
    let sim = crate::demo::start(profile, flags.demo_interval_ms).await?;
    let p = demo_profile(&sim)?;
    let c = choice("demo", DEMO_NAME, &p);
    Ok((p, c, Some(sim)))
}

fn demo_profile(sim: &well_sim::SimHandle) -> Result<ServerProfile, String> {
    ServerProfile::new(&sim.base_url(), None, crate::demo::DOMAIN).map_err(|e| e.to_string())
}

/// The settings' active profile changed: use it from the next login (the client refuses while logged in).
/// A `--server` run keeps its server; the new choice applies at the next start.
pub async fn switch(backend: &Backend, new: &Settings) -> IpcResult<()> {
    if backend.server().source == "flag" {
        return Ok(());
    }
    let (p, c) = match new.active() {
        Some(active) => {
            let p = active
                .to_profile()
                .map_err(|e| IpcError::new(e.code(), e.to_string()))?;
            let c = choice("profile", &active.name, &p);
            (p, c)
        }
        None => {
            let mut demo = backend.demo.lock().await;
            if demo.is_none() {
                let sim = crate::demo::start(&backend.profile, None)
                    .await
                    .map_err(|e| IpcError::new("demo.start", e))?;
                *demo = Some(sim);
            }
            let sim = demo
                .as_ref()
                .ok_or_else(|| IpcError::new("demo.start", "no simulator"))?;
            let p = demo_profile(sim).map_err(|e| IpcError::new("demo.start", e))?;
            let c = choice("demo", DEMO_NAME, &p);
            (p, c)
        }
    };
    backend.handle.set_profile(p).await?;
    *backend.server.lock().unwrap_or_else(|e| e.into_inner()) = c;
    Ok(())
}
