//! What the bridge's tasks share: the session handle, the origins, the journal of events and the channel of
//! pushes to every live page.

use serde_json::Value;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::{broadcast, watch};
use well_client::session::Handle;

use crate::journal::{Entry, Journal};
use crate::origins::Origins;
use crate::sdk::Sdk;
use crate::view::Numbers;

/// What the feed hands to every live connection.
#[derive(Debug, Clone)]
pub enum Push {
    Event(Entry),
    State(Arc<Value>),
    /// Events were lost before the journal: every page starts again from the state.
    Resync,
}

/// Limits per page and in all (DESIGN: a local server takes only what it can carry).
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_connections: usize,
    /// Requests per second a page may send (a burst of as many is allowed).
    pub requests_per_sec: u32,
    /// Events kept for pages that reconnect.
    pub journal: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_connections: 32,
            requests_per_sec: 20,
            journal: 512,
        }
    }
}

pub struct Shared {
    pub handle: Handle,
    pub sdk: Sdk,
    pub origins: Arc<Origins>,
    pub raw_numbers: Arc<AtomicBool>,
    pub journal: Mutex<Journal>,
    pub pushes: broadcast::Sender<Push>,
    pub connections: AtomicUsize,
    pub limits: Limits,
    pub port: u16,
    /// Turns true when the bridge stops: every connection closes.
    pub stopping: watch::Receiver<bool>,
}

impl Shared {
    pub fn numbers(&self) -> Numbers {
        if self.raw_numbers.load(Ordering::Relaxed) {
            Numbers::Raw
        } else {
            Numbers::Display
        }
    }

    /// Number an event in the journal and send it to every page.
    pub fn publish(&self, inner: bool, event: Arc<Value>) {
        let entry = self
            .journal
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(inner, event);
        let _ = self.pushes.send(Push::Event(entry));
    }
}
