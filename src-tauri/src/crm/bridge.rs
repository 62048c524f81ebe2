//! The CRM bridge in the app (README "Integrating a CRM"): started after the session on the port of
//! `--integration-port` or the settings (0 = off), its URL written to `<profile>/integration.url`; a taken
//! port is a notice, never a crash. The origins allowed always live in the settings; `--allow-origin` adds
//! some for this run. A page of an unknown origin is asked about in the window (event `well:origins`), and
//! every decision is saved at once. The bridge stops with the app.

use serde::Serialize;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};
use tauri::{AppHandle, Emitter, Manager};
use well_bridge::{Bridge, BridgeConfig, Decision, Limits, Origin, OriginEntry, Origins};
use well_callmodel::NoticeLevel;

use crate::session::backend::Backend;
use crate::settings::AllowedOrigin;

/// The Tauri event the window follows to ask about and list origins.
pub const ORIGINS_EVENT: &str = "well:origins";

/// What the window's integration settings show.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IntegrationState {
    /// `http://127.0.0.1:PORT` while the bridge listens.
    pub url: Option<String>,
    pub port: u16,
    /// Why it does not listen (`bridge.port_taken`, …), or `None`.
    pub error: Option<String>,
    pub origins: Vec<OriginEntry>,
    pub raw_numbers: bool,
    pub connections: usize,
    /// The administrator's policy fixes the section: no page is asked about, nothing can be changed.
    pub locked: bool,
}

pub struct Integration {
    pub bridge: Mutex<Option<Bridge>>,
    pub origins: Arc<Origins>,
    pub raw_numbers: Arc<AtomicBool>,
    pub port: u16,
    pub error: Mutex<Option<String>>,
}

impl Integration {
    pub fn state(&self) -> IntegrationState {
        let bridge = self.bridge.lock().unwrap_or_else(|p| p.into_inner());
        IntegrationState {
            url: bridge.as_ref().map(Bridge::url),
            port: bridge.as_ref().map_or(self.port, Bridge::port),
            error: self.error.lock().unwrap_or_else(|p| p.into_inner()).clone(),
            origins: self.origins.list(),
            raw_numbers: self.raw_numbers.load(std::sync::atomic::Ordering::Relaxed),
            connections: bridge.as_ref().map_or(0, Bridge::connections),
            locked: self.origins.is_fixed(),
        }
    }

    pub fn decide(&self, origin: &str, decision: Decision) -> Result<(), well_bridge::BridgeError> {
        self.origins.decide(&Origin::parse(origin)?, decision);
        Ok(())
    }

    pub fn remove(&self, origin: &str) -> Result<bool, well_bridge::BridgeError> {
        Ok(self.origins.remove(&Origin::parse(origin)?))
    }
}

/// Manage the integration state and start the bridge (when its port is not 0).
pub fn start(app: &AppHandle, port_flag: Option<u16>, allow: &[Origin]) {
    let backend = app.state::<Backend>();
    let settings = backend.settings().integration;
    let kept = settings
        .allowed_origins
        .iter()
        .filter_map(|a| Origin::parse(&a.origin).ok().map(|o| (o, a.last_used_ms)));
    let fixed = backend
        .policy()
        .is_some_and(|p| p.locks(crate::policy::Lock::Integration));
    let origins = Arc::new(if fixed {
        Origins::fixed(kept)
    } else {
        Origins::new(kept)
    });
    for o in allow {
        if origins.access(o).is_none() {
            origins.decide(o, Decision::Once);
        }
    }
    let port = port_flag.unwrap_or(settings.port);
    app.manage(Integration {
        bridge: Mutex::new(None),
        origins: origins.clone(),
        raw_numbers: Arc::new(AtomicBool::new(settings.raw_numbers)),
        port,
        error: Mutex::new(None),
    });
    if port == 0 {
        tracing::info!("CRM bridge off (port 0)");
        return;
    }
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        let integration = app.state::<Integration>();
        let backend = app.state::<Backend>();
        let cfg = BridgeConfig {
            port,
            origins: integration.origins.clone(),
            raw_numbers: integration.raw_numbers.clone(),
            limits: Limits::default(),
        };
        match Bridge::start(cfg, backend.handle.clone()).await {
            Ok(bridge) => {
                let url = bridge.url();
                if let Err(e) = std::fs::write(backend.profile.integration_url(), &url) {
                    tracing::warn!(error = %e, "integration.url not written");
                }
                *integration.bridge.lock().unwrap_or_else(|p| p.into_inner()) = Some(bridge);
                follow_origins(app.clone());
            }
            Err(e) => {
                tracing::warn!(code = %e.code(), error = %e, "CRM bridge not started");
                *integration.error.lock().unwrap_or_else(|p| p.into_inner()) =
                    Some(e.code().as_str().to_owned());
                let _ = backend
                    .handle
                    .notice(NoticeLevel::Warning, e.code(), &e.to_string())
                    .await;
            }
        }
    });
}

/// Every change of the origins goes to the window, and the ones allowed always to the settings file.
fn follow_origins(app: AppHandle) {
    tauri::async_runtime::spawn(async move {
        let mut watch = app.state::<Integration>().origins.watch();
        loop {
            let integration = app.state::<Integration>();
            save_kept(&app, &integration.origins);
            if let Err(e) = app.emit(ORIGINS_EVENT, integration.state()) {
                tracing::warn!(error = %e, "origins not sent to the window");
            }
            if watch.changed().await.is_err() {
                break;
            }
        }
    });
}

fn save_kept(app: &AppHandle, origins: &Origins) {
    let backend = app.state::<Backend>();
    let kept: Vec<AllowedOrigin> = origins
        .kept()
        .into_iter()
        .map(|(o, used)| AllowedOrigin {
            origin: o.to_string(),
            last_used_ms: used,
        })
        .collect();
    let mut settings = backend.settings.lock().unwrap_or_else(|p| p.into_inner());
    let same = settings
        .integration
        .allowed_origins
        .iter()
        .map(|a| &a.origin)
        .eq(kept.iter().map(|a| &a.origin));
    if same {
        return;
    }
    settings.integration.allowed_origins = kept;
    if let Err(e) = crate::settings::file::save(&backend.profile.settings(), &settings) {
        tracing::warn!(error = %e, "allowed origins not saved");
    }
}
