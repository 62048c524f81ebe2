//! Demo traffic (`--demo`): customers call Ready agents every so often with realistic call data, far ends
//! answer the agents' own calls after a while, and customers hang up after some talk time. Off in the library
//! unless configured, so tests stay deterministic.

use serde_json::{json, Map, Value};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

pub use crate::config::DemoConfig;
use crate::shared::Shared;
use crate::switch::PState;

/// What the demo loop needs to know of one call.
struct Look {
    id: String,
    /// The party that is no agent, and its state.
    remote: Option<PState>,
    answered: bool,
    ringing_agent: bool,
}

/// xorshift64*: plenty for picking names and numbers.
struct Rng(u64);

impl Rng {
    fn new() -> Self {
        let seed = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(42);
        Rng(seed | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn range(&mut self, (lo, hi): (u64, u64)) -> u64 {
        if hi <= lo {
            lo
        } else {
            lo + self.next() % (hi - lo + 1)
        }
    }
    fn pick<'a>(&mut self, items: &'a [&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

const NAMES: &[&str] = &[
    "张伟",
    "王芳",
    "李娜",
    "刘洋",
    "陈静",
    "杨磊",
    "Emma Wilson",
    "Liam Chen",
    "Olivia Brown",
    "Noah Zhang",
];
const QUEUES: &[&str] = &["信用卡", "理财", "VIP", "Support", "Billing"];
const IVR: &[&str] = &["1>3>2", "2>1", "1>1>4", "3", "2>5>1"];
const TOPICS: &[&str] = &[
    "账单查询",
    "挂失补卡",
    "积分兑换",
    "Card activation",
    "Payment dispute",
    "Address change",
];

fn call_data(rng: &mut Rng) -> Map<String, Value> {
    let v = json!({
        "customerName": rng.pick(NAMES),
        "customerId": format!("C{:08}", rng.next() % 100_000_000),
        "orderId": format!("A-2026-{:05}", rng.next() % 100_000),
        "queue": rng.pick(QUEUES),
        "ivrPath": rng.pick(IVR),
        "topic": rng.pick(TOPICS),
    });
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

pub async fn run(shared: Arc<Shared>, cfg: DemoConfig) {
    let mut rng = Rng::new();
    let mut next_call =
        Instant::now() + Duration::from_millis(rng.range(cfg.interval_ms).min(5_000));
    // When each call was first seen ringing at a remote party or an agent, when its talk started, and its
    // talk time.
    let mut seen: HashMap<String, (Instant, Option<Instant>, u64)> = HashMap::new();
    let mut changed = shared.state().changed.subscribe();
    // While a call is up its far end is looked at ten times a second; with none, the loop sleeps until the next
    // customer is due or the switch publishes something (an agent's own call, a login): an idle demo costs the
    // app no wake-ups (it was 20 a second).
    let mut calls_up = false;
    loop {
        if calls_up {
            tokio::time::sleep(Duration::from_millis(100)).await;
        } else {
            tokio::select! {
                () = tokio::time::sleep_until(next_call.into()) => {}
                gone = changed.changed() => if gone.is_err() { return },
            }
        }
        let now = Instant::now();
        if now >= next_call {
            next_call = now + Duration::from_millis(rng.range(cfg.interval_ms));
            let free: Vec<String> = {
                let state = shared.state();
                let switch = &state.switch;
                switch
                    .agents()
                    .filter(|r| r.logged_in && r.mode == well_protocol::event::AgentMode::Ready)
                    .filter_map(|r| r.device.clone())
                    .filter(|d| !switch.device_busy(d))
                    .collect()
            };
            if !free.is_empty() {
                let device = &free[(rng.next() % free.len() as u64) as usize];
                let domain = device.split('@').nth(1).unwrap_or_default();
                let customer = format!(
                    "1{}{:09}@{domain}",
                    3 + rng.next() % 7,
                    rng.next() % 1_000_000_000
                );
                let data = call_data(&mut rng);
                shared.act(|s| s.ring(&customer, device, data, "Inbound"));
            }
        }
        // Far ends answer, customers hang up or give up.
        let looks: Vec<Look> = {
            shared
                .state()
                .switch
                .calls()
                .map(|c| Look {
                    id: c.id.clone(),
                    remote: c
                        .parties
                        .iter()
                        .find(|p| p.agent.is_none())
                        .map(|p| p.state),
                    answered: c.answer_time.is_some(),
                    ringing_agent: c
                        .parties
                        .iter()
                        .any(|p| p.agent.is_some() && p.state == PState::Alerting),
                })
                .collect()
        };
        seen.retain(|id, _| looks.iter().any(|l| l.id == *id));
        calls_up = !looks.is_empty();
        for Look {
            id,
            remote,
            answered,
            ringing_agent,
        } in looks
        {
            let Some(state) = remote else { continue };
            let talk = rng.range(cfg.talk_ms);
            let entry = seen.entry(id.clone()).or_insert((now, None, talk));
            if answered && entry.1.is_none() {
                entry.1 = Some(now);
            }
            let (since, talking_since, talk_ms) = *entry;
            if state == PState::Alerting
                && now >= since + Duration::from_millis(cfg.answer_after_ms)
            {
                let _ = shared.act(|s| s.remote_answer(&id));
            } else if let Some(t) = talking_since {
                if now >= t + Duration::from_millis(talk_ms) {
                    let _ = shared.act(|s| s.remote_hang_up(&id));
                }
            } else if ringing_agent && now >= since + Duration::from_millis(cfg.give_up_ms) {
                let _ = shared.act(|s| s.remote_hang_up(&id));
            }
        }
    }
}
