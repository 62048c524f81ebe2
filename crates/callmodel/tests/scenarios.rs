//! Replays every scenario file of `scenarios/` through one model per agent and compares each agent's model
//! with the file's expectation after every step. Server-generated ids become fixed values here.

use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::path::PathBuf;

use well_callmodel::{Model, ModelConfig};
use well_protocol::event::Event;
use well_protocol::ids::{CallId, DeviceId};

/// Raw customer digits used by the scenarios: none may reach a snapshot or a change.
const RAW_NUMBERS: &[&str] = &["13912345678", "13800138000", "13600136000"];

fn scenario_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scenarios")
}

struct Filler {
    serial: u64,
}

impl Filler {
    fn fill(&mut self, v: &Value) -> Value {
        match v {
            Value::String(s) if s == "$serial" => {
                self.serial += 1;
                json!(self.serial)
            }
            Value::String(s) => Value::String(fill_str(s)),
            Value::Array(a) => Value::Array(a.iter().map(|x| self.fill(x)).collect()),
            Value::Object(m) => {
                Value::Object(m.iter().map(|(k, x)| (k.clone(), self.fill(x))).collect())
            }
            other => other.clone(),
        }
    }
}

fn fill_str(s: &str) -> String {
    let mut out = s
        .replace("$time", "2026.11.25 10:00:00")
        .replace("$session", "session-under-test");
    for n in (1..10).rev() {
        out = out.replace(
            &format!("$call{n}"),
            &format!("00000000-0000-4000-8000-00000000000{n}"),
        );
        out = out.replace(&format!("$record{n}"), &format!("record-{n}"));
    }
    out
}

/// `expected` ⊆ `actual`: every key of an expected object matches (null also matches a missing key), arrays
/// have the same length and match element by element.
fn subset(expected: &Value, actual: &Value, path: &str) -> Result<(), String> {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (k, ev) in e {
                let av = a.get(k).unwrap_or(&Value::Null);
                subset(ev, av, &format!("{path}.{k}"))?;
            }
            Ok(())
        }
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                return Err(format!(
                    "{path}: expected {} items, got {}: {}",
                    e.len(),
                    a.len(),
                    actual
                ));
            }
            e.iter()
                .zip(a)
                .enumerate()
                .try_for_each(|(i, (x, y))| subset(x, y, &format!("{path}[{i}]")))
        }
        (Value::String(e), a) if a.as_str() == Some(&fill_str(e)) => Ok(()),
        (e, a) if e == a => Ok(()),
        (e, a) => Err(format!("{path}: expected {e}, got {a}")),
    }
}

fn login_events(agent: &Value, mode: &str) -> Vec<Value> {
    let ext = agent["extension"].as_str().unwrap();
    let base = |name: &str, m: &str| {
        json!({"eventName": name, "eventType": "agent", "serial": 0, "srcDeviceId": ext, "deviceId": ext,
               "agentId": agent["agentId"], "agentMode": m})
    };
    let second = if mode == "Ready" {
        "agentReady"
    } else {
        "agentNotReady"
    };
    vec![base("agentLoggedOn", mode), base(second, mode)]
}

