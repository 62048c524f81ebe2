//! STOMP heart-beats on the wire, against a bare WebSocket server that beats on its own clock: the client's
//! beats ride on the server's (one wake-up per interval for an idle agent bar, not two), and still go out on
//! time when the server's stop.

use futures_util::{SinkExt, StreamExt};
use std::time::{Duration, Instant};
use tokio::net::TcpListener;
use tokio_tungstenite::tungstenite::Message;
use well_client::link::{Link, LinkConfig};

const EVERY: Duration = Duration::from_millis(200);

/// A server that answers CONNECT with `heart-beat: 200,200`, beats `beats` times every 200 ms starting 50 ms
/// after CONNECTED, then stays silent for `silent`; returns when each of its beats left and each of the
/// client's arrived.
async fn beating_server(
    listener: TcpListener,
    beats: usize,
    silent: Duration,
) -> (Vec<Instant>, Vec<Instant>) {
    let (tcp, _) = listener.accept().await.expect("a connection");
    let mut ws = tokio_tungstenite::accept_async(tcp).await.expect("upgrade");
    match ws.next().await {
        Some(Ok(Message::Text(t))) => assert!(t.starts_with("CONNECT\n"), "{t:?}"),
        other => panic!("expected CONNECT, got {other:?}"),
    }
    ws.send(Message::Text(
        "CONNECTED\nversion:1.2\nheart-beat:200,200\n\n\u{0}".into(),
    ))
    .await
    .expect("CONNECTED sent");
    let start = tokio::time::Instant::now();
    let end = start + Duration::from_millis(50) + EVERY * beats as u32 + silent;
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    let mut next = start + Duration::from_millis(50);
    loop {
        tokio::select! {
            _ = tokio::time::sleep_until(next), if ours.len() < beats => {
                ws.send(Message::Text("\n".into())).await.expect("beat sent");
                ours.push(Instant::now());
                next += EVERY;
            }
            msg = ws.next() => match msg {
                Some(Ok(Message::Text(t))) if t.as_str() == "\n" => theirs.push(Instant::now()),
                Some(Ok(_)) => {}
                _ => break,
            },
            _ = tokio::time::sleep_until(end) => break,
        }
    }
    (ours, theirs)
}

async fn connected_client(addr: std::net::SocketAddr) -> Link {
    let cfg = LinkConfig {
        heart_beat: (200, 200),
        connected_timeout: Duration::from_secs(2),
        ..LinkConfig::default()
    };
    Link::connect(&format!("ws://{addr}/"), &cfg)
        .await
        .expect("connected")
}

#[tokio::test]
async fn the_clients_beats_ride_on_the_servers_and_keep_their_interval_without_them() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(beating_server(listener, 6, Duration::from_millis(600)));
    let mut link = connected_client(addr).await;
    // The link is only driven while `next` runs; no event comes, so it runs until the server closes.
    let _ = tokio::time::timeout(Duration::from_secs(3), link.next()).await;
    let (ours, theirs) = server.await.unwrap();
    assert_eq!(ours.len(), 6);
    let (along, alone): (Vec<Instant>, Vec<Instant>) = theirs.iter().partition(|t| {
        ours.iter()
            .any(|o| *t >= o && t.duration_since(*o) < Duration::from_millis(60))
    });
    assert!(
        along.len() >= 4,
        "the client's beats follow the server's (within 60 ms; on its own clock they would come 150 ms after \
         them): {} of {} did (server beats at {:?}, client's at {:?})",
        along.len(),
        theirs.len(),
        ours.iter().map(|o| o.duration_since(ours[0])).collect::<Vec<_>>(),
        theirs.iter().map(|t| t.saturating_duration_since(ours[0])).collect::<Vec<_>>()
    );
    // The server fell silent after its last beat: the client's next beat comes on its own, an interval after
    // the last one it sent, until the link is judged dead (twice the interval).
    let last = *ours.last().unwrap();
    let own = alone
        .iter()
        .find(|t| **t > last)
        .expect("a beat of the client's own after the server fell silent");
    let gap = own.duration_since(last);
    assert!(
        (Duration::from_millis(150)..Duration::from_millis(320)).contains(&gap),
        "its own beat came {gap:?} after the server's last"
    );
}
