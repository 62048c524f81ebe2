//! The event link on its own task, so that STOMP heart-beats go out and the liveness clock is judged on time
//! even while the session actor waits on a slow REST answer (a 10 s makeCall must not cost the link). The
//! actor reads decoded events from a channel; dropping or closing the handle ends the task with a DISCONNECT.

use std::time::Duration;
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;

use crate::link::{Link, LinkError, LinkEvent};

/// Events waiting for the actor; past this the link task waits (and its heart-beats with it).
const BACKLOG: usize = 4096;

/// How long `close` waits for the DISCONNECT and the close handshake.
const CLOSE_WAIT: Duration = Duration::from_secs(2);

pub struct LinkTask {
    events: mpsc::Receiver<Result<LinkEvent, LinkError>>,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<()>,
}

impl LinkTask {
    /// Run a connected, subscribed link.
    pub fn start(mut link: Link) -> Self {
        let (tx, events) = mpsc::channel(BACKLOG);
        let (stop, mut stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            loop {
                tokio::select! {
                    biased;
                    // A close, or the handle dropped.
                    _ = &mut stopped => break,
                    ev = link.next() => {
                        let failed = ev.is_err();
                        if tx.send(ev).await.is_err() {
                            break;
                        }
                        if failed {
                            return;
                        }
                    }
                }
            }
            link.close().await;
        });
        LinkTask {
            events,
            stop: Some(stop),
            task,
        }
    }

    /// The next event; a link that ended is `Closed`.
    pub async fn next(&mut self) -> Result<LinkEvent, LinkError> {
        self.events.recv().await.unwrap_or(Err(LinkError::Closed))
    }

    /// DISCONNECT and close (logout, shutdown), waiting a bounded time for it.
    pub async fn close(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if tokio::time::timeout(CLOSE_WAIT, &mut self.task)
            .await
            .is_err()
        {
            tracing::debug!("the link did not close in time; abandoned");
            self.task.abort();
        }
    }
}
