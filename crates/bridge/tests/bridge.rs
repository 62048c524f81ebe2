//! The bridge against the real simulator and a real session: a WebSocket client plays the CRM page (with
//! the `Origin` header a browser sends); the browser itself is `tests/browser.rs`.

mod common;

use common::*;
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use std::collections::VecDeque;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};
use well_bridge::{Bridge, BridgeConfig, BridgeError, Decision, Limits, Origin, Origins};
use well_client::session::{CallCommand, Handle};
use well_sim::{Sim, SimConfig, SimHandle};

const CRM: &str = "http://crm.test:8080";

type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

fn random_number() -> String {
    let n = uuid::Uuid::new_v4().as_u128() % 1_000_000_000;
    format!("139{n:09}")
}

struct World {
    sim: SimHandle,
    handle: Handle,
    bridge: Bridge,
    raw: Arc<AtomicBool>,
}

async fn world(allowed: &[&str]) -> World {
    let sim = Sim::start(SimConfig::default()).await.unwrap();
    let handle = session(&sim);
    let origins = Arc::new(Origins::new(
        allowed.iter().map(|o| (Origin::parse(o).unwrap(), None)),
    ));
    let raw = Arc::new(AtomicBool::new(false));
    let bridge = Bridge::start(
        BridgeConfig {
            port: 0,
            origins,
            raw_numbers: raw.clone(),
            limits: Limits::default(),
        },
        handle.clone(),
    )
    .await
    .unwrap();
    World {
        sim,
        handle,
        bridge,
        raw,
    }
}

async fn connect(bridge: &Bridge, origin: Option<&str>) -> Result<Ws, u16> {
    let mut req = format!("ws://127.0.0.1:{}/ws", bridge.port())
        .into_client_request()
        .unwrap();
    if let Some(o) = origin {
        req.headers_mut().insert("Origin", o.parse().unwrap());
    }
    match tokio_tungstenite::connect_async(req).await {
        Ok((ws, _)) => Ok(ws),
        Err(tokio_tungstenite::tungstenite::Error::Http(r)) => Err(r.status().as_u16()),
        Err(e) => panic!("{e}"),
    }
}

/// Every message a page received, and those not yet taken by a wait: the bridge may send an event
/// before the reply to the request that caused it, and a wait for the reply must not lose the event.
#[derive(Debug, Default)]
struct Seen {
    all: Vec<String>,
    unread: VecDeque<Value>,
}

/// The next message of `type`, oldest first; messages of other types stay for later waits.
async fn next_of(ws: &mut Ws, kind: &str, seen: &mut Seen) -> Value {
    if let Some(i) = seen.unread.iter().position(|v| v["type"] == kind) {
        return seen.unread.remove(i).expect("position is in range");
    }
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    loop {
        let m = tokio::time::timeout_at(deadline, ws.next())
            .await
            .unwrap_or_else(|_| panic!("no {kind} message; saw {:#?}", seen.all))
            .expect("socket open")
            .expect("frame");
        if let Message::Text(t) = m {
            seen.all.push(t.to_string());
            let v: Value = serde_json::from_str(&t).unwrap();
            if v["type"] == kind {
                return v;
            }
            seen.unread.push_back(v);
        }
    }
}

/// The next event named `name`.
async fn event(ws: &mut Ws, name: &str, seen: &mut Seen) -> Value {
    loop {
        let e = next_of(ws, "event", seen).await;
        if e["event"]["eventName"] == name {
            return e;
        }
    }
}

async fn call(ws: &mut Ws, id: u64, method: &str, params: Value, seen: &mut Seen) -> Value {
    let req = json!({"id": id, "method": method, "params": params});
    ws.send(Message::Text(req.to_string().into()))
        .await
        .unwrap();
    loop {
        let r = next_of(ws, "reply", seen).await;
        if r["id"] == id {
            return r;
        }
    }
}

