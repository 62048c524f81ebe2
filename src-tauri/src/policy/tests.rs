//! The policy's check, the settings in effect under it, and the refusals of locked changes.

use super::file::{load_from, PolicyLoad};
use super::rules::{check_change, effective};
use super::*;
use crate::settings::{AllowedOrigin, Settings};

fn server(name: &str, url: &str) -> ServerProfileSetting {
    ServerProfileSetting {
        name: name.into(),
        base_url: url.into(),
        tpi_url: String::new(),
        domain: "example.cc".into(),
        policy: false,
    }
}

fn policy(json: &str) -> Result<Policy, Invalid> {
    let f: PolicyFile = serde_json::from_str(json).map_err(|e| Invalid {
        code: Code::PolicyInvalid,
        message: e.to_string(),
    })?;
    Policy::check("/etc/well-softphone/policy.json", f)
}

const FLEET: &str = r#"{
  "servers": [{"name": "Main", "baseUrl": "https://cti.example.cc:5088", "domain": "example.cc"}],
  "defaultServer": "Main",
  "settings": {"maskDigits": 6, "language": "en", "autoAnswer": {"enabled": true},
               "integration": {"allowedOrigins": [{"origin": "https://crm.example.cc"}], "rawNumbers": false}},
  "lock": ["masking", "integration", "autoAnswer", "language", "servers"]
}"#;

#[test]
fn a_fleet_policy_checks_and_its_values_sit_on_the_app_defaults() {
    let p = policy(FLEET).unwrap();
    assert_eq!(p.values.mask_digits, 6);
    assert!(p.values.auto_answer.enabled);
    assert_eq!(
        p.values.auto_answer.delay_ms, 500,
        "a field the policy leaves out keeps its default"
    );
    assert_eq!(p.values.hotkeys, crate::settings::Hotkeys::default());
    assert!(p.servers.iter().all(|s| s.policy));
    assert_eq!(p.view().min_mask_digits, Some(6));
    for lock in &p.locked {
        assert_eq!(
            serde_json::to_value(lock).unwrap(),
            lock.name(),
            "the name in refusals is the file's"
        );
    }
}

