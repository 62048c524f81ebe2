//! The one text table (`ui/js/texts.js`) against the code registry (`well-codes`) and the UI's own uses:
//! both languages hold the same keys; every code the window can show has its text in both; no text is
//! orphaned (each key is a window code, or the UI names it — literally, through `data-i18n`, or as a
//! `"prefix." + value` it builds — or it is a native surface's text the backend knows); and the keys the UI
//! builds from the backend's values are exactly those values.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use well_codes::{Audience, Code};

fn ui_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui")
}

/// The keys of each language's table, by language.
fn tables() -> HashMap<String, BTreeSet<String>> {
    let text = std::fs::read_to_string(ui_dir().join("js/texts.js")).expect("ui/js/texts.js");
    let language = regex::Regex::new(r#"^  "?([A-Za-z-]+)"?: \{$"#).unwrap();
    let entry = regex::Regex::new(r#"^    "?([A-Za-z0-9_.-]+)"?:"#).unwrap();
    let mut tables: HashMap<String, BTreeSet<String>> = HashMap::new();
    let mut current = None;
    for line in text.lines() {
        if let Some(c) = language.captures(line) {
            current = Some(c[1].to_owned());
        } else if let (Some(lang), Some(c)) = (&current, entry.captures(line)) {
            let fresh = tables
                .entry(lang.clone())
                .or_default()
                .insert(c[1].to_owned());
            assert!(fresh, "{lang}: {} twice", &c[1]);
        }
    }
    tables
}

/// Every UI source but the table itself.
fn ui_sources() -> String {
    fn walk(dir: &Path, out: &mut String) {
        for e in std::fs::read_dir(dir).expect("ui dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.file_name().is_some_and(|n| n != "texts.js")
                && p.extension().is_some_and(|x| x == "js" || x == "html")
            {
                out.push_str(&std::fs::read_to_string(&p).unwrap_or_default());
                out.push('\n');
            }
        }
    }
    let mut out = String::new();
    walk(&ui_dir(), &mut out);
    out
}

fn keys() -> BTreeSet<String> {
    let t = tables();
    let zh = &t["zh-CN"];
    let en = &t["en"];
    assert!(zh.len() > 100, "the table was read: {} keys", zh.len());
    let only_zh: Vec<_> = zh.difference(en).collect();
    let only_en: Vec<_> = en.difference(zh).collect();
    assert!(
        only_zh.is_empty() && only_en.is_empty(),
        "both languages hold the same keys; only zh-CN: {only_zh:?}; only en: {only_en:?}"
    );
    zh.clone()
}

/// The prefixes the UI builds keys with: `t("state." + c.state)`, `"hotkey." + …`.
fn built_prefixes(sources: &str) -> BTreeSet<String> {
    let built = regex::Regex::new(r#"["']([a-z_]+(?:\.[a-z_]+)*\.)["']\s*\+"#).unwrap();
    built
        .captures_iter(sources)
        .map(|c| c[1].to_owned())
        .collect()
}

#[test]
fn every_code_the_window_shows_has_its_text_in_both_languages() {
    let t = tables();
    let missing: Vec<_> = Code::ALL
        .iter()
        .filter(|c| c.audience() == Audience::Window)
        .flat_map(|c| {
            ["zh-CN", "en"]
                .into_iter()
                .filter(|l| !t[*l].contains(c.as_str()))
                .map(move |l| format!("{c} ({l})"))
        })
        .collect();
    assert!(missing.is_empty(), "codes without a text: {missing:?}");
}

#[test]
fn no_text_is_orphaned() {
    let sources = ui_sources();
    let prefixes = built_prefixes(&sources);
    assert!(
        prefixes.contains("state."),
        "the prefix scan works: {prefixes:?}"
    );
    let native: BTreeSet<&str> = well_softphone::surfaces::native_texts::FALLBACK
        .iter()
        .map(|(k, _)| *k)
        .collect();
    let mut orphans = Vec::new();
    for key in keys() {
        let used = match Code::parse(&key) {
            Some(code) => code.audience() == Audience::Window,
            None if key.starts_with("native.") => native.contains(key.as_str()),
            None => {
                sources.contains(&format!("\"{key}\""))
                    || sources.contains(&format!("'{key}'"))
                    || prefixes.iter().any(|p| key.starts_with(p.as_str()))
            }
        };
        if !used {
            orphans.push(key);
        }
    }
    assert!(
        orphans.is_empty(),
        "texts nobody shows (not a window code, not named by the UI or the native surfaces): {orphans:?}"
    );
    let texts = keys();
    let lost: Vec<_> = native.iter().filter(|k| !texts.contains(**k)).collect();
    assert!(
        lost.is_empty(),
        "native texts the window never hands over: {lost:?}"
    );
}

/// The keys under `prefix` (codes aside) are exactly the backend's values for it, as the UI receives them.
fn assert_built_from<T: serde::Serialize>(prefix: &str, values: &[T]) {
    let have: BTreeSet<String> = keys()
        .into_iter()
        .filter(|k| Code::parse(k).is_none())
        .filter_map(|k| k.strip_prefix(prefix).map(str::to_owned))
        .collect();
    let want: BTreeSet<String> = values
        .iter()
        .map(|v| match serde_json::to_value(v) {
            Ok(serde_json::Value::String(s)) => s,
            other => panic!("{prefix}: not a string value: {other:?}"),
        })
        .collect();
    assert_eq!(have, want, "the {prefix}* texts are the backend's values");
}

#[test]
fn the_texts_the_ui_builds_from_backend_values_are_exactly_those_values() {
    assert_built_from("action.", &well_callmodel::CallAction::ALL);
    use well_callmodel::CallState as S;
    assert_built_from(
        "state.",
        &[S::Dialing, S::Ringback, S::Ringing, S::Connected, S::Held],
    );
    use well_callmodel::Direction as D;
    assert_built_from(
        "dir.",
        &[D::Inbound, D::Outbound, D::Internal, D::CampaignPreoccupied],
    );
    use well_callmodel::Mode as M;
    let mut modes: Vec<serde_json::Value> = [M::Ready, M::NotReady, M::WorkNotReady, M::Allocated]
        .iter()
        .map(|m| serde_json::to_value(m).expect("mode"))
        .collect();
    modes.push("none".into()); // the UI's word for no mode yet
    assert_built_from("mode.", &modes);
    use well_softphone::surfaces::hotkeys::status::HotkeyState as H;
    assert_built_from(
        "hotkey.",
        &[H::Ok, H::Off, H::Wayland, H::Taken, H::Invalid],
    );
}