#[tokio::test]
async fn a_crm_page_sees_the_ring_with_its_data_and_dials_with_dest_for_display_and_no_raw_number_reaches_it(
) {
    let w = world(&[CRM]).await;
    login(&w.handle).await;
    let mut ws = connect(&w.bridge, Some(CRM)).await.unwrap();
    let mut seen = Seen::default();
    next_of(&mut ws, "hello", &mut seen).await;
    let state = next_of(&mut ws, "state", &mut seen).await;
    assert_eq!(state["state"]["loggedIn"], true);

    let caller = random_number();
    let id = w
        .sim
        .ring(
            &caller,
            "8001",
            json!({"orderId": "A-1", "note": format!("VIP {caller}")}),
        )
        .await
        .unwrap();
    let ring = event(&mut ws, "delivered", &mut seen).await;
    let e = &ring["event"];
    assert_eq!(e["callId"], id.as_str());
    assert_eq!(e["alertingDevice"], e["srcDeviceId"]);
    assert_eq!(e["userData"]["data"]["orderId"], "A-1", "{e}");
    assert_eq!(
        e["userData"]["data"]["note"],
        format!("VIP {}****", &caller[..caller.len() - 4])
    );
    assert_eq!(
        e["callingDevice"],
        format!("{}****", &caller[..caller.len() - 4])
    );
    assert!(ring["n"].as_u64().unwrap() > 0);
    let r = call(&mut ws, 2, "answerCall", json!([id]), &mut seen).await;
    assert_eq!(r["ok"], true, "{r}");
    event(&mut ws, "established", &mut seen).await;
    let r = call(&mut ws, 3, "dropConnection", json!([]), &mut seen).await;
    assert_eq!(r["ok"], true, "{r}");
    event(&mut ws, "connectionCleared", &mut seen).await;

    let dialled = random_number();
    let r = call(
        &mut ws,
        4,
        "makeCall",
        json!([dialled, {"destForDisplay": "客户王", "cpa": 1}]),
        &mut seen,
    )
    .await;
    assert_eq!(r["ok"], true, "{r}");
    let out_id = r["result"]["callId"].as_str().unwrap().to_owned();
    let ringback = event(&mut ws, "delivered", &mut seen).await;
    assert_eq!(ringback["event"]["callId"], out_id.as_str());
    assert_eq!(ringback["event"]["calledDevice"], "客户王");
    let sim_call = w
        .sim
        .calls()
        .into_iter()
        .find(|c| c["callId"] == out_id.as_str())
        .unwrap();
    assert_eq!(
        sim_call["destForDisplay"], "客户王",
        "the simulator got destForDisplay as given"
    );
    let memory = call(&mut ws, 5, "getCallMemory", json!([]), &mut seen).await;
    assert_eq!(memory["result"][0]["calledDevice"], "客户王");

    let all = seen.all.join("\n");
    for raw in [&caller, &dialled] {
        assert!(
            !all.contains(&raw[raw.len() - 7..]),
            "a raw number reached the page: {all}"
        );
    }
}

#[tokio::test]
async fn with_the_administrators_setting_the_page_gets_raw_numbers() {
    let w = world(&[CRM]).await;
    w.raw.store(true, std::sync::atomic::Ordering::Relaxed);
    login(&w.handle).await;
    let mut ws = connect(&w.bridge, Some(CRM)).await.unwrap();
    let mut seen = Seen::default();
    next_of(&mut ws, "hello", &mut seen).await;
    let caller = random_number();
    w.sim.ring(&caller, "8001", json!({})).await.unwrap();
    let ring = event(&mut ws, "delivered", &mut seen).await;
    assert_eq!(ring["event"]["callingDevice"], format!("{caller}@demo.cc"));
}

