//! The model's rules one by one, named as behaviour sentences, driven through its public API only.

use serde_json::{json, Value};
use well_callmodel::Effect;
use well_callmodel::{
    AutoAnswer, CallAction, CallState, Change, Direction, LogoffCause, Mode, Model, ModelConfig,
};
use well_protocol::event::Event;
use well_protocol::ids::{CallId, DeviceId};
use well_protocol::rest::ClientState;

const ME: &str = "8001@demo.cc";
const CUSTOMER: &str = "13912345678@demo.cc";

fn ev(v: Value) -> Event {
    Event::from_value(v).unwrap()
}

fn logged_in(cfg: ModelConfig) -> Model {
    let mut m = Model::new(cfg);
    m.login_started("5001@demo.cc", DeviceId::parse_lenient(ME), 0);
    m.apply_event(ev(json!({"eventName": "agentLoggedOn", "eventType": "agent", "serial": 1, "agentMode": "Ready"})), 0);
    m.apply_event(ev(json!({"eventName": "agentReady", "eventType": "agent", "serial": 2, "agentMode": "Ready"})), 0);
    m
}

fn delivered_inbound(call: &str, serial: u64) -> Event {
    ev(
        json!({"eventName": "delivered", "eventType": "csta", "serial": serial, "callId": call,
              "alertingDevice": ME, "callingDevice": CUSTOMER, "calledDevice": ME,
              "userData": {"data": {"originalANI": CUSTOMER, "客户": "张三", "note": "vip 13912345678"}}}),
    )
}

fn cleared(call: &str, releasing: &str, serial: u64) -> Event {
    ev(
        json!({"eventName": "connectionCleared", "eventType": "csta", "serial": serial, "callId": call,
              "releasingDevice": releasing, "cause": "NORMAL_CLEARING"}),
    )
}

fn call_state(m: &Model, id: &str) -> Option<CallState> {
    m.call(&CallId::new(id)).map(|c| c.state)
}

#[test]
fn a_ringing_call_emits_one_incoming_call_with_a_masked_summary() {
    let mut m = logged_in(ModelConfig::default());
    let out = m.apply_event(delivered_inbound("c1", 10), 5);
    let incoming: Vec<_> = out
        .effects
        .iter()
        .filter(|e| matches!(e, Effect::IncomingCall { .. }))
        .collect();
    assert_eq!(incoming.len(), 1);
    let Effect::IncomingCall {
        display_number,
        summary,
        direction,
        ..
    } = incoming[0]
    else {
        unreachable!()
    };
    assert_eq!(display_number, "1391234****");
    assert_eq!(
        summary.as_deref(),
        Some("客户: 张三 · note: vip 1391234****")
    );
    assert_eq!(*direction, Direction::Inbound);
    // A second delivered for the same ringing call is no new ring.
    let again = m.apply_event(delivered_inbound("c1", 11), 6);
    assert!(again.effects.is_empty(), "{:?}", again.effects);
    let c = m.call(&CallId::new("c1")).unwrap();
    assert_eq!(c.allowed, vec![CallAction::Answer, CallAction::HangUp]);
    assert_eq!(
        c.user_data.as_ref().unwrap()["data"]["originalANI"],
        "1391234****@demo.cc"
    );
}

#[test]
fn auto_answer_is_due_after_its_delay_only_for_calls_we_did_not_place() {
    let mut m = logged_in(ModelConfig {
        auto_answer: AutoAnswer {
            enabled: true,
            delay_ms: 500,
        },
        ..Default::default()
    });
    let out = m.apply_event(delivered_inbound("c1", 10), 1_000);
    assert!(out.effects.contains(&Effect::AutoAnswerDue {
        call_id: CallId::new("c1"),
        at: 1_500
    }));
    let out = m.apply_event(ev(json!({"eventName": "delivered", "serial": 11, "callId": "c2", "alertingDevice": CUSTOMER,
                   "callingDevice": ME, "calledDevice": CUSTOMER})),
        2_000,
    );
    assert!(
        !out.effects
            .iter()
            .any(|e| matches!(e, Effect::AutoAnswerDue { .. })),
        "own outbound call auto-answered"
    );
}

