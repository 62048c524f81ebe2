//! `GET /sim/state`: what the simulator believes, for tests to compare a client's model with.

use serde_json::{json, Value};

use crate::world::World;

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

pub fn agents(world: &World) -> Vec<AgentState> {
    world
        .agents
        .values()
        .map(|r| AgentState {
            agent_id: r.agent_id.clone(),
            name: r.name.clone(),
            extension_id: r.device.clone(),
            agent_mode: r.mode.as_str().to_owned(),
            reason: r.reason.clone(),
            logged_in: r.logged_in,
            subscribed: world.is_subscribed(&r.agent_id),
            logins: r.logins,
            tpi_logins: r.tpi_logins,
        })
        .collect()
}

/// `{ agents, calls, serial }` (DESIGN "Simulator control surface").
pub fn sim_state(world: &World) -> Value {
    let calls: Vec<Value> = world.calls.values().map(crate::calls::view).collect();
    json!({ "agents": agents(world), "calls": calls, "serial": world.serial(), "paused": world.paused })
}
