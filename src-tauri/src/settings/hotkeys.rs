//! The hotkeys section: one accelerator per action (`Ctrl+Alt+A`; empty = off). Whether an accelerator is a
//! key combination is the hotkeys surface's question (`surfaces::hotkeys::check`); here, that no two actions
//! share keys.

use serde::{Deserialize, Serialize};
use well_codes::Code;

use super::invalid::{invalid, Invalid};

/// Global hotkeys as accelerators (`Ctrl+Alt+A`); an empty one is off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Hotkeys {
    pub answer: String,
    pub hang_up: String,
    pub toggle_ready: String,
    pub show_hide: String,
}

impl Default for Hotkeys {
    fn default() -> Self {
        Hotkeys {
            answer: "Ctrl+Alt+A".into(),
            hang_up: "Ctrl+Alt+H".into(),
            toggle_ready: "Ctrl+Alt+R".into(),
            show_hide: "Ctrl+Alt+S".into(),
        }
    }
}

impl Hotkeys {
    pub fn entries(&self) -> [(&'static str, &str); 4] {
        [
            ("answer", &self.answer),
            ("hang_up", &self.hang_up),
            ("toggle_ready", &self.toggle_ready),
            ("show_hide", &self.show_hide),
        ]
    }
}

/// No two actions on the same keys (case and blanks aside).
pub(crate) fn check_distinct(h: &Hotkeys) -> Result<(), Invalid> {
    let keys: Vec<String> = h
        .entries()
        .iter()
        .map(|(_, a)| a.trim().to_ascii_lowercase())
        .filter(|a| !a.is_empty())
        .collect();
    if keys.iter().enumerate().any(|(i, k)| keys[..i].contains(k)) {
        return Err(invalid(
            Code::SettingsBadHotkey,
            "two hotkeys use the same keys",
        ));
    }
    Ok(())
}
