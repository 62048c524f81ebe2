#!/usr/bin/env bash
# Make the bundlers' icon files from the artwork (icons/icon.png, 512 px) with the Tauri CLI's `icon` command
# (npm @tauri-apps/cli, pinned in packaging/): icon.ico (Windows: 16, 24, 32, 48, 64 and 256 px) and icon.icns
# (macOS: 16–1024 px). The PNGs of the Linux packages and the tray icons are kept as they are. Run it after the
# artwork changes and commit the result; the test `bundle_icons` checks what tauri.conf.json lists.
set -euo pipefail
cd "$(dirname "$0")/.."
(cd packaging && npm ci --no-audit --no-fund --loglevel=error)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
packaging/node_modules/.bin/tauri icon icons/icon.png --output "$out" >"$out/log" 2>&1 || { cat "$out/log" >&2; exit 1; }
cp "$out/icon.ico" "$out/icon.icns" icons/
ls -l icons/icon.ico icons/icon.icns