#[test]
fn an_event_repeating_the_previous_serial_of_its_family_is_dropped() {
    let mut m = logged_in(ModelConfig::default());
    assert!(!m.apply_event(delivered_inbound("c1", 10), 1).is_empty());
    assert!(
        m.apply_event(cleared("c1", ME, 10), 2).is_empty(),
        "same family and serial must be dropped"
    );
    assert_eq!(m.stats().duplicates, 1);
    // The same serial in the other family is a different event (independent counters, spec §5.1).
    let out = m.apply_event(ev(json!({"eventName": "agentNotReady", "eventType": "agent", "serial": 10, "reason": "1"})), 3);
    assert!(!out.is_empty());
    assert_eq!(m.agent().mode, Some(Mode::NotReady));
}

#[test]
fn a_remote_clearing_never_ends_our_call() {
    let mut m = logged_in(ModelConfig::default());
    m.apply_event(delivered_inbound("c1", 10), 1);
    m.apply_event(ev(json!({"eventName": "established", "serial": 11, "callId": "c1", "answeringDevice": ME})), 2);
    m.apply_event(cleared("c1", CUSTOMER, 12), 3);
    let c = m
        .call(&CallId::new("c1"))
        .expect("call kept until our own clearing");
    assert_eq!(c.ended_at_ms, Some(3));
    assert_eq!(c.allowed, vec![CallAction::HangUp]);
    let out = m.apply_event(cleared("c1", "8001@demo.cc@demo.cc", 13), 4);
    assert!(out.changes.contains(&Change::CallRemoved {
        call_id: CallId::new("c1")
    }));
    let ended = out.effects.iter().find_map(|e| match e {
        Effect::CallEnded {
            was_answered,
            answered_at_ms,
            ended_at_ms,
            ..
        } => Some((*was_answered, *answered_at_ms, *ended_at_ms)),
        _ => None,
    });
    assert_eq!(ended, Some((true, Some(2), 4)));
}

fn missed(out: &well_callmodel::Output) -> Option<bool> {
    out.effects.iter().find_map(|e| match e {
        Effect::CallEnded { missed, .. } => Some(*missed),
        _ => None,
    })
}

#[test]
fn a_ringing_call_the_caller_gives_up_is_missed_and_one_the_agent_rejects_is_not() {
    let mut m = logged_in(ModelConfig::default());
    m.apply_event(delivered_inbound("c1", 10), 1);
    m.apply_event(cleared("c1", CUSTOMER, 11), 2);
    let out = m.apply_event(cleared("c1", "8001@demo.cc@demo.cc", 12), 3);
    assert_eq!(missed(&out), Some(true), "the caller gave up");

    m.apply_event(delivered_inbound("c2", 13), 4);
    m.rejecting(&CallId::new("c2"));
    let out = m.apply_event(cleared("c2", "8001@demo.cc@demo.cc", 14), 5);
    assert_eq!(missed(&out), Some(false), "rejected by the agent");

    m.apply_event(delivered_inbound("c3", 15), 6);
    m.apply_event(ev(json!({"eventName": "established", "serial": 16, "callId": "c3", "answeringDevice": ME})), 7);
    m.rejecting(&CallId::new("c3"));
    let out = m.apply_event(cleared("c3", "8001@demo.cc@demo.cc", 17), 8);
    assert_eq!(missed(&out), Some(false), "answered, then hung up");
}

#[test]
fn a_remote_hold_does_not_put_us_on_hold() {
    let mut m = logged_in(ModelConfig::default());
    m.apply_event(delivered_inbound("c1", 10), 1);
    m.apply_event(ev(json!({"eventName": "established", "serial": 11, "callId": "c1", "answeringDevice": ME})), 2);
    m.apply_event(
        ev(json!({"eventName": "held", "serial": 12, "callId": "c1", "holdingDevice": CUSTOMER})),
        3,
    );
    let c = m.call(&CallId::new("c1")).unwrap();
    assert_eq!(c.state, CallState::Connected);
    assert!(c.held_by_other);
    m.apply_event(ev(json!({"eventName": "retrieved", "serial": 13, "callId": "c1", "retrievingDevice": CUSTOMER})), 4);
    assert!(!m.call(&CallId::new("c1")).unwrap().held_by_other);
}

