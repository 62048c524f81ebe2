//! The switch's timers: the REST heartbeat timeout (spec §2.8, §10.4), an agent not heard from for the
//! configured time is logged off; and the end of after-call work.

use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::shared::Shared;

pub async fn sweep(shared: Arc<Shared>) {
    let timeout = shared.cfg.heartbeat_timeout;
    let mut changed = shared.state().changed.subscribe();
    // Asleep until the least recently heard agent would time out, or until the switch publishes something (a
    // login starts a new agent's clock); a heartbeat only moves a deadline later, so waking at the old one
    // and looking again is enough.
    loop {
        let due = shared.state().switch.heartbeat_due(timeout);
        let gone = match due {
            Some(at) => tokio::select! {
                () = tokio::time::sleep_until(at.into()) => Ok(()),
                gone = changed.changed() => gone,
            },
            None => changed.changed().await,
        };
        if gone.is_err() {
            return;
        }
        shared.act(|s| s.expire_heartbeats(Instant::now(), timeout));
    }
}

/// After-call work ends by itself: each agent sent here is put back to Ready after the configured time, if it
/// is still in after-call work then.
pub async fn after_call_work(
    shared: Arc<Shared>,
    mut rx: tokio::sync::mpsc::UnboundedReceiver<String>,
) {
    let wait = Duration::from_millis(shared.cfg.acw_after_call_ms);
    while let Some(agent) = rx.recv().await {
        let shared = shared.clone();
        tokio::spawn(async move {
            tokio::time::sleep(wait).await;
            shared.act(|s| s.end_after_call_work(&agent));
        });
    }
}
