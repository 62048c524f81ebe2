//! The scenario files of `scenarios/` against the simulator: each step's trigger is sent for real (REST as the
//! agent, or the control API), and every involved agent must receive exactly the step's events, in order, on
//! its STOMP subscription. Server-generated ids bind on first sight; `$serial` and `$time` match any value.

mod common;

use common::*;
use regex::Regex;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::time::Duration;

/// Every scenario file of the repository.
fn names() -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir())
        .unwrap()
        .filter_map(|e| e.unwrap().file_name().into_string().ok())
        .filter_map(|n| n.strip_suffix(".json").map(str::to_owned))
        .collect();
    v.sort();
    v
}

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scenarios")
}

struct Bindings(HashMap<String, String>);

impl Bindings {
    fn fill(&self, v: &Value) -> Value {
        match v {
            Value::String(s) => Value::String(self.fill_str(s)),
            Value::Array(a) => Value::Array(a.iter().map(|x| self.fill(x)).collect()),
            Value::Object(m) => {
                Value::Object(m.iter().map(|(k, x)| (k.clone(), self.fill(x))).collect())
            }
            other => other.clone(),
        }
    }

    fn fill_str(&self, s: &str) -> String {
        let mut out = s.to_owned();
        for (k, v) in &self.0 {
            out = out.replace(k.as_str(), v);
        }
        out
    }

    /// `expected` ⊆ `actual`, binding unbound placeholders from what `actual` holds.
    fn matches(&mut self, expected: &Value, actual: &Value, path: &str) -> Result<(), String> {
        match (expected, actual) {
            (Value::String(e), _) if e == "$serial" => actual
                .as_u64()
                .map(|_| ())
                .ok_or(format!("{path}: serial {actual}")),
            (Value::String(e), _) if e == "$time" => actual
                .as_str()
                .map(|_| ())
                .ok_or(format!("{path}: time {actual}")),
            (Value::String(e), Value::String(a)) => {
                let e = self.fill_str(e);
                if !e.contains('$') {
                    return if e == *a {
                        Ok(())
                    } else {
                        Err(format!("{path}: expected {e:?}, got {a:?}"))
                    };
                }
                let token = Regex::new(r"\$[a-z]+\d+").unwrap();
                let mut pattern = String::from("^");
                let mut names = Vec::new();
                let mut last = 0;
                for m in token.find_iter(&e) {
                    pattern.push_str(&regex::escape(&e[last..m.start()]));
                    pattern.push_str("([^|/]+?)");
                    names.push(m.as_str().to_owned());
                    last = m.end();
                }
                pattern.push_str(&regex::escape(&e[last..]));
                pattern.push('$');
                let caps = Regex::new(&pattern)
                    .unwrap()
                    .captures(a)
                    .ok_or(format!("{path}: expected {e:?}, got {a:?}"))?;
                for (i, name) in names.iter().enumerate() {
                    let got = caps
                        .get(i + 1)
                        .map(|m| m.as_str().to_owned())
                        .unwrap_or_default();
                    match self.0.get(name) {
                        Some(v) if *v != got => {
                            return Err(format!("{path}: {name} is {v}, got {got}"))
                        }
                        _ => {
                            self.0.insert(name.clone(), got);
                        }
                    }
                }
                Ok(())
            }
            (Value::Object(e), Value::Object(a)) => {
                for (k, ev) in e {
                    let av = a.get(k).ok_or(format!("{path}.{k}: missing"))?;
                    self.matches(ev, av, &format!("{path}.{k}"))?;
                }
                Ok(())
            }
            (Value::Array(e), Value::Array(a)) if e.len() == a.len() => e
                .iter()
                .zip(a)
                .enumerate()
                .try_for_each(|(i, (x, y))| self.matches(x, y, &format!("{path}[{i}]"))),
            (e, a) if e == a => Ok(()),
            (e, a) => Err(format!("{path}: expected {e}, got {a}")),
        }
    }
}