#[test]
fn originated_twice_does_not_create_a_second_call() {
    let mut m = logged_in(ModelConfig::default());
    let o = json!({"eventName": "originated", "callId": "c1", "callingDevice": ME, "calledDevice": "8002@demo.cc"});
    let mut a = o.clone();
    a["serial"] = json!(20);
    let mut b = o;
    b["serial"] = json!(21);
    m.apply_event(ev(a), 1);
    m.apply_event(ev(b), 2);
    assert_eq!(m.calls().count(), 1);
    assert_eq!(m.calls().next().unwrap().direction, Direction::Internal);
}

#[test]
fn a_dial_is_matched_by_its_number_when_originated_beats_the_response() {
    let mut m = logged_in(ModelConfig::default());
    m.dial_requested("913800138000", "13800138000", Some("客户A"), 0);
    assert!(
        !m.agent()
            .allowed
            .contains(&well_callmodel::AgentAction::MakeCall),
        "no second dial while one is in flight"
    );
    m.apply_event(
        ev(
            json!({"eventName": "originated", "serial": 30, "callId": "c9", "callingDevice": ME,
                              "calledDevice": "913800138000@demo.cc"}),
        ),
        1,
    );
    m.dial_accepted("913800138000", &CallId::new("c9"), 2);
    let c = m.call(&CallId::new("c9")).unwrap();
    assert_eq!(c.display_number, "客户A");
    assert_eq!(
        c.parties.iter().find(|p| !p.me).unwrap().number.display(),
        "客户A"
    );
}

#[test]
fn a_dial_is_matched_by_call_id_when_the_response_comes_first() {
    let mut m = logged_in(ModelConfig::default());
    m.dial_requested("913800138000", "13800138000", None, 0);
    m.dial_accepted("913800138000", &CallId::new("c9"), 1);
    m.apply_event(ev(json!({"eventName": "serviceInitiated", "serial": 30, "callId": "c9", "initiatedDevice": ME})), 2);
    m.apply_event(ev(json!({"eventName": "delivered", "serial": 31, "callId": "c9", "callingDevice": ME,
                              "alertingDevice": "913800138000@demo.cc", "calledDevice": "913800138000@demo.cc",
                              "userData": {"data": {"dialled": "13800138000"}}})), 3);
    let c = m.call(&CallId::new("c9")).unwrap();
    assert_eq!(c.state, CallState::Ringback);
    assert_eq!(c.display_number, "91380013****");
    assert_eq!(
        c.user_data.as_ref().unwrap()["data"]["dialled"],
        "1380013****",
        "the typed number is masked too"
    );
}

#[test]
fn a_failed_dial_frees_make_call_again() {
    let mut m = logged_in(ModelConfig::default());
    m.dial_requested("8002", "8002", None, 0);
    m.dial_failed("8002", 1);
    assert!(m
        .agent()
        .allowed
        .contains(&well_callmodel::AgentAction::MakeCall));
}

#[test]
fn the_documented_conferenced_example_applies_in_place() {
    // callId == secondaryOldCall == newCall: the SDK throws on this one (§6.2.1); we merge in place.
    let mut m = Model::new(ModelConfig::default());
    m.login_started(
        "5001@zhen04.cc",
        DeviceId::parse_lenient("8001@zhen04.cc"),
        0,
    );
    m.apply_event(
        ev(json!({"eventName": "agentLoggedOn", "serial": 1, "agentMode": "Ready"})),
        0,
    );
    let id = "b81b0af2-e40a-4e0e-a8ce-47be9474f245";
    m.apply_event(ev(json!({"eventName": "established", "serial": 5, "callId": id, "answeringDevice": "8002@zhen04.cc",
                              "callingDevice": "8001@zhen04.cc", "calledDevice": "8002@zhen04.cc"})), 1);
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../protocol/tests/fixtures/event-conferenced.json"
    ))
    .unwrap();
    m.apply_event(Event::from_json(&text).unwrap(), 2);
    let c = m.call(&CallId::new(id)).unwrap();
    assert!(c.conferenced);
    assert_eq!(c.display_number, "8002, 8003");
    assert_eq!(m.calls().count(), 1);
}

