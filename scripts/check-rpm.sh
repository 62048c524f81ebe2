#!/usr/bin/env bash
# Check the built .rpm the way a packager would, with rpm itself: it requires WebKitGTK 4.1, GTK 3 and the tray
# library under their Fedora/openSUSE names, installs the binary, a .desktop entry and an icon set; print its size.
#   bash scripts/check-rpm.sh target/release/bundle/rpm/*.rpm
set -euo pipefail
rpmfile=${1:?usage: check-rpm.sh FILE.rpm}
fail() { echo "check-rpm: $*" >&2; exit 1; }
requires=$(rpm -qp --requires "$rpmfile" 2>/dev/null) || fail "rpm cannot read $rpmfile"
files=$(rpm -qpl "$rpmfile" 2>/dev/null)
for dep in webkit2gtk4.1 gtk3 libayatana-appindicator-gtk3; do
  grep -qx "$dep" <<<"$requires" || fail "Requires lacks $dep ($(tr '\n' ' ' <<<"$requires"))"
done
grep -qx "/usr/bin/well-softphone" <<<"$files" || fail "no /usr/bin/well-softphone"
grep -q "^/usr/share/applications/.*\.desktop$" <<<"$files" || fail "no .desktop entry"
icons=$(grep -c "^/usr/share/icons/hicolor/.*/apps/well-softphone.png$" <<<"$files" || true)
((icons >= 3)) || fail "only $icons icon sizes"
name=$(rpm -qp --queryformat '%{NAME}-%{VERSION}-%{RELEASE}.%{ARCH}' "$rpmfile" 2>/dev/null)
printf 'check-rpm: ok — %s, %s bytes, %s icon sizes\n' "$name" "$(stat -c %s "$rpmfile")" "$icons"
