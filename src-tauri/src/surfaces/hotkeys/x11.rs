//! Global hotkeys on X11, grabbed on the root window through our own connection. Its thread sleeps in the
//! X server's socket until a key event comes — no polling — and a registration is a request and its reply on
//! the caller's thread (x11rb's connection is shared between threads), never a wait on the main loop.
//! (Tauri's global-shortcut plugin on Linux, global-hotkey 0.8.0, wakes every 50 ms and takes a registration
//! only at such a wake-up, while the main thread waits: ~230 ms of a start, 20 wake-ups a second all day.)

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tauri_plugin_global_shortcut::Shortcut;
use x11rb::connection::Connection;
use x11rb::errors::ReplyError;
use x11rb::protocol::xproto::{ConnectionExt, GrabMode, Keycode, ModMask, Window};
use x11rb::protocol::{xkb, ErrorKind, Event};
use x11rb::rust_connection::RustConnection;

use super::keysym;

/// Why a key combination could not be grabbed.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum GrabError {
    #[error("that key has no X11 keysym a hotkey can use")]
    NoKeysym,
    #[error("no key of this keyboard makes that key")]
    NoKeycode,
    #[error("another program holds these keys")]
    Taken,
    #[error("the X server: {0}")]
    Link(String),
}

/// What the listening thread compares key events with: keycode and modifier bits → the action.
#[derive(Default)]
pub struct Held {
    grabs: HashMap<(Keycode, u16), &'static str>,
    /// The grabs whose key is down (auto-repeat sends no second press: see `connect`).
    down: Vec<(Keycode, u16)>,
}

impl Held {
    /// A key went down (`pressed`) or up: the action to run, for the first press of a held grab.
    pub fn key(&mut self, keycode: Keycode, state: u16, pressed: bool) -> Option<&'static str> {
        let at = (keycode, state & keysym::COMPARED);
        if !pressed {
            self.down.retain(|k| k.0 != keycode);
            return None;
        }
        let action = *self.grabs.get(&at)?;
        if self.down.contains(&at) {
            return None;
        }
        self.down.push(at);
        Some(action)
    }
}

pub struct Grabs {
    conn: Arc<RustConnection>,
    root: Window,
    held: Arc<Mutex<Held>>,
}

