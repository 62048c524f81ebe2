//! Call-control request bodies (§3.3.3–§3.3.5).

use serde::{Deserialize, Serialize};
use serde_json::Value;
use serde_with::skip_serializing_none;

use crate::ids::CallId;
use crate::redact::RawDevice;

/// `POST /api/csta/callControl/calls`. `to` is the dial string (prefix + number, no domain) and holds the
/// customer's raw digits: it is a [`RawDevice`] so `Debug` masks it.
#[skip_serializing_none]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MakeCallRequest {
    pub from: String,
    pub to: RawDevice,
    pub origin_for_display: Option<RawDevice>,
    /// `"1"` turns call-progress analysis on.
    pub cpa: Option<String>,
    pub context_id: Option<String>,
    /// Sent only when the agent gave one (the reference SDK wrongly sends its own extension, §3.3.3).
    pub dest_for_display: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MakeCallResponse {
    pub call_id: CallId,
}

/// `singleStepTransfer`, `singleStepTransferCallAndWait`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SingleStepTransferRequest {
    pub transfer_to: RawDevice,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SingleStepConferenceRequest {
    pub conference_participant: RawDevice,
    /// `Active` (default) or `Silent`.
    pub participation_type: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConsultRequest {
    pub consultation_participant: RawDevice,
}

/// `conference`, `cancelConsult`, `transfer`, `transferAndWait`: the path names the held call, the body the
/// consult call.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConsultCallRequest {
    pub consult_call_id: CallId,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AgentGreetingRequest {
    pub agent_id: String,
    pub device_id: String,
}

/// `entries` is documented as `[{key, value}]` and defaults to `{}` in the SDK: kept as JSON.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SetCallDataRequest {
    pub entries: Value,
}

impl SetCallDataRequest {
    /// The documented `[{key, value}]` list as pairs (other shapes give none).
    pub fn pairs(&self) -> Vec<(String, Value)> {
        match &self.entries {
            Value::Array(items) => items
                .iter()
                .filter_map(|it| {
                    let key = it.get("key")?.as_str()?.to_owned();
                    Some((key, it.get("value").cloned().unwrap_or(Value::Null)))
                })
                .collect(),
            Value::Object(m) => m.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
            _ => Vec::new(),
        }
    }
}

/// `GET .../user-data/`: the SDK documents an object or a string; kept as JSON.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CallDataResponse(pub crate::redact::UserData);

/// The body of `GET .../user-data/` as JSON: the JSON it holds, or, for a bare string (the spec allows both),
/// that text as a JSON string.
pub fn call_data_body(body: &[u8]) -> Value {
    serde_json::from_slice(body)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(body).into_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn call_data_is_an_object_or_a_bare_string() {
        assert_eq!(call_data_body(br#"{"data":{"a":"1"}}"#)["data"]["a"], "1");
        assert_eq!(
            call_data_body(br#""quoted""#),
            Value::String("quoted".into())
        );
        assert_eq!(call_data_body(b"order=7"), Value::String("order=7".into()));
        assert_eq!(call_data_body(b""), Value::String(String::new()));
        assert_eq!(
            call_data_body(&[0x6f, 0xff]),
            Value::String("o\u{fffd}".into())
        );
    }
}
