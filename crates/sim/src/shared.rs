//! What every adapter and task shares: the switch, the broker its events go to, the injected faults — behind
//! one lock, so an operation and the routing of what it published happen in one step and in order.

use std::sync::{Mutex, MutexGuard};
use tokio::sync::{mpsc, watch};

use crate::broker::Broker;
use crate::config::SimConfig;
use crate::faults::Faults;
use crate::switch::{Output, Rules, Switch};

pub struct Shared {
    pub cfg: SimConfig,
    state: Mutex<State>,
}

pub struct State {
    pub switch: Switch,
    pub broker: Broker,
    pub faults: Faults,
    /// Agents whose after-call work has started go to the task that ends it.
    after_call_work: Option<mpsc::UnboundedSender<String>>,
    /// Counts the operations that published something: the timers (demo traffic, heartbeat expiry) sleep on
    /// it while nothing is going on, each with its own receiver (`changed.subscribe()`).
    pub changed: watch::Sender<u64>,
}

impl State {
    /// Run a switch operation and hand what it published to the broker and the timers.
    pub fn act<T>(&mut self, op: impl FnOnce(&mut Switch) -> T) -> T {
        let r = op(&mut self.switch);
        let outputs = self.switch.drain();
        if !outputs.is_empty() {
            self.changed.send_modify(|n| *n = n.wrapping_add(1));
        }
        for out in outputs {
            match out {
                Output::Event { agent, event } => self.broker.publish(&agent, event),
                Output::AfterCallWork { agent } => {
                    if let Some(tx) = &self.after_call_work {
                        let _ = tx.send(agent);
                    }
                }
            }
        }
        r
    }

    /// A server restart: every socket dropped, every token invalid; bindings and calls survive.
    pub fn restart(&mut self) -> usize {
        self.switch.forget_sessions();
        self.broker.drop_connections()
    }
}

impl Shared {
    pub fn new(cfg: SimConfig) -> Self {
        let rules = Rules {
            directory: cfg.directory.clone(),
            tz: cfg.event_time_offset_minutes,
            max_agents_online: cfg.max_agents_online,
            ready_quota_exhausted: cfg.ready_quota_exhausted.clone(),
            recording_enabled: cfg.recording_enabled,
            acw_after_call_ms: cfg.acw_after_call_ms,
        };
        Shared {
            cfg,
            state: Mutex::new(State {
                switch: Switch::new(rules),
                broker: Broker::default(),
                faults: Faults::default(),
                after_call_work: None,
                changed: watch::Sender::new(0),
            }),
        }
    }

    /// The state; a panic elsewhere never makes it unusable (the data stays consistent per operation).
    pub fn state(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Run a switch operation under the lock (see [`State::act`]).
    pub fn act<T>(&self, op: impl FnOnce(&mut Switch) -> T) -> T {
        self.state().act(op)
    }

    /// Where the switch's after-call work starts go.
    pub fn end_after_call_work_with(&self, tx: mpsc::UnboundedSender<String>) {
        self.state().after_call_work = Some(tx);
    }
}
