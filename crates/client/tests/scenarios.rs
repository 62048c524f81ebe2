//! Every scenario file of `scenarios/` end to end through the client: one session actor per agent against one
//! simulator. A step's REST trigger becomes the handle command an agent would give (login, state, makeCall,
//! call control, recording); a `/sim` trigger goes to the control API. After each step, every agent's snapshot
//! must match the file's expectation AND agree with what the simulator says in `GET /sim/state` (logged in,
//! mode, the calls of the agent's extension and the agent's own state in each). The customer's raw digits,
//! taken from `/sim/state`, must never appear in a snapshot.

mod common;

use common::*;
use regex::Regex;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;
use tokio::sync::mpsc;
use well_callmodel::AgentStatus;
use well_client::session::{self, CallCommand, DialOptions, Handle, LoginMode, SavedSessionChange};
use well_protocol::event::AgentMode;
use well_protocol::ids::CallId;
use well_protocol::redact::Secret;
use well_scenario::{Bindings, Nulls};
use well_sim::{Sim, SimConfig, SimHandle};

struct Agent {
    agent_id: String,
    job: String,
    /// `number@domain`.
    extension: String,
    password: String,
    handle: Handle,
    _saved: mpsc::UnboundedReceiver<SavedSessionChange>,
}

fn mode_of(name: Option<&str>) -> AgentMode {
    match name {
        Some("NotReady") => AgentMode::NotReady,
        _ => AgentMode::Ready,
    }
}

fn text<'a>(v: &'a Value, key: &str) -> Result<&'a str, String> {
    v[key].as_str().ok_or(format!("no {key} in {v}"))
}

/// The handle command for a call-control path (`.../calls/{id}/connections/{conn}[/op]`) and its body.
fn call_command(method: &str, op: Option<&str>, body: &Value) -> Result<CallCommand, String> {
    Ok(match (method, op) {
        ("DELETE", None) => CallCommand::HangUp,
        (_, Some("answer")) => CallCommand::Answer,
        (_, Some("hold")) => CallCommand::Hold,
        (_, Some("retrieve")) => CallCommand::Retrieve,
        (_, Some("consult")) => CallCommand::Consult {
            number: text(body, "consultationParticipant")?.into(),
        },
        (_, Some("cancelConsult")) => CallCommand::CancelConsult,
        (_, Some("conference")) => CallCommand::Conference,
        (_, Some("transfer")) => CallCommand::Transfer,
        (_, Some("transferAndWait")) => CallCommand::TransferAndWait,
        (_, Some("singleStepTransfer")) => CallCommand::SingleStepTransfer {
            number: text(body, "transferTo")?.into(),
        },
        (_, Some("singleStepConference")) => CallCommand::SingleStepConference {
            number: text(body, "conferenceParticipant")?.into(),
        },
        _ => return Err(format!("no client command for {method} {op:?}")),
    })
}

