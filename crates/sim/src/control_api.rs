//! The control API as methods of [`SimHandle`], for tests that drive the simulator in-process. Each method runs
//! the same handler as its `/sim/...` endpoint.

use axum::body::Bytes;
use axum::extract::{Path, State};
use serde_json::{json, Value};

use crate::faults::{self, HttpFault};
use crate::http::{control, ApiError};
use crate::SimHandle;

/// A control request the simulator refused: the HTTP status its endpoint answers, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the simulator refused ({status}): {message}")]
pub struct ControlError {
    pub status: u16,
    pub message: String,
}

impl From<ApiError> for ControlError {
    fn from(e: ApiError) -> Self {
        let message = e
            .body
            .get("message")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .unwrap_or_else(|| e.body.to_string());
        ControlError {
            status: e.status.as_u16(),
            message,
        }
    }
}

fn body(v: Value) -> Bytes {
    Bytes::from(v.to_string())
}

impl SimHandle {
    /// A customer `from` calls extension `to`; returns the call id.
    pub async fn ring(
        &self,
        from: &str,
        to: &str,
        user_data: Value,
    ) -> Result<String, ControlError> {
        let (_, axum::Json(v)) = control::inbound(
            State(self.shared.clone()),
            body(json!({"from": from, "to": to, "userData": user_data})),
        )
        .await?;
        Ok(v["callId"].as_str().unwrap_or_default().to_owned())
    }

    /// The remote party of the call answers.
    pub async fn answer(&self, call: &str) -> Result<(), ControlError> {
        control::remote_answer(State(self.shared.clone()), Path(call.to_owned())).await?;
        Ok(())
    }

    /// The remote party of the call hangs up.
    pub async fn hangup(&self, call: &str) -> Result<(), ControlError> {
        control::remote_hangup(State(self.shared.clone()), Path(call.to_owned())).await?;
        Ok(())
    }

    /// Call-progress analysis fails the ringing far end with `failed_code`.
    pub async fn fail(&self, call: &str, failed_code: &str) -> Result<(), ControlError> {
        control::remote_fail(
            State(self.shared.clone()),
            Path(call.to_owned()),
            body(json!({"failedCode": failed_code})),
        )
        .await?;
        Ok(())
    }

    /// An automatic outbound call for the Ready agent on extension `to`; returns the call id.
    pub async fn campaign(
        &self,
        to: &str,
        from: &str,
        user_data: Value,
    ) -> Result<String, ControlError> {
        let (_, axum::Json(v)) = control::campaign(
            State(self.shared.clone()),
            body(json!({"to": to, "from": from, "userData": user_data})),
        )
        .await?;
        Ok(v["callId"].as_str().unwrap_or_default().to_owned())
    }

    pub async fn force_logout(&self, agent_id: &str) -> Result<(), ControlError> {
        control::force_logout(State(self.shared.clone()), Path(agent_id.to_owned())).await?;
        Ok(())
    }

    pub async fn set_mode(
        &self,
        agent_id: &str,
        mode: &str,
        reason: Option<&str>,
    ) -> Result<(), ControlError> {
        control::set_mode(
            State(self.shared.clone()),
            Path(agent_id.to_owned()),
            body(json!({"agentMode": mode, "reason": reason})),
        )
        .await?;
        Ok(())
    }

    /// Close every WebSocket without a frame; returns how many.
    pub fn drop_connections(&self) -> usize {
        self.shared.world().drop_connections()
    }

    pub fn pause_events(&self) {
        self.shared.world().pause();
    }

    pub fn resume_events(&self) {
        self.shared.world().resume();
    }

    /// Exactly these bytes to every subscriber as a text message; returns how many got them.
    pub async fn raw_text(&self, text: &str) -> Result<usize, ControlError> {
        let axum::Json(v) =
            faults::raw(State(self.shared.clone()), body(json!({"text": text}))).await?;
        Ok(v["sent"].as_u64().unwrap_or(0) as usize)
    }

    /// Exactly these bytes to every subscriber as a binary message.
    pub fn raw_binary(&self, bytes: &[u8]) -> usize {
        self.shared
            .world()
            .send_to_subscribers(|| crate::world::Outbound::RawBinary(bytes.to_vec()))
    }

    pub fn fail_http(&self, fault: HttpFault) {
        self.shared.world().http_faults.push(fault);
    }

    pub fn refuse_ws(&self, count: u32) {
        self.shared.world().refuse_ws = count;
    }

    /// Every token of that agent now gets 426; returns how many were expired.
    pub fn expire_session(&self, agent_id: &str) -> usize {
        self.shared.world().expire_sessions(agent_id)
    }

    /// The TPI session tokens valid now (for tests that must prove a token never leaks).
    pub fn session_tokens(&self) -> Vec<String> {
        self.shared.world().sessions.keys().cloned().collect()
    }

    /// Drop every socket and invalidate every token; bindings and calls stay.
    pub fn restart(&self) {
        self.shared.world().restart();
    }
}