#[test]
fn logged_off_by_the_server_is_told_apart_from_our_own_logout() {
    let mut m = logged_in(ModelConfig::default());
    m.apply_event(
        ev(json!({"eventName": "agentLoggedOff", "serial": 40, "agentMode": "Logout"})),
        1,
    );
    assert_eq!(m.agent().logged_off_cause, Some(LogoffCause::Server));
    let mut m = logged_in(ModelConfig::default());
    m.logout_requested();
    m.apply_event(
        ev(json!({"eventName": "agentLoggedOff", "serial": 40, "agentMode": "Logout"})),
        1,
    );
    assert_eq!(m.agent().logged_off_cause, Some(LogoffCause::OwnLogout));
    assert!(m.agent().allowed.is_empty());
}

#[test]
fn unknown_events_are_counted_and_change_nothing() {
    let mut m = logged_in(ModelConfig::default());
    let out = m.apply_event(
        ev(json!({"eventName": "somethingNew", "serial": 50, "callId": "x"})),
        1,
    );
    assert!(out.is_empty());
    assert_eq!(m.stats().unknown, 1);
}

fn client_state(v: Value) -> ClientState {
    serde_json::from_value(v).unwrap()
}

#[test]
fn recovery_from_client_state_rebuilds_agent_and_every_listed_call() {
    let mut m = Model::new(ModelConfig::default());
    let out = m.reconcile(
        &client_state(json!({"agent": {"agentId": "5001@demo.cc", "agentName": "Li", "namespace": "demo.cc",
            "extensionId": ME, "agentMode": "NotReady",
            "activeCalls": [
                {"callId": "c1", "ani": CUSTOMER, "dnis": ME, "otherSide": CUSTOMER, "state": "Hold", "direction": "In"},
                {"callId": "c2", "ani": ME, "dnis": "8002@demo.cc", "otherSide": "8002@demo.cc", "state": "Connect"},
                {"callId": "c3", "ani": CUSTOMER, "dnis": ME, "state": "Alerting"}]},
            "extension": {}})),
        7,
    );
    assert_eq!(m.agent().status, well_callmodel::AgentStatus::LoggedOn);
    assert_eq!(m.agent().name.as_deref(), Some("Li"));
    assert_eq!(call_state(&m, "c1"), Some(CallState::Held));
    assert_eq!(call_state(&m, "c2"), Some(CallState::Connected));
    assert_eq!(
        m.call(&CallId::new("c2")).unwrap().consult_of,
        Some(CallId::new("c1"))
    );
    assert_eq!(call_state(&m, "c3"), Some(CallState::Ringing));
    assert!(out
        .effects
        .iter()
        .any(|e| matches!(e, Effect::IncomingCall { call_id, .. } if call_id.as_str() == "c3")));
    assert!(!serde_json::to_string(&out.changes)
        .unwrap()
        .contains("13912345678"));
}

#[test]
fn a_resync_that_lists_every_call_ends_the_calls_it_does_not_list() {
    let mut m = logged_in(ModelConfig::default());
    m.apply_event(delivered_inbound("c1", 10), 1);
    let out = m.reconcile(
        &client_state(
            json!({"agent": {"agentId": "5001@demo.cc", "extensionId": ME,
        "agentMode": "Ready", "activeCalls": []}, "extension": {}}),
        ),
        2,
    );
    assert_eq!(m.calls().count(), 0);
    assert!(out.changes.contains(&Change::CallRemoved {
        call_id: CallId::new("c1")
    }));
}

