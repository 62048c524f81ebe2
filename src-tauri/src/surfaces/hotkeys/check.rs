//! The settings' check of the hotkeys section: every accelerator set is a key combination Tauri's global
//! shortcut plugin can register, and no two actions share keys. No Tauri app is needed, so settings are
//! checked before anything is registered.

use tauri_plugin_global_shortcut::Shortcut;
use well_codes::Code;

use crate::settings::hotkeys::{check_distinct, Hotkeys};
use crate::settings::invalid::{invalid, Invalid};

/// Every accelerator set is a key combination (`Ctrl+Alt+A`), and no two actions share keys.
pub(crate) fn check(hotkeys: &Hotkeys) -> Result<(), Invalid> {
    for (name, accel) in hotkeys.entries() {
        if !accel.trim().is_empty() && accel.parse::<Shortcut>().is_err() {
            return Err(invalid(
                Code::SettingsBadHotkey,
                format!("the {name} hotkey '{accel}' is not a key combination like Ctrl+Alt+A"),
            ));
        }
    }
    check_distinct(hotkeys)
}
