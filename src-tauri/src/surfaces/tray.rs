//! The system tray: an icon that follows the agent's state, the state and current call in a disabled first
//! menu item (Linux trays have no tooltips) and in the tooltip where there is one, and a menu: show/hide,
//! missed calls (n), Ready / NotReady, Answer, Hang up, Quit. What the items do is `tray_menu` (handed in by
//! the app, so this file imports nothing that draws the tray); what they show is `tray_view`.

use tauri::image::Image;
use tauri::menu::{Menu, MenuEvent, MenuItem, PredefinedMenuItem};
use tauri::tray::{TrayIcon, TrayIconBuilder};
use tauri::{AppHandle, Wry};

use crate::surfaces::native_texts::NativeTexts;
use crate::surfaces::tray_view::{TrayIconKind, TrayView};

pub struct Tray {
    icon: TrayIcon<Wry>,
    status: MenuItem<Wry>,
    show: MenuItem<Wry>,
    missed: MenuItem<Wry>,
    ready: MenuItem<Wry>,
    not_ready: MenuItem<Wry>,
    answer: MenuItem<Wry>,
    hang_up: MenuItem<Wry>,
    quit: MenuItem<Wry>,
    shown: std::sync::Mutex<Option<TrayView>>,
}

fn image(kind: TrayIconKind) -> tauri::Result<Image<'static>> {
    Image::from_bytes(kind.png())
}

/// The missed calls' menu text: `native.missed` with the count.
fn missed_text(texts: &NativeTexts, n: usize) -> String {
    texts.get("native.missed").replace("{n}", &n.to_string())
}

pub fn create(
    app: &AppHandle,
    texts: &NativeTexts,
    on_menu: fn(&AppHandle, MenuEvent),
) -> tauri::Result<Tray> {
    let item = |id: &str, key: &str, enabled: bool| {
        MenuItem::with_id(app, id, texts.get(key), enabled, None::<&str>)
    };
    let status = item("status", TrayIconKind::LoggedOut.text_key(), false)?;
    let show = item("show", "native.show_hide", true)?;
    let missed = MenuItem::with_id(app, "missed", missed_text(texts, 0), false, None::<&str>)?;
    let ready = item("ready", "native.ready", false)?;
    let not_ready = item("not_ready", "native.not_ready", false)?;
    let answer = item("answer", "native.answer", false)?;
    let hang_up = item("hang_up", "native.hang_up", false)?;
    let quit = item("quit", "native.quit", true)?;
    let sep = || PredefinedMenuItem::separator(app);
    let menu = Menu::with_items(
        app,
        &[
            &status,
            &sep()?,
            &show,
            &missed,
            &ready,
            &not_ready,
            &answer,
            &hang_up,
            &sep()?,
            &quit,
        ],
    )?;
    let icon = TrayIconBuilder::with_id("main")
        .icon(image(TrayIconKind::LoggedOut)?)
        .tooltip("Well Softphone")
        .menu(&menu)
        .show_menu_on_left_click(true)
        .on_menu_event(on_menu)
        .build(app)?;
    Ok(Tray {
        icon,
        status,
        show,
        missed,
        ready,
        not_ready,
        answer,
        hang_up,
        quit,
        shown: std::sync::Mutex::new(None),
    })
}

impl Tray {
    /// Show `view`; `force` after a language change.
    pub fn show(&self, view: &TrayView, texts: &NativeTexts, force: bool) {
        let mut shown = self.shown.lock().unwrap_or_else(|p| p.into_inner());
        if !force && shown.as_ref() == Some(view) {
            return;
        }
        let state = texts.get(view.icon.text_key());
        let line = match &view.number {
            Some(n) => format!("{state} · {n}"),
            None => state,
        };
        let tooltip = format!("Well Softphone — {line}");
        let missed = missed_text(texts, view.missed);
        crate::ipc::trace::surface("tray.status", &line);
        crate::ipc::trace::surface("tray.tooltip", &tooltip);
        crate::ipc::trace::surface("tray.missed", &missed);
        let results = [
            self.missed.set_text(&missed),
            self.missed.set_enabled(view.missed > 0),
            self.status.set_text(&line),
            self.ready.set_enabled(view.can_ready),
            self.not_ready.set_enabled(view.can_not_ready),
            self.answer.set_enabled(view.can_answer),
            self.hang_up.set_enabled(view.can_hang_up),
            self.icon.set_tooltip(Some(tooltip)),
            image(view.icon).and_then(|i| self.icon.set_icon(Some(i))),
        ];
        if force {
            let _ = self.show.set_text(texts.get("native.show_hide"));
            let _ = self.ready.set_text(texts.get("native.ready"));
            let _ = self.not_ready.set_text(texts.get("native.not_ready"));
            let _ = self.answer.set_text(texts.get("native.answer"));
            let _ = self.hang_up.set_text(texts.get("native.hang_up"));
            let _ = self.quit.set_text(texts.get("native.quit"));
        }
        for r in results {
            if let Err(e) = r {
                tracing::debug!(error = %e, "tray not updated");
            }
        }
        *shown = Some(view.clone());
    }
}
