#!/usr/bin/env bash
# The Windows installer (packaging/windows/installer.nsi) built with Debian's makensis around the exe in $1
# (default: the Windows check's test build, target-windows/x86_64-pc-windows-gnu/debug), then installed and
# uninstalled silently under Wine, per user and per machine, with the files, the Start-menu entry and the registry
# keys checked after each; the agent's profile survives an uninstall and goes with /PURGE; a fleet policy given with
# /POLICY= is checked by the app itself and installed, a broken one refused.
# Run by scripts/windows.sh (after its build); alone: bash scripts/windows-installer.sh [EXE_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/packages.sh
need_packages "${WINDOWS_PACKAGES[@]}"

exe_dir=${1:-target-windows/x86_64-pc-windows-gnu/debug}
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
out=target-windows/well-softphone-setup-$version.exe
makensis -V2 -WX -DVERSION="$version" -DEXE_DIR="$(realpath "$exe_dir")" -DOUT="$(realpath -m "$out")" \
  packaging/windows/installer.nsi
echo "installer: $out, $(( $(stat -c %s "$out") / 1024 )) KiB (the exe of $exe_dir inside)"

prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
export WINEPREFIX="$prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
/usr/lib/wine/wine64 wineboot -i >/dev/null 2>&1 || true
/usr/lib/wine/wineserver -w || true
# The installer runs the installed exe (--check-policy): Wine 8 lacks the bcryptprimitives.dll Rust's std
# imports, so this prefix gets the same stand-in as the Wine tests (packaging/windows/bcryptprimitives.c; never
# shipped: Windows has the real one since 8).
x86_64-w64-mingw32-gcc-posix -O2 -shared -o "$prefix/drive_c/windows/system32/bcryptprimitives.dll" \
  packaging/windows/bcryptprimitives.c -ladvapi32
run() { /usr/lib/wine/wine64 "$@"; /usr/lib/wine/wineserver -w || true; }
fail() { echo "windows-installer: $*" >&2; exit 1; }
user_dir="$prefix/drive_c/users/$(id -un)"
# A registry value as `reg query` prints it, or nothing.
value() { /usr/lib/wine/wine64 reg query "$1" /ve 2>/dev/null | tr -d '\r' | sed -n 's/^ *(Default) *REG_SZ *//p'; }

check_installed() { # ROOT INSTDIR START_MENU
  local root=$1 dir=$2 menu=$3 scheme
  for f in well-softphone.exe WebView2Loader.dll uninstall.exe; do
    [ -f "$dir/$f" ] || fail "$dir/$f is not installed"
  done
  [ -f "$menu/Well Softphone.lnk" ] || fail "no Start-menu entry in $menu"
  for scheme in tel callto; do
    value "$root\\Software\\Classes\\$scheme\\shell\\open\\command" | grep -q 'well-softphone.exe" "%1"$' \
      || fail "$root: $scheme: links are not handed to the app"
  done
  /usr/lib/wine/wine64 reg query "$root\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\WellSoftphone" \
    /v QuietUninstallString >/dev/null 2>&1 || fail "$root: no Add/Remove Programs entry"
}

check_removed() { # ROOT INSTDIR START_MENU
  local root=$1 dir=$2 menu=$3 scheme
  [ ! -e "$dir" ] || fail "$dir is left after the uninstall"
  [ ! -e "$menu/Well Softphone.lnk" ] || fail "the Start-menu entry is left"
  for scheme in tel callto; do
    /usr/lib/wine/wine64 reg query "$root\\Software\\Classes\\$scheme" >/dev/null 2>&1 \
      && fail "$root: the $scheme: handler is left"
  done
  /usr/lib/wine/wine64 reg query "$root\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\WellSoftphone" \
    >/dev/null 2>&1 && fail "$root: the Add/Remove Programs entry is left"
  return 0
}

# Per user (the default), silent; an agent's profile as the app leaves it.
dir="$user_dir/AppData/Local/Programs/Well Softphone"
menu="$user_dir/AppData/Roaming/Microsoft/Windows/Start Menu/Programs"
run "$out" /S
check_installed HKCU "$dir" "$menu"
profile="$user_dir/AppData/Roaming/well-softphone/default"
mkdir -p "$profile/logs" && echo '{}' >"$profile/settings.json"
run "$dir/uninstall.exe" /S
check_removed HKCU "$dir" "$menu"
[ -f "$profile/settings.json" ] || fail "the uninstall removed the agent's profile"
echo "per user: installed (files, Start menu, tel:/callto:, Add/Remove Programs) and removed; the profile kept"

# Per machine, silent, as fleet tools run it, with a fleet policy; the uninstall with /PURGE takes the profile
# too, and the policy this installer put in place.
dir="$prefix/drive_c/Program Files/Well Softphone"
menu="$prefix/drive_c/ProgramData/Microsoft/Windows/Start Menu/Programs"
policy_dir="$prefix/drive_c/ProgramData/Well Softphone"
windows_path() { local p; p=$(realpath "$1"); echo "Z:${p//\//\\}"; }
cat >"$prefix/good-policy.json" <<'JSON'
{"servers": [{"name": "Main", "baseUrl": "https://cti.example.cc:5088", "domain": "example.cc"}],
 "defaultServer": "Main", "settings": {"maskDigits": 6}, "lock": ["masking", "servers"]}
JSON
printf '{"lock": ["masking", "everything"]}\n' >"$prefix/bad-policy.json"
if /usr/lib/wine/wine64 "$out" /S /ALLUSERS "/POLICY=$(windows_path "$prefix/bad-policy.json")"; then
  fail "the installer took a broken policy"
fi
/usr/lib/wine/wineserver -w || true
[ ! -e "$dir" ] || fail "the refused install left $dir"
[ ! -e "$policy_dir/policy.json" ] || fail "the refused install put the broken policy in place"
run "$out" /S /ALLUSERS "/POLICY=$(windows_path "$prefix/good-policy.json")"
check_installed HKLM "$dir" "$menu"
cmp -s "$prefix/good-policy.json" "$policy_dir/policy.json" || fail "the policy is not at $policy_dir/policy.json"
run "$dir/uninstall.exe" /S /ALLUSERS /PURGE
check_removed HKLM "$dir" "$menu"
[ ! -e "$profile" ] || fail "/PURGE left the agent's profile"
[ ! -e "$policy_dir" ] || fail "the uninstall left the policy it installed"
echo "per machine (/ALLUSERS /POLICY=…): a broken policy refused with nothing left behind; a good one checked by the app and installed at %ProgramData%\\Well Softphone; all removed, /PURGE took the profile"
