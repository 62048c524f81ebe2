//! What became of one hotkey registration, as the settings show it: working, off, registered but deaf under
//! Wayland, taken by another program, or not a key combination at all. No Tauri here, so the shell's state
//! can hold it without knowing how hotkeys are registered.

use serde::Serialize;

/// How a registration attempt ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// No keys set for the action.
    Off,
    Registered,
    /// The keys do not parse as a combination.
    Invalid(String),
    /// The system refused the registration (another program holds the keys).
    Taken(String),
}

/// The state the settings show (and the UI's `hotkey.<state>` text).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum HotkeyState {
    Ok,
    Off,
    /// Registered, but X11 grabs never fire while a Wayland window has focus (TOOLING).
    Wayland,
    Taken,
    Invalid,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HotkeyStatus {
    pub action: &'static str,
    pub keys: String,
    pub state: HotkeyState,
    pub message: Option<String>,
}

/// A Wayland session, from the environment (registration cannot tell).
pub fn is_wayland() -> bool {
    std::env::var("XDG_SESSION_TYPE").is_ok_and(|t| t.eq_ignore_ascii_case("wayland"))
        || std::env::var_os("WAYLAND_DISPLAY").is_some_and(|v| !v.is_empty())
}

/// What one registration attempt means for the agent.
pub fn status(action: &'static str, keys: &str, outcome: Outcome, wayland: bool) -> HotkeyStatus {
    let (state, message) = match outcome {
        Outcome::Off => (HotkeyState::Off, None),
        Outcome::Invalid(e) => (HotkeyState::Invalid, Some(e)),
        Outcome::Taken(e) => (HotkeyState::Taken, Some(e)),
        Outcome::Registered if wayland => (HotkeyState::Wayland, None),
        Outcome::Registered => (HotkeyState::Ok, None),
    };
    HotkeyStatus {
        action,
        keys: keys.trim().to_owned(),
        state,
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_registration_is_reported_with_the_reason_it_cannot_work() {
        let state = |o, wayland| status("answer", "Ctrl+Alt+A", o, wayland).state;
        assert_eq!(state(Outcome::Registered, false), HotkeyState::Ok);
        assert_eq!(state(Outcome::Registered, true), HotkeyState::Wayland);
        let taken = status(
            "answer",
            "Ctrl+Alt+A",
            Outcome::Taken("already registered".into()),
            false,
        );
        assert_eq!(
            (taken.state, taken.message.as_deref()),
            (HotkeyState::Taken, Some("already registered"))
        );
        assert_eq!(
            state(Outcome::Invalid("bad key".into()), false),
            HotkeyState::Invalid
        );
        assert_eq!(state(Outcome::Off, false), HotkeyState::Off);
        assert_eq!(
            serde_json::to_value(HotkeyState::Wayland).unwrap(),
            "wayland",
            "the word the UI's texts are keyed by"
        );
    }
}
