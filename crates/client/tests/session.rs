//! The session actor against the simulator: login, commands, updates, reconnect and re-sync.

mod common;
use common::*;
use serde_json::json;
use std::time::Duration;
use tokio::sync::mpsc;
use well_callmodel::contract::Connection;
use well_callmodel::{AgentStatus, CallState};
use well_client::session::{self, CallCommand, Handle, LoginMode, SavedSessionChange};
use well_protocol::redact::Secret;
use well_sim::{Sim, SimConfig, SimHandle};

async fn logged_in(sim: &SimHandle) -> (Handle, mpsc::UnboundedReceiver<SavedSessionChange>) {
    logged_in_with(cfg(sim)).await
}

#[tokio::test]
async fn login_reaches_logged_on_and_reports_the_saved_session() {
    let sim = Sim::start(SimConfig::default()).await.unwrap();
    let (h, saved) = session::spawn(cfg(&sim)).unwrap();
    let mut updates = h.subscribe().await.unwrap();
    let mut saved = saved;
    h.login(req("5001", "8001", "123456", LoginMode::Force))
        .await
        .unwrap();
    let s = until(&h, "logged on", |s| s.agent.status == AgentStatus::LoggedOn).await;
    assert_eq!(s.connection, Connection::Connected);
    assert_eq!(s.agent.extension.as_deref(), Some("8001@demo.cc"));
    let Some(SavedSessionChange::Saved(saved)) = saved.recv().await else {
        panic!("no saved session")
    };
    assert_eq!(
        (saved.agent_id.as_str(), saved.extension_id.as_str()),
        ("5001@demo.cc", "8001@demo.cc")
    );
    // Updates are numbered one by one from 1.
    let mut last = 0;
    while let Ok(well_client::updates::Received::Update(u)) =
        tokio::time::timeout(Duration::from_millis(200), updates.recv()).await
    {
        assert_eq!(u.seq, last + 1);
        last = u.seq;
    }
    assert_eq!(last, s.seq);
    // The REST heartbeat runs.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(sim.agent("5001@demo.cc").unwrap().logged_in);
}

#[tokio::test]
async fn login_failures_leave_the_agent_logged_out_with_the_servers_code() {
    let sim = Sim::start(SimConfig::default()).await.unwrap();
    let (h, _saved) = session::spawn(cfg(&sim)).unwrap();
    let e = h
        .login(req("5001", "8001", "bad", LoginMode::Force))
        .await
        .unwrap_err();
    assert_eq!(e.code(), "login.password_mismatch");
    let e = h
        .login(req("5001", "8099", "123456", LoginMode::Force))
        .await
        .unwrap_err();
    assert_eq!(e.code(), "login.extension_unregistered");
    let s = h.snapshot().await.unwrap();
    assert_eq!(
        (s.agent.status, s.connection),
        (AgentStatus::LoggedOut, Connection::Offline)
    );
}

#[tokio::test]
async fn an_inbound_call_rings_masked_and_is_answered_through_the_handle() {
    let sim = Sim::start(SimConfig::default()).await.unwrap();
    let (h, _saved) = logged_in(&sim).await;
    let id = sim
        .ring("13912345678", "8001", json!({"客户": "张三"}))
        .await
        .unwrap();
    let s = until(&h, "ringing", |s| {
        s.calls.iter().any(|c| c.state == CallState::Ringing)
    })
    .await;
    assert_eq!(s.calls[0].display_number, "1391234****");
    assert!(!serde_json::to_string(&s).unwrap().contains("13912345678"));
    let call = s.calls[0].call_id.clone();
    assert_eq!(call.as_str(), id);
    h.call(&call, CallCommand::Answer).await.unwrap();
    until(&h, "connected", |s| {
        s.calls
            .first()
            .is_some_and(|c| c.state == CallState::Connected)
    })
    .await;
    let e = h.call(&call, CallCommand::Answer).await.unwrap_err();
    assert_eq!(e.code(), "call.action_not_allowed");
    h.call(&call, CallCommand::HangUp).await.unwrap();
    until(&h, "no calls", |s| s.calls.is_empty()).await;
}