#[test]
fn every_bad_policy_is_refused_whole_with_the_field_named() {
    for (json, says) in [
        (r#"{"lock": ["everything"]}"#, "unknown variant"),
        (r#"{"locks": ["masking"]}"#, "unknown field"),
        (r#"{"settings": {"maskDigits": 2}}"#, "masking"),
        (r#"{"settings": {"maskDigits": "six"}}"#, "\"settings\""),
        (
            r#"{"settings": {"colour": "red"}}"#,
            "\"colour\", which is not a setting",
        ),
        (r#"{"settings": {"profiles": []}}"#, "\"servers\""),
        (r#"{"settings": {"language": "fr"}}"#, "unknown language"),
        (r#"{"lock": ["servers"]}"#, "gives no server"),
        (
            r#"{"servers": [{"name": "A", "baseUrl": "https://a.cc", "domain": "a.cc"}], "defaultServer": "B"}"#,
            "'B', which is not in",
        ),
        (
            r#"{"servers": [{"name": "A", "baseUrl": "ftp://a.cc", "domain": "a.cc"}]}"#,
            "server profile 'A'",
        ),
        (
            r#"{"settings": {"hotkeys": {"answer": "Ctrl+Alt+Q", "hangUp": "Ctrl+Alt+Q"}}}"#,
            "hotkey",
        ),
    ] {
        let err = policy(json).expect_err(json);
        assert!(err.message.contains(says), "{json}: {}", err.message);
    }
}

#[test]
fn a_new_user_starts_on_the_policy_values_and_default_server() {
    let p = policy(FLEET).unwrap();
    let s = effective(Some(&p), None);
    assert_eq!(s.active_profile.as_deref(), Some("Main"));
    assert_eq!(s.language, "en");
    assert_eq!(s.mask_digits, 6);
    assert_eq!(s.integration.allowed_origins.len(), 1);
    s.validate().unwrap();
}

#[test]
fn locked_values_override_the_user_and_masking_only_grows() {
    let p = policy(FLEET).unwrap();
    let user = Settings {
        language: "zh-CN".into(),
        mask_digits: 8,
        internal_pattern: ".*".into(),
        auto_answer: crate::settings::AutoAnswerSetting {
            enabled: false,
            delay_ms: 0,
        },
        popup: false,
        profiles: vec![server("Mine", "https://mine.cc")],
        active_profile: Some("Mine".into()),
        ..Settings::default()
    };
    let s = effective(Some(&p), Some(user.clone()));
    assert_eq!(s.language, "en");
    assert_eq!(s.mask_digits, 8, "more digits than the policy's stay");
    assert_eq!(s.internal_pattern, p.values.internal_pattern);
    assert!(s.auto_answer.enabled);
    assert!(
        !s.popup,
        "notifications are not locked: the user's choice stays"
    );
    assert_eq!(
        s.profiles.len(),
        1,
        "servers locked: the user's own profile is not offered"
    );
    assert_eq!(s.active_profile.as_deref(), Some("Main"));
    let fewer = Settings {
        mask_digits: 3,
        ..user
    };
    assert_eq!(effective(Some(&p), Some(fewer)).mask_digits, 6);
}

#[test]
fn unlocked_servers_add_to_the_users_and_an_old_copy_of_a_policy_server_goes() {
    let p = policy(
        r#"{"servers": [{"name": "Main", "baseUrl": "https://new.cc", "domain": "example.cc"}]}"#,
    )
    .unwrap();
    let stale = ServerProfileSetting {
        policy: true,
        ..server("Old", "https://old.cc")
    };
    let user = Settings {
        profiles: vec![
            server("Main", "https://shadow.cc"),
            server("Mine", "https://mine.cc"),
            stale,
        ],
        active_profile: Some("Old".into()),
        ..Settings::default()
    };
    let s = effective(Some(&p), Some(user.clone()));
    let names: Vec<_> = s
        .profiles
        .iter()
        .map(|p| (p.name.as_str(), p.base_url.as_str()))
        .collect();
    assert_eq!(
        names,
        [("Main", "https://new.cc"), ("Mine", "https://mine.cc")]
    );
    assert_eq!(
        s.active_profile, None,
        "the stale server was active: the demo, as without a choice"
    );
    s.validate().unwrap();
    let without = effective(None, Some(user));
    assert!(
        without.profiles.iter().all(|p| !p.policy),
        "no policy: no policy servers"
    );
    assert_eq!(without.active_profile, None);
}

#[test]
fn every_locked_change_is_refused_and_unlocked_ones_pass() {
    let p = policy(FLEET).unwrap();
    let old = effective(Some(&p), None);
    let refused = |f: &dyn Fn(&mut Settings)| {
        let mut new = old.clone();
        f(&mut new);
        let err = check_change(Some(&p), &old, &new).expect_err("a locked change");
        assert_eq!(err.code, Code::PolicyLocked);
        err.message
    };
    assert!(refused(&|s| s.language = "zh-CN".into()).contains("\"language\""));
    assert!(refused(&|s| s.mask_digits = 5).contains("at least 6"));
    refused(&|s| s.internal_pattern = ".*".into());
    refused(&|s| s.auto_answer.delay_ms = 0);
    refused(&|s| {
        s.integration.allowed_origins.push(AllowedOrigin {
            origin: "https://evil.example".into(),
            last_used_ms: None,
        })
    });
    refused(&|s| s.integration.raw_numbers = true);
    refused(&|s| s.active_profile = None);
    refused(&|s| s.profiles.push(server("Mine", "https://mine.cc")));
    refused(&|s| s.profiles.clear());
    refused(&|s| s.profiles[0].base_url = "https://elsewhere.cc".into());
    let mut fine = old.clone();
    fine.mask_digits = 9;
    fine.popup = false;
    fine.hotkeys.answer = "Ctrl+Alt+Q".into();
    fine.not_ready_reasons.truncate(1);
    check_change(Some(&p), &old, &fine).unwrap();
}

#[test]
fn without_a_policy_nothing_is_locked_but_a_forged_policy_server_is_refused() {
    let old = Settings::default();
    let mut new = old.clone();
    new.language = "en".into();
    new.profiles.push(server("Mine", "https://mine.cc"));
    check_change(None, &old, &new).unwrap();
    new.profiles[0].policy = true;
    assert_eq!(
        check_change(None, &old, &new).unwrap_err().code,
        Code::PolicyLocked
    );
}

#[test]
fn the_system_policy_wins_over_the_flag_and_a_bad_file_is_unusable_not_half_read() {
    let dir = tempfile::tempdir().unwrap();
    let system = dir.path().join("system.json");
    let flag = dir.path().join("flag.json");
    std::fs::write(&flag, FLEET).unwrap();
    assert!(matches!(load_from(&system, None), PolicyLoad::None));
    let from_flag = load_from(&system, Some(&flag));
    assert_eq!(from_flag.policy().map(|p| p.values.mask_digits), Some(6));
    std::fs::write(
        &system,
        r#"{"settings": {"maskDigits": 8}, "lock": ["masking"]}"#,
    )
    .unwrap();
    let both = load_from(&system, Some(&flag));
    assert!(matches!(both, PolicyLoad::FlagOverruled { .. }));
    assert_eq!(both.policy().map(|p| p.values.mask_digits), Some(8));
    std::fs::write(
        &system,
        r#"{"settings": {"maskDigits": 8}, "lock": ["masking", "nope"]}"#,
    )
    .unwrap();
    let bad = load_from(&system, Some(&flag));
    assert!(
        bad.policy().is_none(),
        "the flag cannot replace a broken system policy"
    );
    let problem = bad.problem().unwrap();
    assert!(
        problem.contains("system.json") && problem.contains("nope"),
        "{problem}"
    );
    let missing = load_from(
        &dir.path().join("none.json"),
        Some(&dir.path().join("gone.json")),
    );
    assert!(missing.problem().unwrap().contains("does not exist"));
}

#[test]
fn check_policy_summarises_a_usable_file_and_names_what_is_wrong_with_another() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.json");
    std::fs::write(&good, FLEET).unwrap();
    let summary = super::file::check_file(&good).unwrap();
    assert!(
        summary.contains("1 server(s), default Main, locked: language, masking"),
        "{summary}"
    );
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\"lock\": [\"servers\"]").unwrap();
    assert!(super::file::check_file(&bad)
        .unwrap_err()
        .contains("not a valid policy"));
    assert!(super::file::check_file(&dir.path().join("none.json"))
        .unwrap_err()
        .contains("no such file"));
}

#[cfg(windows)]
#[test]
fn on_windows_the_policy_is_under_program_data() {
    let want = std::path::PathBuf::from(std::env::var_os("ProgramData").unwrap())
        .join("Well Softphone")
        .join("policy.json");
    assert_eq!(super::file::system_path(), want);
}

#[test]
fn a_locked_call_data_section_is_the_policys_and_a_bad_one_is_refused() {
    let p = policy(
        r#"{"settings": {"callData": {"labels": [{"key": "vip", "zh": "贵宾", "en": "VIP"}], "details": ["orderId"]}},
            "lock": ["callData"]}"#,
    )
    .unwrap();
    let mut user = Settings::default();
    user.call_data.details.clear();
    let s = effective(Some(&p), Some(user));
    assert_eq!(s.call_data.view("en").label("vip"), "VIP");
    assert!(s.call_data.view("en").in_details("orderId"));
    let mut new = s.clone();
    new.call_data.labels[0].zh = "普通".into();
    let err = check_change(Some(&p), &s, &new).expect_err("locked");
    assert!(err.message.contains("call data"), "{}", err.message);
    let bad = policy(r#"{"settings": {"callData": {"labels": [{"key": ""}]}}}"#).unwrap_err();
    assert!(bad.message.contains("call data key"), "{}", bad.message);
}
