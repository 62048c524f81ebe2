//! What the shell keeps in `tauri::State`: the one client handle, the profile, settings and secrets. Also the
//! background tasks that connect the client to the windows: numbered updates out on each window's channel, saved-session
//! changes into the profile and keyring, and the start-up recovery.

use serde::Serialize;
use std::sync::{Arc, Mutex};
use tauri::{AppHandle, Manager};
use tokio::sync::{mpsc, watch};
use well_client::session::{Handle, LoginMode, LoginRequest, RecoverError, SavedSessionChange};
use well_client::updates::Received;
use well_codes::Code;
use well_protocol::event::AgentMode;
use well_protocol::redact::Secret;

use crate::app::demo;
use crate::app::profile_dir::ProfileDir;
use crate::ipc::error::{IpcError, IpcResult};
use crate::session::saved_session;
use crate::session::secrets::{Secrets, Store};
use crate::session::server_choice::{self, ServerChoice, ServerSource};
use crate::session::update_channels::{UiMessage, UpdateChannels};
use crate::settings::Settings;

pub struct Backend {
    pub handle: Handle,
    pub profile: ProfileDir,
    /// The settings in effect (the user's, under the policy).
    pub settings: Mutex<Settings>,
    /// The fleet policy as read at start (in force, absent or unusable).
    pub policy: crate::policy::file::PolicyLoad,
    pub secrets: Arc<Secrets>,
    pub server: Mutex<ServerChoice>,
    /// The built-in simulator while in demo mode (started on first use, stopped with the app).
    pub demo: tokio::sync::Mutex<Option<well_sim::SimHandle>>,
    /// Texts of the tray, notifications and native questions, handed over by the window.
    pub texts: crate::surfaces::native_texts::NativeTexts,
    /// What the desktop offers, found at start-up.
    pub desktop: Desktop,
    /// The hotkeys' registration results, for the settings view.
    pub hotkeys: Mutex<Vec<crate::surfaces::hotkeys::status::HotkeyStatus>>,
    /// A click-to-dial number waiting for the agent's Call: the raw digits and their display form.
    pub pending_dial: Mutex<Option<(Secret, String)>>,
}

/// What this desktop session offers (TOOLING: Tauri cannot tell).
#[derive(Debug, Clone, Copy, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Desktop {
    pub tray_host: bool,
    pub notification_server: bool,
    pub wayland: bool,
}

impl Backend {
    /// The settings' active profile changed: use it from the next login (the client refuses while logged in).
    /// A `--server` run keeps its server; the new choice applies at the next start.
    pub async fn switch_server(&self, new: &Settings) -> IpcResult<()> {
        if self.server().source == ServerSource::Flag {
            return Ok(());
        }
        let (p, c) = match new.active() {
            Some(active) => {
                let p = active
                    .to_profile()
                    .map_err(|e| IpcError::new(e.code(), e.to_string()))?;
                let c = server_choice::choice(ServerSource::Profile, &active.name, &p);
                (p, c)
            }
            None => {
                let mut demo = self.demo.lock().await;
                if demo.is_none() {
                    let sim = crate::app::demo::start(&self.profile, None)
                        .await
                        .map_err(|e| IpcError::new(Code::DemoStart, e))?;
                    *demo = Some(sim);
                }
                let sim = demo
                    .as_ref()
                    .ok_or_else(|| IpcError::new(Code::DemoStart, "no simulator"))?;
                let p = server_choice::demo_profile(sim)
                    .map_err(|e| IpcError::new(Code::DemoStart, e))?;
                let c = server_choice::choice(ServerSource::Demo, server_choice::DEMO_NAME, &p);
                (p, c)
            }
        };
        self.handle.set_profile(p).await?;
        *self.server.lock().unwrap_or_else(|e| e.into_inner()) = c;
        Ok(())
    }

