//! A notification server on the test command's private session bus: it owns `org.freedesktop.Notifications`,
//! implements the Desktop Notifications Specification's methods, records what it was asked to show and to
//! close, and emits `ActionInvoked` as a click on a button (or on the notification, `default`) would.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use zbus::object_server::SignalEmitter;
use zbus::zvariant::OwnedValue;

const PATH: &str = "/org/freedesktop/Notifications";

/// One `Notify` call as the server received it.
#[derive(Debug, Clone)]
pub struct Shown {
    pub id: u32,
    pub summary: String,
    pub body: String,
    /// `[key, label, key, label, …]` as the specification sends them.
    pub actions: Vec<String>,
}

impl Shown {
    /// The buttons (key, label) a server that draws actions shows; `default` is a click on the body.
    pub fn buttons(&self) -> Vec<(String, String)> {
        self.actions
            .chunks(2)
            .filter(|kv| kv.len() == 2 && kv[0] != "default")
            .map(|kv| (kv[0].clone(), kv[1].clone()))
            .collect()
    }
}

#[derive(Default)]
struct Log {
    capabilities: Vec<String>,
    shown: Vec<Shown>,
    closed: Vec<u32>,
}

struct Server(Arc<Mutex<Log>>);

#[zbus::interface(name = "org.freedesktop.Notifications")]
impl Server {
    fn get_capabilities(&self) -> Vec<String> {
        self.0.lock().unwrap().capabilities.clone()
    }

    #[allow(clippy::too_many_arguments)]
    fn notify(
        &self,
        _app_name: String,
        _replaces_id: u32,
        _app_icon: String,
        summary: String,
        body: String,
        actions: Vec<String>,
        _hints: HashMap<String, OwnedValue>,
        _expire_timeout: i32,
    ) -> u32 {
        let mut log = self.0.lock().unwrap();
        let id = log.shown.len() as u32 + 1;
        log.shown.push(Shown {
            id,
            summary,
            body,
            actions,
        });
        id
    }

    async fn close_notification(
        &self,
        #[zbus(signal_emitter)] emitter: SignalEmitter<'_>,
        id: u32,
    ) -> zbus::fdo::Result<()> {
        self.0.lock().unwrap().closed.push(id);
        // Reason 3: closed by a call to CloseNotification.
        Self::notification_closed(&emitter, id, 3).await?;
        Ok(())
    }

    fn get_server_information(&self) -> (String, String, String, String) {
        (
            "well-test-notifications".into(),
            "well".into(),
            "1".into(),
            "1.2".into(),
        )
    }

    #[zbus(signal)]
    async fn action_invoked(
        emitter: &SignalEmitter<'_>,
        id: u32,
        action_key: &str,
    ) -> zbus::Result<()>;

    #[zbus(signal)]
    async fn notification_closed(
        emitter: &SignalEmitter<'_>,
        id: u32,
        reason: u32,
    ) -> zbus::Result<()>;
}

pub struct NotifyServer {
    conn: zbus::Connection,
    log: Arc<Mutex<Log>>,
}

impl NotifyServer {
    /// Owns the notification service name on the session bus until dropped, listing `capabilities`.
    pub async fn start(capabilities: &[&str]) -> NotifyServer {
        let log = Arc::new(Mutex::new(Log {
            capabilities: capabilities.iter().map(|c| (*c).to_owned()).collect(),
            ..Log::default()
        }));
        let conn = zbus::connection::Builder::session()
            .expect("session bus (run inside scripts/desktop-session.sh)")
            .name("org.freedesktop.Notifications")
            .expect("service name")
            .serve_at(PATH, Server(log.clone()))
            .expect("object")
            .build()
            .await
            .expect("the notification service on the session bus");
        NotifyServer { conn, log }
    }

    /// From now on, list these capabilities (a server without `actions` draws no buttons).
    pub fn set_capabilities(&self, capabilities: &[&str]) {
        self.log.lock().unwrap().capabilities =
            capabilities.iter().map(|c| (*c).to_owned()).collect();
    }

    /// The `n`-th notification shown (1-based), once it arrived.
    pub async fn until_shown(&self, n: usize) -> Shown {
        for _ in 0..200 {
            if let Some(s) = self.log.lock().unwrap().shown.get(n - 1) {
                return s.clone();
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("notification {n} never shown")
    }

    pub fn shown(&self) -> usize {
        self.log.lock().unwrap().shown.len()
    }

    /// Waits until the app asked to close notification `id`.
    pub async fn until_closed(&self, id: u32) {
        for _ in 0..200 {
            if self.log.lock().unwrap().closed.contains(&id) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("notification {id} never withdrawn")
    }

    /// What a click on the button `key` of notification `id` sends (`default`: a click on the notification).
    pub async fn invoke(&self, id: u32, key: &str) {
        let iface = self
            .conn
            .object_server()
            .interface::<_, Server>(PATH)
            .await
            .expect("our interface");
        Server::action_invoked(iface.signal_emitter(), id, key)
            .await
            .expect("ActionInvoked sent");
    }
}
