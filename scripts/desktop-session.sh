#!/usr/bin/env bash
# Run a command the way the desktop tests need it: a private D-Bus session bus with an unlocked gnome-keyring
# (the secret service), a session keyring for keyutils, and a virtual X display (Xvfb). Nothing it starts
# outlives the command.
#   bash scripts/desktop-session.sh COMMAND [ARGS...]
set -euo pipefail
if [ "${WELL_DESKTOP_SESSION:-}" != "inner" ]; then
  # Run on its own (say, one e2e test by hand on a new machine), it installs what it starts (idempotent).
  source "$(dirname "$0")/packages.sh"
  need_packages "${DESKTOP_TEST_PACKAGES[@]}"
  export WELL_DESKTOP_SESSION=inner
  exec dbus-run-session -- keyctl session - xvfb-run -a -s '-screen 0 1280x800x24' bash "$0" "$@"
fi
# A keyring of this run only, unlocked with a throw-away password.
keyrings=$(mktemp -d)
export XDG_DATA_HOME="$keyrings"
eval "$(printf 'well-softphone-tests' | gnome-keyring-daemon --unlock --components=secrets | sed 's/^/export /')"
trap 'rm -rf "$keyrings"' EXIT
"$@"