#[tokio::test]
async fn a_dropped_link_reconnects_and_a_call_that_ended_meanwhile_is_gone() {
    let sim = Sim::start(SimConfig::default()).await.unwrap();
    let (h, _saved) = logged_in(&sim).await;
    let id = sim.ring("13912345678", "8001", json!({})).await.unwrap();
    until(&h, "ringing", |s| !s.calls.is_empty()).await;
    sim.refuse_ws(3);
    sim.drop_connections();
    until(&h, "reconnecting", |s| {
        matches!(s.connection, Connection::Reconnecting { .. })
    })
    .await;
    sim.hangup(&id).await.unwrap();
    let s = until(&h, "re-synced", |s| {
        s.connection == Connection::Connected && s.calls.is_empty()
    })
    .await;
    assert_eq!(s.agent.status, AgentStatus::LoggedOn);
    let a = sim.agent("5001@demo.cc").unwrap();
    assert_eq!(
        (a.logins, a.tpi_logins),
        (1, 1),
        "no new login for a reconnect"
    );
}

#[tokio::test]
async fn an_expired_session_logs_in_again_silently_and_reports_the_new_token() {
    let sim = Sim::start(SimConfig::default()).await.unwrap();
    let (h, mut saved) = logged_in(&sim).await;
    let Some(SavedSessionChange::Saved(first)) = saved.recv().await else {
        panic!()
    };
    sim.expire_session("5001@demo.cc");
    h.not_ready(Some("1".into())).await.unwrap();
    let Some(SavedSessionChange::Saved(second)) = saved.recv().await else {
        panic!()
    };
    assert_ne!(first.token, second.token);
    assert_eq!(sim.agent("5001@demo.cc").unwrap().tpi_logins, 2);
    until(&h, "not ready", |s| s.agent.reason.as_deref() == Some("1")).await;
}

#[tokio::test]
async fn login_mode_ask_waits_for_the_agents_answer() {
    let sim = Sim::start(SimConfig::default()).await.unwrap();
    let (first, _s1) = logged_in(&sim).await;
    let (second, _s2) = session::spawn(cfg(&sim)).unwrap();
    let s2 = second.clone();
    let login = tokio::spawn(async move {
        s2.login(req("5001", "8001", "123456", LoginMode::Ask))
            .await
    });
    let s = until(&second, "the question", |s| s.pending_question.is_some()).await;
    assert_eq!(
        s.pending_question.unwrap().code,
        "login.already_on_this_extension"
    );
    second.answer_question(true).await.unwrap();
    login.await.unwrap().unwrap();
    until(&second, "logged on", |s| {
        s.agent.status == AgentStatus::LoggedOn
    })
    .await;
    until(&first, "logged off by the forced login", |s| {
        s.agent.status == AgentStatus::LoggedOff
    })
    .await;
    let e = second.answer_question(true).await.unwrap_err();
    assert_eq!(e.code(), "login.no_question");
}

#[tokio::test]
async fn dialling_is_limited_and_masks_the_number() {
    let sim = Sim::start(SimConfig::default()).await.unwrap();
    let (h, _saved) = logged_in(&sim).await;
    let opts = well_client::session::DialOptions {
        prefix: Some("9".into()),
        dest_for_display: Some("客户A".into()),
        ..Default::default()
    };
    let e = h
        .make_call(Secret::new("138abc"), opts.clone())
        .await
        .unwrap_err();
    assert_eq!(e.code(), "call.invalid_number");
    let call = h
        .make_call(Secret::new("13800138000"), opts.clone())
        .await
        .unwrap();
    let s = until(&h, "ringback", |s| {
        s.calls.iter().any(|c| c.state == CallState::Ringback)
    })
    .await;
    assert_eq!(s.calls[0].call_id, call);
    assert_eq!(s.calls[0].display_number, "客户A");
    assert_eq!(sim.calls()[0]["destForDisplay"], "客户A");
    sim.hangup(call.as_str()).await.unwrap();
    until(&h, "no calls", |s| s.calls.is_empty()).await;
    let e = h
        .make_call(Secret::new("13800138000"), opts)
        .await
        .unwrap_err();
    assert_eq!(e.code(), "call.dial_too_soon");
}

