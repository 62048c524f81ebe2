//! One page's WebSocket: it waits while its origin is being asked, then says hello (the run's instance and
//! the last event number) and the state, carries requests to the SDK methods (each in its own task, so a
//! login waiting for the agent's answer holds nothing up) and pushes events. A bad frame is answered with an
//! error and the socket stays; the origin's removal or denial closes it at once.

use axum::extract::ws::{CloseFrame, Message, WebSocket};
use serde_json::{json, Value};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::{broadcast, mpsc};
use well_codes::Code;

use crate::guard::Origin;
use crate::journal::Resume;
use crate::origins::Access;
use crate::shared::{Push, Shared};
use crate::view;
use crate::wire::{self, Out, WireError};

/// Close codes a page's script reads: it does not reconnect after these.
pub const CLOSE_ORIGIN_REFUSED: u16 = 4003;
pub const CLOSE_STOPPING: u16 = 4000;

/// A token bucket: `rate` requests a second, bursts of `rate`.
struct Rate {
    tokens: f64,
    rate: f64,
    at: Instant,
}

impl Rate {
    fn new(rate: u32) -> Self {
        Rate {
            tokens: rate as f64,
            rate: rate as f64,
            at: Instant::now(),
        }
    }
    fn take(&mut self) -> bool {
        let now = Instant::now();
        self.tokens =
            (self.tokens + now.duration_since(self.at).as_secs_f64() * self.rate).min(self.rate);
        self.at = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

async fn send(socket: &mut WebSocket, out: &Out) -> bool {
    socket.send(Message::Text(out.text().into())).await.is_ok()
}

async fn close(socket: &mut WebSocket, code: u16, reason: &str) {
    let _ = socket
        .send(Message::Close(Some(CloseFrame {
            code,
            reason: reason.to_owned().into(),
        })))
        .await;
}

/// Counts the connection while it lives.
struct Counted(Arc<Shared>);
impl Drop for Counted {
    fn drop(&mut self) {
        self.0.connections.fetch_sub(1, Ordering::Relaxed);
    }
}

pub(crate) async fn run(mut socket: WebSocket, shared: Arc<Shared>, origin: Origin) {
    let _counted = Counted(shared.clone());
    let mut access = shared.origins.watch();
    let mut stopping = shared.stopping.clone();
    tracing::info!(%origin, "CRM page connected");
    // Until the agent allows the origin, the page receives nothing but "waiting".
    if shared.origins.access(&origin) == Some(Access::Pending) {
        let waiting = Out::Waiting {
            origin: origin.to_string(),
            message: "waiting for the agent to allow this page in the softphone's window".into(),
        };
        if !send(&mut socket, &waiting).await {
            return;
        }
    }
    while shared.origins.access(&origin) == Some(Access::Pending) {
        tokio::select! {
            r = access.changed() => if r.is_err() { return },
            _ = stopping.changed() => { close(&mut socket, CLOSE_STOPPING, "the softphone is closing").await; return }
            m = socket.recv() => match m {
                Some(Ok(Message::Text(t))) => {
                    let id = wire::parse(t.as_str()).map(|r| r.id).unwrap_or_default();
                    let e = WireError::new(Code::BridgeOriginPending, "the agent has not allowed this page yet");
                    if !send(&mut socket, &Out::err(id, e)).await { return }
                }
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => return,
                Some(Ok(_)) => {}
            },
        }
    }
    if !shared.origins.access(&origin).is_some_and(Access::allowed) {
        tracing::info!(%origin, "CRM page refused by the agent");
        close(
            &mut socket,
            CLOSE_ORIGIN_REFUSED,
            "the agent did not allow this page",
        )
        .await;
        return;
    }
    let mut pushes = shared.pushes.subscribe();
    let (instance, last) = {
        let j = shared.journal.lock().unwrap_or_else(|p| p.into_inner());
        (j.instance().to_owned(), j.last())
    };
    let hello = Out::Hello {
        instance,
        version: crate::sdk::SDK_VERSION.into(),
        last,
    };
    if !send(&mut socket, &hello).await || !send_state(&mut socket, &shared).await {
        return;
    }
    let (replies_tx, mut replies) = mpsc::channel::<Out>(64);
    let mut rate = Rate::new(shared.limits.requests_per_sec);
    loop {
        tokio::select! {
            m = socket.recv() => match m {
                Some(Ok(Message::Text(t))) => {
                    shared.origins.touch(&origin);
                    let out = if !rate.take() {
                        let id = wire::parse(t.as_str()).map(|r| r.id).unwrap_or_default();
                        Some(Out::err(id, WireError::new(Code::BridgeRateLimited,
                            format!("at most {} requests a second", shared.limits.requests_per_sec))))
                    } else {
                        request(&shared, t.as_str(), &replies_tx, &mut socket).await
                    };
                    if let Some(out) = out {
                        if !send(&mut socket, &out).await { break }
                    }
                }
                Some(Ok(Message::Binary(_))) => {
                    let e = WireError::new(Code::BridgeMalformed, "text frames only (JSON)");
                    if !send(&mut socket, &Out::Error { error: e }).await { break }
                }
                Some(Ok(Message::Close(_))) | None => break,
                Some(Err(e)) => {
                    tracing::info!(%origin, error = %e, "CRM page's socket failed");
                    break;
                }
                Some(Ok(_)) => {}
            },
            Some(out) = replies.recv() => if !send(&mut socket, &out).await { break },
            p = pushes.recv() => {
                let out = match p {
                    Ok(Push::Event(e)) => Out::Event { n: e.n, inner: e.inner, event: (*e.event).clone() },
                    Ok(Push::State(s)) => Out::State { state: (*s).clone() },
                    Ok(Push::Resync) | Err(broadcast::error::RecvError::Lagged(_)) => resync(&shared).await,
                    Err(broadcast::error::RecvError::Closed) => break,
                };
                if !send(&mut socket, &out).await { break }
            }
            r = access.changed() => {
                if r.is_err() || !shared.origins.access(&origin).is_some_and(Access::allowed) {
                    tracing::info!(%origin, "CRM page cut off: its origin was removed or denied");
                    close(&mut socket, CLOSE_ORIGIN_REFUSED, "the agent removed this page's access").await;
                    break;
                }
            }
            _ = stopping.changed() => {
                close(&mut socket, CLOSE_STOPPING, "the softphone is closing").await;
                break;
            }
        }
    }
    tracing::info!(%origin, "CRM page disconnected");
}

async fn send_state(socket: &mut WebSocket, shared: &Shared) -> bool {
    match shared.handle.snapshot().await {
        Ok(s) => {
            let state = view::state(&s, shared.numbers());
            send(socket, &Out::State { state }).await
        }
        Err(_) => true,
    }
}

async fn resync(shared: &Shared) -> Out {
    let last = shared
        .journal
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .last();
    let event = match shared.handle.snapshot().await {
        Ok(s) => view::ws_reconnect_succeed(&s, shared.numbers()),
        Err(_) => json!({"eventName": "wsReconnectSucceed", "agentMode": "Logout"}),
    };
    Out::Resync { event, last }
}

/// One request: `hello` (resume) is answered here; every SDK method runs in a task of its own and replies
/// through `replies`.
async fn request(
    shared: &Arc<Shared>,
    text: &str,
    replies: &mpsc::Sender<Out>,
    socket: &mut WebSocket,
) -> Option<Out> {
    let req = match wire::parse(text) {
        Ok(r) => r,
        Err(error) => return Some(Out::Error { error }),
    };
    if req.method == "hello" {
        return Some(resume(shared, req.id, req.params.first(), socket).await);
    }
    let (shared, replies) = (shared.clone(), replies.clone());
    tokio::spawn(async move {
        let started = Instant::now();
        let out = match shared
            .sdk
            .call(&req.method, &req.params, shared.numbers())
            .await
        {
            Ok(outcome) => {
                if let Some(inner) = outcome.inner {
                    // Only the asking page re-attached: it alone gets `recoverStateSuccess`, after the reply.
                    let _ = replies.send(Out::ok(req.id, outcome.result)).await;
                    // Not journaled (n = 0): no other page, and no replay, should see it.
                    Out::Event {
                        n: 0,
                        inner: true,
                        event: inner,
                    }
                } else {
                    Out::ok(req.id, outcome.result)
                }
            }
            Err(e) => {
                tracing::info!(method = %req.method, code = %e.code, "CRM request refused");
                Out::err(req.id, e)
            }
        };
        tracing::debug!(method = %req.method, ms = started.elapsed().as_millis() as u64, "CRM request done");
        let _ = tokio::time::timeout(Duration::from_secs(5), replies.send(out)).await;
    });
    None
}

/// A page that reconnects gives the run and the last event it saw: replay what it missed, or re-sync.
async fn resume(shared: &Shared, id: u64, params: Option<&Value>, socket: &mut WebSocket) -> Out {
    let instance = params
        .and_then(|p| p.get("instance"))
        .and_then(Value::as_str)
        .unwrap_or_default();
    let after = params
        .and_then(|p| p.get("after"))
        .and_then(Value::as_u64)
        .unwrap_or(0);
    let plan = shared
        .journal
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .resume(instance, after);
    match plan {
        Resume::Replay(entries) => {
            let replayed = entries.len();
            for e in entries {
                let out = Out::Event {
                    n: e.n,
                    inner: e.inner,
                    event: (*e.event).clone(),
                };
                if !send(socket, &out).await {
                    break;
                }
            }
            Out::ok(id, json!({ "replayed": replayed }))
        }
        Resume::Resync => {
            let out = resync(shared).await;
            if !send(socket, &out).await {
                return Out::err(id, WireError::new(Code::BridgeClosed, "the socket closed"));
            }
            Out::ok(id, json!({ "resynced": true }))
        }
    }
}
