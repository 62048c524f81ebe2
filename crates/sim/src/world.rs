//! The simulator's state behind one lock: TPI sessions, agents and their bindings, live STOMP connections with
//! their subscriptions, and the one global `serial`. Critical sections are short and never await.

use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap};
use std::time::Instant;
use tokio::sync::mpsc;
use well_protocol::event::AgentMode;
use well_protocol::ids::AgentId;
use well_protocol::stomp::{Command, Frame};

use crate::ascii_json::to_ascii_json;

/// A TPI login: who logged in through it.
#[derive(Clone, Debug)]
pub struct Session {
    pub username: String,
    pub domain: String,
}

#[derive(Clone, Debug)]
pub struct AgentRec {
    pub agent_id: String,
    pub name: String,
    /// Bound extension, `number@domain`, while logged in.
    pub device: Option<String>,
    pub mode: AgentMode,
    pub reason: Option<String>,
    pub logged_in: bool,
    pub last_heartbeat: Instant,
    /// Successful agent Logins, and TPI logins, for tests that prove a recovery did not log in again.
    pub logins: u64,
    pub tpi_logins: u64,
    /// In at least one call at the last look (to see a call end for the agent).
    pub in_call: bool,
    /// A SetState asked for during a call, applied when the agent's last call ends (`pendingMode`).
    pub pending: Option<(AgentMode, Option<String>)>,
}

/// What a connection task is asked to send.
#[derive(Debug)]
pub enum Outbound {
    /// One STOMP frame, sent as a WebSocket text message.
    Frame(String),
    /// Exactly these bytes, as a text or a binary WebSocket message (the `raw` fault).
    RawText(String),
    RawBinary(Vec<u8>),
    /// Drop the socket at once, without a frame (the `drop-connections` fault, a server restart).
    Drop,
}

/// What was held back while events were paused, in order: events are routed when they are let go (to
/// whatever subscription exists then), replies go to the connection that asked if it is still there.
#[derive(Debug)]
enum Held {
    Event(String, String),
    Reply(u64, String),
}

struct Conn {
    tx: mpsc::UnboundedSender<Outbound>,
    /// `(subscription id, destination)`.
    subs: Vec<(String, String)>,
}

#[derive(Default)]
pub struct World {
    pub sessions: HashMap<String, Session>,
    /// Active calls by call id.
    pub calls: BTreeMap<String, crate::calls::SimCall>,
    pub agents: BTreeMap<String, AgentRec>,
    /// Extension `number@domain` → agent id.
    pub bindings: HashMap<String, String>,
    conns: HashMap<u64, Conn>,
    next_conn: u64,
    serial: u64,
    message_id: u64,
    /// While true, no STOMP byte leaves the simulator (the `pause-events` fault).
    pub paused: bool,
    held: Vec<Held>,
    /// The next this many WebSocket upgrades are refused (the `refuse-ws` fault).
    pub refuse_ws: u32,
    /// Injected HTTP failures and delays (the `http` fault).
    pub http_faults: Vec<crate::faults::HttpFault>,
    /// After-call work: agents to put back to Ready after the configured time (a task owns the timers).
    pub acw: Option<(u64, mpsc::UnboundedSender<String>)>,
}

impl World {
    pub fn agent_mut(&mut self, agent_id: &str, name: &str) -> &mut AgentRec {
        self.agents
            .entry(agent_id.to_owned())
            .or_insert_with(|| AgentRec {
                agent_id: agent_id.to_owned(),
                name: name.to_owned(),
                device: None,
                mode: AgentMode::Logout,
                reason: None,
                logged_in: false,
                last_heartbeat: Instant::now(),
                logins: 0,
                tpi_logins: 0,
                in_call: false,
                pending: None,
            })
    }

    pub fn add_conn(&mut self, tx: mpsc::UnboundedSender<Outbound>) -> u64 {
        self.next_conn += 1;
        self.conns.insert(
            self.next_conn,
            Conn {
                tx,
                subs: Vec::new(),
            },
        );
        self.next_conn
    }

    /// A closed socket only loses its subscriptions: the agent stays logged in and its calls go on.
    pub fn remove_conn(&mut self, id: u64) {
        self.conns.remove(&id);
    }

    pub fn subscribe(&mut self, conn: u64, id: &str, destination: &str) {
        if let Some(c) = self.conns.get_mut(&conn) {
            c.subs.retain(|(sid, _)| sid != id);
            c.subs.push((id.to_owned(), destination.to_owned()));
        }
    }

    pub fn unsubscribe(&mut self, conn: u64, id: &str) {
        if let Some(c) = self.conns.get_mut(&conn) {
            c.subs.retain(|(sid, _)| sid != id);
        }
    }

    /// Whether any live connection listens to this agent's topic.
    pub fn is_subscribed(&self, agent_id: &str) -> bool {
        let (topic, legacy) = topics(agent_id);
        self.conns
            .values()
            .any(|c| c.subs.iter().any(|(_, d)| *d == topic || *d == legacy))
    }

    pub fn connections(&self) -> usize {
        self.conns.len()
    }

