//! `GET /sim/state`: what the simulator believes, for tests to compare a client's model with.

use serde_json::{json, Value};

use crate::shared::State;
use crate::switch::view;

/// One agent as the simulator sees it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AgentState {
    pub agent_id: String,
    pub name: String,
    pub extension_id: Option<String>,
    pub agent_mode: String,
    pub reason: Option<String>,
    pub logged_in: bool,
    pub subscribed: bool,
    pub logins: u64,
    pub tpi_logins: u64,
}

pub fn agents(state: &State) -> Vec<AgentState> {
    state
        .switch
        .agents()
        .map(|r| AgentState {
            agent_id: r.agent_id.clone(),
            name: r.name.clone(),
            extension_id: r.device.clone(),
            agent_mode: r.mode.as_str().to_owned(),
            reason: r.reason.clone(),
            logged_in: r.logged_in,
            subscribed: state.broker.is_subscribed(&r.agent_id),
            logins: r.logins,
            tpi_logins: r.tpi_logins,
        })
        .collect()
}

/// Every active call, as `/sim/state` lists them.
pub fn calls(state: &State) -> Vec<Value> {
    state.switch.calls().map(view).collect()
}

/// `{ agents, calls, serial, paused }` (DESIGN "Simulator control surface").
pub fn sim_state(state: &State) -> Value {
    json!({ "agents": agents(state), "calls": calls(state), "serial": state.switch.serial(), "paused": state.broker.paused() })
}
