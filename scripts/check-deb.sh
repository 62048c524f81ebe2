#!/usr/bin/env bash
# Check the built .deb the way a packager would: it declares its dependencies, installs the binary, a
# .desktop entry that handles tel: and callto: links, and an icon set; print its size (target: 15 MB).
#   bash scripts/check-deb.sh target/release/bundle/deb/*.deb
set -euo pipefail
deb=${1:?usage: check-deb.sh FILE.deb}
fail() { echo "check-deb: $*" >&2; exit 1; }
info=$(dpkg-deb -I "$deb")
files=$(dpkg-deb -c "$deb")
for dep in libwebkit2gtk-4.1-0 libgtk-3-0 libayatana-appindicator3-1; do
  grep -q "Depends:.*$dep" <<<"$info" || fail "Depends lacks $dep"
done
grep -q "Recommends:.*fonts-noto-cjk" <<<"$info" || fail "Recommends lacks a CJK font"
grep -q "usr/bin/well-softphone$" <<<"$files" || fail "no /usr/bin/well-softphone"
icons=$(grep -c "usr/share/icons/hicolor/.*/apps/well-softphone.png" <<<"$files" || true)
((icons >= 3)) || fail "only $icons icon sizes"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dpkg-deb -x "$deb" "$tmp"
desktop=$(find "$tmp/usr/share/applications" -name '*.desktop' | head -n 1)
[ -n "$desktop" ] || fail "no .desktop entry"
grep -q "^MimeType=.*x-scheme-handler/tel" "$desktop" || fail "the .desktop entry does not handle tel: ($(grep MimeType "$desktop" || echo none))"
grep -q "^MimeType=.*x-scheme-handler/callto" "$desktop" || fail "the .desktop entry does not handle callto:"
grep -q "^Exec=.*%U" "$desktop" || fail "the .desktop Exec does not pass the link (%U)"
bytes=$(stat -c %s "$deb")
printf 'check-deb: ok — %s, %s bytes (%.1f MiB), %s icon sizes\n' "$(basename "$deb")" "$bytes" "$(echo "$bytes / 1048576" | bc -l)" "$icons"
