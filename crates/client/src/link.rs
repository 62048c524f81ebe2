//! The event link: STOMP over a WebSocket (tokio-tungstenite, ws and wss) with the `well-protocol` codec.
//! CONNECT asks for heart-beats, CONNECTED has a timeout, SUBSCRIBE carries a receipt, and [`Link::next`]
//! yields events while it keeps the link alive — heart-beats out, liveness in (DESIGN "Time"). Any socket error,
//! an ERROR frame or silence past twice the heart-beat interval ends the link; the session reconnects.

use futures_util::{SinkExt, StreamExt};
use std::time::Duration;
use thiserror::Error;
use tokio::net::TcpStream;
use tokio::time::Instant;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};
use well_codes::Code;
use well_protocol::event::Event;
use well_protocol::ids::AgentId;
use well_protocol::stomp::{Command, Decoder, Frame, Item};

use crate::liveness::{Beat, Liveness};

#[derive(Debug, Clone)]
pub struct LinkConfig {
    /// Our `heart-beat` ask: we can send every `.0` ms, we want to hear every `.1` ms.
    pub heart_beat: (u64, u64),
    pub connected_timeout: Duration,
    /// How long to wait for the RECEIPT of SUBSCRIBE before going on without it (a server that sends none).
    pub receipt_wait: Duration,
    /// WebSocket Ping interval when the server declines heart-beats.
    pub ping_every: Duration,
    /// TLS trust for `wss://` beyond the public roots (from the profile's extra CA); `None`: public roots only.
    pub tls: Option<std::sync::Arc<rustls::ClientConfig>>,
}

impl Default for LinkConfig {
    fn default() -> Self {
        LinkConfig {
            heart_beat: (10_000, 10_000),
            connected_timeout: Duration::from_secs(5),
            receipt_wait: Duration::from_millis(500),
            ping_every: Duration::from_secs(10),
            tls: None,
        }
    }
}

#[derive(Debug, Error)]
pub enum LinkError {
    #[error("cannot open the event WebSocket: {0}")]
    Open(String),
    #[error("no CONNECTED within {0:?}")]
    ConnectedTimeout(Duration),
    #[error("the server refused the STOMP session: {0}")]
    Refused(String),
    #[error("the server sent an ERROR frame: {0}")]
    ServerError(String),
    #[error("no byte from the server for more than twice the heart-beat interval")]
    Dead,
    #[error("the WebSocket closed")]
    Closed,
    #[error("WebSocket error: {0}")]
    Socket(String),
}

impl LinkError {
    pub fn code(&self) -> Code {
        match self {
            LinkError::Open(_) => Code::LinkOpenFailed,
            LinkError::ConnectedTimeout(_) => Code::LinkConnectTimeout,
            LinkError::Refused(_) => Code::LinkRefused,
            LinkError::ServerError(_) => Code::LinkServerError,
            LinkError::Dead => Code::LinkDead,
            LinkError::Closed => Code::LinkClosed,
            LinkError::Socket(_) => Code::LinkSocketError,
        }
    }
}

/// What the link gives the session.
#[derive(Debug)]
pub enum LinkEvent {
    Event(Box<Event>),
    /// A frame or body that did not decode; the session counts it and re-syncs, since the codec may have lost the
    /// next frame with it. Only lengths are kept: bodies hold phone numbers.
    Undecodable {
        command: Option<&'static str>,
        len: usize,
        reason: String,
    },
}

type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

pub struct Link {
    ws: Ws,
    decoder: Decoder,
    liveness: Liveness,
    subscription: Option<String>,
    /// Frames read while waiting for a RECEIPT, kept for `next` in order.
    pending: std::collections::VecDeque<Frame>,
}

