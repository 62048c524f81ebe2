//! The switch's rules without HTTP or sockets: operations in, refusals and outbox out.

use serde_json::{json, Map, Value};
use std::time::{Duration, Instant};
use well_protocol::event::AgentMode;
use well_protocol::ids::{CallId, ConnectionId, DeviceId};

use super::*;
use crate::directory::Directory;

fn switch(acw_after_call_ms: u64) -> Switch {
    Switch::new(Rules {
        directory: Directory::demo(),
        tz: 480,
        max_agents_online: None,
        ready_quota_exhausted: Vec::new(),
        recording_enabled: true,
        acw_after_call_ms,
    })
}

/// `(agent, eventName)` of what was published since the last look, and the serials in order.
fn published(s: &mut Switch) -> Vec<(String, String)> {
    s.drain()
        .into_iter()
        .filter_map(|o| match o {
            Output::Event { agent, event } => {
                Some((agent, event["eventName"].as_str()?.to_owned()))
            }
            Output::AfterCallWork { .. } => None,
        })
        .collect()
}

fn names(s: &mut Switch) -> Vec<String> {
    published(s).into_iter().map(|(_, n)| n).collect()
}

fn login(s: &mut Switch, job: &str, ext: &str) {
    s.login(
        &format!("{job}@demo.cc"),
        ext,
        "123456",
        AgentMode::Ready,
        Instant::now(),
    )
    .unwrap();
    s.drain();
}

fn conn(call: &str, ext: &str) -> ConnectionId {
    ConnectionId::new(DeviceId::new(ext, "demo.cc"), CallId::new(call))
}

#[test]
fn login_refusals_carry_the_platforms_status_in_the_order_of_the_spec() {
    let mut s = switch(0);
    let now = Instant::now();
    let try_login = |s: &mut Switch, id: &str, ext: &str, pw: &str| {
        s.login(id, ext, pw, AgentMode::Ready, now)
            .map_err(|r| (r.status, r.body))
    };
    assert_eq!(
        try_login(&mut s, "9999@demo.cc", "8001", "123456")
            .unwrap_err()
            .0,
        452
    );
    assert_eq!(
        try_login(&mut s, "5001@demo.cc", "8001", "bad")
            .unwrap_err()
            .0,
        401
    );
    assert_eq!(
        try_login(&mut s, "5001@demo.cc", "8555", "123456")
            .unwrap_err()
            .0,
        453
    );
    assert_eq!(
        try_login(&mut s, "5001@demo.cc", "8099", "123456")
            .unwrap_err()
            .0,
        451
    );
    assert!(s.drain().is_empty(), "a refusal publishes nothing");

    try_login(&mut s, "5001@demo.cc", "8001", "123456").unwrap();
    let events = s.drain();
    let serials: Vec<u64> = events
        .iter()
        .filter_map(|o| match o {
            Output::Event { event, .. } => event["serial"].as_u64(),
            _ => None,
        })
        .collect();
    assert_eq!(serials, [1, 2]);
    assert_eq!(
        try_login(&mut s, "5001@demo.cc", "8001", "123456")
            .unwrap_err()
            .0,
        454
    );
    assert_eq!(
        try_login(&mut s, "5001@demo.cc", "8002", "123456").unwrap_err(),
        (455, json!({"deviceId": "8001@demo.cc"}))
    );
    assert_eq!(
        try_login(&mut s, "5002@demo.cc", "8001", "123456").unwrap_err(),
        (
            459,
            json!({"agent": "5001@demo.cc", "agentId": "5001@demo.cc"})
        )
    );
}

#[test]
fn a_made_call_rings_the_far_end_and_only_a_ringing_party_can_answer() {
    let mut s = switch(0);
    login(&mut s, "5001", "8001");
    let id = s
        .make_call("8001@demo.cc", "913900001111", MakeOptions::default())
        .unwrap();
    assert_eq!(
        published(&mut s),
        [
            ("5001@demo.cc".into(), "serviceInitiated".into()),
            ("5001@demo.cc".into(), "originated".into()),
            ("5001@demo.cc".into(), "delivered".into()),
        ]
    );
    let own = s.operate(&id, &conn(&id, "8001"), Operation::Answer);
    assert_eq!(own.unwrap_err().status, 409, "the caller is not ringing");
    assert!(s.drain().is_empty());
    assert_eq!(s.remote(&id).unwrap().1, PState::Alerting);
    s.remote_answer(&id).unwrap();
    assert_eq!(names(&mut s), ["established"]);
    assert_eq!(
        s.make_call("8001@demo.cc", "8001", MakeOptions::default())
            .unwrap_err()
            .status,
        400,
        "an extension cannot call itself"
    );
}

#[test]
fn a_state_change_during_a_call_waits_for_its_end_and_after_call_work_is_asked_of_the_timers() {
    let mut s = switch(0);
    login(&mut s, "5001", "8001");
    let id = s.ring("13900001111@demo.cc", "8001@demo.cc", Map::new(), "Inbound");
    s.drain();
    assert!(s
        .set_state("5001@demo.cc", AgentMode::NotReady, Some("lunch".into()))
        .unwrap());
    assert!(s.drain().is_empty(), "pending: nothing yet");
    s.remote_hang_up(&id).unwrap();
    assert_eq!(
        names(&mut s),
        ["connectionCleared", "connectionCleared", "agentNotReady"]
    );

    let mut s = switch(5_000);
    login(&mut s, "5001", "8001");
    let id = s.ring("13900001111@demo.cc", "8001@demo.cc", Map::new(), "Inbound");
    s.operate(&id, &conn(&id, "8001"), Operation::Answer)
        .unwrap();
    s.drain();
    s.hang_up(&id, &conn(&id, "8001")).unwrap();
    let out = s.drain();
    assert!(out.contains(&Output::AfterCallWork {
        agent: "5001@demo.cc".into()
    }));
    s.end_after_call_work("5001@demo.cc");
    assert_eq!(names(&mut s), ["agentReady"]);
}

