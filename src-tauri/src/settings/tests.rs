//! The settings' checks, defaults and file round trip.

use super::file::{load, save, Loaded};
use super::*;

fn profile(name: &str, url: &str) -> ServerProfileSetting {
    ServerProfileSetting {
        name: name.into(),
        base_url: url.into(),
        tpi_url: String::new(),
        domain: "demo.cc".into(),
        policy: false,
    }
}

#[test]
fn settings_round_trip_through_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("settings.json");
    let s = Settings {
        language: "en".into(),
        profiles: vec![profile("prod", "https://cti.example:5088/sdk")],
        active_profile: Some("prod".into()),
        last_login: Some(LastLogin {
            agent: "5001".into(),
            extension: "8001".into(),
            domain: "demo.cc".into(),
        }),
        popup: false,
        hotkeys: Hotkeys {
            answer: "Ctrl+Shift+F1".into(),
            ..Hotkeys::default()
        },
        ..Settings::default()
    };
    save(&path, &s).unwrap();
    match load(&path) {
        Loaded::Fine(back) => assert_eq!(*back, s),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_corrupt_file_is_kept_aside_and_defaults_are_used() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("settings.json");
    std::fs::write(&path, "{ not json").unwrap();
    let Loaded::Corrupt { kept_as, .. } = load(&path) else {
        panic!("corrupt file accepted")
    };
    assert!(!path.exists());
    assert_eq!(std::fs::read_to_string(kept_as).unwrap(), "{ not json");
    assert!(matches!(load(&path), Loaded::Missing));
}

#[test]
fn invalid_values_are_refused_with_their_code() {
    let mut s = Settings {
        language: "fr".into(),
        ..Settings::default()
    };
    assert_eq!(s.validate().unwrap_err().code, "settings.bad_language");
    s.language = "en".into();
    s.profiles = vec![profile("a", "ftp://nope")];
    assert_eq!(s.validate().unwrap_err().code, "settings.bad_profile_url");
    s.profiles = vec![profile("a", "http://x:1"), profile("a", "http://y:1")];
    assert_eq!(s.validate().unwrap_err().code, "settings.bad_profile_name");
    s.profiles.pop();
    s.active_profile = Some("b".into());
    assert_eq!(
        s.validate().unwrap_err().code,
        "settings.bad_active_profile"
    );
    s.active_profile = Some("a".into());
    assert!(s.validate().is_ok());
    s.hotkeys.answer = "Ctrl+Banana".into();
    assert_eq!(s.validate().unwrap_err().code, "settings.bad_hotkey");
    s.hotkeys.answer = "ctrl+alt+h".into();
    assert_eq!(
        s.validate().unwrap_err().code,
        "settings.bad_hotkey",
        "same as hang up"
    );
    s.hotkeys.answer = String::new();
    assert!(s.validate().is_ok(), "an empty hotkey is off");
    s.auto_answer.delay_ms = 60_000;
    assert_eq!(s.validate().unwrap_err().code, "settings.bad_auto_answer");
    s.auto_answer.delay_ms = 800;
    s.auto_ready_after_s = 7200;
    assert_eq!(s.validate().unwrap_err().code, "settings.bad_auto_ready");
    s.auto_ready_after_s = 30;
    s.mask_digits = 3;
    assert_eq!(
        s.validate().unwrap_err().code,
        "settings.bad_masking",
        "fewer than 4"
    );
    s.mask_digits = 6;
    s.internal_pattern = "8(\\d".into();
    assert_eq!(
        s.validate().unwrap_err().code,
        "settings.bad_masking",
        "bad pattern"
    );
    s.internal_pattern = "6\\d{3}".into();
    assert_eq!(
        s.mask_policy().unwrap().display("13812345678"),
        "13812******"
    );
    assert_eq!(s.mask_policy().unwrap().display("6001@demo.cc"), "6001");
    s.not_ready_reasons.push(Reason {
        code: "1".into(),
        label: "again".into(),
    });
    assert_eq!(s.validate().unwrap_err().code, "settings.bad_reason");
}

#[test]
fn an_old_settings_file_gets_the_new_defaults() {
    let s: Settings = serde_json::from_str(r#"{"language": "en"}"#).unwrap();
    assert!(s.popup && s.notifications);
    assert_eq!(s.hotkeys, Hotkeys::default());
    assert_eq!(s.not_ready_reasons.len(), 4);
}
