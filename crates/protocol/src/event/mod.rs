//! The events of an agent's topic (spec §5). [`Event::from_json`] looks at `eventName` first and decodes the
//! body into that event's struct; a name we do not know becomes [`Event::Unknown`] with the whole body kept.
//! Every variant re-serializes to the JSON it came from (unknown fields included).

mod agent;
mod call;
pub mod fields;
mod header;

pub use agent::AgentEvent;
pub use call::{
    CallFields, Conferenced, ConnectionCleared, Delivered, Established, Failed, Held, Originated,
    RecordStarted, RecordStopped, Retrieved, ServiceInitiated, Transferred,
};
pub use header::{AgentMode, Header, LocalState};

use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::error::ProtocolError;
use crate::ids::CallId;
use crate::redact::Extra;

#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    AgentLoggedOn(AgentEvent),
    AgentLoggedOff(AgentEvent),
    AgentReady(AgentEvent),
    AgentNotReady(AgentEvent),
    AgentWorkingAfterCall(AgentEvent),
    AgentAllocated(AgentEvent),
    ServiceInitiated(ServiceInitiated),
    Originated(Originated),
    Delivered(Delivered),
    Established(Established),
    ConnectionCleared(ConnectionCleared),
    Held(Held),
    Retrieved(Retrieved),
    Transferred(Transferred),
    Conferenced(Conferenced),
    RecordStarted(RecordStarted),
    RecordStopped(RecordStopped),
    Failed(Failed),
    /// Recognised and ignored (§5.4: content unknown).
    ChannelStateChanged(Extra),
    /// A name we do not know (or no `eventName` at all): the whole body, kept.
    Unknown(Extra),
}

/// Agent events and call events have independent serial ranges on a real server (§5.1); the duplicate filter
/// compares serials within one family only.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EventFamily {
    Agent,
    Csta,
    Other,
}

fn decode<T: DeserializeOwned>(name: &str, v: Value) -> Result<T, ProtocolError> {
    serde_json::from_value(v).map_err(|source| ProtocolError::Field {
        event_name: name.to_owned(),
        source,
    })
}

fn decode_str<T: DeserializeOwned>(name: &str, s: &str) -> Result<T, ProtocolError> {
    serde_json::from_str(s).map_err(|source| ProtocolError::Field {
        event_name: name.to_owned(),
        source,
    })
}

/// Just the dispatch key, read without building the whole body. A key given twice counts once, the last one,
/// as for every other field (the typed structs and `serde_json::Map` both keep the last).
struct Peek<'a> {
    event_name: Option<std::borrow::Cow<'a, str>>,
}

impl<'de> Deserialize<'de> for Peek<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Peek<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an event object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Peek<'de>, A::Error> {
                let mut event_name = None;
                while let Some(key) = map.next_key::<fields::Key<'de>>()? {
                    if key.0 == "eventName" {
                        event_name = map.next_value::<Option<fields::Key<'de>>>()?.map(|k| k.0);
                    } else {
                        map.next_value::<serde::de::IgnoredAny>()?;
                    }
                }
                Ok(Peek { event_name })
            }
        }
        d.deserialize_map(V)
    }
}

macro_rules! by_name {
    ($name:expr, $body:expr, $decode:ident, $unknown:expr) => {
        match $name {
            "agentLoggedOn" => Event::AgentLoggedOn($decode($name, $body)?),
            "agentLoggedOff" => Event::AgentLoggedOff($decode($name, $body)?),
            "agentReady" => Event::AgentReady($decode($name, $body)?),
            "agentNotReady" => Event::AgentNotReady($decode($name, $body)?),
            "agentWorkingAfterCall" => Event::AgentWorkingAfterCall($decode($name, $body)?),
            "agentAllocated" => Event::AgentAllocated($decode($name, $body)?),
            "serviceInitiated" => Event::ServiceInitiated($decode($name, $body)?),
            "originated" => Event::Originated($decode($name, $body)?),
            "delivered" => Event::Delivered($decode($name, $body)?),
            "established" => Event::Established($decode($name, $body)?),
            "connectionCleared" => Event::ConnectionCleared($decode($name, $body)?),
            "held" => Event::Held($decode($name, $body)?),
            "retrieved" => Event::Retrieved($decode($name, $body)?),
            "transferred" => Event::Transferred($decode($name, $body)?),
            "conferenced" => Event::Conferenced($decode($name, $body)?),
            "recordStarted" => Event::RecordStarted($decode($name, $body)?),
            "recordStopped" => Event::RecordStopped($decode($name, $body)?),
            "failed" => Event::Failed($decode($name, $body)?),
            "ChannelStateChangedEvent" => Event::ChannelStateChanged($decode($name, $body)?),
            _ => $unknown,
        }
    };
}

