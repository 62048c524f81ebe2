//! Every example message of the spec decodes to its typed form and re-serializes to the same JSON.

use serde_json::Value;
use std::path::PathBuf;

use well_protocol::event::Event;
use well_protocol::ids::{AgentId, CallId, ConnectionId, DeviceId};
use well_protocol::inner::InnerEvent;
use well_protocol::rest::paths::{self, ConnectionOp};
use well_protocol::rest::*;
use well_protocol::stomp::{Command, Decoder, Frame, Item};

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn fixtures(prefix: &str) -> Vec<(String, String)> {
    let mut out: Vec<_> = std::fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with(prefix) && n.ends_with(".json"))
        .map(|n| {
            let text = std::fs::read_to_string(dir().join(&n)).unwrap();
            (n, text)
        })
        .collect();
    out.sort();
    assert!(!out.is_empty(), "no {prefix} fixtures");
    out
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap()
}

fn variant(e: &Event) -> &'static str {
    match e {
        Event::AgentLoggedOn(_) => "agentLoggedOn",
        Event::AgentLoggedOff(_) => "agentLoggedOff",
        Event::AgentReady(_) => "agentReady",
        Event::AgentNotReady(_) => "agentNotReady",
        Event::AgentWorkingAfterCall(_) => "agentWorkingAfterCall",
        Event::AgentAllocated(_) => "agentAllocated",
        Event::ServiceInitiated(_) => "serviceInitiated",
        Event::Originated(_) => "originated",
        Event::Delivered(_) => "delivered",
        Event::Established(_) => "established",
        Event::ConnectionCleared(_) => "connectionCleared",
        Event::Held(_) => "held",
        Event::Retrieved(_) => "retrieved",
        Event::Transferred(_) => "transferred",
        Event::Conferenced(_) => "conferenced",
        Event::RecordStarted(_) => "recordStarted",
        Event::RecordStopped(_) => "recordStopped",
        Event::Failed(_) => "failed",
        Event::ChannelStateChanged(_) => "ChannelStateChangedEvent",
        Event::Unknown(_) => "Unknown",
    }
}

#[test]
fn every_event_fixture_decodes_to_its_named_variant_and_round_trips() {
    for (name, text) in fixtures("event-") {
        let wanted = name
            .trim_start_matches("event-")
            .split(['-', '.'])
            .next()
            .unwrap();
        let e = Event::from_json(&text).unwrap_or_else(|err| panic!("{name}: {err}"));
        assert_eq!(variant(&e), wanted, "{name}");
        assert_eq!(
            e.to_value(),
            json(&text),
            "{name} does not re-serialize equal"
        );
        // The serde path (through a Value) agrees with the fast path.
        let via_serde: Event = serde_json::from_str(&text).unwrap();
        assert_eq!(via_serde, e, "{name}");
    }
}

#[test]
fn raw_envelope_fields_are_kept_as_unknown_fields() {
    let text =
        std::fs::read_to_string(dir().join("event-agentLoggedOn-raw-envelope.json")).unwrap();
    let Event::AgentLoggedOn(e) = Event::from_json(&text).unwrap() else {
        panic!()
    };
    assert!(e.extra.0.contains_key("_type") && e.extra.0.contains_key("topics"));
}

#[test]
fn inner_fixtures_decode_with_the_spec_misspellings_kept() {
    for (name, text) in fixtures("inner-") {
        let e: InnerEvent =
            serde_json::from_str(&text).unwrap_or_else(|err| panic!("{name}: {err}"));
        assert_eq!(serde_json::to_value(&e).unwrap(), json(&text), "{name}");
    }
    let text = std::fs::read_to_string(dir().join("inner-connectionCleared.json")).unwrap();
    assert!(
        serde_json::to_string(&serde_json::from_str::<InnerEvent>(&text).unwrap())
            .unwrap()
            .contains("isEstatblished")
    );
}

fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(name: &str, body: &Value) {
    let typed: T = serde_json::from_value(body.clone()).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(&serde_json::to_value(&typed).unwrap(), body, "{name}");
}

#[test]
fn every_request_body_decodes_to_its_type_and_round_trips() {
    let mut seen = 0;
    for (name, text) in fixtures("request-") {
        let req = json(&text);
        let body = &req["body"];
        let template = req["pathTemplate"].as_str().unwrap_or_default();
        if !body.is_object() {
            continue;
        }
        seen += 1;
        if req["url"]
            .as_str()
            .is_some_and(|u| u.contains("/log/wellclient"))
        {
            round_trip::<LogLineRequest>(&name, body);
            continue;
        }
        match template.rsplit('/').next().unwrap() {
            "state" => round_trip::<AgentStateRequest>(&name, body),
            "calls" => round_trip::<MakeCallRequest>(&name, body),
            "singleStepTransfer" | "singleStepTransferCallAndWait" => {
                round_trip::<SingleStepTransferRequest>(&name, body)
            }
            "singleStepConference" => round_trip::<SingleStepConferenceRequest>(&name, body),
            "consult" => round_trip::<ConsultRequest>(&name, body),
            "conference" | "cancelConsult" | "transfer" | "transferAndWait" => {
                round_trip::<ConsultCallRequest>(&name, body)
            }
            "agentGreeting" => round_trip::<AgentGreetingRequest>(&name, body),
            "user-data" => round_trip::<SetCallDataRequest>(&name, body),
            other => panic!("{name}: no body type for {other}"),
        }
    }
    assert!(seen >= 20, "only {seen} bodies checked");
}

