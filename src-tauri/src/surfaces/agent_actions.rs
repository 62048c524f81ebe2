//! What a hotkey or a tray menu item does, through the client handle. Which call is meant is decided by
//! `well_callmodel::focus`; an action that is not allowed now does nothing and says why.

use well_callmodel::contract::Snapshot;
use well_callmodel::{focus, AgentAction, AgentStatus};
use well_client::session::{CallCommand, Handle};
use well_codes::Code;

use crate::ipc::error::{IpcError, IpcResult};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgentKey {
    Answer,
    HangUp,
    ToggleReady,
    Ready,
    NotReady,
}

fn not_now(what: &str) -> IpcError {
    IpcError::new(Code::ActionNotNow, format!("nothing to {what} now"))
}

/// Perform `key` on the current state; returns what was done, for the log.
pub async fn perform(handle: &Handle, key: AgentKey) -> IpcResult<&'static str> {
    let s: Snapshot = handle.snapshot().await?;
    let allowed = |a: AgentAction| s.agent.allowed.contains(&a);
    match key {
        AgentKey::Answer => {
            let c = focus::call_to_answer(&s.calls).ok_or_else(|| not_now("answer"))?;
            handle.call(&c.call_id, CallCommand::Answer).await?;
            Ok("answered")
        }
        AgentKey::HangUp => {
            let c = focus::call_to_hang_up(&s.calls).ok_or_else(|| not_now("hang up"))?;
            handle.call(&c.call_id, CallCommand::HangUp).await?;
            Ok("hung up")
        }
        AgentKey::Ready if allowed(AgentAction::Ready) => {
            handle.ready().await?;
            Ok("ready")
        }
        AgentKey::NotReady if allowed(AgentAction::NotReady) => {
            handle.not_ready(None).await?;
            Ok("not ready")
        }
        AgentKey::ToggleReady if s.agent.status == AgentStatus::LoggedOn => {
            if allowed(AgentAction::Ready) {
                handle.ready().await?;
                Ok("ready")
            } else if allowed(AgentAction::NotReady) {
                handle.not_ready(None).await?;
                Ok("not ready")
            } else {
                Err(not_now("change the mode of"))
            }
        }
        AgentKey::Ready | AgentKey::NotReady | AgentKey::ToggleReady => {
            Err(not_now("change the mode of"))
        }
    }
}