/// Run `$body` with `$e` bound to the struct of whichever typed variant `$ev` is; `$other` for
/// `ChannelStateChanged` and `Unknown`.
macro_rules! each_typed {
    ($ev:expr, $e:ident => $body:expr, $m:ident => $other:expr) => {
        match $ev {
            Event::AgentLoggedOn($e)
            | Event::AgentLoggedOff($e)
            | Event::AgentReady($e)
            | Event::AgentNotReady($e)
            | Event::AgentWorkingAfterCall($e)
            | Event::AgentAllocated($e) => $body,
            Event::ServiceInitiated($e) => $body,
            Event::Originated($e) => $body,
            Event::Delivered($e) => $body,
            Event::Established($e) => $body,
            Event::ConnectionCleared($e) => $body,
            Event::Held($e) => $body,
            Event::Retrieved($e) => $body,
            Event::Transferred($e) => $body,
            Event::Conferenced($e) => $body,
            Event::RecordStarted($e) => $body,
            Event::RecordStopped($e) => $body,
            Event::Failed($e) => $body,
            Event::ChannelStateChanged($m) | Event::Unknown($m) => $other,
        }
    };
}

impl Event {
    /// Decode one STOMP MESSAGE body. Fails only when the body is not a JSON object or a known field has the
    /// wrong type; unknown names and fields are kept.
    pub fn from_json(text: &str) -> Result<Event, ProtocolError> {
        // A struct also decodes from a JSON array; an event body must be an object.
        match text.trim_start().as_bytes().first() {
            Some(b'{') | None => {}
            Some(_) => {
                let v: Value = serde_json::from_str(text)?;
                return Err(ProtocolError::NotAnObject {
                    found: json_kind(&v),
                });
            }
        }
        if let Some(name) = scan_event_name(text) {
            // A shortcut only: the scan may have found a nested or an overridden `eventName`. When the decoded
            // event does not carry that name, or does not decode, the full path below decides (and names the
            // right error).
            let shortcut = || -> Result<Event, ProtocolError> {
                Ok(by_name!(
                    name,
                    text,
                    decode_str,
                    Event::Unknown(decode_str(name, text)?)
                ))
            };
            if let Ok(e) = shortcut() {
                if e.event_name() == Some(name) {
                    return Ok(e);
                }
            }
        }
        // The text starts with `{`, so a data error here can only be about the value of `eventName`.
        let peek: Peek<'_> = serde_json::from_str(text).map_err(|e| {
            if e.is_data() {
                ProtocolError::EventName(e)
            } else {
                ProtocolError::Json(e)
            }
        })?;
        let name = peek.event_name.as_deref().unwrap_or_default();
        Ok(by_name!(
            name,
            text,
            decode_str,
            Event::Unknown(decode_str(name, text)?)
        ))
    }

    /// Decode from an already parsed JSON value.
    pub fn from_value(v: Value) -> Result<Event, ProtocolError> {
        let map = match v {
            Value::Object(m) => m,
            other => {
                return Err(ProtocolError::NotAnObject {
                    found: json_kind(&other),
                })
            }
        };
        let name = match map.get("eventName") {
            Some(Value::String(s)) => s.clone(),
            _ => String::new(),
        };
        let body = Value::Object(map);
        let name = name.as_str();
        Ok(by_name!(
            name,
            body,
            decode,
            Event::Unknown(decode(name, body)?)
        ))
    }

    pub fn to_value(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }

    /// The `eventName` as it came (empty for an unknown body without one).
    pub fn name(&self) -> &str {
        self.event_name().unwrap_or_default()
    }

    /// The `eventName` string, `None` when the body has none.
    fn event_name(&self) -> Option<&str> {
        match self {
            Event::ChannelStateChanged(m) | Event::Unknown(m) => {
                m.0.get("eventName").and_then(Value::as_str)
            }
            typed => typed.header().and_then(|h| h.event_name.as_deref()),
        }
    }

    pub fn header(&self) -> Option<&Header> {
        each_typed!(self, e => Some(&e.header), _m => None)
    }

    pub fn header_mut(&mut self) -> Option<&mut Header> {
        each_typed!(self, e => Some(&mut e.header), _m => None)
    }

    pub fn serial(&self) -> Option<u64> {
        match self.header() {
            Some(h) => h.serial,
            None => match self {
                Event::ChannelStateChanged(m) | Event::Unknown(m) => {
                    m.0.get("serial").and_then(Value::as_u64)
                }
                _ => None,
            },
        }
    }

    /// Every call id the event names (`callId`, `originalCallId`, the old and new calls of a transfer or
    /// conference; the "no call" values `""`/`"0"` of the old calls left out). The model refuses an event
    /// when one of them could not be pasted into a REST path.
    pub fn call_ids(&self) -> Vec<CallId> {
        let mut ids: Vec<CallId> = Vec::new();
        let call = match self {
            Event::ServiceInitiated(e) => Some(&e.call),
            Event::Originated(e) => Some(&e.call),
            Event::Delivered(e) => {
                ids.extend(e.original_call_id.clone());
                Some(&e.call)
            }
            Event::Established(e) => Some(&e.call),
            Event::ConnectionCleared(e) => Some(&e.call),
            Event::Held(e) => Some(&e.call),
            Event::Retrieved(e) => Some(&e.call),
            Event::Transferred(e) => {
                ids.extend(
                    [e.primary_old(), e.secondary_old(), e.new_call_id()]
                        .into_iter()
                        .flatten(),
                );
                Some(&e.call)
            }
            Event::Conferenced(e) => {
                ids.extend(
                    [e.primary_old(), e.secondary_old(), e.new_call_id()]
                        .into_iter()
                        .flatten(),
                );
                Some(&e.call)
            }
            Event::RecordStarted(e) => Some(&e.call),
            Event::RecordStopped(e) => Some(&e.call),
            Event::Failed(e) => Some(&e.call),
            _ => None,
        };
        ids.extend(call.and_then(|c| c.call_id.clone()));
        ids
    }

    /// The serial family: `eventType` when present, else what the name says.
    pub fn family(&self) -> EventFamily {
        match self.header().and_then(|h| h.event_type.as_deref()) {
            Some("agent") => return EventFamily::Agent,
            Some("csta") => return EventFamily::Csta,
            _ => {}
        }
        match self {
            Event::AgentLoggedOn(_)
            | Event::AgentLoggedOff(_)
            | Event::AgentReady(_)
            | Event::AgentNotReady(_)
            | Event::AgentWorkingAfterCall(_)
            | Event::AgentAllocated(_) => EventFamily::Agent,
            Event::ChannelStateChanged(_) | Event::Unknown(_) => EventFamily::Other,
            _ => EventFamily::Csta,
        }
    }

    /// The `callId` of a call event.
    pub fn call_id(&self) -> Option<&CallId> {
        self.call_fields().and_then(|c| c.call_id.as_ref())
    }

    pub fn call_fields(&self) -> Option<&CallFields> {
        Some(match self {
            Event::ServiceInitiated(e) => &e.call,
            Event::Originated(e) => &e.call,
            Event::Delivered(e) => &e.call,
            Event::Established(e) => &e.call,
            Event::ConnectionCleared(e) => &e.call,
            Event::Held(e) => &e.call,
            Event::Retrieved(e) => &e.call,
            Event::Transferred(e) => &e.call,
            Event::Conferenced(e) => &e.call,
            Event::RecordStarted(e) => &e.call,
            Event::RecordStopped(e) => &e.call,
            Event::Failed(e) => &e.call,
            _ => return None,
        })
    }
}