#[tokio::test]
async fn a_long_outage_is_told_once_and_taken_back_when_the_link_returns() {
    let sim = Sim::start(SimConfig::default()).await.unwrap();
    let mut c = cfg(&sim);
    c.outage_notice_after = Duration::from_millis(150);
    let (h, _saved) = session::spawn(c).unwrap();
    h.login(req("5001", "8001", "123456", LoginMode::Force))
        .await
        .unwrap();
    until(&h, "logged on", |s| s.agent.status == AgentStatus::LoggedOn).await;
    sim.refuse_ws(12);
    sim.drop_connections();
    let s = until(&h, "the outage notice", |s| {
        s.notices.iter().any(|n| n.code == "connection.outage")
    })
    .await;
    assert!(
        matches!(s.connection, Connection::Reconnecting { .. }),
        "{:?}",
        s.connection
    );
    assert_eq!(
        s.notices
            .iter()
            .filter(|n| n.code == "connection.outage")
            .count(),
        1,
        "told once, not at every attempt"
    );
    let s = until(&h, "reconnected", |s| s.connection == Connection::Connected).await;
    assert!(
        s.notices.iter().all(|n| n.code != "connection.outage"),
        "the notice goes when the link is back: {:?}",
        s.notices
    );
}

#[tokio::test]
async fn a_logout_by_the_server_reads_session_lost_and_the_agents_own_reads_offline() {
    let sim = Sim::start(SimConfig::default()).await.unwrap();
    let (h, mut saved) = logged_in(&sim).await;
    sim.force_logout("5001@demo.cc").await.unwrap();
    let s = until(&h, "session lost", |s| {
        matches!(s.connection, Connection::SessionLost { .. })
    })
    .await;
    assert!(s.notices.iter().any(|n| n.code == "session.lost"));
    assert!(matches!(
        saved.recv().await,
        Some(SavedSessionChange::Saved(_))
    ));
    assert!(matches!(
        saved.recv().await,
        Some(SavedSessionChange::Cleared)
    ));

    h.login(req("5001", "8001", "123456", LoginMode::Force))
        .await
        .unwrap();
    until(&h, "logged on again", |s| {
        s.agent.status == AgentStatus::LoggedOn && s.connection == Connection::Connected
    })
    .await;
    h.logout().await.unwrap();
    until(&h, "offline", |s| s.connection == Connection::Offline).await;
}

#[tokio::test]
async fn recording_and_call_data_go_through_the_handle_and_read_back_masked() {
    let sim = Sim::start(SimConfig::default()).await.unwrap();
    let (h, _saved) = logged_in(&sim).await;
    assert_eq!(
        h.recording(false).await.unwrap_err().code(),
        "recording.no_call"
    );
    let call = answered_call(&h, &sim, json!({"客户": "张三"})).await;

    h.recording(false).await.unwrap();
    h.recording(true).await.unwrap();
    h.set_call_data(
        &call,
        json!([{"key": "note", "value": "VIP, call back on 13912345678"}]),
    )
    .await
    .unwrap();
    let data = h.get_call_data(&call).await.unwrap();
    let text = data.to_string();
    assert!(text.contains("VIP, call back on"), "{text}");
    assert!(
        !text.contains("13912345678"),
        "the customer's number is masked in data read back: {text}"
    );
    let unknown = well_protocol::ids::CallId::new("no-such-call");
    assert_eq!(
        h.get_call_data(&unknown).await.unwrap_err().code(),
        "call.unknown"
    );

    let off = Sim::start(SimConfig {
        recording_enabled: false,
        ..SimConfig::default()
    })
    .await
    .unwrap();
    let (h, _saved) = logged_in(&off).await;
    off.ring("13912345678", "8001", json!({})).await.unwrap();
    until(&h, "ringing", |s| !s.calls.is_empty()).await;
    assert_eq!(
        h.recording(false).await.unwrap_err().code(),
        "recording.disabled"
    );
}

