//! Texts of the native surfaces (tray menu, OS notification, quit question). The one text table lives in
//! the UI (`ui/js/texts.js`); the window hands its `native.*` entries over on load and on a language
//! change. Until then these English words stand in.

use std::collections::HashMap;
use std::sync::Mutex;

/// The English stand-ins, one per `native.*` key of the UI's table.
pub const FALLBACK: &[(&str, &str)] = &[
    ("native.show_hide", "Show / hide window"),
    ("native.missed", "Missed calls ({n})"),
    ("native.ready", "Ready"),
    ("native.not_ready", "Not ready"),
    ("native.answer", "Answer"),
    ("native.hang_up", "Hang up"),
    ("native.reject", "Reject"),
    ("native.quit", "Quit"),
    ("native.incoming", "Incoming call"),
    ("native.quit_during_call", "A call is in progress. Quit anyway? The call goes on on your phone and the session stays logged in, so the next start recovers it."),
    ("native.state.logged_out", "Logged out"),
    ("native.state.ready", "Ready"),
    ("native.state.not_ready", "Not ready"),
    ("native.state.after_call_work", "After-call work"),
    ("native.state.ringing", "Ringing"),
    ("native.state.talking", "On a call"),
    ("native.state.reconnecting", "Reconnecting"),
];

#[derive(Default)]
pub struct NativeTexts(Mutex<HashMap<String, String>>);

impl NativeTexts {
    pub fn get(&self, key: &str) -> String {
        let map = self.0.lock().unwrap_or_else(|p| p.into_inner());
        map.get(key)
            .cloned()
            .or_else(|| {
                FALLBACK
                    .iter()
                    .find(|(k, _)| *k == key)
                    .map(|(_, v)| (*v).to_owned())
            })
            .unwrap_or_else(|| key.to_owned())
    }

    /// Keep only `native.*` keys with non-empty texts.
    pub fn replace(&self, texts: HashMap<String, String>) {
        let kept = texts
            .into_iter()
            .filter(|(k, v)| k.starts_with("native.") && !v.trim().is_empty())
            .collect();
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = kept;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_windows_texts_win_and_the_fallback_fills_in() {
        let t = NativeTexts::default();
        assert_eq!(t.get("native.answer"), "Answer");
        t.replace(HashMap::from([
            ("native.answer".to_owned(), "接听".to_owned()),
            ("other.key".to_owned(), "x".to_owned()),
        ]));
        assert_eq!(t.get("native.answer"), "接听");
        assert_eq!(t.get("native.quit"), "Quit");
        assert_eq!(t.get("other.key"), "other.key");
    }
}