#[test]
fn a_consult_holds_the_call_and_a_transfer_leaves_the_customer_with_the_consulted_agent() {
    let mut s = switch(0);
    login(&mut s, "5001", "8001");
    login(&mut s, "5002", "8002");
    let id = s.ring("13900001111@demo.cc", "8001@demo.cc", Map::new(), "Inbound");
    s.operate(&id, &conn(&id, "8001"), Operation::Answer)
        .unwrap();
    s.drain();
    s.operate(
        &id,
        &conn(&id, "8001"),
        Operation::Consult {
            number: "8002".into(),
        },
    )
    .unwrap();
    let consult = s
        .calls()
        .find(|c| c.consult_of.as_deref() == Some(id.as_str()))
        .map(|c| c.id.clone())
        .expect("a consult leg");
    assert_eq!(
        names(&mut s),
        [
            "held",
            "serviceInitiated",
            "originated",
            "delivered",
            "delivered"
        ]
    );
    let early = Operation::EndConsult {
        how: ConsultEnd::Transfer,
        consult: "no-such-call".into(),
    };
    assert_eq!(
        s.operate(&id, &conn(&id, "8001"), early)
            .unwrap_err()
            .status,
        409
    );
    s.operate(&consult, &conn(&consult, "8002"), Operation::Answer)
        .unwrap();
    s.drain();
    s.operate(
        &id,
        &conn(&id, "8001"),
        Operation::EndConsult {
            how: ConsultEnd::Transfer,
            consult: consult.clone(),
        },
    )
    .unwrap();
    let out = published(&mut s);
    assert!(out.contains(&("5002@demo.cc".into(), "transferred".into())));
    let call = s.calls().find(|c| c.id == id).expect("the call goes on");
    let devices: Vec<&str> = call.parties.iter().map(|p| p.device.as_str()).collect();
    assert_eq!(devices, ["13900001111@demo.cc", "8002@demo.cc"]);
    assert!(
        s.calls().all(|c| c.id != consult),
        "the consult leg is gone"
    );
}

#[test]
fn heartbeats_keep_an_agent_and_their_absence_logs_it_off() {
    let mut s = switch(0);
    let t0 = Instant::now();
    s.login("5001@demo.cc", "8001", "123456", AgentMode::Ready, t0)
        .unwrap();
    s.drain();
    let timeout = Duration::from_secs(180);
    s.heartbeat("5001@demo.cc", t0 + Duration::from_secs(100));
    assert!(s
        .expire_heartbeats(t0 + Duration::from_secs(200), timeout)
        .is_empty());
    assert_eq!(
        s.expire_heartbeats(t0 + Duration::from_secs(281), timeout),
        ["5001@demo.cc"]
    );
    assert_eq!(names(&mut s), ["agentLoggedOff"]);
    assert_eq!(s.force_logout("5001@demo.cc").unwrap_err().status, 404);
}

#[test]
fn the_heartbeat_timer_is_due_when_the_least_recently_heard_agent_would_be_logged_off() {
    let mut s = switch(0);
    let timeout = Duration::from_secs(180);
    assert_eq!(s.heartbeat_due(timeout), None, "nobody logged in");
    let t0 = Instant::now();
    s.login("5001@demo.cc", "8001", "123456", AgentMode::Ready, t0)
        .unwrap();
    s.login("5002@demo.cc", "8002", "123456", AgentMode::Ready, t0)
        .unwrap();
    s.drain();
    s.heartbeat("5001@demo.cc", t0 + Duration::from_secs(100));
    let due = s.heartbeat_due(timeout).expect("two agents logged in");
    assert!(
        s.expire_heartbeats(due - Duration::from_nanos(1), timeout)
            .is_empty(),
        "not a moment early"
    );
    assert_eq!(s.expire_heartbeats(due, timeout), ["5002@demo.cc"]);
    let due = s.heartbeat_due(timeout).expect("5001 still logged in");
    assert_eq!(due, t0 + Duration::from_secs(280) + Duration::from_nanos(1));
    assert_eq!(s.expire_heartbeats(due, timeout), ["5001@demo.cc"]);
    assert_eq!(s.heartbeat_due(timeout), None, "nobody left");
}

#[test]
fn client_state_names_the_call_the_agent_is_on_and_a_session_is_checked_by_token() {
    let mut s = switch(0);
    let token = s.tpi_login("5001", "123456", "demo.cc").unwrap();
    assert_eq!(
        s.tpi_login("5001", "nope", "demo.cc").unwrap_err().status,
        401
    );
    assert_eq!(s.check_session("other").unwrap_err().status, 426);
    let session = s.check_session(&token).unwrap();
    login(&mut s, "5001", "8001");
    let id = s.ring(
        "13900001111@demo.cc",
        "8001@demo.cc",
        Map::from_iter([("orderId".to_owned(), Value::from("A-1"))]),
        "Inbound",
    );
    let state = s.client_state(&session.agent_id(), &session.domain);
    assert_eq!(state["agent"]["activeCall"]["callId"], id.as_str());
    assert_eq!(state["agent"]["activeCall"]["state"], "Alerting");
    assert_eq!(s.call_data(&id).unwrap()["data"]["orderId"], "A-1");
    assert_eq!(s.expire_sessions("5001@demo.cc"), 1);
    assert!(s.check_session(&token).is_err());
}
