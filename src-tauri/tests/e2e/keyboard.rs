//! The whole call by the window's keyboard shortcuts alone, typed on the X display (xdotool): ring → answer
//! (Alt+A) → hold and retrieve (Alt+O) → consult 8002 (Alt+C puts the focus in the target-number field, the
//! number and Enter dial it; the simulator answers) → transfer (Alt+T) → after-call work → Ready (Alt+R), with
//! the simulator's state checked at each step; the shortcuts are on the buttons and listed in the settings.

use crate::harness::*;
use serde_json::{json, Value};
use well_sim::{Sim, SimConfig};

fn keys(k: &str) {
    xdo(&["key", "--clearmodifiers", k]);
}

/// The simulator's calls as `(state, [extension or number of each party])`.
fn sim_calls(sim: &well_sim::SimHandle) -> Vec<(String, Vec<String>)> {
    sim.calls()
        .iter()
        .map(|c| {
            let parties = c["parties"]
                .as_array()
                .map(|p| {
                    p.iter()
                        .map(|x| x["raw"].as_str().unwrap_or_default().to_owned())
                        .collect()
                })
                .unwrap_or_default();
            (c["state"].as_str().unwrap_or_default().to_owned(), parties)
        })
        .collect()
}

async fn until_sim(
    sim: &well_sim::SimHandle,
    what: &str,
    ok: impl Fn(&[(String, Vec<String>)]) -> bool,
) {
    for _ in 0..200 {
        if ok(&sim_calls(sim)) {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the simulator never showed {what}: {:?}", sim_calls(sim));
}

async fn until_mode(sim: &well_sim::SimHandle, mode: &str) {
    for _ in 0..200 {
        if sim
            .agent("5001@demo.cc")
            .is_some_and(|a| a.agent_mode == mode)
        {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("agent never {mode}: {:?}", sim.agent("5001@demo.cc"));
}

#[tokio::test]
#[ignore = "needs a display and tauri-driver: run by scripts/test.sh"]
async fn a_call_from_ring_to_transfer_and_back_to_ready_by_the_windows_shortcuts_alone() {
    // After-call work that lasts until the agent ends it.
    let sim = Sim::start(SimConfig {
        acw_after_call_ms: 600_000,
        ..SimConfig::default()
    })
    .await
    .expect("simulator starts");
    let dir = profile();
    let app = App::logged_in(&sim, dir.path()).await;
    until_mode(&sim, "Ready").await;
    let listed = app
        .js("return [...document.querySelectorAll('#settings-shortcuts kbd')].map(k => k.textContent)")
        .await;
    assert_eq!(
        listed,
        json!([
            "Alt+A", "Alt+H", "Alt+O", "Alt+C", "Alt+T", "Alt+F", "Alt+X", "Alt+S", "Alt+J",
            "Alt+R", "Alt+N", "Alt+D"
        ]),
        "every shortcut listed in the settings"
    );
    app.focus_main_window();

    let customer = random_number();
    let call = sim.ring(&customer, "8001", json!({})).await.unwrap();
    app.until_call_state(&call, "ringing").await;
    let shown = app
        .js(&format!("const b = document.querySelector(\"#call-list .call[data-call-id='{call}'] button[data-action='answer']\"); return [b.getAttribute('aria-keyshortcuts'), b.querySelector('kbd').textContent]"))
        .await;
    assert_eq!(
        shown,
        json!(["Alt+A", "Alt+A"]),
        "the shortcut on its button"
    );

    keys("alt+a");
    app.until_call_state(&call, "connected").await;
    until_sim(&sim, "the call connected", |c| {
        c.len() == 1 && c[0].0 == "Connect"
    })
    .await;

    keys("alt+o");
    app.until_call_state(&call, "held").await;
    until_sim(&sim, "the customer held", |c| {
        c.len() == 1 && c[0].0 == "Hold"
    })
    .await;
    keys("alt+o");
    app.until_call_state(&call, "connected").await;
    until_sim(&sim, "the customer retrieved", |c| {
        c.len() == 1 && c[0].0 == "Connect"
    })
    .await;

    keys("alt+c");
    app.until(
        "the focus in the call's target-number field",
        &format!("document.activeElement === document.querySelector(\"#call-list .call[data-call-id='{call}'] .target\")"),
    )
    .await;
    xdo(&["type", "--delay", "30", "8002"]);
    keys("Return");
    until_sim(&sim, "the consult ringing 8002", |c| {
        c.len() == 2
            && c.iter()
                .any(|(s, p)| s == "Alerting" && p.iter().any(|x| x == "8002"))
    })
    .await;
    let consult: Value = sim
        .calls()
        .into_iter()
        .find(|c| c["callId"] != call)
        .expect("the consult call");
    let consult = consult["callId"].as_str().unwrap().to_owned();
    sim.answer(&consult).await.unwrap();
    app.until_call_state(&consult, "connected").await;
    until_sim(&sim, "the consult answered, the customer held", |c| {
        c.iter()
            .any(|(s, p)| s == "Connect" && p.iter().any(|x| x == "8002"))
            && c.iter().any(|(s, p)| s == "Hold" && p.contains(&customer))
    })
    .await;

    keys("alt+t");
    until_sim(&sim, "the customer talking to 8002, the agent out", |c| {
        c.len() == 1
            && c[0].0 == "Connect"
            && c[0].1.contains(&customer)
            && c[0].1.iter().any(|x| x == "8002")
            && !c[0].1.iter().any(|x| x == "8001")
    })
    .await;
    app.until_no_calls().await;
    until_mode(&sim, "WorkNotReady").await;
    app.until(
        "after-call work on screen",
        "document.getElementById('agent-mode').dataset.mode === 'work_not_ready'",
    )
    .await;

    keys("alt+r");
    until_mode(&sim, "Ready").await;
    app.until_ready().await;

    // The incoming-call popup, which may hold the focus when a call rings, takes Alt+H (reject) too.
    let main = app.main_window();
    let caller = random_number();
    let second = sim.ring(&caller, "8001", json!({})).await.unwrap();
    app.until_call_state(&second, "ringing").await;
    let pid = app.pid().to_string();
    let mut popup = None;
    for _ in 0..100 {
        popup = words_of(
            "xdotool",
            &["search", "--onlyvisible", "--name", "Well Softphone"],
        )
        .into_iter()
        .find(|w| *w != main && words_of("xdotool", &["getwindowpid", w]) == [pid.clone()]);
        if popup.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let popup = popup.expect("the popup on the X display");
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    focus_window(&popup);
    keys("alt+h");
    until_sim(&sim, "the second call rejected", |c| {
        !c.iter().any(|(_, p)| p.contains(&caller))
    })
    .await;
    app.until_no_calls().await;
    app.close().await;
}
