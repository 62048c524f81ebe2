//! Demo mode: the built-in simulated call center on `127.0.0.1:0`, with demo traffic, when no server is
//! configured. Its URL is written to `<profile>/demo-server.url` (tests drive it through its control API).

use well_sim::demo::DemoConfig;
use well_sim::{Sim, SimConfig, SimHandle};

use crate::app::profile_dir::{write_atomic, ProfileDir};

/// The demo tenant's agent the login form is pre-filled with.
pub const AGENT: &str = "5001";
pub const EXTENSION: &str = "8001";
pub const DOMAIN: &str = "demo.cc";
pub const PASSWORD: &str = "123456";

pub async fn start(
    profile: &ProfileDir,
    interval_ms: Option<(u64, u64)>,
) -> Result<SimHandle, String> {
    let mut demo = DemoConfig::default();
    if let Some(i) = interval_ms {
        demo.interval_ms = i;
    }
    let cfg = SimConfig {
        demo: Some(demo),
        ..SimConfig::default()
    };
    let sim = Sim::start(cfg)
        .await
        .map_err(|e| format!("the built-in simulator did not start: {e}"))?;
    let url = sim.base_url();
    write_atomic(&profile.demo_server_url(), url.as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", profile.demo_server_url().display()))?;
    tracing::info!(%url, "demo mode: built-in simulated call center");
    Ok(sim)
}
