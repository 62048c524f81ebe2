//! STOMP over WebSocket at `/mvc/stomp/websocket` (spec §4, §10.14–§10.20): CONNECT → CONNECTED 1.1 with real
//! heart-beating at the intervals the client asks, SUBSCRIBE (RECEIPT after the subscription is registered),
//! UNSUBSCRIBE, DISCONNECT; anything else, or bytes that do not decode, is an ERROR and the socket closes.
//! A closed socket loses its subscriptions only; the agent stays logged in.

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::{interval_at, Instant, MissedTickBehavior};
use well_protocol::stomp::{Command, Decoder, Frame, Item};

use crate::broker::Outbound;
use crate::shared::Shared;

pub async fn upgrade(State(shared): State<Arc<Shared>>, ws: WebSocketUpgrade) -> Response {
    if shared.state().faults.refuse_upgrade() {
        tracing::info!("WebSocket upgrade refused (fault)");
        return (
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            "upgrade refused",
        )
            .into_response();
    }
    ws.on_upgrade(move |socket| connection(socket, shared))
}

/// What a client frame asks of the connection.
enum Reply {
    Send(Frame),
    SendAndClose(Frame),
    Close,
    Nothing,
}

struct Conn {
    id: u64,
    connected: bool,
    /// We send a heart-beat this often; the client must send something at least this often (× 2).
    send_every: Option<Duration>,
    expect_every: Option<Duration>,
}

fn error_frame(message: &str) -> Frame {
    Frame::new(Command::Error)
        .header("message", message)
        .header("content-type", "text/plain")
        .with_body(message)
}

/// `heart-beat: cx,cy` of the client: it can send every `cx` ms and wants to hear from us every `cy` ms.
fn parse_heart_beat(v: Option<&str>) -> (u64, u64) {
    let mut parts = v
        .unwrap_or("0,0")
        .split(',')
        .map(|p| p.trim().parse::<u64>().unwrap_or(0));
    (parts.next().unwrap_or(0), parts.next().unwrap_or(0))
}

fn handle(shared: &Shared, conn: &mut Conn, f: Frame) -> Reply {
    let receipt = |frame: &Frame| {
        frame
            .get("receipt")
            .map(|r| Frame::new(Command::Receipt).header("receipt-id", r))
    };
    match f.command {
        Command::Connect | Command::Stomp if conn.connected => {
            Reply::SendAndClose(error_frame("already connected"))
        }
        Command::Connect | Command::Stomp => {
            let (cx, cy) = parse_heart_beat(f.get("heart-beat"));
            let versions = f.get("accept-version").unwrap_or("1.0");
            conn.connected = true;
            if !versions
                .split(',')
                .any(|v| matches!(v.trim(), "1.1" | "1.2"))
            {
                // A 1.0 client: no version header, no heart-beating.
                return Reply::Send(Frame::new(Command::Connected));
            }
            conn.send_every = (cy > 0).then(|| Duration::from_millis(cy));
            conn.expect_every = (cx > 0).then(|| Duration::from_millis(cx));
            Reply::Send(
                Frame::new(Command::Connected)
                    .header("version", "1.1")
                    .header("heart-beat", &format!("{cy},{cx}")),
            )
        }
        _ if !conn.connected => Reply::SendAndClose(error_frame("CONNECT first")),
        Command::Subscribe => match (f.get("id"), f.get("destination")) {
            (Some(id), Some(dest)) => {
                shared.state().broker.subscribe(conn.id, id, dest);
                tracing::debug!(conn = conn.id, destination = dest, "subscribed");
                receipt(&f).map(Reply::Send).unwrap_or(Reply::Nothing)
            }
            _ => Reply::SendAndClose(error_frame("SUBSCRIBE needs id and destination")),
        },
        Command::Unsubscribe => match f.get("id") {
            Some(id) => {
                shared.state().broker.unsubscribe(conn.id, id);
                receipt(&f).map(Reply::Send).unwrap_or(Reply::Nothing)
            }
            None => Reply::SendAndClose(error_frame("UNSUBSCRIBE needs id")),
        },
        Command::Disconnect => receipt(&f).map(Reply::SendAndClose).unwrap_or(Reply::Close),
        other => Reply::SendAndClose(error_frame(&format!(
            "{} is not supported here",
            other.as_str()
        ))),
    }
}

