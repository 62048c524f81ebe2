//! What can fail when the bridge starts. Everything later (a refused page, a bad message) is an answer to that
//! page, never an error of the app.

use thiserror::Error;
use well_codes::Code;

#[derive(Debug, Error)]
pub enum BridgeError {
    /// Another program (or a second copy of the app) listens on the port already.
    #[error("the integration port {port} is taken by another program; choose another port in the settings")]
    PortTaken { port: u16 },
    #[error("cannot listen on 127.0.0.1:{port}: {source}")]
    Listen {
        port: u16,
        #[source]
        source: std::io::Error,
    },
    #[error("{0:?} is not an origin (scheme://host[:port], e.g. https://crm.example.com)")]
    BadOrigin(String),
}

impl BridgeError {
    /// The stable code the app's window localizes by.
    pub fn code(&self) -> Code {
        match self {
            BridgeError::PortTaken { .. } => Code::BridgePortTaken,
            BridgeError::Listen { .. } => Code::BridgeListenFailed,
            BridgeError::BadOrigin(_) => Code::BridgeBadOrigin,
        }
    }
}
