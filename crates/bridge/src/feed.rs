//! One task turns the session's output into what every page receives: each applied server event (masked,
//! unless the administrator allowed raw numbers) numbered in the journal, the SDK-shaped state after every
//! change of the agent or its calls, and `wsReconnectSucceed` when the app's own link to the server came
//! back or events were lost on the way here.

use std::sync::atomic::Ordering;
use std::sync::Arc;
use tokio::sync::broadcast;
use well_callmodel::contract::{Change, Connection};
use well_client::updates::Received;

use crate::shared::{Push, Shared};
use crate::view;

pub(crate) async fn run(shared: Arc<Shared>) {
    let mut crm = shared.handle.crm_events();
    let Ok(mut updates) = shared.handle.subscribe().await else {
        tracing::warn!("the session is gone; the bridge has nothing to send");
        return;
    };
    let mut connection = shared
        .handle
        .snapshot()
        .await
        .map(|s| s.connection)
        .unwrap_or(Connection::Offline);
    loop {
        tokio::select! {
            ev = crm.recv() => match ev {
                Ok(ev) => {
                    let event = if shared.raw_numbers.load(Ordering::Relaxed) {
                        ev.raw.expose().clone()
                    } else {
                        ev.masked.clone()
                    };
                    shared.publish(false, event);
                }
                Err(broadcast::error::RecvError::Lagged(n)) => {
                    tracing::warn!(missed = n, "the bridge fell behind the session's events; pages re-sync");
                    let _ = shared.pushes.send(Push::Resync);
                }
                Err(broadcast::error::RecvError::Closed) => break,
            },
            u = updates.recv() => match u {
                Received::Update(u) => {
                    let mut state = false;
                    let mut back = false;
                    for c in &u.changes {
                        match c {
                            Change::Agent(_) | Change::Call(_) | Change::CallRemoved { .. } => state = true,
                            Change::Connection(now) => {
                                back |= matches!(connection, Connection::Reconnecting { .. })
                                    && *now == Connection::Connected;
                                connection = now.clone();
                            }
                            _ => {}
                        }
                    }
                    // A page that connects gets the state with its hello: none connected, nothing to build.
                    if back || (state && shared.pushes.receiver_count() > 0) {
                        shared.push_state(back).await;
                    }
                }
                Received::Lagged => {
                    let _ = shared.pushes.send(Push::Resync);
                }
                Received::Closed => break,
            },
        }
    }
}

impl Shared {
    /// The state push after a change; after a reconnect of the app's link also `wsReconnectSucceed`, so a
    /// page learns what the server said while events could not flow.
    pub(crate) async fn push_state(&self, reconnected: bool) {
        let Ok(s) = self.handle.snapshot().await else {
            return;
        };
        let numbers = self.numbers();
        if reconnected {
            self.publish(true, Arc::new(view::ws_reconnect_succeed(&s, numbers)));
        }
        let _ = self
            .pushes
            .send(Push::State(Arc::new(view::state(&s, numbers))));
    }
}
