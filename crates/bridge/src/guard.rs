//! Who may talk to the bridge, decided before anything else runs (the lessons of Zoom 2019 and Transmission
//! CVE-2018-5702): the `Host` header must name the loopback address and our port, which defeats DNS
//! rebinding, and a page's `Origin` must be an exact `scheme://host[:port]`.

use std::fmt;

use crate::error::BridgeError;

/// Why a request is refused before it reaches a handler.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostRefusal {
    Missing,
    /// A name other than `127.0.0.1:PORT` / `localhost:PORT` (a rebinding attack, or another port).
    Foreign(String),
}

/// `Host` must be exactly `127.0.0.1:PORT` or `localhost:PORT` (case-insensitive name).
pub fn check_host(host: Option<&str>, port: u16) -> Result<(), HostRefusal> {
    let host = host.ok_or(HostRefusal::Missing)?;
    let (name, p) = host
        .rsplit_once(':')
        .ok_or_else(|| HostRefusal::Foreign(host.to_owned()))?;
    let name_ok = name == "127.0.0.1" || name.eq_ignore_ascii_case("localhost");
    if name_ok && p.parse::<u16>().ok() == Some(port) {
        Ok(())
    } else {
        Err(HostRefusal::Foreign(host.to_owned()))
    }
}

/// A web origin in its serialized form (`https://crm.example.com`, `http://127.0.0.1:8080`): scheme and
/// host lower-case, the scheme's default port dropped, no path. Compared exactly.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(try_from = "String", into = "String")]
pub struct Origin(String);

impl Origin {
    pub fn parse(s: &str) -> Result<Origin, BridgeError> {
        let bad = || BridgeError::BadOrigin(s.to_owned());
        let t = s.trim().trim_end_matches('/');
        let (scheme, rest) = t.split_once("://").ok_or_else(bad)?;
        let scheme = scheme.to_ascii_lowercase();
        if scheme != "http" && scheme != "https" {
            return Err(bad());
        }
        if rest.is_empty() || rest.contains(['/', '?', '#', '@', ' ']) {
            return Err(bad());
        }
        let (host, port) = match rest.rsplit_once(':') {
            Some((h, p)) if !h.ends_with(']') || rest.starts_with('[') => {
                let port: u16 = p.parse().map_err(|_| bad())?;
                (h, Some(port))
            }
            _ => (rest, None),
        };
        if host.is_empty()
            || !host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-.[]:".contains(c))
        {
            return Err(bad());
        }
        let host = host.to_ascii_lowercase();
        let default = if scheme == "http" { 80 } else { 443 };
        Ok(Origin(match port {
            Some(p) if p != default => format!("{scheme}://{host}:{p}"),
            _ => format!("{scheme}://{host}"),
        }))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Origin {
    type Error = BridgeError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Origin::parse(&s)
    }
}

impl From<Origin> for String {
    fn from(o: Origin) -> String {
        o.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_loopback_names_with_our_port_pass() {
        assert_eq!(check_host(Some("127.0.0.1:5129"), 5129), Ok(()));
        assert_eq!(check_host(Some("LocalHost:5129"), 5129), Ok(()));
        for bad in [
            "127.0.0.1:5130",
            "evil.example:5129",
            "127.0.0.1",
            "127.0.0.1.evil.example:5129",
            "[::1]:5129",
            "localhost:x",
        ] {
            assert!(check_host(Some(bad), 5129).is_err(), "{bad}");
        }
        assert_eq!(check_host(None, 5129), Err(HostRefusal::Missing));
    }

    #[test]
    fn origins_are_normalised_and_anything_else_is_refused() {
        let o = |s: &str| Origin::parse(s).map(|o| o.0);
        assert_eq!(
            o("HTTPS://CRM.Example.com/").unwrap(),
            "https://crm.example.com"
        );
        assert_eq!(
            o("https://crm.example.com:443").unwrap(),
            "https://crm.example.com"
        );
        assert_eq!(o("http://127.0.0.1:8080").unwrap(), "http://127.0.0.1:8080");
        for bad in [
            "null",
            "file://",
            "crm.example.com",
            "https://crm.example.com/path",
            "https://user@crm.example.com",
            "javascript://x",
            "https://",
            "https://crm.example.com:99999",
            "https://cr m.example.com",
        ] {
            assert!(o(bad).is_err(), "{bad}");
        }
    }
}