/// Give the agent's command for a REST trigger through its handle; binds what the answer names.
async fn command(a: &Agent, rest: &Value, b: &mut Bindings) -> Result<(), String> {
    let method = text(rest, "method")?;
    let path = b.fill_str(text(rest, "path")?);
    let body = b.fill(&rest["body"]);
    let h = &a.handle;
    let connection_op =
        Regex::new(r"^/api/csta/callControl/calls/([^/]+)/connections/[^/]+(?:/(\w+))?$")
            .expect("valid pattern");
    let result = if path == "/api/csta/agent/state" {
        match text(&body, "func")? {
            "Login" => {
                let ext = a.extension.split('@').next().unwrap_or_default();
                let mut r = req(&a.job, ext, &a.password, LoginMode::Force);
                r.agent_mode = mode_of(body["agentMode"].as_str());
                h.login(r).await
            }
            "Logout" => h.logout().await,
            "SetState" if body["agentMode"] == "Ready" => h.ready().await,
            "SetState" => {
                let reason = body["reason"].as_str().filter(|r| !r.is_empty());
                h.not_ready(reason.map(str::to_owned)).await
            }
            other => return Err(format!("no client command for func {other}")),
        }
    } else if path == "/api/csta/callControl/calls" {
        let opts = DialOptions {
            prefix: None,
            origin_for_display: body["originForDisplay"].as_str().map(str::to_owned),
            dest_for_display: body["destForDisplay"].as_str().map(str::to_owned),
            cpa: body.get("cpa").is_some(),
        };
        let call = h
            .make_call(Secret::new(text(&body, "to")?), opts)
            .await
            .map_err(|e| format!("makeCall: {e}"))?;
        if let Some(placeholder) = rest["bind"]["callId"].as_str() {
            b.bind(placeholder, call.as_str());
        }
        Ok(())
    } else if let Some(c) = connection_op.captures(&path) {
        let call = CallId::new(c[1].to_owned());
        let cmd = call_command(method, c.get(2).map(|m| m.as_str()), &body)?;
        h.call(&call, cmd).await
    } else if let Some(op) = path.strip_prefix("/api/csta/callControl/recording/") {
        h.recording(op.starts_with("Start")).await
    } else {
        return Err(format!("no client command for {method} {path}"));
    };
    result.map_err(|e| format!("{method} {path}: {e}"))
}

/// A `/sim/...` trigger, sent to the control API as the file says; binds what the answer names.
async fn control(sim: &SimHandle, trigger: &Value, b: &mut Bindings) -> Result<(), String> {
    let path = b.fill_str(text(trigger, "path")?);
    let url = format!("{}{path}", sim.base_url());
    let mut req = reqwest::Client::new().post(url);
    if !trigger["body"].is_null() {
        req = req.json(&b.fill(&trigger["body"]));
    }
    let resp = req.send().await.map_err(|e| format!("{path}: {e}"))?;
    let status = resp.status();
    let answer: Value = resp.json().await.unwrap_or(Value::Null);
    if !status.is_success() {
        return Err(format!("{path} answered {status} {answer}"));
    }
    for (field, placeholder) in trigger["bind"].as_object().into_iter().flatten() {
        let v = text(&answer, field)?;
        b.bind(placeholder.as_str().unwrap_or_default(), v);
    }
    Ok(())
}

/// Every raw digit string of a non-internal party the simulator knows.
fn raw_numbers(state: &Value) -> Vec<String> {
    let internal = Regex::new(r"^8\d{3,5}$").expect("valid pattern");
    state["calls"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|c| c["parties"].as_array().into_iter().flatten())
        .filter_map(|p| p["raw"].as_str())
        .filter(|r| !internal.is_match(r))
        .map(str::to_owned)
        .collect()
}