fn run(path: &PathBuf) -> Result<usize, String> {
    let doc: Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).map_err(|e| e.to_string())?;
    let agents = doc["agents"].as_object().unwrap();
    let mut models: BTreeMap<String, Model> = BTreeMap::new();
    let mut f = Filler { serial: 1000 };
    let mut now = 1_000u64;
    for (name, a) in agents {
        models.insert(name.clone(), Model::new(ModelConfig::default()));
        if let Some(mode) = doc["login"].get(name).and_then(Value::as_str) {
            let m = models.get_mut(name).unwrap();
            m.login_started(
                a["agentId"].as_str().unwrap(),
                DeviceId::parse_lenient(a["extension"].as_str().unwrap()),
                now,
            );
            for ev in login_events(a, mode) {
                let ev = f.fill(&ev);
                m.apply_event(Event::from_value(ev).unwrap(), now);
            }
        }
    }
    let steps = doc["steps"].as_array().unwrap();
    for (n, step) in steps.iter().enumerate() {
        now += 1_000;
        let at = format!(
            "{} step {} ({})",
            path.file_name().unwrap().to_string_lossy(),
            n + 1,
            step["name"]
        );
        // A makeCall answer, applied after the events (the harder order: `originated` first).
        let mut accepted: Option<(String, String, String)> = None;
        let mut emitted: Vec<Value> = Vec::new();
        if let Some(rest) = step["trigger"].get("rest") {
            let who = rest["agent"].as_str().unwrap().to_owned();
            let body = f.fill(&rest["body"]);
            let p = rest["path"].as_str().unwrap();
            let m = models.get_mut(&who).unwrap();
            if p == "/api/csta/agent/state" {
                match body["func"].as_str() {
                    Some("Login") => {
                        let a = &agents[&who];
                        let out = m.login_started(
                            a["agentId"].as_str().unwrap(),
                            DeviceId::parse_lenient(a["extension"].as_str().unwrap()),
                            now,
                        );
                        emitted.push(serde_json::to_value(&out.changes).unwrap());
                    }
                    Some("Logout") => m.logout_requested(),
                    _ => {}
                }
            }
            if p == "/api/csta/callControl/calls" {
                let to = body["to"].as_str().unwrap().to_owned();
                let out = m.dial_requested(&to, &to, body["destForDisplay"].as_str(), now);
                emitted.push(serde_json::to_value(&out.changes).unwrap());
                let call = fill_str(rest["bind"]["callId"].as_str().unwrap());
                accepted = Some((who.clone(), to, call));
            }
        }
        for (who, events) in step["events"].as_object().unwrap() {
            let m = models
                .get_mut(who)
                .ok_or(format!("{at}: unknown agent {who}"))?;
            for ev in events.as_array().unwrap() {
                let ev = Event::from_value(f.fill(ev)).map_err(|e| format!("{at}: {e}"))?;
                let out = m.apply_event(ev, now);
                emitted.push(serde_json::to_value(&out.changes).unwrap());
                emitted.push(serde_json::to_value(&out.effects).unwrap());
            }
        }
        if let Some((who, to, call)) = accepted {
            models
                .get_mut(&who)
                .unwrap()
                .dial_accepted(&to, &CallId::new(call), now);
        }
        for (who, expect) in step["expect"].as_object().unwrap() {
            let snap = serde_json::to_value(models[who].snapshot()).unwrap();
            subset(expect, &snap, &format!("{at}: agent {who}"))?;
            emitted.push(snap);
        }
        let text = serde_json::to_string(&emitted).unwrap();
        for raw in RAW_NUMBERS {
            if text.contains(raw) {
                return Err(format!("{at}: raw number {raw} reached the output"));
            }
        }
    }
    Ok(steps.len())
}

#[test]
fn every_scenario_file_replays_to_its_expected_models() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(scenario_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 14,
        "expected one file per scenario of §8 and §6.7, found {}",
        files.len()
    );
    let mut failures = Vec::new();
    let mut steps = 0;
    for f in &files {
        match run(f) {
            Ok(n) => steps += n,
            Err(e) => failures.push(e),
        }
    }
    assert!(
        failures.is_empty(),
        "{} scenario(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(steps > 40, "only {steps} steps replayed");
}

#[test]
fn the_subset_matcher_can_fail() {
    let actual = json!({"a": 1, "b": [1, 2]});
    assert!(subset(&json!({"a": 1}), &actual, "").is_ok());
    assert!(subset(&json!({"a": 2}), &actual, "").is_err());
    assert!(subset(&json!({"b": [1]}), &actual, "").is_err());
    assert!(subset(&json!({"c": null}), &actual, "").is_ok());
    assert!(subset(&json!({"c": 1}), &actual, "").is_err());
    let _ = Map::<String, Value>::new();
}