#[tokio::test]
async fn a_foreign_host_is_misdirected_and_a_socket_without_or_with_a_denied_origin_is_forbidden() {
    let w = world(&[CRM]).await;
    let http = reqwest::Client::new();
    let url = format!("http://127.0.0.1:{}/well-client.js", w.bridge.port());
    let ok = http.get(&url).send().await.unwrap();
    assert_eq!(ok.status(), 200);
    assert!(ok.headers().get("access-control-allow-origin").is_none());
    assert!(ok.text().await.unwrap().contains("global.wellClient = api"));
    let rebound = http
        .get(&url)
        .header("Host", format!("evil.example:{}", w.bridge.port()))
        .send()
        .await
        .unwrap();
    assert_eq!(rebound.status(), 421);
    let other_port = http
        .get(&url)
        .header("Host", "127.0.0.1:1")
        .send()
        .await
        .unwrap();
    assert_eq!(other_port.status(), 421);

    assert_eq!(connect(&w.bridge, None).await.err(), Some(403));
    assert_eq!(connect(&w.bridge, Some("null")).await.err(), Some(403));
    let evil = Origin::parse("https://evil.example").unwrap();
    w.bridge.origins().knock(&evil);
    w.bridge.origins().decide(&evil, Decision::Deny);
    assert_eq!(
        connect(&w.bridge, Some("https://evil.example")).await.err(),
        Some(403)
    );
    // A preflight gets no CORS grant for an origin that is not allowed, and never `*`.
    let pre = http
        .request(reqwest::Method::OPTIONS, &url)
        .header("Origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(pre.status(), 403);
    let pre = http
        .request(reqwest::Method::OPTIONS, &url)
        .header("Origin", CRM)
        .send()
        .await
        .unwrap();
    assert_eq!(pre.headers()["access-control-allow-origin"], CRM);
}

#[tokio::test]
async fn an_unknown_origin_gets_nothing_until_allowed_and_its_removal_cuts_it_off_at_once() {
    let w = world(&[]).await;
    login(&w.handle).await;
    let mut ws = connect(&w.bridge, Some("https://new-crm.example"))
        .await
        .unwrap();
    let mut seen = Seen::default();
    let waiting = next_of(&mut ws, "waiting", &mut seen).await;
    assert_eq!(waiting["origin"], "https://new-crm.example");
    w.sim
        .ring(&random_number(), "8001", json!({}))
        .await
        .unwrap();
    let r = call(&mut ws, 1, "getVersion", json!([]), &mut seen).await;
    assert_eq!(r["error"]["code"], "bridge.origin_pending");
    assert!(
        seen.all.iter().all(|m| !m.contains("delivered")),
        "{:#?}",
        seen.all
    );

    let origin = Origin::parse("https://new-crm.example").unwrap();
    w.bridge.origins().decide(&origin, Decision::Once);
    next_of(&mut ws, "hello", &mut seen).await;
    let r = call(&mut ws, 2, "getVersion", json!([]), &mut seen).await;
    assert_eq!(r["result"], "1.3.7");

    w.bridge.origins().remove(&origin);
    let closed = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            match ws.next().await {
                Some(Ok(Message::Close(Some(f)))) => return u16::from(f.code),
                Some(Ok(_)) => continue,
                other => panic!("{other:?}"),
            }
        }
    })
    .await
    .unwrap();
    assert_eq!(closed, well_bridge::CLOSE_ORIGIN_REFUSED);
}

#[tokio::test]
async fn malformed_unknown_binary_and_oversized_messages_get_errors_and_the_socket_stays() {
    let w = world(&[CRM]).await;
    let mut ws = connect(&w.bridge, Some(CRM)).await.unwrap();
    let mut seen = Seen::default();
    next_of(&mut ws, "hello", &mut seen).await;
    ws.send(Message::Text("{not json".into())).await.unwrap();
    assert_eq!(
        next_of(&mut ws, "error", &mut seen).await["error"]["code"],
        "bridge.malformed"
    );
    ws.send(Message::Binary(vec![1, 2, 3].into()))
        .await
        .unwrap();
    assert_eq!(
        next_of(&mut ws, "error", &mut seen).await["error"]["code"],
        "bridge.malformed"
    );
    let big = json!({"id": 9, "method": "makeCall", "params": ["x".repeat(100_000)]}).to_string();
    ws.send(Message::Text(big.into())).await.unwrap();
    assert_eq!(
        next_of(&mut ws, "error", &mut seen).await["error"]["code"],
        "bridge.too_large"
    );
    let r = call(&mut ws, 3, "dialEverybody", json!([]), &mut seen).await;
    assert_eq!(r["error"]["code"], "bridge.unknown_method");
    let r = call(&mut ws, 4, "makeCall", json!([""]), &mut seen).await;
    assert_eq!(r["error"]["code"], "bridge.bad_arguments");
    let r = call(&mut ws, 5, "makeCall", json!(["13900000000"]), &mut seen).await;
    assert_eq!(r["ok"], false, "logged out: {r}");
    let r = call(&mut ws, 6, "useConfig", json!(["CMB-PRO"]), &mut seen).await;
    assert_eq!(r["result"]["applied"], false);
    let r = call(&mut ws, 7, "getVersion", json!([]), &mut seen).await;
    assert_eq!(r["result"], "1.3.7", "the socket stayed up");
}

