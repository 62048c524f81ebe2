#!/usr/bin/env bash
# Build the Linux installers (.deb and .rpm) of the desktop app with the Tauri CLI from npm (prebuilt; pinned
# by packaging/package-lock.json). The config stays at the repository root: src-tauri/ holds symlinks to it,
# to ui/ and to icons/ because the CLI wants the config next to a Cargo.toml with [package] (TOOLING).
# Output: target/release/bundle/{deb,rpm}/.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/packages.sh
need_packages "${DESKTOP_PACKAGES[@]}" "${PACKAGING_PACKAGES[@]}"
ensure_cargo
(cd packaging && npm ci --no-audit --no-fund --loglevel=error)
TAURI_APP_PATH=src-tauri CI=true packaging/node_modules/.bin/tauri build --bundles deb,rpm "$@"
ls -l target/release/bundle/deb/*.deb target/release/bundle/rpm/*.rpm
