//! A server profile (DESIGN "App flags"): a base URL with an optional path prefix, used for REST and the
//! WebSocket alike (`https://host:port/prefix` → `wss://host:port/prefix/mvc/stomp/websocket`), and a TPI login
//! URL that may be on another host; a bare path is relative to the base.

use serde::{Deserialize, Serialize};
use thiserror::Error;
use well_codes::Code;

pub const DEFAULT_TPI_PATH: &str = "/api/security/login";

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ProfileError {
    #[error("the server URL {0:?} must start with http:// or https://")]
    Scheme(String),
    #[error("the server URL {0:?} has no host")]
    NoHost(String),
    #[error("the server URL {0:?} must not have a query or fragment")]
    Query(String),
    #[error("the TPI login URL {0:?} must be an http(s) URL or a path starting with /")]
    Tpi(String),
    #[error("the domain must not be empty")]
    NoDomain,
    #[error("the trusted CA certificate cannot be used: {0}")]
    Ca(String),
}

impl From<crate::tls::CaError> for ProfileError {
    fn from(e: crate::tls::CaError) -> Self {
        ProfileError::Ca(e.0)
    }
}

impl ProfileError {
    pub fn code(&self) -> Code {
        match self {
            ProfileError::Scheme(_) | ProfileError::NoHost(_) | ProfileError::Query(_) => {
                Code::ProfileBadServerUrl
            }
            ProfileError::Tpi(_) => Code::ProfileBadTpiUrl,
            ProfileError::NoDomain => Code::ProfileNoDomain,
            ProfileError::Ca(_) => Code::ProfileBadCa,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerProfile {
    /// `http(s)://host[:port][/prefix]`, without a trailing slash.
    base: String,
    /// Absolute TPI login URL.
    tpi: String,
    pub domain: String,
    /// Extra CA certificates (PEM) trusted for this server, checked when set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    ca_pem: Option<String>,
}

impl ServerProfile {
    /// Check and normalise: `base` is an http(s) URL (a trailing `/` is dropped), `tpi` an http(s) URL or a
    /// path relative to the base (`None`: the default path).
    pub fn new(base: &str, tpi: Option<&str>, domain: &str) -> Result<Self, ProfileError> {
        let b = base.trim().trim_end_matches('/');
        let rest = b
            .strip_prefix("http://")
            .or_else(|| b.strip_prefix("https://"))
            .ok_or_else(|| ProfileError::Scheme(base.to_owned()))?;
        if rest.is_empty() || rest.starts_with('/') || rest.starts_with(':') {
            return Err(ProfileError::NoHost(base.to_owned()));
        }
        if rest.contains(['?', '#']) {
            return Err(ProfileError::Query(base.to_owned()));
        }
        let tpi = match tpi.map(str::trim).filter(|t| !t.is_empty()) {
            None => format!("{b}{DEFAULT_TPI_PATH}"),
            Some(t) if t.starts_with("http://") || t.starts_with("https://") => t.to_owned(),
            Some(t) if t.starts_with('/') => format!("{b}{t}"),
            Some(t) => return Err(ProfileError::Tpi(t.to_owned())),
        };
        let domain = domain.trim();
        if domain.is_empty() {
            return Err(ProfileError::NoDomain);
        }
        Ok(ServerProfile {
            base: b.to_owned(),
            tpi,
            domain: domain.to_owned(),
            ca_pem: None,
        })
    }

    /// Also trust the CA certificates of this PEM bundle (a private or self-signed server certificate).
    pub fn with_ca_pem(mut self, pem: &str) -> Result<Self, ProfileError> {
        crate::tls::parse_pem(pem)?;
        self.ca_pem = Some(pem.to_owned());
        Ok(self)
    }

    /// The extra trusted certificates, if any.
    pub fn extra_ca(&self) -> Result<Vec<rustls_pki_types::CertificateDer<'static>>, ProfileError> {
        match &self.ca_pem {
            Some(pem) => Ok(crate::tls::parse_pem(pem)?),
            None => Ok(Vec::new()),
        }
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    pub fn tpi_url(&self) -> &str {
        &self.tpi
    }

    /// The REST URL of a path built by `well_protocol::rest::paths` (already checked).
    pub fn rest_url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// `ws(s)://host[:port][/prefix]/mvc/stomp/websocket`.
    pub fn ws_url(&self) -> String {
        let ws = match self.base.strip_prefix("https://") {
            Some(rest) => format!("wss://{rest}"),
            None => format!("ws://{}", self.base.trim_start_matches("http://")),
        };
        format!("{ws}{}", well_protocol::rest::paths::STOMP_WEBSOCKET)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_prefix_applies_to_rest_and_the_websocket_alike() {
        let p = ServerProfile::new("https://api.wellcloud.cc/sdk/", None, "demo.cc").unwrap();
        assert_eq!(
            p.rest_url("/api/csta/agent/state"),
            "https://api.wellcloud.cc/sdk/api/csta/agent/state"
        );
        assert_eq!(p.ws_url(), "wss://api.wellcloud.cc/sdk/mvc/stomp/websocket");
        assert_eq!(
            p.tpi_url(),
            "https://api.wellcloud.cc/sdk/api/security/login"
        );
    }

    #[test]
    fn the_tpi_url_may_be_on_another_host_or_a_path() {
        let p = ServerProfile::new(
            "http://10.0.0.1:5088",
            Some("http://tpi.example:5081/login"),
            "t.cc",
        )
        .unwrap();
        assert_eq!(p.tpi_url(), "http://tpi.example:5081/login");
        assert_eq!(p.ws_url(), "ws://10.0.0.1:5088/mvc/stomp/websocket");
        let q = ServerProfile::new("http://h:1", Some("/loginTrusted"), "t.cc").unwrap();
        assert_eq!(q.tpi_url(), "http://h:1/loginTrusted");
    }

    #[test]
    fn bad_profiles_are_refused_with_a_code() {
        assert_eq!(
            ServerProfile::new("ftp://h", None, "d").unwrap_err().code(),
            "profile.bad_server_url"
        );
        assert_eq!(
            ServerProfile::new("http://", None, "d").unwrap_err().code(),
            "profile.bad_server_url"
        );
        assert_eq!(
            ServerProfile::new("http://h?x=1", None, "d")
                .unwrap_err()
                .code(),
            "profile.bad_server_url"
        );
        assert_eq!(
            ServerProfile::new("http://h", Some("login"), "d")
                .unwrap_err()
                .code(),
            "profile.bad_tpi_url"
        );
        assert_eq!(
            ServerProfile::new("http://h", None, " ").unwrap_err(),
            ProfileError::NoDomain
        );
    }
}