#[tokio::test]
async fn the_prefix_list_is_read_for_the_dial_pad_and_refused_before_login() {
    let sim = Sim::start(SimConfig::default()).await.unwrap();
    let (h, _saved) = session::spawn(cfg(&sim)).unwrap();
    let before = h.prefixes().await.unwrap_err();
    assert_eq!(before.code(), "session.not_logged_in");
    h.login(demo_login()).await.unwrap();
    until(&h, "logged on", |s| s.agent.status == AgentStatus::LoggedOn).await;
    assert_eq!(h.prefixes().await.unwrap(), vec!["9".to_owned()]);
}

#[tokio::test]
async fn a_notice_of_the_shell_is_numbered_with_the_rest_and_can_be_dismissed() {
    let sim = Sim::start(SimConfig::default()).await.unwrap();
    let (h, _saved) = session::spawn(cfg(&sim)).unwrap();
    let before = h.snapshot().await.unwrap().seq;
    let id = h
        .notice(
            well_callmodel::NoticeLevel::Warning,
            well_codes::Code::SettingsCorrupt,
            "the settings file was unreadable",
        )
        .await
        .unwrap();
    let s = h.snapshot().await.unwrap();
    assert_eq!(s.seq, before + 1);
    assert!(s
        .notices
        .iter()
        .any(|n| n.id == id && n.code == "settings.corrupt"));
    h.dismiss_notice(id).await.unwrap();
    h.dismiss_notice(id + 100).await.unwrap();
    let s = until(&h, "dismissed", |s| s.notices.is_empty()).await;
    assert_eq!(s.seq, before + 2);
}

#[tokio::test]
async fn the_server_profile_changes_only_while_logged_out() {
    let first = Sim::start(SimConfig::default()).await.unwrap();
    let second = Sim::start(SimConfig::default()).await.unwrap();
    let (h, _saved) = session::spawn(cfg(&first)).unwrap();
    h.set_profile(cfg(&second).profile).await.unwrap();
    h.login(demo_login()).await.unwrap();
    until(&h, "logged on", |s| s.agent.status == AgentStatus::LoggedOn).await;
    assert_eq!(
        second.state()["agents"][0]["logins"],
        1,
        "logged in on the new server"
    );
    let busy = h.set_profile(cfg(&first).profile).await.unwrap_err();
    assert_eq!(busy.code(), "session.busy");
    h.logout().await.unwrap();
    until(&h, "logged off", |s| {
        s.agent.status != AgentStatus::LoggedOn
    })
    .await;
    h.set_profile(cfg(&first).profile).await.unwrap();
}

#[tokio::test]
async fn auto_answer_answers_a_ringing_call_after_its_delay_and_only_when_on() {
    let sim = Sim::start(SimConfig::default()).await.unwrap();
    let (h, _saved) = logged_in(&sim).await;
    sim.ring("13912345678", "8001", json!({})).await.unwrap();
    let s = until(&h, "ringing", |s| !s.calls.is_empty()).await;
    let first = s.calls[0].call_id.clone();
    tokio::time::sleep(Duration::from_millis(150)).await;
    let s = h.snapshot().await.unwrap();
    assert_eq!(s.calls[0].state, CallState::Ringing, "off by default");
    h.call(&first, CallCommand::HangUp).await.unwrap();
    until(&h, "no calls", |s| s.calls.is_empty()).await;

    h.set_auto_answer(well_callmodel::AutoAnswer {
        enabled: true,
        delay_ms: 50,
    })
    .await
    .unwrap();
    sim.ring("13912345679", "8001", json!({})).await.unwrap();
    until(&h, "answered by itself", |s| {
        s.calls.len() == 1 && s.calls[0].state == CallState::Connected
    })
    .await;
}