/// The value of the first `"eventName":"…"` in the text, when it is a plain string without escapes. A
/// shortcut: the caller checks that the decoded event really carries that name at the top level.
fn scan_event_name(text: &str) -> Option<&str> {
    const KEY: &str = "\"eventName\"";
    let at = text.find(KEY)? + KEY.len();
    let rest = text[at..]
        .trim_start()
        .strip_prefix(':')?
        .trim_start()
        .strip_prefix('"')?;
    let end = rest.find(['"', '\\'])?;
    (rest.as_bytes()[end] == b'"').then(|| &rest[..end])
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

impl Serialize for Event {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        each_typed!(self, e => e.serialize(s), m => m.serialize(s))
    }
}

/// `#[serde(other)]` only works for unit variants, so this looks at `eventName` itself.
impl<'de> Deserialize<'de> for Event {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let map = Map::<String, Value>::deserialize(d)?;
        Event::from_value(Value::Object(map)).map_err(D::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_event_keeps_its_whole_body() {
        let text = r#"{"eventName":"parkedSomewhere","serial":7,"x":{"y":[1,2]}}"#;
        let e = Event::from_json(text).unwrap();
        assert!(matches!(e, Event::Unknown(_)));
        assert_eq!(e.name(), "parkedSomewhere");
        assert_eq!(e.serial(), Some(7));
        assert_eq!(e.to_value(), serde_json::from_str::<Value>(text).unwrap());
    }

    #[test]
    fn body_that_is_not_an_object_is_a_clear_error() {
        assert!(matches!(
            Event::from_json("[1]"),
            Err(ProtocolError::NotAnObject { found: "array" })
        ));
        assert!(matches!(
            Event::from_json("{\"eventName\":"),
            Err(ProtocolError::Json(_))
        ));
    }

    #[test]
    fn a_known_field_of_the_wrong_type_names_the_event() {
        let err = Event::from_json(r#"{"eventName":"held","serial":"x"}"#).unwrap_err();
        assert!(err.to_string().contains("held"), "{err}");
    }

    #[test]
    fn a_nested_event_name_does_not_fool_the_dispatch() {
        let text = r#"{"userData":{"eventName":"held"},"eventName":"delivered","serial":3}"#;
        let e = Event::from_json(text).unwrap();
        assert!(matches!(e, Event::Delivered(_)), "{e:?}");
        let text = r#"{"x":{"eventName":"held"}}"#;
        assert!(matches!(Event::from_json(text).unwrap(), Event::Unknown(_)));
        let escaped = r#"{"eventName":"delivered"}"#;
        assert!(matches!(
            Event::from_json(escaped).unwrap(),
            Event::Delivered(_)
        ));
    }

    /// Found by the fuzzer (CI, stop 19): a duplicate `eventName` made a ChannelStateChangedEvent whose body
    /// named something else, and its serialization did not decode again.
    #[test]
    fn a_duplicate_event_name_counts_once_the_last_one_as_for_every_other_field() {
        let text = r#"{"eventName":"ChannelStateChangedEvent","eventName":"held","serial":2}"#;
        let e = Event::from_json(text).unwrap();
        assert!(matches!(e, Event::Held(_)), "{e:?}");
        let text = r#"{"eventName":"held","eventName":"ChannelStateChangedEvent"}"#;
        let e = Event::from_json(text).unwrap();
        assert!(matches!(e, Event::ChannelStateChanged(_)), "{e:?}");
        assert_eq!(e.name(), "ChannelStateChangedEvent");
        let text = r#"{"eventName":"held","x":1,"eventName":"parkedSomewhere"}"#;
        let e = Event::from_json(text).unwrap();
        assert_eq!(e.name(), "parkedSomewhere");
        for text in [
            r#"{"eventName":"ChannelStateChangedEvent","eventName":"held"}"#,
            r#"{"eventName":"delivered","eventName":"parkedSomewhere","a":[1]}"#,
            r#"{"eventName":"parkedSomewhere","eventName":"delivered","callId":"c1"}"#,
        ] {
            let once = serde_json::to_string(&Event::from_json(text).unwrap()).unwrap();
            let again = Event::from_json(&once).unwrap();
            assert_eq!(serde_json::to_string(&again).unwrap(), once, "{text}");
        }
    }

    #[test]
    fn an_event_name_that_is_not_a_string_is_named_as_such() {
        for text in [
            r#"{"eventName":5}"#,
            r#"{"eventName":"ChannelStateChangedEvent","eventName":5}"#,
            r#"{"eventName":"held","eventName":{"a":1}}"#,
            r#"{"eventName":"","eventName":1379070}"#,
        ] {
            let err = Event::from_json(text).unwrap_err();
            assert!(
                matches!(err, ProtocolError::EventName(_)),
                "{text}: {err:?}"
            );
            assert!(err.to_string().contains("eventName"), "{err}");
        }
        let e = Event::from_json(r#"{"eventName":null,"x":1}"#).unwrap();
        assert!(matches!(e, Event::Unknown(_)));
    }

    #[test]
    fn a_null_field_reads_as_absent() {
        let e = Event::from_json(r#"{"eventName":"agentNotReady","reason":null}"#).unwrap();
        let Event::AgentNotReady(a) = e else { panic!() };
        assert_eq!(a.reason, None);
    }

    #[test]
    fn missing_fields_are_fine() {
        let e = Event::from_json(r#"{"eventName":"delivered"}"#).unwrap();
        assert!(matches!(e, Event::Delivered(_)));
        assert_eq!(e.family(), EventFamily::Csta);
    }
}
