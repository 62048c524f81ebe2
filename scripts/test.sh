#!/usr/bin/env bash
# The README's test command: installs what a fresh Debian machine of this kind lacks (idempotent), then runs
# every check and test of the workspace. `.ci/run` calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\n==> %s\n' "$*"; }
start=$(date +%s)

# --- system packages ------------------------------------------------------------------------------------------
# What the crates and their tests need: a C toolchain, Python for the scenario generator, Node.js and Chromium
# for the simulator's browser-level check. The desktop-app issue adds WebKitGTK, Xvfb and friends here.
packages=(build-essential pkg-config python3 chromium)
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  log "installing system packages: ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# --- Rust toolchain --------------------------------------------------------------------------------------------
if ! command -v cargo >/dev/null 2>&1; then
  [ -x "$HOME/.cargo/bin/cargo" ] && export PATH="$HOME/.cargo/bin:$PATH"
fi
command -v cargo >/dev/null || { echo "cargo is not installed: install Rust (rustup) first" >&2; exit 1; }
for tool in rustfmt clippy-driver; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: rustup component add ${tool%-driver}" >&2; exit 1; }
done

# --- npm packages of the browser check (pinned by package-lock.json) --------------------------------------------
log "npm ci (crates/sim/tests/browser)"
(cd crates/sim/tests/browser && npm ci --no-audit --no-fund --loglevel=error)

# --- checks ----------------------------------------------------------------------------------------------------
log "scenario files are generated from scenarios/generate.py"
python3 scenarios/generate.py --check

log "cargo fmt --check"
cargo fmt --all -- --check

log "cargo clippy (warnings are errors)"
cargo clippy --workspace --all-targets --locked -- -D warnings

log "cargo test"
cargo test --workspace --locked

log "browser-level check of the simulator (Chromium + the SDK's stompjs 2.3.3)"
cargo test --locked -p well-sim --test browser -- --ignored

log "benchmarks, run once as tests (every iteration must emit a change)"
cargo test --locked -p well-callmodel --bench pipeline --bench stages
cargo test --locked -p well-sim --bench load
cargo test --locked -p well-client --bench latency

log "all checks passed in $(( $(date +%s) - start )) s"