/// Poll until every agent matches the step's expectation and agrees with the simulator; placeholders seen
/// for the first time (an inbound or consult call's id) bind only when the whole step matches.
async fn settle(
    sim: &SimHandle,
    agents: &BTreeMap<String, Agent>,
    expect: &Value,
    b: &mut Bindings,
    seen_raw: &mut BTreeSet<String>,
) -> Result<(), String> {
    let mut last = String::new();
    for _ in 0..300 {
        let state = sim.state();
        seen_raw.extend(raw_numbers(&state));
        let mut trial = b.clone();
        let mut outcome = Ok(());
        for (key, a) in agents {
            let snap = a.handle.snapshot().await.map_err(|e| e.to_string())?;
            let json = serde_json::to_string(&snap).unwrap_or_default();
            if let Some(raw) = seen_raw.iter().find(|r| json.contains(r.as_str())) {
                return Err(format!("agent {key}: raw number {raw} in the snapshot"));
            }
            let snap_value = serde_json::to_value(&snap).unwrap_or_default();
            let checked = match expect.get(key) {
                Some(e) => trial.matches(e, &snap_value, Nulls::MatchMissing, ""),
                None => Ok(()),
            }
            .and_then(|()| agrees_with_sim(&a.agent_id, &a.extension, &snap, &state));
            if let Err(e) = checked {
                outcome = Err(format!("agent {key}: {e}"));
                break;
            }
        }
        match outcome {
            Ok(()) => {
                *b = trial;
                return Ok(());
            }
            Err(e) => last = e,
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    Err(last)
}

/// Replays one file: the number of steps and of distinct raw customer numbers scanned for.
async fn run(name: &str) -> Result<(usize, usize), String> {
    let doc = well_scenario::load(name);
    let sim = Sim::start(SimConfig::default())
        .await
        .map_err(|e| e.to_string())?;
    let mut agents = BTreeMap::new();
    for (key, a) in doc["agents"].as_object().into_iter().flatten() {
        let agent_id = text(a, "agentId")?.to_owned();
        let (handle, saved) = session::spawn(cfg(&sim)).map_err(|e| e.to_string())?;
        let agent = Agent {
            job: agent_id.split('@').next().unwrap_or_default().to_owned(),
            agent_id,
            extension: text(a, "extension")?.to_owned(),
            password: text(a, "password")?.to_owned(),
            handle,
            _saved: saved,
        };
        if let Some(mode) = doc["login"].get(key).and_then(Value::as_str) {
            let ext = agent.extension.split('@').next().unwrap_or_default();
            let mut r = req(&agent.job, ext, &agent.password, LoginMode::Force);
            r.agent_mode = mode_of(Some(mode));
            agent
                .handle
                .login(r)
                .await
                .map_err(|e| format!("{name}: login of {key}: {e}"))?;
            until(&agent.handle, "logged on", |s| {
                s.agent.status == AgentStatus::LoggedOn
            })
            .await;
        }
        agents.insert(key.clone(), agent);
    }
    let mut b = Bindings::default();
    let mut seen_raw = BTreeSet::new();
    let steps = doc["steps"].as_array().cloned().unwrap_or_default();
    for (n, step) in steps.iter().enumerate() {
        let at = format!("{name} step {} ({})", n + 1, step["name"]);
        let trigger = &step["trigger"];
        let fired = match (trigger.get("rest"), trigger.get("sim")) {
            (Some(rest), _) => {
                let who = text(rest, "agent")?;
                let a = agents.get(who).ok_or(format!("unknown agent {who}"))?;
                command(a, rest, &mut b).await
            }
            (None, Some(s)) => control(&sim, s, &mut b).await,
            _ => Err("no trigger".to_owned()),
        };
        fired.map_err(|e| format!("{at}: {e}"))?;
        settle(&sim, &agents, &step["expect"], &mut b, &mut seen_raw)
            .await
            .map_err(|e| format!("{at}: {e}"))?;
    }
    sim.shutdown().await;
    Ok((steps.len(), seen_raw.len()))
}

#[tokio::test]
async fn every_scenario_file_leaves_each_agents_snapshot_equal_to_the_simulators_state() {
    let all = well_scenario::names();
    assert!(all.len() >= 14, "scenario files missing: {all:?}");
    let mut failures = Vec::new();
    let (mut steps, mut raws) = (0, 0);
    for name in &all {
        match run(name).await {
            Ok((n, r)) => {
                steps += n;
                raws += r;
            }
            Err(e) => failures.push(e),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(steps >= 50, "only {steps} steps");
    assert!(
        raws >= 10,
        "the raw-number scan saw only {raws} customer numbers"
    );
}

#[test]
fn the_call_state_agreement_can_fail() {
    assert!(agrees_on_call_state("ringing", "Alerting"));
    assert!(!agrees_on_call_state("connected", "Alerting"));
    assert!(!agrees_on_call_state("held", "Connect"));
    assert_eq!(snake("NotReady"), "not_ready");
    assert_eq!(snake("WorkNotReady"), "work_not_ready");
}
