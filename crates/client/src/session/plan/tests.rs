//! The planner against models built from `client-state` (pure: no server, no socket).

use super::*;
use serde_json::json;
use well_callmodel::ModelConfig;
use well_protocol::rest::ClientState;

const ME: &str = "8001@demo.cc";
const CUSTOMER: &str = "13912345678@demo.cc";

fn me() -> DeviceId {
    DeviceId::parse_lenient(ME)
}

fn model(calls: serde_json::Value) -> Model {
    let cs: ClientState = serde_json::from_value(json!({
        "agent": {"agentId": "5001@demo.cc", "namespace": "demo.cc", "extensionId": ME,
                  "agentMode": "NotReady", "activeCalls": calls},
        "extension": {}}))
    .expect("client-state");
    let mut m = Model::new(ModelConfig::default());
    m.reconcile(&cs, 1);
    m
}

/// One connected inbound call `c1`.
fn one_call() -> Model {
    model(
        json!([{"callId": "c1", "ani": CUSTOMER, "dnis": ME, "otherSide": CUSTOMER,
                  "state": "Connect", "direction": "In"}]),
    )
}

/// `c1` held, `c2` our consult leg to 8002, connected.
fn consulting() -> Model {
    model(json!([
        {"callId": "c1", "ani": CUSTOMER, "dnis": ME, "otherSide": CUSTOMER, "state": "Hold", "direction": "In"},
        {"callId": "c2", "ani": ME, "dnis": "8002@demo.cc", "otherSide": "8002@demo.cc", "state": "Connect"}]))
}

fn plan(m: &Model, call: &str, cmd: CallCommand) -> Result<Request, ClientError> {
    call_request(m, Some(&me()), &CallId::new(call), &cmd)
}

fn code(r: Result<Request, ClientError>) -> well_codes::Code {
    match r {
        Err(e) => e.code(),
        Ok(r) => panic!("planned {r:?}"),
    }
}

#[test]
fn answer_hold_and_hang_up_act_on_the_calls_own_connection() {
    let m = one_call();
    let hold = plan(&m, "c1", CallCommand::Hold).unwrap();
    assert_eq!(hold.method, Method::POST);
    assert_eq!(
        hold.path,
        "/api/csta/callControl/calls/c1/connections/8001@demo.cc%7Cc1/hold"
    );
    assert_eq!(hold.body, None);
    let hang_up = plan(&m, "c1", CallCommand::HangUp).unwrap();
    assert_eq!(hang_up.method, Method::DELETE);
    assert_eq!(
        hang_up.path,
        "/api/csta/callControl/calls/c1/connections/8001@demo.cc%7Cc1"
    );
}

#[test]
fn a_consult_sends_the_trimmed_number_typed() {
    let r = plan(
        &one_call(),
        "c1",
        CallCommand::Consult {
            number: " 8002 ".into(),
        },
    )
    .unwrap();
    assert!(r.path.ends_with("/consult"), "{}", r.path);
    assert_eq!(r.body, Some(json!({"consultationParticipant": "8002"})));
    let r = plan(
        &one_call(),
        "c1",
        CallCommand::SingleStepConference {
            number: "8003".into(),
        },
    )
    .unwrap();
    assert_eq!(
        r.body,
        Some(json!({"conferenceParticipant": "8003", "participationType": "Active"}))
    );
}

#[test]
fn consult_endings_act_on_the_held_call_and_name_the_leg_from_either_call() {
    let m = consulting();
    for from in ["c1", "c2"] {
        for (cmd, word) in [
            (CallCommand::Transfer, "transfer"),
            (CallCommand::TransferAndWait, "transferAndWait"),
            (CallCommand::Conference, "conference"),
            (CallCommand::CancelConsult, "cancelConsult"),
        ] {
            let r = plan(&m, from, cmd).unwrap();
            assert_eq!(
                r.path,
                format!("/api/csta/callControl/calls/c1/connections/8001@demo.cc%7Cc1/{word}"),
                "from {from}"
            );
            assert_eq!(r.body, Some(json!({"consultCallId": "c2"})), "from {from}");
        }
    }
}

#[test]
fn what_the_model_does_not_allow_is_refused_before_anything_is_built() {
    let m = one_call();
    assert_eq!(
        code(plan(&m, "c1", CallCommand::Retrieve)),
        "call.action_not_allowed"
    );
    assert_eq!(
        code(plan(&m, "c1", CallCommand::Transfer)),
        "call.action_not_allowed"
    );
    assert_eq!(code(plan(&m, "c9", CallCommand::Answer)), "call.unknown");
    let m = consulting();
    assert_eq!(
        code(plan(&m, "c2", CallCommand::Consult { number: "1".into() })),
        "call.action_not_allowed"
    );
    assert_eq!(
        code(call_request(
            &one_call(),
            None,
            &CallId::new("c1"),
            &CallCommand::Hold
        )),
        "session.not_logged_in"
    );
}

#[test]
fn dial_numbers_keep_digits_and_pauses_and_put_the_prefix_first() {
    let n = |s: &str| Secret::new(s.to_owned());
    assert_eq!(
        dial_number(&n(" 139 1234 5678 "), Some("9")).unwrap(),
        ("913912345678".to_owned(), "13912345678".to_owned())
    );
    assert_eq!(
        dial_number(&n("*86#w1"), None).unwrap().0,
        "*86#w1".to_owned()
    );
    for bad in ["", "   ", "139abc", "1;2"] {
        assert_eq!(
            dial_number(&n(bad), None).unwrap_err().code(),
            "call.invalid_number",
            "{bad:?}"
        );
    }
    assert_eq!(
        dial_number(&n("123"), Some("0x")).unwrap_err().code(),
        "call.invalid_number"
    );
}

#[test]
fn make_call_carries_the_display_options_and_set_mode_the_reason() {
    let r = make_call(
        &me(),
        "913912345678",
        DialOptions {
            prefix: Some("9".into()),
            origin_for_display: Some("4008".into()),
            dest_for_display: Some("Customer 1".into()),
            cpa: true,
        },
    )
    .unwrap();
    assert_eq!(r.path, "/api/csta/callControl/calls");
    let body = r.body.unwrap();
    assert_eq!(body["to"], "913912345678");
    assert_eq!(body["destForDisplay"], "Customer 1");
    assert_eq!(body["originForDisplay"], "4008");
    assert_eq!(body["cpa"], "1");
    let agent = AgentId::parse("5001@demo.cc").unwrap();
    let r = set_mode(&agent, &me(), "demo.cc", false, Some("lunch".into())).unwrap();
    let body = r.body.unwrap();
    assert_eq!(body["agentMode"], "NotReady");
    assert_eq!(body["reason"], "lunch");
    let r = logout("forced logout", &agent, Some(&Secret::new("t".to_owned()))).unwrap();
    assert_eq!(r.what, "forced logout");
    assert_eq!(r.body.unwrap()["sessionId"], "t");
}