#[test]
fn connection_request_paths_are_the_ones_we_build() {
    let call = CallId::new("6aee1dda-d4a2-4d3c-8fab-df7782a6c10f");
    let own = ConnectionId::new(DeviceId::parse_lenient("8001@test.cc"), call.clone());
    for op in ConnectionOp::ALL {
        let mut found = false;
        for (name, text) in fixtures("request-") {
            let req = json(&text);
            let path = req["path"].as_str().unwrap_or_default();
            if path.contains("/connections/8001@test.cc")
                && path.ends_with(&format!("/{}", op.path_word()))
            {
                assert_eq!(
                    paths::connection_op(&call, &own, op).unwrap(),
                    path,
                    "{name}"
                );
                found = true;
            }
        }
        assert!(found, "no fixture for {op:?}");
    }
    let agent = AgentId::parse("5001@test.cc").unwrap();
    let get = |f: &str| {
        json(&std::fs::read_to_string(dir().join(f)).unwrap())["path"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(
        paths::heartbeat(&agent).unwrap(),
        get("request-heartbeat.json")
    );
    assert_eq!(
        paths::connection(&call, &own).unwrap(),
        get("request-drop-connection.json")
    );
    assert_eq!(
        paths::user_data_get(&call).unwrap(),
        get("request-get-call-data.json")
    );
    assert_eq!(
        paths::prefix_list(&agent).unwrap(),
        get("request-get-my-prefix.json")
    );
    assert_eq!(
        paths::release_allocated(&agent).unwrap(),
        get("request-release-allocated-agent.json")
    );
    let dev = DeviceId::parse_lenient("8001@test.cc");
    assert_eq!(
        paths::recording(true, &dev).unwrap(),
        get("request-recording-start.json")
    );
    assert_eq!(
        paths::recording(false, &dev).unwrap(),
        get("request-recording-stop.json")
    );
    let spy_dev = DeviceId::parse_lenient("8002@test.cc");
    assert_eq!(
        paths::spy(&call, &spy_dev).unwrap(),
        get("request-spy.json")
    );
    assert_eq!(
        paths::agent_greeting(&call).unwrap(),
        get("request-agent-greeting.json")
    );
}

#[test]
fn response_and_error_bodies_decode_and_round_trip() {
    let read = |f: &str| json(&std::fs::read_to_string(dir().join(f)).unwrap());
    round_trip::<TpiLoginResponse>("tpi", &read("response-tpi-login.json"));
    round_trip::<MakeCallResponse>("make-call", &read("response-make-call.json"));
    round_trip::<AgentStateResponse>("pending", &read("response-agent-state-pending-mode.json"));
    round_trip::<Error455>("455", &read("error-agent-state-455.json"));
    round_trip::<Error459>("459", &read("error-agent-state-459.json"));
    round_trip::<PrefixResponse>("prefix", &read("response-get-my-prefix.json"));
    let p: PrefixResponse = serde_json::from_value(read("response-get-my-prefix.json")).unwrap();
    assert_eq!(p.prefixes(), ["9", "6"]);
    for f in [
        "response-client-state-idle.json",
        "response-client-state-in-call.json",
        "response-client-state-logged-out.json",
    ] {
        round_trip::<ClientState>(f, &read(f));
    }
    let cs: ClientState =
        serde_json::from_value(read("response-client-state-in-call.json")).unwrap();
    let call = cs.agent.unwrap().active_call.unwrap();
    assert_eq!(
        call.call_id.as_str(),
        "f268cf58-c0eb-4098-a2a4-1c807ca9d556"
    );
    let e: Error459 = serde_json::from_value(read("error-agent-state-459.json")).unwrap();
    assert_eq!(e.holder(), Some("5003@test.cc"));
}

#[test]
fn stomp_fixtures_decode_from_their_wire_text_and_encode_back_to_it() {
    for (name, text) in fixtures("stomp-") {
        let fx = json(&text);
        let wire = fx["wire"].as_str().unwrap();
        let mut d = Decoder::default();
        d.push(wire.as_bytes());
        let Some(Item::Frame(f)) = d.next().unwrap() else {
            panic!("{name}")
        };
        assert_eq!(
            f.command,
            Command::parse(fx["command"].as_str().unwrap()).unwrap(),
            "{name}"
        );
        for (k, v) in fx["headers"].as_object().unwrap() {
            assert_eq!(f.get(k), v.as_str(), "{name}: header {k}");
        }
        assert_eq!(
            f.body_text().unwrap(),
            fx["body"].as_str().unwrap(),
            "{name}"
        );
        let rebuilt = fx["headers"]
            .as_object()
            .unwrap()
            .iter()
            .fold(Frame::new(f.command), |fr, (k, v)| {
                fr.header(k, v.as_str().unwrap())
            })
            .with_body(fx["body"].as_str().unwrap());
        assert_eq!(rebuilt.to_bytes().unwrap(), wire.as_bytes(), "{name}");
        if f.command == Command::Message {
            let e = Event::from_json(f.body_text().unwrap()).unwrap();
            assert_eq!(e.name(), "agentLoggedOn");
        }
    }
}

/// Found by the event-parser fuzz target: a huge integer in an unknown field became a float whose text did
/// not parse back to the same float (serde_json's fast float parsing); with correct rounding the round trip is
/// stable.
#[test]
fn a_huge_number_in_an_unknown_field_survives_the_round_trip() {
    let text = r#"{"eventName":"recordStopped","serial":1,"extraNumber":1204111111111111111111111111111110,"ratio":0.1}"#;
    let once = serde_json::to_string(&Event::from_json(text).unwrap()).unwrap();
    let twice = serde_json::to_string(&Event::from_json(&once).unwrap()).unwrap();
    assert_eq!(once, twice);
}