impl Link {
    /// Open the WebSocket and run CONNECT → CONNECTED.
    pub async fn connect(url: &str, cfg: &LinkConfig) -> Result<Link, LinkError> {
        let connector = cfg.tls.clone().map(tokio_tungstenite::Connector::Rustls);
        let open = tokio_tungstenite::connect_async_tls_with_config(url, None, false, connector);
        let (ws, _) = tokio::time::timeout(cfg.connected_timeout, open)
            .await
            .map_err(|_| LinkError::ConnectedTimeout(cfg.connected_timeout))?
            .map_err(|e| LinkError::Open(e.to_string()))?;
        let mut link = Link {
            ws,
            decoder: Decoder::default(),
            liveness: Liveness::negotiate(
                (0, 0),
                (0, 0),
                cfg.ping_every,
                Instant::now().into_std(),
            ),
            subscription: None,
            pending: Default::default(),
        };
        let hb = format!("{},{}", cfg.heart_beat.0, cfg.heart_beat.1);
        link.send(
            Frame::new(Command::Connect)
                .header("accept-version", "1.1,1.2")
                .header("heart-beat", &hb),
        )
        .await?;
        let deadline = Instant::now() + cfg.connected_timeout;
        let connected = loop {
            match link.frame_until(deadline).await? {
                Some(f) if f.command == Command::Connected => break f,
                Some(f) if f.command == Command::Error => {
                    return Err(LinkError::Refused(
                        f.get("message").unwrap_or("ERROR").to_owned(),
                    ))
                }
                Some(_) => continue,
                None => return Err(LinkError::ConnectedTimeout(cfg.connected_timeout)),
            }
        };
        let theirs = Liveness::parse_header(connected.get("heart-beat"));
        link.liveness = Liveness::negotiate(
            cfg.heart_beat,
            theirs,
            cfg.ping_every,
            Instant::now().into_std(),
        );
        tracing::debug!(
            heart_beats = link.liveness.uses_heart_beats(),
            "STOMP connected"
        );
        Ok(link)
    }

    /// SUBSCRIBE to the agent's topic with a receipt; returns whether the RECEIPT came (a server that sends none
    /// is waited for `receipt_wait`, then trusted). Events that arrive meanwhile are kept for `next`.
    pub async fn subscribe(
        &mut self,
        agent: &AgentId,
        receipt_wait: Duration,
    ) -> Result<bool, LinkError> {
        let receipt = "sub-0-receipt";
        self.send(
            Frame::new(Command::Subscribe)
                .header("id", "sub-0")
                .header("destination", &agent.topic())
                .header("receipt", receipt),
        )
        .await?;
        self.subscription = Some("sub-0".into());
        let deadline = Instant::now() + receipt_wait;
        loop {
            match self.frame_until(deadline).await? {
                Some(f)
                    if f.command == Command::Receipt && f.get("receipt-id") == Some(receipt) =>
                {
                    return Ok(true)
                }
                Some(f) if f.command == Command::Error => {
                    return Err(LinkError::ServerError(
                        f.get("message").unwrap_or("ERROR").to_owned(),
                    ));
                }
                Some(f) => self.pending.push_back(f),
                None => {
                    tracing::warn!("no RECEIPT for SUBSCRIBE: going on without it");
                    return Ok(false);
                }
            }
        }
    }

    /// The next event (or undecodable input), keeping the link alive meanwhile.
    pub async fn next(&mut self) -> Result<LinkEvent, LinkError> {
        while let Some(f) = self.pending.pop_front() {
            if let Some(e) = self.on_frame(f)? {
                return Ok(e);
            }
        }
        loop {
            // Frames already buffered first.
            match self.decoder.next() {
                Ok(Some(Item::HeartBeat)) => continue,
                Ok(Some(Item::Frame(f))) => {
                    if let Some(e) = self.on_frame(f)? {
                        return Ok(e);
                    }
                    continue;
                }
                Ok(None) => {}
                Err(e) => {
                    return Ok(LinkEvent::Undecodable {
                        command: None,
                        len: self.decoder.buffered(),
                        reason: e.to_string(),
                    })
                }
            }
            let deadline = Instant::from_std(self.liveness.next_deadline());
            tokio::select! {
                // Read first: after the caller was busy (a slow REST call), what arrived meanwhile proves the
                // link alive before any deadline is judged.
                biased;
                msg = self.ws.next() => {
                    let skipped = self.on_message(msg)?;
                    if self.liveness.beat_along(Instant::now().into_std()) {
                        self.heart_beat().await?;
                    }
                    if let Some(skipped) = skipped {
                        return Ok(skipped);
                    }
                },
                _ = tokio::time::sleep_until(deadline) => self.beat().await?,
            }
        }
    }

    /// DISCONNECT and close (logout, shutdown).
    pub async fn close(mut self) {
        let _ = self.send(Frame::new(Command::Disconnect)).await;
        let _ = self.ws.close(None).await;
    }

    async fn send(&mut self, f: Frame) -> Result<(), LinkError> {
        let bytes = f.to_bytes().map_err(|e| LinkError::Socket(e.to_string()))?;
        let text = String::from_utf8(bytes).map_err(|e| LinkError::Socket(e.to_string()))?;
        self.ws
            .send(Message::Text(text.into()))
            .await
            .map_err(|e| LinkError::Socket(e.to_string()))?;
        self.liveness.sent(Instant::now().into_std());
        Ok(())
    }