#[tokio::test]
async fn after_call_work_shows_then_ends_by_itself_when_auto_ready_is_on() {
    let sim = Sim::start(SimConfig {
        acw_after_call_ms: 5_000,
        ..SimConfig::default()
    })
    .await
    .unwrap();
    let (h, _saved) = logged_in(&sim).await;
    let call = answered_call(&h, &sim, json!({})).await;
    h.call(&call, CallCommand::HangUp).await.unwrap();
    let s = until(&h, "after-call work", |s| {
        s.agent.mode == Some(well_callmodel::Mode::WorkNotReady)
    })
    .await;
    assert!(
        s.agent
            .allowed
            .contains(&well_callmodel::AgentAction::Ready),
        "Ready is offered during after-call work"
    );
    h.ready().await.unwrap();
    until(&h, "ready by hand", |s| {
        s.agent.mode == Some(well_callmodel::Mode::Ready)
    })
    .await;

    h.set_auto_ready(Some(100)).await.unwrap();
    let call = answered_call(&h, &sim, json!({})).await;
    h.call(&call, CallCommand::HangUp).await.unwrap();
    until(&h, "after-call work again", |s| {
        s.agent.mode == Some(well_callmodel::Mode::WorkNotReady)
    })
    .await;
    // Well before the simulator's 5 s: the client's own timer.
    until(&h, "ready by itself", |s| {
        s.agent.mode == Some(well_callmodel::Mode::Ready)
    })
    .await;
}

#[tokio::test]
async fn ended_calls_are_in_the_history_masked_and_a_redial_dials_the_held_number() {
    let sim = Sim::start(SimConfig::default()).await.unwrap();
    let (h, _saved) = logged_in(&sim).await;
    let call = answered_call(&h, &sim, json!({"orderId": "H-1"})).await;
    h.call(&call, CallCommand::HangUp).await.unwrap();
    until(&h, "no calls", |s| s.calls.is_empty()).await;
    let history = h.history().await.unwrap();
    assert_eq!(history.len(), 1);
    let e = &history[0];
    assert_eq!(e.display_number, "1391234****");
    assert!(e.answered && e.can_redial);
    assert_eq!(e.summary.as_deref(), Some("orderId: H-1"));
    let text = serde_json::to_string(&history).unwrap();
    assert!(
        !text.contains("13912345678"),
        "no raw number in the history: {text}"
    );
    assert!(
        !format!("{history:?}").contains("13912345678"),
        "nor in its Debug"
    );

    let again = h.redial(e.id, Some("9".into())).await.unwrap();
    let dialled = sim
        .calls()
        .into_iter()
        .find(|c| c["callId"] == again.as_str())
        .expect("the redial is a call on the simulator");
    let parties = dialled["parties"].to_string();
    assert!(
        parties.contains("913912345678"),
        "dialled the held number with the prefix: {parties}"
    );
    let s = until(&h, "the redial on screen", |s| s.calls.len() == 1).await;
    assert_eq!(s.calls[0].display_number, "91391234****");
    assert_eq!(
        h.redial(999, None).await.unwrap_err().code(),
        "history.unknown"
    );
}

#[tokio::test]
async fn a_new_masking_rule_applies_to_numbers_seen_after_it() {
    let sim = Sim::start(SimConfig::default()).await.unwrap();
    let (h, _saved) = logged_in(&sim).await;
    h.set_mask_policy(well_callmodel::MaskPolicy::new(r"8\d{3}", 6).unwrap())
        .await
        .unwrap();
    sim.ring("13912345678", "8001", json!({})).await.unwrap();
    let s = until(&h, "ringing", |s| !s.calls.is_empty()).await;
    assert_eq!(s.calls[0].display_number, "13912******");
}
