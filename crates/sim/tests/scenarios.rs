//! The scenario files of `scenarios/` against the simulator: each step's trigger is sent for real (REST as the
//! agent, or the control API), and every involved agent must receive exactly the step's events, in order, on
//! its STOMP subscription. Server-generated ids bind on first sight; `$serial` and `$time` match any value.

mod common;

use common::*;
use serde_json::Value;
use std::collections::BTreeMap;
use std::time::Duration;
use well_scenario::{Bindings, Nulls};

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
    let doc = well_scenario::load(name);
    let sim = sim().await;
    let mut b = Bindings::default();
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
                b.bind("$session", &agents[who].0);
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
                b.bind(placeholder.as_str().unwrap(), v);
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
                    Nulls::Strict,
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
    let all = well_scenario::names();
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
