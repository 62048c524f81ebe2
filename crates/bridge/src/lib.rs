//! The CRM bridge (issue "The CRM keeps its wellClient code"): a server on 127.0.0.1 only that serves
//! `/well-client.js`, a drop-in for the wellClient SDK script, and carries a CRM page's SDK calls and events
//! to and from the app's one session over a WebSocket. The raw customer number never leaves the backend
//! unless an administrator turned on "send raw numbers to allowed origins".
//!
//! Files, leaves first: [`guard`] (Host and Origin), [`origins`] (who may connect), [`wire`] (the bridge's
//! messages), [`journal`] (numbered events for pages that reconnect), [`view`] (the snapshot in the SDK's
//! words), [`sdk`] (the SDK's methods on the session), `shared`, `feed` (session → pages), `connection`
//! (one page's socket), `server` (routes), and [`Bridge`] here. [`screen_pop`] fills URL and program
//! templates from a call (the app opens them).
//!
//! Threat model: a web page is trusted only when the agent allowed its origin; `Host` is checked against
//! DNS rebinding; a local program of the same user can fake any header and is as trusted as the user.

mod connection;
pub mod error;
mod feed;
pub mod guard;
pub mod journal;
pub mod origins;
pub mod screen_pop;
pub mod sdk;
mod server;
mod shared;
pub mod view;
pub mod wire;

pub use connection::{CLOSE_ORIGIN_REFUSED, CLOSE_STOPPING};
pub use error::BridgeError;
pub use guard::Origin;
pub use origins::{Access, Decision, OriginEntry, Origins};
pub use server::SCRIPT;
pub use shared::Limits;

use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};
use tokio::sync::{broadcast, watch};
use well_client::session::Handle;

/// The port the app listens on unless the settings or `--integration-port` say otherwise.
pub const DEFAULT_PORT: u16 = 5129;

pub struct BridgeConfig {
    /// 0 picks a free port (tests).
    pub port: u16,
    pub origins: Arc<Origins>,
    /// The administrator's "send raw numbers to allowed origins" (off by default).
    pub raw_numbers: Arc<AtomicBool>,
    pub limits: Limits,
}

/// A running bridge; it stops when dropped or with [`Bridge::stop`].
pub struct Bridge {
    port: u16,
    stop: watch::Sender<bool>,
    shared: Arc<Shared>,
}

use shared::Shared;

impl Bridge {
    /// Listen on `127.0.0.1:port` and serve. A taken port is [`BridgeError::PortTaken`].
    pub async fn start(cfg: BridgeConfig, handle: Handle) -> Result<Bridge, BridgeError> {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", cfg.port))
            .await
            .map_err(|source| match source.kind() {
                std::io::ErrorKind::AddrInUse => BridgeError::PortTaken { port: cfg.port },
                _ => BridgeError::Listen {
                    port: cfg.port,
                    source,
                },
            })?;
        let port = listener
            .local_addr()
            .map_err(|source| BridgeError::Listen {
                port: cfg.port,
                source,
            })?
            .port();
        let (stop, stopping) = watch::channel(false);
        let instance = uuid::Uuid::new_v4().to_string();
        let shared = Arc::new(Shared {
            sdk: sdk::Sdk {
                handle: handle.clone(),
            },
            handle,
            origins: cfg.origins,
            raw_numbers: cfg.raw_numbers,
            journal: Mutex::new(journal::Journal::new(instance, cfg.limits.journal)),
            pushes: broadcast::channel(256).0,
            connections: Default::default(),
            limits: cfg.limits,
            port,
            stopping: stopping.clone(),
        });
        tokio::spawn(feed::run(shared.clone()));
        let app = server::router(shared.clone());
        // Small frames, request and answer: Nagle's algorithm with delayed ACKs would hold them ~40 ms.
        let listener = axum::serve::ListenerExt::tap_io(listener, |tcp| {
            if let Err(e) = tcp.set_nodelay(true) {
                tracing::debug!(error = %e, "TCP_NODELAY not set");
            }
        });
        let mut until = stopping;
        tokio::spawn(async move {
            let serve = axum::serve(listener, app).with_graceful_shutdown(async move {
                let _ = until.wait_for(|s| *s).await;
            });
            if let Err(e) = serve.await {
                tracing::error!(error = %e, "the CRM bridge stopped");
            }
        });
        tracing::info!(port, "CRM bridge listening on 127.0.0.1");
        Ok(Bridge { port, stop, shared })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// `http://127.0.0.1:PORT` (the script is at `/well-client.js` under it).
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn origins(&self) -> &Arc<Origins> {
        &self.shared.origins
    }

    /// Pages connected now.
    pub fn connections(&self) -> usize {
        self.shared
            .connections
            .load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Close every page's socket and stop listening.
    pub fn stop(&self) {
        let _ = self.stop.send(true);
    }
}

impl Drop for Bridge {
    fn drop(&mut self) {
        self.stop();
    }
}