    pub fn settings(&self) -> Settings {
        self.settings
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    pub fn policy(&self) -> Option<&crate::policy::Policy> {
        self.policy.policy()
    }

    pub fn policy_view(&self) -> crate::policy::PolicyView {
        match self.policy() {
            Some(p) => p.view(),
            None => crate::policy::PolicyView {
                problem: self.policy.problem(),
                ..Default::default()
            },
        }
    }

    pub fn server(&self) -> ServerChoice {
        self.server
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    pub fn keyring_store(&self) -> Store {
        self.secrets.store()
    }
}

/// Numbered updates to every window, the main one first (`update_channels`); a lagging stream tells the windows
/// to take a new snapshot. The receiver counts what went out: the tray and popup follow it, so that they are
/// redrawn only after the main window got the update (drawing them at the same moment delayed the window's
/// update on the GTK main thread).
pub fn pump_updates(app: AppHandle, handle: Handle) -> watch::Receiver<u64> {
    let (sent, out) = watch::channel(0u64);
    tauri::async_runtime::spawn(async move {
        let mut updates = match handle.subscribe().await {
            Ok(u) => u,
            Err(e) => {
                tracing::error!(error = %e, "cannot subscribe to the session's updates");
                return;
            }
        };
        let windows = app.state::<UpdateChannels>();
        loop {
            match updates.recv().await {
                Received::Update(u) => {
                    tracing::debug!(target: "well_timing", seq = u.seq, "emitting");
                    windows.send(&UiMessage::Update(&u));
                    tracing::debug!(target: "well_timing", seq = u.seq, "emitted");
                }
                Received::Lagged => {
                    tracing::warn!("update stream lagged; windows re-snapshot");
                    windows.send(&UiMessage::Lagged);
                }
                Received::Closed => break,
            }
            sent.send_modify(|n| *n += 1);
        }
    });
    out
}

/// Every saved-session change goes to disk and keyring at once, tagged with the server of that moment.
pub fn persist_saved_sessions(
    app: AppHandle,
    mut changes: mpsc::UnboundedReceiver<SavedSessionChange>,
) {
    tauri::async_runtime::spawn(async move {
        while let Some(change) = changes.recv().await {
            let backend = app.state::<Backend>();
            let (profile, secrets, server) = (
                &backend.profile,
                &backend.secrets,
                backend.server().base_url,
            );
            let what = match &change {
                SavedSessionChange::Saved(_) => "saved",
                SavedSessionChange::Cleared => "cleared",
            };
            match saved_session::persist(&profile.saved_session(), secrets, &server, &change) {
                Ok(()) => tracing::info!(what, "saved session persisted"),
                Err(e) => tracing::error!(what, error = %e, "saved session not persisted"),
            }
        }
    });
}

/// On start: recover a saved session of this server (DESIGN "Recovery API"), renewing an expired token with
/// the remembered password; when recovery is refused and "remember me" is on, log in by itself with
/// loginMode ask (a live binding elsewhere is never forced off silently). In demo mode with
/// `--demo-autologin`, log the demo agent in when there is nothing to recover.
pub async fn start_up(
    handle: Handle,
    profile: ProfileDir,
    secrets: Arc<Secrets>,
    server: String,
    autologin: bool,
    remembered: Option<RememberedLogin>,
) {
    let saved = match saved_session::load(&profile.saved_session(), &secrets, &server) {
        Ok(s) => s,
        Err(e) => {
            tracing::warn!(error = %e, "saved session unreadable; starting logged out");
            None
        }
    };
    let password = remembered.as_ref().map(|r| r.password.clone());
    if let Some(saved) = saved {
        tracing::info!("recovering the saved session");
        match handle.recover(saved, password).await {
            Ok(r) => {
                tracing::info!(calls = r.calls.len(), "state recovered");
                return;
            }
            // The client keeps trying and shows "reconnecting"; a login now could force a live call off.
            Err(e @ RecoverError::ServerUnreachable(_)) => {
                tracing::warn!(error = %e, "server unreachable; recovery keeps trying");
                return;
            }
            Err(e) => {
                tracing::info!(code = %e.code(), error = %e, "no recovery");
                if let Some(r) = remembered {
                    let req = LoginRequest {
                        job_number: r.agent,
                        password: r.password,
                        extension: r.extension,
                        mode: LoginMode::Ask,
                        agent_mode: AgentMode::NotReady,
                    };
                    tracing::info!("remember me: logging in again (ask if logged in elsewhere)");
                    if let Err(e) = handle.login(req).await {
                        tracing::info!(code = %e.code(), error = %e, "automatic login refused; login form shown");
                    }
                    return;
                }
            }
        }
    }
    if autologin {
        let req = LoginRequest {
            job_number: demo::AGENT.into(),
            password: Secret::new(demo::PASSWORD),
            extension: demo::EXTENSION.into(),
            mode: LoginMode::Force,
            agent_mode: AgentMode::Ready,
        };
        if let Err(e) = handle.login(req).await {
            tracing::error!(code = %e.code(), error = %e, "demo auto-login failed");
        }
    }
}

/// The last login with its remembered password (from the keyring), when "remember me" is on.
pub struct RememberedLogin {
    pub agent: String,
    pub extension: String,
    pub password: Secret,
}

pub fn remembered_login(settings: &Settings, secrets: &Secrets) -> Option<RememberedLogin> {
    if !settings.remember_password {
        return None;
    }
    let last = settings.last_login.as_ref()?;
    let password = secrets
        .get(crate::session::secrets::PASSWORD_KEY)
        .ok()
        .flatten()?;
    Some(RememberedLogin {
        agent: last.agent.clone(),
        extension: last.extension.clone(),
        password: Secret::new(password),
    })
}
