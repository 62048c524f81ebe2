//! Starting the simulator, and the running simulator's handle: its addresses, what it believes, shutdown.
//! The control API's methods of the handle are in `control_api`.

use std::net::SocketAddr;
use std::sync::Arc;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::config::SimConfig;
use crate::error::SimError;
use crate::shared::Shared;
use crate::view::{self, AgentState};
use crate::{demo, heartbeat, http};

pub struct Sim;

/// A running simulator. Dropping it stops it too.
pub struct SimHandle {
    addr: SocketAddr,
    pub(crate) shared: Arc<Shared>,
    stop: Option<oneshot::Sender<()>>,
    server: JoinHandle<()>,
    sweeper: JoinHandle<()>,
    acw: Option<JoinHandle<()>>,
    demo: Option<JoinHandle<()>>,
}

impl Sim {
    /// Listen on `cfg.addr` (port 0: any free port) and serve until [`SimHandle::shutdown`].
    pub async fn start(cfg: SimConfig) -> Result<SimHandle, SimError> {
        let listener = tokio::net::TcpListener::bind(cfg.addr)
            .await
            .map_err(|source| SimError::Bind {
                addr: cfg.addr.to_string(),
                source,
            })?;
        let addr = listener.local_addr().map_err(|source| SimError::Bind {
            addr: cfg.addr.to_string(),
            source,
        })?;
        let shared = Arc::new(Shared::new(cfg));
        let app = http::router(shared.clone());
        let (stop, stopped) = oneshot::channel::<()>();
        let server = tokio::spawn(async move {
            let serve = axum::serve(listener, app).with_graceful_shutdown(async {
                let _ = stopped.await;
            });
            if let Err(e) = serve.await {
                tracing::error!(error = %e, "simulator server stopped");
            }
        });
        let sweeper = tokio::spawn(heartbeat::sweep(shared.clone()));
        let demo = shared
            .cfg
            .demo
            .clone()
            .map(|d| tokio::spawn(demo::run(shared.clone(), d)));
        let acw = (shared.cfg.acw_after_call_ms > 0).then(|| {
            let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
            shared.end_after_call_work_with(tx);
            tokio::spawn(heartbeat::after_call_work(shared.clone(), rx))
        });
        tracing::info!(%addr, agents = shared.cfg.directory.agent_count(), "simulated CTI server listening");
        Ok(SimHandle {
            addr,
            shared,
            stop: Some(stop),
            server,
            sweeper,
            acw,
            demo,
        })
    }
}

impl SimHandle {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }
    /// `http://127.0.0.1:PORT`: the REST base and the TPI host.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }
    /// `ws://127.0.0.1:PORT/mvc/stomp/websocket`.
    pub fn ws_url(&self) -> String {
        format!(
            "ws://{}{}",
            self.addr,
            well_protocol::rest::paths::STOMP_WEBSOCKET
        )
    }
    /// The current global serial (the last one given to an event).
    pub fn serial(&self) -> u64 {
        self.shared.state().switch.serial()
    }
    /// Live STOMP connections.
    pub fn connections(&self) -> usize {
        self.shared.state().broker.connections()
    }

    /// Every agent the simulator has seen (by TPI login or agent Login), as `/sim/state` lists them.
    pub fn agents(&self) -> Vec<AgentState> {
        view::agents(&self.shared.state())
    }

    /// Every active call, as `/sim/state` lists them (the makeCall options kept as given).
    pub fn calls(&self) -> Vec<serde_json::Value> {
        view::calls(&self.shared.state())
    }

    /// The whole of `GET /sim/state`.
    pub fn state(&self) -> serde_json::Value {
        view::sim_state(&self.shared.state())
    }

    pub fn agent(&self, agent_id: &str) -> Option<AgentState> {
        self.agents().into_iter().find(|a| a.agent_id == agent_id)
    }

    pub async fn shutdown(mut self) {
        self.stop_now();
        let _ = (&mut self.server).await;
    }

    fn stop_now(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        self.sweeper.abort();
        for t in [&self.acw, &self.demo].into_iter().flatten() {
            t.abort();
        }
    }
}

impl Drop for SimHandle {
    fn drop(&mut self) {
        self.stop_now();
        self.server.abort();
    }
}