    /// Give the event the next global serial and send it to every subscription on the agent's topic; with
    /// none, it is dropped, as on the real platform. While paused it waits.
    pub fn publish(&mut self, agent_id: &str, mut event: Map<String, Value>) -> u64 {
        self.serial += 1;
        event.insert("serial".into(), Value::from(self.serial));
        let body = to_ascii_json(&Value::Object(event));
        if self.paused {
            self.held.push(Held::Event(agent_id.to_owned(), body));
        } else {
            self.route(agent_id, &body);
        }
        self.serial
    }

    fn route(&mut self, agent_id: &str, body: &str) {
        let (topic, legacy) = topics(agent_id);
        let mut delivered = 0;
        for c in self.conns.values() {
            for (sub, dest) in c.subs.iter().filter(|(_, d)| *d == topic || *d == legacy) {
                self.message_id += 1;
                let frame = Frame::new(Command::Message)
                    .header("subscription", sub)
                    .header("message-id", &format!("msg-{}", self.message_id))
                    .header("destination", dest)
                    .header("content-type", "application/json;charset=UTF-8")
                    .with_body(body);
                if let Ok(bytes) = frame.to_bytes() {
                    // The body is ASCII JSON, so the frame is valid UTF-8.
                    let text = String::from_utf8_lossy(&bytes).into_owned();
                    if c.tx.send(Outbound::Frame(text)).is_ok() {
                        delivered += 1;
                    }
                }
            }
        }
        tracing::debug!(agent = agent_id, delivered, "event routed");
    }

    /// A reply to one connection (CONNECTED, RECEIPT, ERROR, a heart-beat): held while paused.
    pub fn reply(&mut self, conn: u64, text: String) {
        if self.paused {
            self.held.push(Held::Reply(conn, text));
        } else if let Some(c) = self.conns.get(&conn) {
            let _ = c.tx.send(Outbound::Frame(text));
        }
    }

    pub fn pause(&mut self) {
        self.paused = true;
    }

    /// Let go of everything held, in the order it was held.
    pub fn resume(&mut self) {
        self.paused = false;
        for h in std::mem::take(&mut self.held) {
            match h {
                Held::Event(agent, body) => self.route(&agent, &body),
                Held::Reply(conn, text) => {
                    if let Some(c) = self.conns.get(&conn) {
                        let _ = c.tx.send(Outbound::Frame(text));
                    }
                }
            }
        }
    }

    /// Send to every connection that has at least one subscription.
    pub fn send_to_subscribers(&mut self, out: impl Fn() -> Outbound) -> usize {
        let mut n = 0;
        for c in self.conns.values().filter(|c| !c.subs.is_empty()) {
            if c.tx.send(out()).is_ok() {
                n += 1;
            }
        }
        n
    }

    /// Every token of that agent now gets 426; returns how many were expired.
    pub fn expire_sessions(&mut self, agent_id: &str) -> usize {
        let before = self.sessions.len();
        self.sessions
            .retain(|_, s| format!("{}@{}", s.username, s.domain) != agent_id);
        before - self.sessions.len()
    }

    /// A server restart: every socket dropped, every token invalid; bindings and calls survive.
    pub fn restart(&mut self) -> usize {
        let dropped = self.drop_connections();
        self.sessions.clear();
        dropped
    }

    /// Drop every socket at once.
    pub fn drop_connections(&mut self) -> usize {
        let n = self.conns.len();
        for c in self.conns.values() {
            let _ = c.tx.send(Outbound::Drop);
        }
        n
    }

    /// Whether this device is a party of any call.
    pub fn device_busy(&self, device: &str) -> bool {
        self.calls.values().any(|c| c.party(device).is_some())
    }

    /// After calls changed: an agent whose last call has just ended gets its pending mode, or after-call work
    /// when that is configured.
    pub fn settle(&mut self, tz: i32) {
        let ids: Vec<String> = self
            .agents
            .values()
            .filter(|r| r.logged_in)
            .map(|r| r.agent_id.clone())
            .collect();
        for id in ids {
            let device = self
                .agents
                .get(&id)
                .and_then(|r| r.device.clone())
                .unwrap_or_default();
            let busy = self.device_busy(&device);
            let Some(rec) = self.agents.get_mut(&id) else {
                continue;
            };
            let ended = rec.in_call && !busy;
            rec.in_call = busy;
            if !ended {
                continue;
            }
            let next = match (rec.pending.take(), &self.acw) {
                (Some(p), _) => Some(p),
                (None, Some((ms, _))) if *ms > 0 && rec.mode != AgentMode::Allocated => {
                    Some((AgentMode::WorkNotReady, None))
                }
                _ => None,
            };
            if let Some((mode, reason)) = next {
                rec.mode = mode.clone();
                rec.reason = reason.clone();
                let name = crate::events::mode_event_name(&mode);
                self.publish(
                    &id,
                    crate::events::agent_event(name, &id, &device, &mode, reason.as_deref(), tz),
                );
                if mode == AgentMode::WorkNotReady {
                    if let Some((_, tx)) = &self.acw {
                        let _ = tx.send(id.clone());
                    }
                }
            }
        }
    }

    pub fn serial(&self) -> u64 {
        self.serial
    }
}

/// The destination of an agent's events, and the legacy one (SDK ≤ 1.17).
fn topics(agent_id: &str) -> (String, String) {
    match AgentId::parse(agent_id) {
        Ok(a) => (a.topic(), a.legacy_topic()),
        Err(_) => (String::new(), String::new()),
    }
}
