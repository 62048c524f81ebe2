#!/bin/sh
# After the .deb (or .rpm) is installed: a fleet policy given at install time is checked by the app and put at
# its system path, /etc/well-softphone/policy.json (README "Deploying to a fleet"):
#   sudo env WELL_SOFTPHONE_POLICY=/path/to/policy.json apt-get install ./well-softphone_*.deb
# Without the variable nothing happens: a policy placed there by other means (config management) is kept.
set -e
policy="${WELL_SOFTPHONE_POLICY:-}"
if [ -n "$policy" ]; then
  if ! /usr/bin/well-softphone --check-policy "$policy"; then
    echo "well-softphone: the policy $policy is unusable (see above); it was not installed" >&2
    exit 1
  fi
  mkdir -p /etc/well-softphone
  cp "$policy" /etc/well-softphone/policy.json.new
  chmod 0644 /etc/well-softphone/policy.json.new
  mv /etc/well-softphone/policy.json.new /etc/well-softphone/policy.json
  echo "well-softphone: fleet policy installed at /etc/well-softphone/policy.json"
fi
exit 0
