//! Identifiers of the platform (spec §0.1). Devices are compared by number and domain after a lenient parse
//! (§12.20); a connection id is never used to find a call (§12.18). Every id that enters a REST path is
//! checked first: the platform percent-encodes nothing but the `%7C` of a connection id (§1.2, §12.29).

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::error::IdError;
use crate::mask::mask_tail;

/// Reject a value that would change the meaning of the path it is pasted into.
pub fn check_path_safe(kind: &'static str, s: &str) -> Result<(), IdError> {
    if s.is_empty() {
        return Err(IdError::Empty { kind });
    }
    let what = if s.contains('/') {
        Some("'/'")
    } else if s.contains('?') {
        Some("'?'")
    } else if s.contains('#') {
        Some("'#'")
    } else if s.contains('%') {
        Some("'%'")
    } else if s.chars().any(char::is_whitespace) {
        Some("white space")
    } else if s.contains("..") {
        Some("'..'")
    } else if s.chars().any(char::is_control) {
        Some("a control character")
    } else {
        None
    };
    match what {
        Some(what) => Err(IdError::Unsafe { kind, what }),
        None => Ok(()),
    }
}

/// Number and domain of a raw device string, leniently (§12.20).
pub fn split_lenient(s: &str) -> (&str, &str) {
    let s = s.trim();
    match memchr::memchr(b'@', s.as_bytes()) {
        None => (s, ""),
        Some(i) => {
            let rest = &s[i + 1..];
            let end = memchr::memchr(b'@', rest.as_bytes()).unwrap_or(rest.len());
            (&s[..i], &rest[..end])
        }
    }
}

/// Two raw device strings name the same device (number and domain, domain without case).
pub fn same_device(a: &str, b: &str) -> bool {
    let (an, ad) = split_lenient(a);
    let (bn, bd) = split_lenient(b);
    an == bn && ad.eq_ignore_ascii_case(bd)
}

/// `<number>@<domain>`: an extension, an agent or a remote party.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DeviceId {
    number: String,
    domain: String,
}

impl DeviceId {
    pub fn new(number: impl Into<String>, domain: impl Into<String>) -> Self {
        DeviceId {
            number: number.into(),
            domain: domain.into(),
        }
    }

    /// `8003@jasmine.cc@jasmine.cc` is `8003@jasmine.cc`; a value without `@` has an empty domain.
    pub fn parse_lenient(s: &str) -> Self {
        let (number, domain) = split_lenient(s);
        DeviceId {
            number: number.to_owned(),
            domain: domain.to_owned(),
        }
    }

    pub fn number(&self) -> &str {
        &self.number
    }
    pub fn domain(&self) -> &str {
        &self.domain
    }

    /// Same number and same domain (domains compare without case).
    pub fn same(&self, other: &DeviceId) -> bool {
        self.number == other.number && self.domain.eq_ignore_ascii_case(&other.domain)
    }

    /// Same device as a raw wire string, after the lenient parse (without allocating: it runs for every
    /// device field of every event).
    pub fn is(&self, raw: &str) -> bool {
        let (number, domain) = split_lenient(raw);
        number == self.number && domain.eq_ignore_ascii_case(&self.domain)
    }

    /// The wire form, `number@domain` (just `number` when the domain is unknown).
    pub fn wire(&self) -> String {
        if self.domain.is_empty() {
            self.number.clone()
        } else {
            let mut w = String::with_capacity(self.number.len() + 1 + self.domain.len());
            w.push_str(&self.number);
            w.push('@');
            w.push_str(&self.domain);
            w
        }
    }

    /// The form checked for use in a path.
    pub fn path_segment(&self) -> Result<String, IdError> {
        let w = self.wire();
        check_path_safe("device id", &w)?;
        Ok(w)
    }
}

impl fmt::Debug for DeviceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "DeviceId({}@{})",
            mask_tail(&self.number, 4),
            self.domain
        )
    }
}

/// An agent: `<jobNumber>@<domain>`. Not a customer number, so it prints as it is.
#[derive(Clone, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AgentId(String);

