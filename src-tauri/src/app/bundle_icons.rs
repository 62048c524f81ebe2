//! The icons each platform's bundler reads, checked against the configuration compiled into the binary: a
//! missing `.ico` stops the Windows build in tauri-build (the exe's resource), a missing `.icns` leaves the macOS
//! bundle with an icon made from whatever PNGs are listed, and the Linux packages install the PNGs by size.
//! `scripts/icons.sh` makes the `.ico` and `.icns` from `icons/icon.png`.

#[cfg(test)]
mod tests {
    use crate::app::built_config::context;
    use std::path::{Path, PathBuf};

    fn root() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
    }

    fn listed() -> Vec<String> {
        context().config().bundle.icon.clone()
    }

    fn read(name: &str) -> Vec<u8> {
        std::fs::read(root().join(name))
            .unwrap_or_else(|e| panic!("{name} is listed in bundle.icon: {e}"))
    }

    /// The first listed icon with this ending (the one tauri-build and the bundlers take), and its bytes.
    fn first_listed(ending: &str) -> (String, Vec<u8>) {
        let name = listed()
            .into_iter()
            .find(|i| i.ends_with(ending))
            .unwrap_or_else(|| panic!("bundle.icon lists no {ending}"));
        let bytes = read(&name);
        (name, bytes)
    }

    fn be32(b: &[u8], at: usize) -> u32 {
        u32::from_be_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
    }

    fn le16(b: &[u8], at: usize) -> u16 {
        u16::from_le_bytes([b[at], b[at + 1]])
    }

    fn le32(b: &[u8], at: usize) -> u32 {
        u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
    }

    /// Width and height of a PNG, from its IHDR chunk.
    fn png_size(b: &[u8]) -> Option<(u32, u32)> {
        (b.len() >= 24 && b.starts_with(b"\x89PNG\r\n\x1a\n") && &b[12..16] == b"IHDR")
            .then(|| (be32(b, 16), be32(b, 20)))
    }

    /// The square sizes in an ICO file; each image must lie inside the file and be a PNG or a BMP of that size.
    fn ico_sizes(b: &[u8]) -> Vec<u32> {
        assert!(
            b.len() >= 6 && le16(b, 0) == 0 && le16(b, 2) == 1,
            "not an ICO file"
        );
        let count = usize::from(le16(b, 4));
        assert!(
            count > 0 && b.len() >= 6 + 16 * count,
            "ICO directory truncated"
        );
        (0..count)
            .map(|i| {
                let e = &b[6 + 16 * i..22 + 16 * i];
                let side = |v: u8| if v == 0 { 256 } else { u32::from(v) };
                let (w, h) = (side(e[0]), side(e[1]));
                assert_eq!(w, h, "ICO image {i} is not square");
                let (len, off) = (le32(e, 8) as usize, le32(e, 12) as usize);
                let image = b.get(off..off + len).expect("ICO image inside the file");
                match png_size(image) {
                    Some(size) => assert_eq!(size, (w, h), "ICO image {i}: PNG size"),
                    None => assert_eq!(le32(image, 0), 40, "ICO image {i}: neither PNG nor BMP"),
                }
                w
            })
            .collect()
    }

    /// The element types of an ICNS file (each must lie inside the file, lengths adding up).
    fn icns_types(b: &[u8]) -> Vec<String> {
        assert!(b.len() >= 8 && &b[..4] == b"icns", "not an ICNS file");
        assert_eq!(be32(b, 4) as usize, b.len(), "ICNS length");
        let (mut at, mut types) = (8, Vec::new());
        while at < b.len() {
            assert!(at + 8 <= b.len(), "ICNS element header truncated at {at}");
            let len = be32(b, at + 4) as usize;
            assert!(
                len >= 8 && at + len <= b.len(),
                "ICNS element at {at} overruns the file"
            );
            types.push(String::from_utf8_lossy(&b[at..at + 4]).into_owned());
            at += len;
        }
        types
    }

    #[test]
    fn every_listed_icon_exists_and_the_windows_and_macos_formats_are_listed() {
        let icons = listed();
        for name in &icons {
            assert!(
                root().join(name).is_file(),
                "bundle.icon lists {name}, which is missing"
            );
        }
        assert!(
            icons.iter().any(|i| i.ends_with(".ico")),
            "no .ico: the Windows build cannot make its resource"
        );
        assert!(
            icons.iter().any(|i| i.ends_with(".icns")),
            "no .icns for the macOS bundle: {icons:?}"
        );
        for png in ["32x32.png", "128x128.png", "128x128@2x.png", "icon.png"] {
            assert!(
                icons.iter().any(|i| i.ends_with(png)),
                "no {png} for the Linux packages: {icons:?}"
            );
        }
    }

    #[test]
    fn the_windows_icon_has_every_size_windows_shows_from_16_to_256_px() {
        let (ico, bytes) = first_listed(".ico");
        let sizes = ico_sizes(&bytes);
        for size in [16, 24, 32, 48, 64, 256] {
            assert!(sizes.contains(&size), "{ico} lacks {size} px: {sizes:?}");
        }
    }

    #[test]
    fn the_macos_icon_has_every_size_from_16_to_1024_px() {
        let (icns, bytes) = first_listed(".icns");
        let types = icns_types(&bytes);
        // 16 and 32 px (is32, il32), 128, 256 and 512 px (ic07–ic09), and the @2x of 16, 32, 128, 256 and 512
        // (ic11, ic12, ic13, ic14, ic10 — the last is 1024 px).
        for t in [
            "is32", "il32", "ic07", "ic08", "ic09", "ic11", "ic12", "ic13", "ic14", "ic10",
        ] {
            assert!(types.iter().any(|x| x == t), "{icns} lacks {t}: {types:?}");
        }
    }

    #[test]
    fn every_listed_png_is_the_size_its_name_says() {
        for name in listed().iter().filter(|i| i.ends_with(".png")) {
            let (w, h) = png_size(&read(name)).unwrap_or_else(|| panic!("{name} is not a PNG"));
            assert_eq!(w, h, "{name} is not square");
            let file = Path::new(name)
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default();
            if let Some((side, scale)) = file.split_once('x').map(|(a, rest)| {
                let (b, at2x) = rest.split_once('@').map_or((rest, 1), |(b, _)| (b, 2));
                (a.parse::<u32>().ok().filter(|a| b.parse() == Ok(*a)), at2x)
            }) {
                let side = side.unwrap_or_else(|| panic!("{name}: the name says no size"));
                assert_eq!(w, side * scale, "{name} is {w} px");
            } else {
                assert!(
                    w >= 512,
                    "{name}, the artwork the others are made from, is only {w} px"
                );
            }
        }
    }
}
