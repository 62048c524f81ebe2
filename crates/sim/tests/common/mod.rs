//! A minimal client for the tests: reqwest for REST, tokio-tungstenite + the well-protocol codec for STOMP.
#![allow(dead_code)]

use futures_util::{SinkExt, StreamExt};
use serde_json::Value;
use std::time::Duration;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};
use well_protocol::event::Event;
use well_protocol::stomp::{Command, Decoder, Frame, Item};
use well_sim::{Sim, SimConfig, SimHandle};

pub const WAIT: Duration = Duration::from_secs(5);

pub async fn sim() -> SimHandle {
    Sim::start(SimConfig::default())
        .await
        .expect("simulator starts")
}

pub async fn sim_with(cfg: SimConfig) -> SimHandle {
    Sim::start(cfg).await.expect("simulator starts")
}

pub fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(WAIT)
        .build()
        .expect("client")
}

/// TPI login: the session token, or the HTTP status.
pub async fn tpi(sim: &SimHandle, user: &str, password: &str, domain: &str) -> Result<String, u16> {
    let r = http()
        .post(format!("{}/api/security/login", sim.base_url()))
        .form(&[
            ("username", user),
            ("password", password),
            ("namespace", domain),
        ])
        .send()
        .await
        .expect("TPI request");
    if !r.status().is_success() {
        return Err(r.status().as_u16());
    }
    let v: Value = r.json().await.expect("TPI JSON");
    Ok(v["sessionId"].as_str().expect("sessionId").to_owned())
}

/// POST /api/csta/agent/state: status and body.
pub async fn agent_state(sim: &SimHandle, session: &str, body: Value) -> (u16, Value) {
    let r = http()
        .post(format!("{}/api/csta/agent/state", sim.base_url()))
        .header("sessionId", session)
        .json(&body)
        .send()
        .await
        .expect("agent state request");
    let status = r.status().as_u16();
    let text = r.text().await.unwrap_or_default();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

pub fn login_body(job: &str, ext: &str, session: &str, mode: &str) -> Value {
    serde_json::json!({"loginId": format!("{job}@demo.cc"), "device": format!("{ext}@demo.cc"), "password": "123456",
                       "agentMode": mode, "func": "Login", "sessionId": session})
}

pub struct Stomp {
    ws: WebSocketStream<MaybeTlsStream<TcpStream>>,
    dec: Decoder,
    pub closed: bool,
}

impl Stomp {
    /// Open the WebSocket only.
    pub async fn open(sim: &SimHandle) -> Stomp {
        let (ws, _) = tokio_tungstenite::connect_async(sim.ws_url())
            .await
            .expect("websocket opens");
        Stomp {
            ws,
            dec: Decoder::default(),
            closed: false,
        }
    }

    /// Open, CONNECT as the reference client does (with the given heart-beat), and return CONNECTED.
    pub async fn connect(sim: &SimHandle, heart_beat: &str) -> (Stomp, Frame) {
        let mut s = Stomp::open(sim).await;
        s.send(
            Frame::new(Command::Connect)
                .header("accept-version", "1.1,1.0")
                .header("heart-beat", heart_beat),
        )
        .await;
        let connected = s.frame().await.expect("CONNECTED");
        assert_eq!(connected.command, Command::Connected);
        (s, connected)
    }

    pub async fn send(&mut self, f: Frame) {
        let text = String::from_utf8(f.to_bytes().expect("encodes")).expect("utf-8");
        self.ws
            .send(Message::Text(text.into()))
            .await
            .expect("send");
    }

    pub async fn send_raw(&mut self, text: &str) {
        self.ws
            .send(Message::Text(text.to_owned().into()))
            .await
            .expect("send");
    }

    /// Subscribe to the agent's topic with a receipt, and wait for the RECEIPT.
    pub async fn subscribe(&mut self, agent_id: &str) {
        let dest = format!("/topic/event.agent.*.{}", agent_id.replace('.', "_"));
        self.send(
            Frame::new(Command::Subscribe)
                .header("id", "sub-0")
                .header("destination", &dest)
                .header("receipt", "r-1"),
        )
        .await;
        let r = self.frame().await.expect("RECEIPT");
        assert_eq!(r.command, Command::Receipt);
        assert_eq!(r.get("receipt-id"), Some("r-1"));
    }

    /// The next item (frame or heart-beat), `None` when the socket closed or nothing came in time.
    pub async fn item_within(&mut self, wait: Duration) -> Option<Item> {
        loop {
            if let Some(item) = self.dec.next().expect("server frames decode") {
                return Some(item);
            }
            let msg = match tokio::time::timeout(wait, self.ws.next()).await {
                Ok(Some(Ok(m))) => m,
                Ok(_) => {
                    self.closed = true;
                    return None;
                }
                Err(_) => return None,
            };
            match msg {
                Message::Text(t) => self.dec.push(t.as_bytes()),
                Message::Binary(b) => self.dec.push(&b),
                Message::Close(_) => {
                    self.closed = true;
                    return None;
                }
                _ => {}
            }
        }
    }

    /// The next frame, skipping heart-beats.
    pub async fn frame(&mut self) -> Option<Frame> {
        loop {
            match self.item_within(WAIT).await? {
                Item::Frame(f) => return Some(f),
                Item::HeartBeat => {}
            }
        }
    }

    /// The next MESSAGE, decoded as an event.
    pub async fn event(&mut self) -> Event {
        let f = self.frame().await.expect("a MESSAGE");
        assert_eq!(f.command, Command::Message, "{f:?}");
        assert_eq!(f.get("subscription"), Some("sub-0"));
        Event::from_json(f.body_text().expect("text body")).expect("event decodes")
    }

    /// Whether the server closes the socket within the wait (frames before the close are skipped).
    pub async fn closes_within(&mut self, wait: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + wait;
        while tokio::time::Instant::now() < deadline {
            if self
                .item_within(deadline - tokio::time::Instant::now())
                .await
                .is_none()
                && self.closed
            {
                return true;
            }
        }
        self.closed
    }

    pub async fn close(mut self) {
        let _ = self.ws.close(None).await;
    }
}

/// TPI login, connect, subscribe and log in; returns the session and the STOMP client after the two login
/// events.
pub async fn logged_in(sim: &SimHandle, job: &str, ext: &str, mode: &str) -> (String, Stomp) {
    let session = tpi(sim, job, "123456", "demo.cc").await.expect("TPI login");
    let (mut stomp, _) = Stomp::connect(sim, "0,0").await;
    stomp.subscribe(&format!("{job}@demo.cc")).await;
    let (status, _) = agent_state(sim, &session, login_body(job, ext, &session, mode)).await;
    assert_eq!(status, 204);
    assert_eq!(stomp.event().await.name(), "agentLoggedOn");
    stomp.event().await;
    (session, stomp)
}
