//! The CRM bridge's settings and the agent's answers about web pages (see `integration.rs`).

use tauri::State;
use well_bridge::Decision;

use crate::crm::bridge::{Integration, IntegrationState};
use crate::ipc::error::{IpcError, IpcResult};

fn bad(e: well_bridge::BridgeError) -> IpcError {
    IpcError::new(e.code(), e.to_string())
}

#[tauri::command]
pub async fn integration_state(integration: State<'_, Integration>) -> IpcResult<IntegrationState> {
    Ok(integration.state())
}

/// The agent's answer for a waiting page's origin (or a change of mind on a listed one).
#[tauri::command]
pub async fn decide_origin(
    origin: String,
    decision: Decision,
    integration: State<'_, Integration>,
) -> IpcResult<IntegrationState> {
    integration.decide(&origin, decision).map_err(bad)?;
    Ok(integration.state())
}

/// Allow an origin always, typed in the settings.
#[tauri::command]
pub async fn add_origin(
    origin: String,
    integration: State<'_, Integration>,
) -> IpcResult<IntegrationState> {
    integration.decide(&origin, Decision::Always).map_err(bad)?;
    Ok(integration.state())
}

/// Forget an origin: its pages are cut off at once.
#[tauri::command]
pub async fn remove_origin(
    origin: String,
    integration: State<'_, Integration>,
) -> IpcResult<IntegrationState> {
    integration.remove(&origin).map_err(bad)?;
    Ok(integration.state())
}