impl Grabs {
    /// Connect to the display and start the thread that runs `on_press(action)` for every grabbed press.
    pub fn connect(on_press: impl Fn(&'static str) + Send + 'static) -> Result<Grabs, GrabError> {
        let link = |e: &dyn std::fmt::Display| GrabError::Link(e.to_string());
        let (conn, screen) = RustConnection::connect(None).map_err(|e| link(&e))?;
        let root = conn
            .setup()
            .roots
            .get(screen)
            .ok_or_else(|| GrabError::Link(format!("no screen {screen}")))?
            .root;
        // A held key then repeats as presses without releases between them, so a toggle fires once.
        let repeat = xkb::PerClientFlag::DETECTABLE_AUTO_REPEAT;
        let detectable = xkb::ConnectionExt::xkb_use_extension(&conn, 1, 0)
            .map_err(|e| link(&e))
            .and_then(|c| c.reply().map_err(|e| link(&e)))
            .and_then(|_| {
                xkb::ConnectionExt::xkb_per_client_flags(
                    &conn,
                    xkb::ID::USE_CORE_KBD.into(),
                    repeat,
                    repeat,
                    Default::default(),
                    Default::default(),
                    Default::default(),
                )
                .map_err(|e| link(&e))?
                .reply()
                .map_err(|e| link(&e))
            });
        if let Err(e) = detectable {
            tracing::warn!(error = %e, "no detectable auto-repeat: a held hotkey may fire again");
        }
        let conn = Arc::new(conn);
        let held = Arc::new(Mutex::new(Held::default()));
        let (c, h) = (conn.clone(), held.clone());
        std::thread::Builder::new()
            .name("x11-hotkeys".into())
            .spawn(move || listen(&c, &h, on_press))
            .map_err(|e| link(&e))?;
        Ok(Grabs { conn, root, held })
    }

    /// Release every grab and take `wanted` (action, keys); the result of each, in order.
    pub fn replace(&self, wanted: &[(&'static str, Shortcut)]) -> Vec<Result<(), GrabError>> {
        let mut held = self.held.lock().unwrap_or_else(|p| p.into_inner());
        for &(keycode, mods) in held.grabs.keys() {
            self.ungrab(keycode, ModMask::from(mods));
        }
        held.grabs.clear();
        held.down.clear();
        let mapping = self.keyboard();
        let results: Vec<_> = wanted
            .iter()
            .map(|(action, shortcut)| {
                let (keycode, mods) = self.grab(&mapping, shortcut)?;
                held.grabs.insert((keycode, u16::from(mods)), action);
                Ok(())
            })
            .collect();
        if let Err(e) = self.conn.flush() {
            tracing::warn!(error = %e, "the X server did not take the hotkeys' requests");
        }
        results
    }

    fn grab(
        &self,
        mapping: &Result<Keyboard, GrabError>,
        shortcut: &Shortcut,
    ) -> Result<(Keycode, ModMask), GrabError> {
        let sym = keysym::of(shortcut.key).ok_or(GrabError::NoKeysym)?;
        let keycode = mapping
            .as_ref()
            .map_err(|e| GrabError::Link(e.to_string()))?
            .keycode(sym)
            .ok_or(GrabError::NoKeycode)?;
        let mods = keysym::mod_mask(shortcut.mods);
        for lock in keysym::locks() {
            let sent = self
                .conn
                .grab_key(
                    false,
                    self.root,
                    mods | lock,
                    keycode,
                    GrabMode::ASYNC,
                    GrabMode::ASYNC,
                )
                .map_err(|e| GrabError::Link(e.to_string()))?;
            match sent.check() {
                Ok(()) => {}
                Err(ReplyError::X11Error(e)) if e.error_kind == ErrorKind::Access => {
                    self.ungrab(keycode, mods);
                    return Err(GrabError::Taken);
                }
                Err(e) => {
                    self.ungrab(keycode, mods);
                    return Err(GrabError::Link(e.to_string()));
                }
            }
        }
        Ok((keycode, mods))
    }

    fn ungrab(&self, keycode: Keycode, mods: ModMask) {
        for lock in keysym::locks() {
            if let Ok(c) = self.conn.ungrab_key(keycode, self.root, mods | lock) {
                c.ignore_error();
            }
        }
    }

    fn keyboard(&self) -> Result<Keyboard, GrabError> {
        let setup = self.conn.setup();
        let (min, max) = (setup.min_keycode, setup.max_keycode);
        let reply = self
            .conn
            .get_keyboard_mapping(min, max - min + 1)
            .map_err(|e| GrabError::Link(e.to_string()))?
            .reply()
            .map_err(|e| GrabError::Link(e.to_string()))?;
        Ok(Keyboard {
            min,
            per_keycode: usize::from(reply.keysyms_per_keycode),
            keysyms: reply.keysyms,
        })
    }
}

/// The keyboard's mapping: the keysyms of each keycode, from `min` on.
struct Keyboard {
    min: Keycode,
    per_keycode: usize,
    keysyms: Vec<u32>,
}

impl Keyboard {
    /// The first keycode with `sym` at any level (so `a` finds the key that makes `a` and `A`).
    fn keycode(&self, sym: u32) -> Option<Keycode> {
        let at = self
            .keysyms
            .chunks(self.per_keycode.max(1))
            .position(|syms| syms.contains(&sym))?;
        u8::try_from(usize::from(self.min) + at).ok()
    }
}

/// The thread: wait for key events of the grabs and run their actions; ends when the connection does.
fn listen(conn: &RustConnection, held: &Mutex<Held>, on_press: impl Fn(&'static str)) {
    loop {
        let (keycode, state, pressed) = match conn.wait_for_event() {
            Ok(Event::KeyPress(e)) => (e.detail, u16::from(e.state), true),
            Ok(Event::KeyRelease(e)) => (e.detail, u16::from(e.state), false),
            Ok(_) => continue,
            Err(e) => {
                tracing::warn!(error = %e, "the X server's connection for hotkeys ended");
                return;
            }
        };
        let action = held
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .key(keycode, state, pressed);
        if let Some(action) = action {
            on_press(action);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn held() -> Held {
        let mut h = Held::default();
        h.grabs
            .insert((38, u16::from(ModMask::CONTROL | ModMask::M1)), "answer");
        h
    }

    #[test]
    fn a_press_of_a_grab_fires_once_until_released() {
        let mut h = held();
        let ctrl_alt = u16::from(ModMask::CONTROL | ModMask::M1);
        assert_eq!(h.key(38, ctrl_alt, true), Some("answer"));
        assert_eq!(h.key(38, ctrl_alt, true), None, "auto-repeat of a held key");
        assert_eq!(h.key(38, ctrl_alt, false), None);
        assert_eq!(h.key(38, ctrl_alt, true), Some("answer"));
    }

    #[test]
    fn lock_keys_do_not_matter_and_other_modifiers_do() {
        let mut h = held();
        let with_locks = u16::from(ModMask::CONTROL | ModMask::M1 | ModMask::LOCK | ModMask::M2);
        assert_eq!(h.key(38, with_locks, true), Some("answer"));
        let mut h = held();
        assert_eq!(h.key(38, u16::from(ModMask::CONTROL), true), None);
        assert_eq!(
            h.key(39, u16::from(ModMask::CONTROL | ModMask::M1), true),
            None
        );
    }

    #[test]
    fn a_keysym_is_found_at_any_level_of_the_mapping() {
        let kb = Keyboard {
            min: 8,
            per_keycode: 2,
            keysyms: vec![
                0,
                0,
                u32::from(b'q'),
                u32::from(b'Q'),
                u32::from(b'a'),
                u32::from(b'A'),
            ],
        };
        assert_eq!(kb.keycode(u32::from(b'a')), Some(10));
        assert_eq!(kb.keycode(u32::from(b'Q')), Some(9));
        assert_eq!(kb.keycode(u32::from(b'z')), None);
    }
}
