//! The CRM bridge's settings and the agent's answers about web pages (see `integration.rs`).

use tauri::State;
use well_bridge::Decision;

use crate::crm::bridge::{Integration, IntegrationState};
use crate::ipc::error::{IpcError, IpcResult};
use well_codes::Code;

fn bad(e: well_bridge::BridgeError) -> IpcError {
    IpcError::new(e.code(), e.to_string())
}

/// With the integration locked by the fleet policy, the origins are the administrator's.
fn unlocked(integration: &Integration) -> IpcResult<()> {
    if integration.origins.is_fixed() {
        return Err(IpcError::new(
            Code::PolicyLocked,
            "the CRM integration's origins are set by the administrator's policy",
        ));
    }
    Ok(())
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
    unlocked(&integration)?;
    integration.decide(&origin, decision).map_err(bad)?;
    Ok(integration.state())
}

/// Allow an origin always, typed in the settings.
#[tauri::command]
pub async fn add_origin(
    origin: String,
    integration: State<'_, Integration>,
) -> IpcResult<IntegrationState> {
    unlocked(&integration)?;
    integration.decide(&origin, Decision::Always).map_err(bad)?;
    Ok(integration.state())
}

/// Forget an origin: its pages are cut off at once.
#[tauri::command]
pub async fn remove_origin(
    origin: String,
    integration: State<'_, Integration>,
) -> IpcResult<IntegrationState> {
    unlocked(&integration)?;
    integration.remove(&origin).map_err(bad)?;
    Ok(integration.state())
}