#[tokio::test]
async fn a_reloaded_page_recovers_from_the_app_with_no_server_request() {
    let w = world(&[CRM]).await;
    login(&w.handle).await;
    let id = w
        .sim
        .ring(&random_number(), "8001", json!({"orderId": "R-1"}))
        .await
        .unwrap();
    until(&w.handle, "ringing", |s| !s.calls.is_empty()).await;
    let call_id = well_protocol::ids::CallId::new(id.clone());
    w.handle.call(&call_id, CallCommand::Answer).await.unwrap();
    until(&w.handle, "connected", |s| {
        s.calls
            .iter()
            .any(|c| c.state == well_callmodel::CallState::Connected)
    })
    .await;
    let logins = w.sim.agent("5001@demo.cc").unwrap().logins;

    let mut ws = connect(&w.bridge, Some(CRM)).await.unwrap();
    let mut seen = Seen::default();
    next_of(&mut ws, "hello", &mut seen).await;
    let wrong = call(
        &mut ws,
        1,
        "checkRecoverStateAbility",
        json!([{"jobNumber": "5002", "ext": "8001", "domain": "demo.cc"}]),
        &mut seen,
    )
    .await;
    assert_eq!(wrong["error"]["code"], "recover.identity_mismatch");
    let r = call(
        &mut ws,
        2,
        "checkRecoverStateAbility",
        json!([{"jobNumber": "5001", "ext": "8001", "domain": "demo.cc"}]),
        &mut seen,
    )
    .await;
    assert_eq!(r["ok"], true, "{r}");
    let success = event(&mut ws, "recoverStateSuccess", &mut seen).await;
    assert_eq!(success["inner"], true);
    let e = &success["event"];
    assert_eq!(e["agentId"], "5001@demo.cc");
    assert_eq!(e["extensionId"], "8001@demo.cc");
    assert_eq!(e["call"]["callId"], id.as_str());
    assert_eq!(e["call"]["state"], "established");
    assert_eq!(
        w.sim.agent("5001@demo.cc").unwrap().logins,
        logins,
        "no login reached the server"
    );
}

#[tokio::test]
async fn a_page_that_reconnects_gets_the_events_it_missed_and_one_from_another_run_a_resync() {
    let w = world(&[CRM]).await;
    login(&w.handle).await;
    let mut ws = connect(&w.bridge, Some(CRM)).await.unwrap();
    let mut seen = Seen::default();
    let hello = next_of(&mut ws, "hello", &mut seen).await;
    let instance = hello["instance"].as_str().unwrap().to_owned();
    let first = w
        .sim
        .ring(&random_number(), "8001", json!({}))
        .await
        .unwrap();
    let n = event(&mut ws, "delivered", &mut seen).await["n"]
        .as_u64()
        .unwrap();
    drop(ws);
    w.sim.hangup(&first).await.unwrap();
    until(&w.handle, "gone", |s| s.calls.is_empty()).await;
    let second = w
        .sim
        .ring(&random_number(), "8001", json!({}))
        .await
        .unwrap();
    until(&w.handle, "ringing again", |s| !s.calls.is_empty()).await;

    let mut ws = connect(&w.bridge, Some(CRM)).await.unwrap();
    let mut seen = Seen::default();
    next_of(&mut ws, "hello", &mut seen).await;
    let req = json!({"id": 1, "method": "hello", "params": [{"instance": instance, "after": n}]});
    ws.send(Message::Text(req.to_string().into()))
        .await
        .unwrap();
    let cleared = event(&mut ws, "connectionCleared", &mut seen).await;
    assert_eq!(cleared["event"]["callId"], first.as_str());
    let again = event(&mut ws, "delivered", &mut seen).await;
    assert_eq!(again["event"]["callId"], second.as_str());

    let req =
        json!({"id": 2, "method": "hello", "params": [{"instance": "another-run", "after": 3}]});
    ws.send(Message::Text(req.to_string().into()))
        .await
        .unwrap();
    let resync = next_of(&mut ws, "resync", &mut seen).await;
    assert_eq!(resync["event"]["eventName"], "wsReconnectSucceed");
    assert_eq!(resync["event"]["activeCall"]["callId"], second.as_str());
    assert_eq!(resync["event"]["activeCall"]["state"], "Alerting");
}

