//! Screenshots of the app's windows for the README, in `target/e2e-shots/`, read from the X server (Xvfb):
//! the pixels on screen, as the agent sees them. Not WebDriver's screenshot: WebKitWebDriver waits for the
//! page's next composited frame, which a page drawn without accelerated compositing (how the app draws,
//! `surfaces/webkit_tuning.rs`) never sends while nothing changes — the call hung and wedged the session.
//! X's GetImage leaves the part of a window that another window covers undefined: the main window's part
//! under the popup (always on top) comes out black, with compositing on or off alike.
//! Elsewhere (the Windows build of the suite) WebDriver's own screenshot.

use crate::harness::App;
use std::path::Path;

#[cfg(not(target_os = "linux"))]
pub async fn shot(app: &App, name: &str) {
    let png = app.client.screenshot().await.expect("a screenshot");
    write(name, &png);
}

/// The window WebDriver is on (matched by its size among the app's visible windows), saved as `name.png`.
#[cfg(target_os = "linux")]
pub async fn shot(app: &App, name: &str) {
    use crate::harness::words_of;
    use x11rb::protocol::xproto::{ConnectionExt, Window};

    let rect = app
        .client
        .get_window_rect()
        .await
        .expect("the window's size");
    let (want_w, want_h) = (rect.2 as u16, rect.3 as u16);
    // For what the test just did to be on screen, and a window it opened (the popup) to have drawn itself.
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    let (conn, _) = x11rb::connect(None).expect("the X display of the test");
    let pid = app.pid().to_string();
    // The window of WebDriver's size (the largest such), else the largest.
    let (window, w, h) = words_of("xdotool", &["search", "--onlyvisible", "--pid", &pid])
        .iter()
        .filter_map(|w| w.parse::<Window>().ok())
        .filter_map(|w| {
            let g = conn.get_geometry(w).ok()?.reply().ok()?;
            Some((w, g.width, g.height))
        })
        .max_by_key(|&(_, w, h)| ((w, h) == (want_w, want_h), u32::from(w) * u32::from(h)))
        .unwrap_or_else(|| panic!("no visible window of the app (pid {pid})"));
    capture(&conn, window, w, h, name);
}

/// Another program's window (a notification server's bubble), saved as `name.png`.
#[cfg(target_os = "linux")]
pub fn shot_window(window: &str, name: &str) {
    use x11rb::protocol::xproto::{ConnectionExt, Window};

    let (conn, _) = x11rb::connect(None).expect("the X display of the test");
    let window: Window = window.parse().expect("an X window id");
    let g = conn
        .get_geometry(window)
        .expect("GetGeometry sent")
        .reply()
        .expect("the window's size");
    capture(&conn, window, g.width, g.height, name);
}

/// The pixels of `window` (`w` × `h`), as a PNG named `name`.
#[cfg(target_os = "linux")]
fn capture(
    conn: &impl x11rb::connection::Connection,
    window: x11rb::protocol::xproto::Window,
    w: u16,
    h: u16,
    name: &str,
) {
    use x11rb::protocol::xproto::{ConnectionExt, ImageFormat};

    let image = conn
        .get_image(ImageFormat::Z_PIXMAP, window, 0, 0, w, h, !0)
        .expect("GetImage sent")
        .reply()
        .expect("the window's pixels");
    let bpp = conn
        .setup()
        .pixmap_formats
        .iter()
        .find(|f| f.depth == image.depth)
        .map(|f| f.bits_per_pixel);
    assert_eq!(
        bpp,
        Some(32),
        "a 24/32-bit visual (depth {}); Xvfb runs with -screen 0 WxHx24",
        image.depth
    );
    // Z pixmap, 32 bits per pixel, little-endian: B, G, R, unused.
    let rgb: Vec<u8> = image
        .data
        .chunks_exact(4)
        .flat_map(|p| [p[2], p[1], p[0]])
        .collect();
    let mut bytes = Vec::new();
    let mut png = png::Encoder::new(&mut bytes, w.into(), h.into());
    png.set_color(png::ColorType::Rgb);
    png.set_depth(png::BitDepth::Eight);
    png.write_header()
        .and_then(|mut wr| wr.write_image_data(&rgb))
        .expect("the screenshot encoded");
    write(name, &bytes);
}

fn write(name: &str, png: &[u8]) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/e2e-shots");
    std::fs::create_dir_all(&dir).expect("shots folder");
    std::fs::write(dir.join(format!("{name}.png")), png).expect("screenshot written");
}