impl AgentId {
    pub fn new(job_number: &str, domain: &str) -> Result<Self, IdError> {
        let id = AgentId(format!("{job_number}@{domain}"));
        id.path_segment()?;
        Ok(id)
    }
    pub fn parse(s: &str) -> Result<Self, IdError> {
        check_path_safe("agent id", s)?;
        Ok(AgentId(s.to_owned()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    pub fn job_number(&self) -> &str {
        self.0.split('@').next().unwrap_or_default()
    }
    pub fn domain(&self) -> &str {
        self.0.split('@').nth(1).unwrap_or_default()
    }
    pub fn path_segment(&self) -> Result<&str, IdError> {
        check_path_safe("agent id", &self.0)?;
        Ok(&self.0)
    }
    /// The STOMP destination of this agent's events (spec §4.2): dots become underscores.
    pub fn topic(&self) -> String {
        format!("/topic/event.agent.*.{}", self.0.replace('.', "_"))
    }
    /// The destination used by SDKs up to 1.17.
    pub fn legacy_topic(&self) -> String {
        format!("/topic/csta/agent/{}", self.0)
    }
}

impl fmt::Display for AgentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One call leg on the server (a UUID in practice, opaque to us).
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Debug, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CallId(String);

impl CallId {
    pub fn new(s: impl Into<String>) -> Self {
        CallId(s.into())
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// `"0"` and the empty string mean "no call" in `primaryOldCall` and friends (spec §5.1).
    pub fn from_old_call(s: Option<&str>) -> Option<CallId> {
        match s {
            None | Some("") | Some("0") => None,
            Some(s) => Some(CallId::new(s)),
        }
    }
    pub fn path_segment(&self) -> Result<&str, IdError> {
        check_path_safe("call id", &self.0)?;
        Ok(&self.0)
    }
}

impl fmt::Display for CallId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// `<deviceId>|<callId>`; in paths the `|` is written `%7C` (spec §3.1).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ConnectionId {
    pub device: DeviceId,
    pub call: CallId,
}

impl ConnectionId {
    pub fn new(device: DeviceId, call: CallId) -> Self {
        ConnectionId { device, call }
    }

    /// Parse a path segment as a server must (§3.1): percent-decode `%7C`, then split at the last `|`.
    pub fn parse_path(segment: &str) -> Result<Self, IdError> {
        let decoded = segment.replace("%7C", "|").replace("%7c", "|");
        let (device, call) = decoded.rsplit_once('|').ok_or(IdError::NoSeparator)?;
        check_path_safe("device id", device)?;
        check_path_safe("call id", call)?;
        Ok(ConnectionId {
            device: DeviceId::parse_lenient(device),
            call: CallId::new(call),
        })
    }

    pub fn path_segment(&self) -> Result<String, IdError> {
        Ok(format!(
            "{}%7C{}",
            self.device.path_segment()?,
            self.call.path_segment()?
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn device_with_a_doubled_domain_is_the_single_one() {
        let d = DeviceId::parse_lenient("8003@jasmine.cc@jasmine.cc");
        assert_eq!(d.wire(), "8003@jasmine.cc");
        assert!(d.is("8003@jasmine.cc"));
        assert!(!d.is("8003@other.cc"));
        assert!(!d.is("8004@jasmine.cc"));
    }

    #[test]
    fn unsafe_ids_are_refused_before_they_reach_a_path() {
        for bad in ["a/b", "a?b", "a#b", "a%b", "a b", "a\tb", "..", "x..y", ""] {
            assert!(CallId::new(bad).path_segment().is_err(), "{bad:?} accepted");
        }
        assert!(CallId::new("6aee1dda-d4a2-4d3c-8fab-df7782a6c10f")
            .path_segment()
            .is_ok());
    }

    #[test]
    fn connection_id_is_written_with_an_encoded_bar_and_parsed_from_either_spelling() {
        let c = ConnectionId::new(DeviceId::parse_lenient("8001@test.cc"), CallId::new("c1"));
        assert_eq!(c.path_segment().unwrap(), "8001@test.cc%7Cc1");
        assert_eq!(ConnectionId::parse_path("8001@test.cc%7Cc1").unwrap(), c);
        assert_eq!(ConnectionId::parse_path("8001@test.cc|c1").unwrap(), c);
        assert_eq!(
            ConnectionId::parse_path("8001@test.cc"),
            Err(IdError::NoSeparator)
        );
    }

    #[test]
    fn agent_topic_replaces_every_dot() {
        let a = AgentId::new("5002", "zhen04.cc").unwrap();
        assert_eq!(a.topic(), "/topic/event.agent.*.5002@zhen04_cc");
        assert_eq!(a.job_number(), "5002");
        assert_eq!(a.domain(), "zhen04.cc");
    }

    #[test]
    fn old_call_zero_means_none() {
        assert_eq!(CallId::from_old_call(Some("0")), None);
        assert_eq!(CallId::from_old_call(Some("c9")), Some(CallId::new("c9")));
    }
}