async fn send(
    sim: &well_sim::SimHandle,
    method: &str,
    path: &str,
    session: Option<&str>,
    body: Option<Value>,
) -> (u16, Value) {
    let url = format!("{}{path}", sim.base_url());
    let mut req = match method {
        "DELETE" => http().delete(url),
        "GET" => http().get(url),
        _ => http().post(url),
    };
    if let Some(s) = session {
        req = req.header("sessionId", s);
    }
    if let Some(b) = body {
        req = req.json(&b);
    }
    let r = req.send().await.expect("request");
    let status = r.status().as_u16();
    let text = r.text().await.unwrap_or_default();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

async fn run(name: &str) -> Result<usize, String> {
    let doc: Value =
        serde_json::from_str(&std::fs::read_to_string(dir().join(format!("{name}.json"))).unwrap())
            .unwrap();
    let sim = sim().await;
    let mut b = Bindings(HashMap::new());
    let mut agents: BTreeMap<String, (String, Stomp)> = BTreeMap::new();
    for (key, a) in doc["agents"].as_object().unwrap() {
        let agent_id = a["agentId"].as_str().unwrap();
        let (job, _) = agent_id.split_once('@').unwrap();
        let session = tpi(&sim, job, a["password"].as_str().unwrap(), "demo.cc")
            .await
            .map_err(|s| format!("TPI {s}"))?;
        let (mut stomp, _) = Stomp::connect(&sim, "0,0").await;
        stomp.subscribe(agent_id).await;
        if let Some(mode) = doc["login"].get(key).and_then(Value::as_str) {
            let ext = a["extension"].as_str().unwrap().split('@').next().unwrap();
            let (status, _) =
                agent_state(&sim, &session, login_body(job, ext, &session, mode)).await;
            assert_eq!(status, 204, "{name}: login of {key}");
            stomp.event().await;
            stomp.event().await;
        }
        agents.insert(key.clone(), (session, stomp));
    }
    let steps = doc["steps"].as_array().unwrap();
    for (n, step) in steps.iter().enumerate() {
        let at = format!("{name} step {} ({})", n + 1, step["name"]);
        let (trigger, session) = match (step["trigger"].get("rest"), step["trigger"].get("sim")) {
            (Some(r), _) => {
                let who = r["agent"].as_str().unwrap();
                b.0.insert("$session".into(), agents[who].0.clone());
                (r, Some(agents[who].0.clone()))
            }
            (None, Some(s)) => (s, None),
            _ => return Err(format!("{at}: no trigger")),
        };
        let path = b.fill_str(trigger["path"].as_str().unwrap());
        let body = trigger.get("body").map(|x| b.fill(x));
        let (status, resp) = send(
            &sim,
            trigger["method"].as_str().unwrap(),
            &path,
            session.as_deref(),
            body,
        )
        .await;
        if !(200..300).contains(&status) {
            return Err(format!("{at}: {path} answered {status} {resp}"));
        }
        if let Some(bind) = trigger.get("bind").and_then(Value::as_object) {
            for (field, placeholder) in bind {
                let v = resp[field]
                    .as_str()
                    .ok_or(format!("{at}: no {field} in {resp}"))?;
                b.0.insert(placeholder.as_str().unwrap().to_owned(), v.to_owned());
            }
        }
        for (who, events) in step["events"].as_object().unwrap() {
            let stomp = &mut agents
                .get_mut(who)
                .ok_or(format!("{at}: unknown agent {who}"))?
                .1;
            let mut last_serial = 0;
            for (i, expected) in events.as_array().unwrap().iter().enumerate() {
                let got = stomp.event().await.to_value();
                b.matches(
                    expected,
                    &got,
                    &format!("{at}: agent {who} event {}", i + 1),
                )?;
                let serial = got["serial"].as_u64().unwrap_or(0);
                if serial <= last_serial {
                    return Err(format!("{at}: serials not increasing"));
                }
                last_serial = serial;
            }
        }
        for (who, (_, stomp)) in agents.iter_mut() {
            if let Some(extra) = stomp.item_within(Duration::from_millis(30)).await {
                return Err(format!("{at}: agent {who} got an unexpected {extra:?}"));
            }
        }
    }
    sim.shutdown().await;
    Ok(steps.len())
}

#[tokio::test]
async fn every_scenario_file_produces_its_events_on_every_agents_topic() {
    let mut failures = Vec::new();
    let mut steps = 0;
    let all = names();
    assert!(all.len() >= 14, "scenario files missing");
    for name in &all {
        match run(name).await {
            Ok(n) => steps += n,
            Err(e) => failures.push(e),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(steps >= 50, "only {steps} steps");
}

#[tokio::test]
async fn the_binder_can_fail() {
    let mut b = Bindings(HashMap::new());
    let e = serde_json::json!({"callId": "$call1", "connectionId": "8001@demo.cc|$call1", "serial": "$serial"});
    let ok = serde_json::json!({"callId": "abc", "connectionId": "8001@demo.cc|abc", "serial": 3});
    assert!(b.matches(&e, &ok, "").is_ok());
    let bad = serde_json::json!({"callId": "abc", "connectionId": "8001@demo.cc|xyz", "serial": 3});
    assert!(b.matches(&e, &bad, "").is_err());
    assert!(b
        .matches(
            &serde_json::json!({"a": 1}),
            &serde_json::json!({"b": 1}),
            ""
        )
        .is_err());
}
