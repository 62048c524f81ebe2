//! Wire strings that may hold a customer's number. They serialize raw (the simulator publishes them and the
//! fixtures round-trip) but their `Debug` never shows the digits, so a `{:?}` in a log line is safe.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::fmt;

use crate::ids::DeviceId;

pub use crate::mask::mask_tail;

/// A device id as it came on the wire (`number@domain`, sometimes malformed). Serializes raw.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(transparent)]
pub struct RawDevice(pub String);

impl RawDevice {
    pub fn new(s: impl Into<String>) -> Self {
        RawDevice(s.into())
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// The lenient parse: `8003@jasmine.cc@jasmine.cc` is `8003@jasmine.cc`.
    pub fn device(&self) -> DeviceId {
        DeviceId::parse_lenient(&self.0)
    }
}

impl fmt::Debug for RawDevice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.device();
        write!(f, "RawDevice({})", mask_tail(d.number(), 4))
    }
}

/// Call-associated data (`userData`, spec §5.6). Kept whole; `Debug` shows the keys, never the values.
#[derive(Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(transparent)]
pub struct UserData(pub Value);

impl UserData {
    /// The `data` object of `{"data": {...}}`, or the object itself when a server sends it flat.
    pub fn entries(&self) -> Option<&Map<String, Value>> {
        match &self.0 {
            Value::Object(m) => match m.get("data") {
                Some(Value::Object(inner)) => Some(inner),
                _ => Some(m),
            },
            _ => None,
        }
    }
}

impl fmt::Debug for UserData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let keys: Vec<&str> = self
            .entries()
            .map(|m| m.keys().map(String::as_str).collect())
            .unwrap_or_default();
        write!(f, "UserData(keys: {keys:?})")
    }
}

/// Any JSON the model does not read but must keep (unknown fields, `originCallInfo`, `devices`):
/// `Debug` names its keys only.
#[derive(Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(transparent)]
pub struct Opaque(pub Value);

impl fmt::Debug for Opaque {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Value::Object(m) => write!(f, "Opaque(keys: {:?})", m.keys().collect::<Vec<_>>()),
            Value::Array(a) => write!(f, "Opaque(array of {})", a.len()),
            _ => write!(f, "Opaque(…)"),
        }
    }
}

/// Unknown fields of an event, kept so that the event re-serializes as it came.
#[derive(Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(transparent)]
pub struct Extra(pub Map<String, Value>);

impl fmt::Debug for Extra {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Extra(keys: {:?})", self.0.keys().collect::<Vec<_>>())
    }
}

/// A password or session token: serializes raw (it must reach the server) and never shows in `Debug`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(transparent)]
pub struct Secret(pub String);

impl Secret {
    pub fn new(s: impl Into<String>) -> Self {
        Secret(s.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_of_wire_numbers_never_shows_the_digits() {
        let d = RawDevice::new("13812345678@demo.cc");
        assert_eq!(format!("{d:?}"), "RawDevice(1381234****)");
        let u = UserData(serde_json::json!({"data": {"originalANI": "13812345678@demo.cc"}}));
        assert!(!format!("{u:?}").contains("5678"));
    }
}