#[tokio::test]
async fn a_taken_port_is_a_clear_error() {
    let w = world(&[]).await;
    let again = Bridge::start(
        BridgeConfig {
            port: w.bridge.port(),
            origins: Arc::new(Origins::new([])),
            raw_numbers: Arc::new(AtomicBool::new(false)),
            limits: Limits::default(),
        },
        w.handle.clone(),
    )
    .await;
    match again {
        Err(e @ BridgeError::PortTaken { .. }) => assert_eq!(e.code(), "bridge.port_taken"),
        other => panic!("{:?}", other.err()),
    }
}

#[tokio::test]
async fn several_tabs_each_receive_every_event() {
    let w = world(&[CRM, "https://second-crm.example"]).await;
    login(&w.handle).await;
    let mut tabs = Vec::new();
    for origin in [CRM, CRM, "https://second-crm.example"] {
        let mut ws = connect(&w.bridge, Some(origin)).await.unwrap();
        next_of(&mut ws, "hello", &mut Seen::default()).await;
        tabs.push(ws);
    }
    assert_eq!(w.bridge.connections(), 3);
    let id = w
        .sim
        .ring(&random_number(), "8001", json!({}))
        .await
        .unwrap();
    for ws in &mut tabs {
        let e = event(ws, "delivered", &mut Seen::default()).await;
        assert_eq!(e["event"]["callId"], id.as_str());
    }
    drop(tabs);
    for _ in 0..100 {
        if w.bridge.connections() == 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("closed tabs still counted: {}", w.bridge.connections());
}

#[tokio::test]
async fn agent_login_from_a_page_logs_the_app_in_and_a_wrong_password_is_the_apps_error() {
    let w = world(&[CRM]).await;
    let mut ws = connect(&w.bridge, Some(CRM)).await.unwrap();
    let mut seen = Seen::default();
    next_of(&mut ws, "hello", &mut seen).await;
    let bad = call(
        &mut ws,
        1,
        "agentLogin",
        json!([{"jobNumber": "5001", "password": "wrong", "ext": "8001"}]),
        &mut seen,
    )
    .await;
    assert_eq!(bad["ok"], false, "{bad}");
    assert!(
        bad["error"]["code"].as_str().unwrap().starts_with("login."),
        "{bad}"
    );
    let missing = call(
        &mut ws,
        2,
        "agentLogin",
        json!([{"password": "123456"}]),
        &mut seen,
    )
    .await;
    assert_eq!(missing["error"]["code"], "bridge.bad_arguments");
    let ok = call(
        &mut ws,
        3,
        "agentLogin",
        json!([{"jobNumber": "5001", "password": "123456", "ext": "8001", "domain": "demo.cc", "loginMode": "force", "agentMode": "Ready"}]),
        &mut seen,
    )
    .await;
    assert_eq!(ok["ok"], true, "{ok}");
    event(&mut ws, "agentLoggedOn", &mut seen).await;
    event(&mut ws, "agentReady", &mut seen).await;
    let logged = call(&mut ws, 4, "isLogined", json!([]), &mut seen).await;
    assert_eq!(logged["result"], true);
    assert_eq!(
        w.handle.snapshot().await.unwrap().agent.agent_id.as_deref(),
        Some("5001@demo.cc"),
        "the app's session"
    );
    assert!(
        seen.all
            .iter()
            .all(|m| !m.contains("123456") && !m.contains("wrong")),
        "no password echoed"
    );
}

#[tokio::test]
async fn a_page_that_floods_the_bridge_is_told_so_and_served_again_a_second_later() {
    let w = world(&[CRM]).await;
    let mut ws = connect(&w.bridge, Some(CRM)).await.unwrap();
    let mut seen = Seen::default();
    next_of(&mut ws, "hello", &mut seen).await;
    for id in 1..=60u64 {
        let req = json!({"id": id, "method": "getVersion", "params": []});
        ws.send(Message::Text(req.to_string().into()))
            .await
            .unwrap();
    }
    let mut limited = 0;
    for _ in 0..60 {
        let r = next_of(&mut ws, "reply", &mut seen).await;
        if r["error"]["code"] == "bridge.rate_limited" {
            limited += 1;
        }
    }
    assert!(limited >= 30, "{limited} of 60 refused");
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let r = call(&mut ws, 100, "getVersion", json!([]), &mut seen).await;
    assert_eq!(r["result"], "1.3.7", "served again");
}