#[test]
fn a_resync_that_shows_one_call_keeps_the_others_unverified() {
    let mut m = logged_in(ModelConfig::default());
    m.apply_event(delivered_inbound("c1", 10), 1);
    m.apply_event(delivered_inbound("c2", 11), 1);
    m.reconcile(&client_state(json!({"agent": {"agentId": "5001@demo.cc", "extensionId": ME, "agentMode": "Ready",
        "activeCall": {"callId": "c2", "ani": CUSTOMER, "dnis": ME, "state": "Alerting"}}, "extension": {}})), 2);
    assert!(!m.call(&CallId::new("c1")).unwrap().verified);
    assert!(m.call(&CallId::new("c2")).unwrap().verified);
}

#[test]
fn a_resync_saying_logout_ends_the_session_and_its_calls() {
    let mut m = logged_in(ModelConfig::default());
    m.apply_event(delivered_inbound("c1", 10), 1);
    m.reconcile(
        &client_state(
            json!({"agent": {"agentId": "5001@demo.cc", "agentMode": "Logout"}, "extension": {}}),
        ),
        2,
    );
    assert_eq!(m.agent().status, well_callmodel::AgentStatus::LoggedOff);
    assert_eq!(m.agent().logged_off_cause, Some(LogoffCause::Server));
    assert_eq!(m.calls().count(), 0);
}

#[test]
fn the_agent_may_not_dial_or_log_out_while_allocated() {
    let mut m = logged_in(ModelConfig::default());
    m.apply_event(ev(json!({"eventName": "agentAllocated", "eventType": "agent", "serial": 60, "agentMode": "Allocated"})), 1);
    assert!(m.agent().allowed.is_empty());
    m.apply_event(ev(json!({"eventName": "agentReady", "eventType": "agent", "serial": 61, "agentMode": "Ready"})), 2);
    assert!(m
        .agent()
        .allowed
        .contains(&well_callmodel::AgentAction::MakeCall));
}

#[test]
fn mode_time_restarts_only_when_the_mode_changes() {
    let mut m = logged_in(ModelConfig::default());
    let since = m.agent().mode_since_ms;
    m.apply_event(ev(json!({"eventName": "agentReady", "eventType": "agent", "serial": 70, "agentMode": "Ready"})), 99);
    assert_eq!(m.agent().mode_since_ms, since);
    m.apply_event(
        ev(json!({"eventName": "agentWorkingAfterCall", "eventType": "agent", "serial": 71})),
        100,
    );
    assert_eq!(m.agent().mode, Some(Mode::WorkNotReady));
    assert_eq!(m.agent().mode_since_ms, Some(100));
}

#[test]
fn a_logoff_of_the_old_binding_during_a_forced_login_is_ignored() {
    let mut m = Model::new(ModelConfig::default());
    m.login_started("5001@demo.cc", DeviceId::parse_lenient(ME), 0);
    m.apply_event(ev(json!({"eventName": "agentLoggedOff", "eventType": "agent", "serial": 1, "agentMode": "Logout"})), 1);
    assert_eq!(m.agent().status, well_callmodel::AgentStatus::LoggingIn);
    m.apply_event(ev(json!({"eventName": "agentLoggedOn", "eventType": "agent", "serial": 2, "agentMode": "Ready"})), 2);
    assert_eq!(m.agent().status, well_callmodel::AgentStatus::LoggedOn);
}

