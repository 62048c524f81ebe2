//! The control API as methods of [`SimHandle`], for tests that drive the simulator in-process: each runs the
//! same switch operation or fault as its `/sim/...` endpoint.

use serde_json::{Map, Value};
use well_protocol::event::AgentMode;

use crate::broker::Outbound;
use crate::faults::HttpFault;
use crate::handle::SimHandle;
use crate::switch::Refusal;

/// A control request the simulator refused: the HTTP status its endpoint answers, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the simulator refused ({status}): {message}")]
pub struct ControlError {
    pub status: u16,
    pub message: String,
}

impl From<Refusal> for ControlError {
    fn from(r: Refusal) -> Self {
        ControlError {
            status: r.status,
            message: r.message(),
        }
    }
}

/// Call data given as a JSON object (null: none); anything else is refused as the endpoint refuses it.
fn members(v: Value) -> Result<Map<String, Value>, Refusal> {
    match v {
        Value::Object(m) => Ok(m),
        Value::Null => Ok(Map::new()),
        other => Err(Refusal::bad(format!(
            "userData must be an object, not {other}"
        ))),
    }
}

impl SimHandle {
    /// A customer `from` calls extension `to`; returns the call id.
    pub async fn ring(
        &self,
        from: &str,
        to: &str,
        user_data: Value,
    ) -> Result<String, ControlError> {
        let data = members(user_data)?;
        Ok(self
            .shared
            .act(|s| s.ring_extension(from, to, data, None))?)
    }

    /// The remote party of the call answers.
    pub async fn answer(&self, call: &str) -> Result<(), ControlError> {
        Ok(self.shared.act(|s| s.remote_answer(call))?)
    }

    /// The remote party of the call hangs up.
    pub async fn hangup(&self, call: &str) -> Result<(), ControlError> {
        Ok(self.shared.act(|s| s.remote_hang_up(call))?)
    }

    /// Call-progress analysis fails the ringing far end with `failed_code`.
    pub async fn fail(&self, call: &str, failed_code: &str) -> Result<(), ControlError> {
        Ok(self
            .shared
            .act(|s| s.remote_fail(call, Some(failed_code.to_owned())))?)
    }

    /// An automatic outbound call for the Ready agent on extension `to`; returns the call id.
    pub async fn campaign(
        &self,
        to: &str,
        from: &str,
        user_data: Value,
    ) -> Result<String, ControlError> {
        let data = members(user_data)?;
        Ok(self.shared.act(|s| s.campaign(to, from, data))?)
    }

    pub async fn force_logout(&self, agent_id: &str) -> Result<(), ControlError> {
        Ok(self.shared.act(|s| s.force_logout(agent_id))?)
    }

    pub async fn set_mode(
        &self,
        agent_id: &str,
        mode: &str,
        reason: Option<&str>,
    ) -> Result<(), ControlError> {
        let mode = AgentMode::from(mode.to_owned());
        let reason = reason.map(str::to_owned);
        Ok(self
            .shared
            .act(|s| s.supervise_mode(agent_id, mode, reason))?)
    }

    /// Close every WebSocket without a frame; returns how many.
    pub fn drop_connections(&self) -> usize {
        self.shared.state().broker.drop_connections()
    }

    pub fn pause_events(&self) {
        self.shared.state().broker.pause();
    }

    pub fn resume_events(&self) {
        self.shared.state().broker.resume();
    }

    /// Exactly these bytes to every subscriber as a text message; returns how many got them.
    pub async fn raw_text(&self, text: &str) -> Result<usize, ControlError> {
        Ok(self
            .shared
            .state()
            .broker
            .send_to_subscribers(|| Outbound::RawText(text.to_owned())))
    }

    /// Exactly these bytes to every subscriber as a binary message.
    pub fn raw_binary(&self, bytes: &[u8]) -> usize {
        self.shared
            .state()
            .broker
            .send_to_subscribers(|| Outbound::RawBinary(bytes.to_vec()))
    }

    pub fn fail_http(&self, fault: HttpFault) {
        self.shared.state().faults.http.push(fault);
    }

    pub fn refuse_ws(&self, count: u32) {
        self.shared.state().faults.refuse_ws = count;
    }

    /// Every token of that agent now gets 426; returns how many were expired.
    pub fn expire_session(&self, agent_id: &str) -> usize {
        self.shared.state().switch.expire_sessions(agent_id)
    }

    /// The TPI session tokens valid now (for tests that must prove a token never leaks).
    pub fn session_tokens(&self) -> Vec<String> {
        self.shared.state().switch.session_tokens()
    }

    /// Drop every socket and invalidate every token; bindings and calls stay.
    pub fn restart(&self) {
        self.shared.state().restart();
    }
}
