//! Which X11 keysym a hotkey's key is (`Ctrl+Alt+A` → `a`), and which modifier bits its modifiers are. Pure:
//! the X11 grabber asks the keyboard's mapping which keycode carries the keysym.

use tauri_plugin_global_shortcut::{Code, Modifiers};
use x11rb::protocol::xproto::ModMask;
use xkeysym::key;

/// The keysym of `code`, `None` for a key no hotkey can sensibly use (a modifier, a lock, a media key).
pub fn of(code: Code) -> Option<u32> {
    let name = code.to_string();
    if let Some(letter) = name.strip_prefix("Key").and_then(single_char) {
        return letter
            .is_ascii_uppercase()
            .then(|| u32::from(letter.to_ascii_lowercase()));
    }
    if let Some(digit) = name.strip_prefix("Digit").and_then(single_char) {
        return digit.is_ascii_digit().then(|| u32::from(digit));
    }
    if let Some(digit) = name.strip_prefix("Numpad").and_then(single_char) {
        return digit.to_digit(10).map(|d| key::KP_0 + d);
    }
    if let Some(n) = name.strip_prefix('F').and_then(|n| n.parse::<u32>().ok()) {
        return (1..=24).contains(&n).then(|| key::F1 + n - 1);
    }
    Some(match code {
        Code::Space => key::space,
        Code::Enter => key::Return,
        Code::Tab => key::Tab,
        Code::Escape => key::Escape,
        Code::Backspace => key::BackSpace,
        Code::Delete => key::Delete,
        Code::Insert => key::Insert,
        Code::Home => key::Home,
        Code::End => key::End,
        Code::PageUp => key::Page_Up,
        Code::PageDown => key::Page_Down,
        Code::ArrowLeft => key::Left,
        Code::ArrowUp => key::Up,
        Code::ArrowRight => key::Right,
        Code::ArrowDown => key::Down,
        Code::Pause => key::Pause,
        Code::PrintScreen => key::Print,
        Code::Minus => key::minus,
        Code::Equal => key::equal,
        Code::BracketLeft => key::bracketleft,
        Code::BracketRight => key::bracketright,
        Code::Backslash => key::backslash,
        Code::Semicolon => key::semicolon,
        Code::Quote => key::apostrophe,
        Code::Backquote => key::grave,
        Code::Comma => key::comma,
        Code::Period => key::period,
        Code::Slash => key::slash,
        Code::NumpadAdd => key::KP_Add,
        Code::NumpadSubtract => key::KP_Subtract,
        Code::NumpadMultiply => key::KP_Multiply,
        Code::NumpadDivide => key::KP_Divide,
        Code::NumpadDecimal => key::KP_Decimal,
        Code::NumpadEnter => key::KP_Enter,
        _ => return None,
    })
}

fn single_char(s: &str) -> Option<char> {
    let mut chars = s.chars();
    let c = chars.next()?;
    chars.next().is_none().then_some(c)
}

/// The core modifier bits of `mods` (Alt is Mod1 and Super Mod4, as X servers map them by default).
pub fn mod_mask(mods: Modifiers) -> ModMask {
    let mut mask = ModMask::default();
    for (m, bit) in [
        (Modifiers::CONTROL, ModMask::CONTROL),
        (Modifiers::SHIFT, ModMask::SHIFT),
        (Modifiers::ALT, ModMask::M1),
        (Modifiers::SUPER, ModMask::M4),
        (Modifiers::META, ModMask::M4),
    ] {
        if mods.contains(m) {
            mask |= bit;
        }
    }
    mask
}

/// The bits a key event's state is compared on: the lock keys (Caps Lock, Num Lock) left out.
pub const COMPARED: u16 = 0x04 | 0x01 | 0x08 | 0x40;

/// The lock states a grab is repeated for: X11 matches a grab's modifiers exactly, and Caps Lock or Num Lock
/// on count as modifiers.
pub fn locks() -> [ModMask; 4] {
    [
        ModMask::default(),
        ModMask::M2,
        ModMask::LOCK,
        ModMask::M2 | ModMask::LOCK,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use tauri_plugin_global_shortcut::Shortcut;

    fn keysym(accel: &str) -> Option<u32> {
        of(accel.parse::<Shortcut>().expect("a combination").key)
    }

    #[test]
    fn the_keys_an_agent_binds_have_their_keysyms() {
        assert_eq!(keysym("Ctrl+Alt+A"), Some(u32::from(b'a')));
        assert_eq!(keysym("Ctrl+Alt+Z"), Some(u32::from(b'z')));
        assert_eq!(keysym("Ctrl+7"), Some(u32::from(b'7')));
        assert_eq!(keysym("F1"), Some(key::F1));
        assert_eq!(keysym("Shift+F12"), Some(key::F12));
        assert_eq!(keysym("Ctrl+Space"), Some(key::space));
        assert_eq!(keysym("Alt+Enter"), Some(key::Return));
        assert_eq!(keysym("Ctrl+Numpad5"), Some(key::KP_5));
        assert_eq!(keysym("Ctrl+ArrowUp"), Some(key::Up));
    }

    #[test]
    fn a_lock_or_media_key_is_not_a_hotkey_key() {
        assert_eq!(of(Code::CapsLock), None);
        assert_eq!(of(Code::MediaPlayPause), None);
        assert_eq!(of(Code::F25), None);
    }

    #[test]
    fn modifiers_are_the_core_bits() {
        let mods = "Ctrl+Alt+A".parse::<Shortcut>().expect("parses").mods;
        assert_eq!(mod_mask(mods), ModMask::CONTROL | ModMask::M1);
        let mods = "Shift+Super+F2".parse::<Shortcut>().expect("parses").mods;
        assert_eq!(mod_mask(mods), ModMask::SHIFT | ModMask::M4);
        assert_eq!(
            u16::from(ModMask::CONTROL | ModMask::SHIFT | ModMask::M1 | ModMask::M4),
            COMPARED
        );
    }
}