async fn send(socket: &mut WebSocket, f: &Frame) -> bool {
    match f.to_bytes() {
        Ok(b) => socket
            .send(Message::Text(
                String::from_utf8_lossy(&b).into_owned().into(),
            ))
            .await
            .is_ok(),
        Err(_) => false,
    }
}

async fn connection(mut socket: WebSocket, shared: Arc<Shared>) {
    let (tx, mut rx) = mpsc::unbounded_channel();
    let id = shared.state().broker.add_conn(tx);
    let mut conn = Conn {
        id,
        connected: false,
        send_every: None,
        expect_every: None,
    };
    let mut decoder = Decoder::default();
    let mut last_in = Instant::now();
    // Re-armed once CONNECT has negotiated the intervals.
    let far = Duration::from_secs(24 * 3600);
    let mut beat = interval_at(Instant::now() + far, far);
    let mut watch = interval_at(Instant::now() + far, far);
    beat.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let mut dropped = false;
    tracing::debug!(conn = id, "websocket opened");
    'conn: loop {
        tokio::select! {
            msg = socket.recv() => {
                let bytes = match msg {
                    Some(Ok(Message::Text(t))) => t.as_str().as_bytes().to_vec(),
                    Some(Ok(Message::Binary(b))) => b.to_vec(),
                    Some(Ok(Message::Ping(_) | Message::Pong(_))) => continue,
                    Some(Ok(Message::Close(_))) | Some(Err(_)) | None => break,
                };
                last_in = Instant::now();
                decoder.push(&bytes);
                loop {
                    match decoder.next() {
                        Ok(None) => break,
                        Ok(Some(Item::HeartBeat)) => {}
                        Ok(Some(Item::Frame(f))) => {
                            let was_connected = conn.connected;
                            match handle(&shared, &mut conn, f) {
                                Reply::Send(r) => {
                                    // Through the broker, so that a pause holds it and order with events is kept.
                                    if let Ok(b) = r.to_bytes() {
                                        shared.state().broker.reply(id, String::from_utf8_lossy(&b).into_owned());
                                    }
                                }
                                Reply::SendAndClose(r) => {
                                    send(&mut socket, &r).await;
                                    break 'conn;
                                }
                                Reply::Close => break 'conn,
                                Reply::Nothing => {}
                            }
                            if !was_connected && conn.connected {
                                if let Some(d) = conn.send_every {
                                    beat = interval_at(Instant::now() + d, d);
                                }
                                if let Some(d) = conn.expect_every {
                                    watch = interval_at(Instant::now() + d, d);
                                }
                            }
                        }
                        Err(e) => {
                            tracing::info!(conn = id, error = %e, "undecodable STOMP input: ERROR and close");
                            send(&mut socket, &error_frame(&e.to_string())).await;
                            break 'conn;
                        }
                    }
                }
            }
            out = rx.recv() => match out {
                Some(Outbound::Frame(text) | Outbound::RawText(text)) => {
                    if socket.send(Message::Text(text.into())).await.is_err() { break; }
                }
                Some(Outbound::RawBinary(bytes)) => {
                    if socket.send(Message::Binary(bytes.into())).await.is_err() { break; }
                }
                Some(Outbound::Drop) => {
                    dropped = true;
                    break;
                }
                None => break,
            },
            _ = beat.tick() => {
                if shared.state().broker.paused() {
                    continue;
                }
                if socket.send(Message::Text("\n".into())).await.is_err() { break; }
            }
            _ = watch.tick() => {
                if shared.state().broker.paused() {
                    // CONNECTED may not even have left: the client cannot be held to its heart-beats now.
                    last_in = Instant::now();
                    continue;
                }
                if let Some(d) = conn.expect_every {
                    if last_in.elapsed() > d * 2 {
                        tracing::info!(conn = id, "client heart-beats stopped: closing");
                        break;
                    }
                }
            }
        }
    }
    shared.state().broker.remove_conn(id);
    if !dropped {
        let _ = socket.send(Message::Close(None)).await;
    }
    tracing::debug!(conn = id, "websocket closed");
}
