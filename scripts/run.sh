#!/usr/bin/env bash
# The README's run command: install what the desktop app needs (idempotent), build it, and start it. With no
# server configured it runs in demo mode against its built-in simulated call center. Arguments are passed to
# the app (e.g. --server https://cti.example.com:5088, --demo-autologin).
#   WELL_XVFB=1 bash scripts/run.sh   runs it on a virtual display (a machine without a screen)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/packages.sh
xvfb=()
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  if [ "${WELL_XVFB:-}" != "1" ]; then
    cat >&2 <<'MSG'
Well Softphone is a desktop app and this session has no display (DISPLAY and WAYLAND_DISPLAY are unset).
Run it from a graphical session, or on a virtual display (Xvfb; screenshots with `import -window root`):
  WELL_XVFB=1 bash scripts/run.sh
MSG
    exit 2
  fi
  need_packages xvfb xauth
  xvfb=(xvfb-run -a -s '-screen 0 1280x800x24')
fi
need_packages "${DESKTOP_PACKAGES[@]}"
ensure_cargo
cargo build --locked --release -p well-softphone
exec "${xvfb[@]}" ./target/release/well-softphone "$@"
