//! STOMP connections with their subscriptions, routing of the switch's events to them, and what is held back
//! while events are paused. Critical sections are short and never await.

use serde_json::{Map, Value};
use std::collections::HashMap;
use tokio::sync::mpsc;
use well_protocol::ids::AgentId;
use well_protocol::stomp::{Command, Frame};

use crate::ascii_json::to_ascii_json;

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

/// The STOMP side of the simulator: live connections with their subscriptions, and the `pause-events`
/// fault. Events are routed to every subscription on the agent's topic; with none, they are dropped, as on
/// the real platform.
#[derive(Default)]
pub struct Broker {
    conns: HashMap<u64, Conn>,
    next_conn: u64,
    message_id: u64,
    /// While true, no STOMP byte leaves the simulator (the `pause-events` fault).
    paused: bool,
    held: Vec<Held>,
}

impl Broker {
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

    /// Send an event (its serial already set) to every subscription on the agent's topic; while paused it
    /// waits.
    pub fn publish(&mut self, agent_id: &str, event: Map<String, Value>) {
        let body = to_ascii_json(&Value::Object(event));
        if self.paused {
            self.held.push(Held::Event(agent_id.to_owned(), body));
        } else {
            self.route(agent_id, &body);
        }
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

    /// Drop every socket at once.
    pub fn drop_connections(&mut self) -> usize {
        let n = self.conns.len();
        for c in self.conns.values() {
            let _ = c.tx.send(Outbound::Drop);
        }
        n
    }

    pub fn paused(&self) -> bool {
        self.paused
    }
}

/// The destination of an agent's events, and the legacy one (SDK ≤ 1.17).
fn topics(agent_id: &str) -> (String, String) {
    match AgentId::parse(agent_id) {
        Ok(a) => (a.topic(), a.legacy_topic()),
        Err(_) => (String::new(), String::new()),
    }
}