#[test]
fn an_event_or_a_listed_call_whose_call_id_would_change_a_rest_path_is_refused() {
    let mut m = logged_in(ModelConfig::default());
    let bad = [
        "../agent/5001@demo.cc/logout",
        "c1/hold",
        "c1?x=1",
        "c1#",
        "c%2F1",
        "c 1",
    ];
    for (i, id) in bad.iter().enumerate() {
        let out = m.apply_event(delivered_inbound(id, 100 + i as u64), 1);
        assert!(out.is_empty(), "{id}: {out:?}");
    }
    // An unsafe id in a transfer's old or new call refuses the whole event too.
    m.apply_event(delivered_inbound("c1", 200), 2);
    let out = m.apply_event(
        ev(
            json!({"eventName": "transferred", "eventType": "csta", "serial": 201, "callId": "c1",
              "primaryOldCall": "c1", "secondaryOldCall": "0", "newCall": "../c2",
              "transferringDevice": ME, "transferredToDevice": "8002@demo.cc"}),
        ),
        3,
    );
    assert!(out.is_empty(), "{out:?}");
    assert_eq!(m.stats().refused, bad.len() as u64 + 1);
    assert_eq!(call_state(&m, "c1"), Some(CallState::Ringing));
    assert_eq!(m.snapshot().calls.len(), 1);
    // "0" and "" mean "no call" in the old-call fields (§5.1): not refused.
    let applied = m.stats().applied;
    m.apply_event(
        ev(
            json!({"eventName": "transferred", "eventType": "csta", "serial": 202, "callId": "c1",
              "primaryOldCall": "", "secondaryOldCall": "0", "newCall": "0",
              "transferringDevice": ME, "transferredToDevice": "8002@demo.cc"}),
        ),
        4,
    );
    assert_eq!(m.stats().applied, applied + 1);
    assert_eq!(m.stats().refused, bad.len() as u64 + 1);

    let mut r = Model::new(ModelConfig::default());
    r.reconcile(
        &client_state(
            json!({"agent": {"agentId": "5001@demo.cc", "extensionId": ME, "agentMode": "Ready",
            "activeCalls": [
                {"callId": "../../x", "ani": CUSTOMER, "dnis": ME, "state": "Connect"},
                {"callId": "ok-1", "ani": CUSTOMER, "dnis": ME, "state": "Connect"}]},
            "extension": {}}),
        ),
        5,
    );
    let ids: Vec<String> = r
        .snapshot()
        .calls
        .iter()
        .map(|c| c.call_id.as_str().to_owned())
        .collect();
    assert_eq!(ids, vec!["ok-1"]);
    assert_eq!(r.stats().refused, 1);
}

#[test]
fn a_consult_is_known_from_either_call_and_its_number_actions_are_named() {
    let mut m = Model::new(ModelConfig::default());
    m.reconcile(
        &client_state(json!({"agent": {"agentId": "5001@demo.cc", "namespace": "demo.cc",
            "extensionId": ME, "agentMode": "NotReady",
            "activeCalls": [
                {"callId": "c1", "ani": CUSTOMER, "dnis": ME, "otherSide": CUSTOMER, "state": "Hold", "direction": "In"},
                {"callId": "c2", "ani": ME, "dnis": "8002@demo.cc", "otherSide": "8002@demo.cc", "state": "Connect"}]},
            "extension": {}})),
        7,
    );
    let pair = Some((CallId::new("c1"), CallId::new("c2")));
    assert_eq!(m.consult_pair(&CallId::new("c1")), pair);
    assert_eq!(m.consult_pair(&CallId::new("c2")), pair);
    assert_eq!(m.consult_pair(&CallId::new("nope")), None);
    // The consult leg's actions need no number; a lone connected call's consult and single steps do.
    assert!(m.call(&CallId::new("c2")).unwrap().needs_number.is_empty());
    let mut m = logged_in(ModelConfig::default());
    m.apply_event(delivered_inbound("c9", 10), 1);
    m.apply_event(
        ev(
            json!({"eventName": "established", "eventType": "csta", "serial": 11, "callId": "c9",
              "answeringDevice": ME, "callingDevice": CUSTOMER, "calledDevice": ME}),
        ),
        2,
    );
    let c = m.call(&CallId::new("c9")).unwrap();
    assert_eq!(c.state, CallState::Connected);
    assert_eq!(m.consult_pair(&CallId::new("c9")), None);
    assert_eq!(
        c.needs_number,
        vec![
            CallAction::Consult,
            CallAction::SingleStepTransfer,
            CallAction::SingleStepConference
        ]
    );
    assert!(c.needs_number.iter().all(|a| c.allowed.contains(a)));
}
