//! Click-to-dial: a `tel:` / `callto:` link (the OS's URL handler, a second launch forwarded by the single
//! instance, or `well-softphone tel:NUMBER`) opens the dial pad ready to call. The raw number stays here;
//! the window sees only its display form, and `dial_pending` dials what the backend holds (DESIGN
//! "Masking").

use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager};
use well_protocol::redact::Secret;

use crate::session::backend::Backend;

pub const DIAL_REQUEST_EVENT: &str = "well:dial-request";

/// The digits of a `tel:` / `callto:` link: separators (space, `-`, `.`, `(`, `)`) dropped, `%xx` decoded,
/// a leading `+` kept; `None` for anything that is not a phone number link.
pub fn parse(link: &str) -> Option<String> {
    let l = link.trim();
    let lower = l.to_ascii_lowercase();
    let rest = ["tel://", "tel:", "callto://", "callto:"]
        .iter()
        .find_map(|p| lower.starts_with(p).then(|| &l[p.len()..]))?;
    let rest = rest.split([';', '?', '#']).next().unwrap_or_default();
    let mut decoded = String::new();
    let bytes = rest.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = rest.get(i + 1..i + 3)?;
            decoded.push(u8::from_str_radix(hex, 16).ok()? as char);
            i += 3;
        } else {
            decoded.push(bytes[i] as char);
            i += 1;
        }
    }
    let mut out = String::new();
    for (n, c) in decoded.trim().chars().enumerate() {
        match c {
            '0'..='9' => out.push(c),
            '+' if n == 0 => out.push(c),
            ' ' | '-' | '.' | '(' | ')' => {}
            _ => return None,
        }
    }
    let digits = out.trim_start_matches('+').len();
    (3..=32).contains(&digits).then_some(out)
}

/// The first phone link among a launch's arguments.
pub fn find_link(args: &[String]) -> Option<String> {
    args.iter().skip(1).find_map(|a| parse(a))
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DialRequest {
    /// What the dial pad shows.
    pub display: String,
}

/// Hold `raw` for dialling and show the dial pad with its display form.
pub async fn request(app: &AppHandle, raw: String) {
    let backend = app.state::<Backend>();
    let shown = match backend.handle.display_form(&raw).await {
        Ok(d) => d,
        Err(e) => {
            tracing::warn!(code = %e.code(), "click-to-dial: no display form");
            return;
        }
    };
    *backend
        .pending_dial
        .lock()
        .unwrap_or_else(|p| p.into_inner()) = Some((Secret::new(raw), shown.clone()));
    tracing::info!(number = %shown, "click-to-dial: dial pad ready");
    crate::surfaces::window::show_main(app);
    if let Err(e) = app.emit(DIAL_REQUEST_EVENT, DialRequest { display: shown }) {
        tracing::warn!(error = %e, "dial request not delivered to the window");
    }
}

/// macOS hands `tel:` / `callto:` links over as URL events, not arguments (the bundle declares the schemes
/// from `plugins.deep-link` in tauri.conf.json); on Linux and Windows they arrive as arguments, handled at
/// start and by the single instance.
pub fn listen_for_urls(app: &AppHandle) {
    #[cfg(target_os = "macos")]
    {
        use tauri_plugin_deep_link::DeepLinkExt;
        let handle = app.clone();
        app.deep_link().on_open_url(move |event| {
            if let Some(raw) = event.urls().iter().find_map(|u| parse(u.as_str())) {
                let app = handle.clone();
                tauri::async_runtime::spawn(async move { request(&app, raw).await });
            }
        });
    }
    #[cfg(not(target_os = "macos"))]
    let _ = app;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_links_give_their_digits_and_anything_else_nothing() {
        assert_eq!(parse("tel:13812345678").as_deref(), Some("13812345678"));
        assert_eq!(
            parse("TEL:+86 138-1234-5678").as_deref(),
            Some("+8613812345678")
        );
        assert_eq!(
            parse("tel:%2B86%20138%2012345678").as_deref(),
            Some("+8613812345678")
        );
        assert_eq!(parse("callto://8002").as_deref(), Some("8002"));
        assert_eq!(
            parse("tel:(010)%2062345678;ext=1").as_deref(),
            Some("01062345678")
        );
        assert_eq!(parse("tel:12"), None, "too short");
        assert_eq!(parse("tel:1234abc"), None);
        assert_eq!(parse("tel:12+34"), None);
        assert_eq!(parse("https://example.com"), None);
        assert_eq!(parse("tel:%zz123"), None);
        assert_eq!(parse("tel:123%2"), None);
    }

    #[test]
    fn the_first_link_among_the_arguments_counts() {
        let args: Vec<String> = [
            "well-softphone",
            "--profile-dir",
            "/p",
            "tel:8002",
            "tel:8003",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(find_link(&args).as_deref(), Some("8002"));
        assert_eq!(find_link(&args[..3]), None);
    }
}
