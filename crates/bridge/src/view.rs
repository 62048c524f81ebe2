//! The app's state in the SDK's words, built from the backend snapshot (display forms unless the
//! administrator allowed raw numbers): the `state` push behind the SDK's synchronous getters
//! (`isLogined`, `getCallMemory`), `recoverStateSuccess` (spec §7.4) and `wsReconnectSucceed` (§4.8).

use serde_json::{json, Map, Value};
use well_callmodel::call::{Call, CallState, Direction, PartyRole};
use well_callmodel::contract::Snapshot;
use well_callmodel::{AgentStatus, Mode};

/// Customer numbers as the window shows them, or raw (the administrator's setting).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Numbers {
    Display,
    Raw,
}

pub fn agent_mode(s: &Snapshot) -> String {
    if s.agent.status != AgentStatus::LoggedOn {
        return "Logout".into();
    }
    match &s.agent.mode {
        Some(Mode::Ready) => "Ready".into(),
        Some(Mode::NotReady) | None => "NotReady".into(),
        Some(Mode::WorkNotReady) => "WorkNotReady".into(),
        Some(Mode::Allocated) => "Allocated".into(),
        Some(Mode::Other(m)) => m.clone(),
    }
}

pub fn logged_in(s: &Snapshot) -> bool {
    s.agent.status == AgentStatus::LoggedOn
}

/// The device of a party as a CRM sees it: our own extension as the server writes it, anyone else by
/// `numbers`.
fn device(s: &Snapshot, c: &Call, role: PartyRole, numbers: Numbers) -> String {
    let Some(p) = c.parties.iter().find(|p| p.role == role) else {
        return String::new();
    };
    if p.me {
        return s.agent.extension.clone().unwrap_or_default();
    }
    match numbers {
        Numbers::Raw => p.number.raw().to_owned(),
        // A dialled party's display form is the `destForDisplay` it was dialled with, if any.
        Numbers::Display => p.number.display().to_owned(),
    }
}

/// The SDK's word for our connection's state (`callMemory` and `recoverStateSuccess`).
fn sdk_state(c: &Call) -> &'static str {
    match c.state {
        CallState::Dialing => "originated",
        CallState::Ringback | CallState::Ringing => "delivered",
        CallState::Connected => "established",
        CallState::Held => "held",
    }
}

/// The server's word (`client-state` `activeCall.state`, as `wsReconnectSucceed` carries it).
fn wire_state(c: &Call) -> &'static str {
    match c.state {
        CallState::Dialing => "Initiate",
        CallState::Ringback | CallState::Ringing => "Alerting",
        CallState::Connected => "Connect",
        CallState::Held => "Hold",
    }
}

fn direction(c: &Call) -> &'static str {
    match c.direction {
        Direction::Outbound | Direction::CampaignPreoccupied => "Out",
        Direction::Inbound => "In",
        Direction::Internal if c.me_is_caller => "Out",
        Direction::Internal => "In",
    }
}

fn call_view(s: &Snapshot, c: &Call, numbers: Numbers) -> Value {
    json!({
        "callId": c.call_id.as_str(),
        "state": sdk_state(c),
        "direction": direction(c),
        "callingDevice": device(s, c, PartyRole::Caller, numbers),
        "calledDevice": device(s, c, PartyRole::Called, numbers),
        "displayNumber": c.display_number,
        "userData": c.user_data.as_deref().cloned().unwrap_or(Value::Null),
        "callType": c.call_type,
    })
}

/// The call a single-call SDK page means: connected first, then ringing, then anything.
fn focus(s: &Snapshot) -> Option<&Call> {
    well_callmodel::focus::current_call(&s.calls).or_else(|| s.calls.first())
}

/// Pushed to every page on each change of the agent or its calls.
pub fn state(s: &Snapshot, numbers: Numbers) -> Value {
    let calls: Vec<Value> = s.calls.iter().map(|c| call_view(s, c, numbers)).collect();
    json!({
        "loggedIn": logged_in(s),
        "agentId": s.agent.agent_id,
        "extensionId": s.agent.extension,
        "agentName": s.agent.name,
        "agentMode": agent_mode(s),
        "calls": calls,
    })
}

/// `recoverStateSuccess` for a page that re-attached (spec §7.4): one `call` in the SDK's shape (the
/// current one) and, beyond the SDK, every call in `calls`.
pub fn recover_state_success(s: &Snapshot, numbers: Numbers) -> Value {
    let mut m = Map::new();
    m.insert("eventName".into(), "recoverStateSuccess".into());
    m.insert("agentId".into(), json!(s.agent.agent_id));
    m.insert("extensionId".into(), json!(s.agent.extension));
    m.insert("agentMode".into(), agent_mode(s).into());
    m.insert(
        "agentName".into(),
        json!(s.agent.name.clone().unwrap_or_default()),
    );
    if let Some(c) = focus(s) {
        m.insert(
            "call".into(),
            json!({
                "callId": c.call_id.as_str(),
                "callingDevice": device(s, c, PartyRole::Caller, numbers),
                "calledDevice": device(s, c, PartyRole::Called, numbers),
                "state": sdk_state(c),
            }),
        );
    }
    let calls: Vec<Value> = s.calls.iter().map(|c| call_view(s, c, numbers)).collect();
    m.insert("calls".into(), calls.into());
    Value::Object(m)
}

/// `wsReconnectSucceed` (spec §4.8): what a page that lost events starts again from.
pub fn ws_reconnect_succeed(s: &Snapshot, numbers: Numbers) -> Value {
    let mut m = Map::new();
    m.insert("eventName".into(), "wsReconnectSucceed".into());
    m.insert("agentMode".into(), agent_mode(s).into());
    if let Some(c) = focus(s) {
        m.insert(
            "activeCall".into(),
            json!({
                "callingDevice": device(s, c, PartyRole::Caller, numbers),
                "calledDevice": device(s, c, PartyRole::Called, numbers),
                "state": wire_state(c),
                "callId": c.call_id.as_str(),
                "direction": direction(c),
            }),
        );
    }
    Value::Object(m)
}
