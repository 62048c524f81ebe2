//! Events as the platform publishes them (spec §5 and the fixtures): one copy per agent, with that agent's
//! device in `srcDeviceId`.

use serde_json::{json, Map, Value};
use well_protocol::event::AgentMode;

use crate::clock::now_event_time;

/// `agentLoggedOn`, `agentReady`, … for `agent_id` on `device`.
pub fn agent_event(
    name: &str,
    agent_id: &str,
    device: &str,
    mode: &AgentMode,
    reason: Option<&str>,
    tz_minutes: i32,
) -> Map<String, Value> {
    let domain = agent_id.split('@').nth(1).unwrap_or_default();
    let mut e = json!({
        "eventName": name,
        "eventTime": now_event_time(tz_minutes),
        "eventType": "agent",
        "serial": 0,
        "namespace": domain,
        "srcDeviceId": device,
        "deviceId": device,
        "agentId": agent_id,
        "agentMode": mode.as_str(),
    });
    let m = e.as_object_mut().expect("a JSON object literal");
    if let Some(r) = reason.filter(|r| !r.is_empty()) {
        m.insert("reason".into(), Value::from(r));
    }
    m.insert("devices".into(), json!({ "Voice": device }));
    std::mem::take(m)
}

/// The event that confirms a mode: `agentReady`, `agentNotReady`, `agentWorkingAfterCall`, `agentAllocated`.
pub fn mode_event_name(mode: &AgentMode) -> &'static str {
    match mode {
        AgentMode::Ready => "agentReady",
        AgentMode::WorkNotReady => "agentWorkingAfterCall",
        AgentMode::Allocated => "agentAllocated",
        AgentMode::Logout => "agentLoggedOff",
        _ => "agentNotReady",
    }
}

/// The common fields of a call event, as one agent receives it.
pub fn call_event(
    name: &str,
    call: &str,
    me: &str,
    device: &str,
    local: &str,
    tz: i32,
) -> Map<String, Value> {
    let domain = me.split('@').nth(1).unwrap_or_default();
    let v = json!({
        "eventName": name, "eventSrc": me, "eventTime": now_event_time(tz), "eventType": "csta", "serial": 0,
        "namespace": domain, "srcDeviceId": me, "callId": call, "deviceId": device, "localState": local,
        "connectionId": format!("{me}|{call}"),
    });
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

pub fn with(mut m: Map<String, Value>, fields: Value) -> Map<String, Value> {
    if let Value::Object(f) = fields {
        m.extend(f);
    }
    m
}
