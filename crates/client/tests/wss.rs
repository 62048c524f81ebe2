//! A server with a self-signed certificate: over https and wss, trusted through the profile's extra CA, and
//! refused without it. The simulator sits behind a TLS-terminating proxy made here (rustls, a fresh rcgen
//! certificate per run), so the test goes through real TLS handshakes on both REST and the WebSocket.

mod common;
use common::*;
use serde_json::json;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::rustls;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use well_callmodel::contract::Connection;
use well_callmodel::{AgentStatus, CallState};
use well_client::session::{self, SessionConfig};
use well_client::ServerProfile;
use well_sim::{Sim, SimConfig, SimHandle};

/// A TLS front for the simulator; returns its port, the certificate's PEM and a count of TLS sessions.
async fn tls_front(sim: &SimHandle) -> (u16, String, Arc<AtomicUsize>) {
    let ck = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_owned()]).unwrap();
    let cert = CertificateDer::from(ck.cert.der().to_vec());
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(ck.key_pair.serialize_der()));
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let server = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![cert], key)
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(server));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let backend = sim.addr();
    let sessions = Arc::new(AtomicUsize::new(0));
    let count = sessions.clone();
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            let count = count.clone();
            tokio::spawn(async move {
                // A client that does not trust us ends the handshake: nothing to forward.
                let Ok(mut tls) = acceptor.accept(tcp).await else {
                    return;
                };
                count.fetch_add(1, Ordering::SeqCst);
                if let Ok(mut plain) = TcpStream::connect(backend).await {
                    let _ = tokio::io::copy_bidirectional(&mut tls, &mut plain).await;
                }
            });
        }
    });
    (port, ck.cert.pem(), sessions)
}

#[tokio::test]
async fn a_self_signed_server_is_reached_over_https_and_wss_when_its_ca_is_trusted() {
    let sim = Sim::start(SimConfig::default()).await.unwrap();
    let (port, pem, sessions) = tls_front(&sim).await;
    let base = format!("https://127.0.0.1:{port}");

    let untrusted = ServerProfile::new(&base, None, "demo.cc").unwrap();
    let (h, _saved) = session::spawn(SessionConfig::new(untrusted)).unwrap();
    let e = h.login(demo_login()).await.unwrap_err();
    assert_eq!(e.code(), "net.unreachable", "{e}");
    assert!(
        e.to_string().to_lowercase().contains("certificate"),
        "the agent's admin is told why: {e}"
    );
    assert_eq!(
        sessions.load(Ordering::SeqCst),
        0,
        "no TLS session without trust"
    );

    let trusted = ServerProfile::new(&base, None, "demo.cc")
        .unwrap()
        .with_ca_pem(&pem)
        .unwrap();
    assert!(trusted.ws_url().starts_with("wss://127.0.0.1:"));
    let (h, _saved) = session::spawn(SessionConfig::new(trusted)).unwrap();
    h.login(demo_login()).await.unwrap();
    until(&h, "logged on", |s| {
        s.agent.status == AgentStatus::LoggedOn && s.connection == Connection::Connected
    })
    .await;
    sim.ring("13912345678", "8001", json!({"订单": "A-1"}))
        .await
        .unwrap();
    until(&h, "ringing over wss", |s| {
        s.calls.iter().any(|c| c.state == CallState::Ringing)
    })
    .await;
    assert!(
        sessions.load(Ordering::SeqCst) >= 2,
        "REST and the WebSocket both went through TLS"
    );
}
