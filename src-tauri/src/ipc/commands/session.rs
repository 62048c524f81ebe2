//! Login, logout, the login-mode question and the agent's mode.

use serde::Deserialize;
use tauri::State;
use well_client::session::{LoginMode, LoginRequest};
use well_codes::Code;
use well_protocol::event::AgentMode;
use well_protocol::redact::Secret;

use crate::ipc::error::{IpcError, IpcResult};
use crate::session::backend::Backend;
use crate::session::secrets::PASSWORD_KEY;
use crate::settings::{self, LastLogin};

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LoginForm {
    pub agent: String,
    pub extension: String,
    pub password: String,
    /// `force` / `ask` (default) / `stop` (spec §2.4).
    #[serde(default)]
    pub login_mode: Option<String>,
    /// Start Ready (`true`) or NotReady (default).
    #[serde(default)]
    pub ready: bool,
    /// Remember the password in the OS keyring; with it on, an empty password field uses the stored one.
    #[serde(default)]
    pub remember: bool,
}

fn mode(word: Option<&str>) -> IpcResult<LoginMode> {
    match word.unwrap_or("ask") {
        "force" => Ok(LoginMode::Force),
        "ask" => Ok(LoginMode::Ask),
        "stop" => Ok(LoginMode::Stop),
        other => Err(IpcError::new(
            Code::LoginBadMode,
            format!("unknown login mode '{other}': force, ask or stop"),
        )),
    }
}

#[tauri::command]
pub async fn login(form: LoginForm, backend: State<'_, Backend>) -> IpcResult<()> {
    let (agent, extension) = (form.agent.trim(), form.extension.trim());
    let password = if form.password.is_empty() && form.remember {
        backend
            .secrets
            .get(PASSWORD_KEY)
            .ok()
            .flatten()
            .unwrap_or_default()
    } else {
        form.password.clone()
    };
    if agent.is_empty() || extension.is_empty() || password.is_empty() {
        return Err(IpcError::new(
            Code::LoginIncomplete,
            "agent, extension and password are all needed",
        ));
    }
    let req = LoginRequest {
        job_number: agent.to_owned(),
        password: Secret::new(password.clone()),
        extension: extension.to_owned(),
        mode: mode(form.login_mode.as_deref())?,
        agent_mode: if form.ready {
            AgentMode::Ready
        } else {
            AgentMode::NotReady
        },
    };
    let result = backend.handle.login(req).await;
    if result.is_ok() {
        remember_password(&backend, form.remember, &password);
        remember_login(&backend, agent, extension, form.remember);
    }
    result.map_err(IpcError::from)
}

/// "Remember me" on: the password goes to the keyring; off: any stored one is removed.
fn remember_password(backend: &Backend, remember: bool, password: &str) {
    let done = if remember {
        backend.secrets.set(PASSWORD_KEY, password)
    } else {
        backend.secrets.delete(PASSWORD_KEY)
    };
    if let Err(e) = done {
        tracing::warn!(error = %e, remember, "remembered password not updated");
    }
}

/// The form is pre-filled with the last agent and extension next time (never the password).
fn remember_login(backend: &Backend, agent: &str, extension: &str, remember: bool) {
    let mut s = backend.settings.lock().unwrap_or_else(|p| p.into_inner());
    s.remember_password = remember;
    s.last_login = Some(LastLogin {
        agent: agent.to_owned(),
        extension: extension.to_owned(),
        domain: backend.server().domain,
    });
    if let Err(e) = settings::file::save(&backend.profile.settings(), &s) {
        tracing::warn!(error = %e, "last login not saved");
    }
}

#[tauri::command]
pub async fn logout(backend: State<'_, Backend>) -> IpcResult<()> {
    Ok(backend.handle.logout().await?)
}

#[tauri::command]
pub async fn answer_question(force: bool, backend: State<'_, Backend>) -> IpcResult<()> {
    Ok(backend.handle.answer_question(force).await?)
}

#[tauri::command]
pub async fn set_ready(backend: State<'_, Backend>) -> IpcResult<()> {
    Ok(backend.handle.ready().await?)
}

#[tauri::command]
pub async fn set_not_ready(reason: Option<String>, backend: State<'_, Backend>) -> IpcResult<()> {
    let reason = reason
        .map(|r| r.trim().to_owned())
        .filter(|r| !r.is_empty());
    Ok(backend.handle.not_ready(reason).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_login_mode_word_defaults_to_ask_and_refuses_nonsense() {
        assert_eq!(mode(None).unwrap(), LoginMode::Ask);
        assert_eq!(mode(Some("force")).unwrap(), LoginMode::Force);
        assert_eq!(mode(Some("kick")).unwrap_err().code, "login.bad_mode");
    }
}