    /// A STOMP heart-beat (a bare EOL).
    async fn heart_beat(&mut self) -> Result<(), LinkError> {
        self.ws
            .send(Message::Text("\n".into()))
            .await
            .map_err(|e| LinkError::Socket(e.to_string()))?;
        self.liveness.sent(Instant::now().into_std());
        Ok(())
    }

    async fn beat(&mut self) -> Result<(), LinkError> {
        match self.liveness.poll(Instant::now().into_std()) {
            Some(Beat::Dead) => Err(LinkError::Dead),
            Some(Beat::SendHeartBeat) => self.heart_beat().await,
            Some(Beat::SendPing) => {
                self.ws
                    .send(Message::Ping(Vec::new().into()))
                    .await
                    .map_err(|e| LinkError::Socket(e.to_string()))?;
                self.liveness.sent(Instant::now().into_std());
                Ok(())
            }
            None => Ok(()),
        }
    }

    /// Feed a WebSocket message to the decoder.
    /// Feed one WebSocket message to the decoder. STOMP arrives as text; a binary message is counted and
    /// skipped whole (never fed to the decoder, where it would spoil the next frame too).
    fn on_message(
        &mut self,
        msg: Option<Result<Message, tokio_tungstenite::tungstenite::Error>>,
    ) -> Result<Option<LinkEvent>, LinkError> {
        let now = Instant::now().into_std();
        match msg {
            None => Err(LinkError::Closed),
            Some(Err(e)) => Err(LinkError::Socket(e.to_string())),
            Some(Ok(Message::Text(t))) => {
                self.liveness.received(now);
                self.decoder.push(t.as_bytes());
                Ok(None)
            }
            Some(Ok(Message::Binary(b))) => {
                self.liveness.received(now);
                Ok(Some(LinkEvent::Undecodable {
                    command: None,
                    len: b.len(),
                    reason: "a binary WebSocket message (STOMP comes as text)".into(),
                }))
            }
            Some(Ok(Message::Pong(_) | Message::Ping(_))) => {
                // Only a proof of life when STOMP heart-beats are not watching the link.
                if !self.liveness.uses_heart_beats() {
                    self.liveness.received(now);
                }
                Ok(None)
            }
            Some(Ok(Message::Close(_))) => Err(LinkError::Closed),
            Some(Ok(Message::Frame(_))) => Ok(None),
        }
    }

    fn on_frame(&mut self, f: Frame) -> Result<Option<LinkEvent>, LinkError> {
        tracing::trace!(frame = ?f, "frame in");
        match f.command {
            Command::Message => {
                if f.get("subscription") != self.subscription.as_deref() {
                    return Ok(None);
                }
                let len = f.body.len();
                let Some(text) = f.body_text() else {
                    return Ok(Some(LinkEvent::Undecodable {
                        command: Some("MESSAGE"),
                        len,
                        reason: "body is not UTF-8".into(),
                    }));
                };
                Ok(Some(match Event::from_json(text) {
                    Ok(e) => {
                        // The first timing span of an event (the app benchmark reads `well_timing`).
                        tracing::debug!(target: "well_timing", event = e.name(), call = e.call_id().map(|c| c.as_str()), "decoded");
                        LinkEvent::Event(Box::new(e))
                    }
                    Err(e) => LinkEvent::Undecodable {
                        command: Some("MESSAGE"),
                        len,
                        reason: e.to_string(),
                    },
                }))
            }
            Command::Error => Err(LinkError::ServerError(
                f.get("message").unwrap_or("ERROR").to_owned(),
            )),
            _ => Ok(None),
        }
    }

    /// Read until a frame or `deadline`; `None` at the deadline.
    async fn frame_until(&mut self, deadline: Instant) -> Result<Option<Frame>, LinkError> {
        loop {
            match self.decoder.next() {
                Ok(Some(Item::Frame(f))) => return Ok(Some(f)),
                Ok(Some(Item::HeartBeat)) => continue,
                Ok(None) => {}
                Err(e) => return Err(LinkError::Refused(e.to_string())),
            }
            tokio::select! {
                msg = self.ws.next() => if let Some(LinkEvent::Undecodable { len, .. }) = self.on_message(msg)? {
                    tracing::warn!(len, "binary message skipped during the handshake");
                },
                _ = tokio::time::sleep_until(deadline) => return Ok(None),
            }
        }
    }
}
