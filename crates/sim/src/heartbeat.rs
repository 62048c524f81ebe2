//! The REST heartbeat timeout (spec §2.8, §10.4): an agent not heard from for the configured time is logged
//! off and gets `agentLoggedOff`.

use std::sync::Arc;
use std::time::Duration;

use crate::http::log_off;
use crate::shared::Shared;

pub async fn sweep(shared: Arc<Shared>) {
    let timeout = shared.cfg.heartbeat_timeout;
    let every = (timeout / 4).clamp(Duration::from_millis(5), Duration::from_secs(1));
    let mut tick = tokio::time::interval(every);
    loop {
        tick.tick().await;
        let mut world = shared.world();
        let expired: Vec<String> = world
            .agents
            .values()
            .filter(|r| r.logged_in && r.last_heartbeat.elapsed() > timeout)
            .map(|r| r.agent_id.clone())
            .collect();
        for agent in expired {
            tracing::info!(agent = %agent, "heartbeat timeout: agent logged off");
            log_off(&mut world, &agent, shared.cfg.event_time_offset_minutes);
        }
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
            let tz = shared.cfg.event_time_offset_minutes;
            let mut world = shared.world();
            let Some(rec) = world
                .agents
                .get_mut(&agent)
                .filter(|r| r.logged_in && r.mode == well_protocol::event::AgentMode::WorkNotReady)
            else {
                return;
            };
            rec.mode = well_protocol::event::AgentMode::Ready;
            let device = rec.device.clone().unwrap_or_default();
            world.publish(
                &agent,
                crate::events::agent_event(
                    "agentReady",
                    &agent,
                    &device,
                    &well_protocol::event::AgentMode::Ready,
                    None,
                    tz,
                ),
            );
        });
    }
}
