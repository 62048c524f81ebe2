#!/usr/bin/env bash
# The installed .deb puts a fleet policy given at install time at /etc/well-softphone/policy.json, and refuses a
# broken one (checked by the app itself) without touching the one in place (README "Deploying to a fleet").
# Needs root; the machine must have no policy of its own (this check would replace it); it leaves none behind.
#   bash scripts/check-deb-policy.sh target/release/bundle/deb/*.deb
set -euo pipefail
deb=${1:?usage: check-deb-policy.sh FILE.deb}
fail() { echo "check-deb-policy: $*" >&2; exit 1; }
target=/etc/well-softphone/policy.json
[ ! -e "$target" ] || fail "this machine has a fleet policy of its own ($target): not replacing it"
sudo_cmd=""
[ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
tmp=$(mktemp -d)
trap '$sudo_cmd rm -rf /etc/well-softphone "$tmp"' EXIT
install_with() {
  $sudo_cmd env DEBIAN_FRONTEND=noninteractive WELL_SOFTPHONE_POLICY="$1" \
    apt-get install -y -qq --no-install-recommends --reinstall "./$deb"
}

cat >"$tmp/good.json" <<'JSON'
{"servers": [{"name": "Main", "baseUrl": "https://cti.example.cc:5088", "domain": "example.cc"}],
 "defaultServer": "Main", "settings": {"maskDigits": 6}, "lock": ["masking", "servers"]}
JSON
install_with "$tmp/good.json" >"$tmp/good.log" 2>&1 || { cat "$tmp/good.log"; fail "a good policy was refused"; }
cmp -s "$tmp/good.json" "$target" || fail "the policy was not installed at $target"
grep -q "locked: masking, servers" "$tmp/good.log" || { cat "$tmp/good.log"; fail "the app's check did not run"; }

printf '{"lock": ["masking", "everything"]}\n' >"$tmp/bad.json"
if install_with "$tmp/bad.json" >"$tmp/bad.log" 2>&1; then
  cat "$tmp/bad.log"
  fail "a broken policy was installed"
fi
grep -q "unknown variant" "$tmp/bad.log" || { cat "$tmp/bad.log"; fail "the refusal does not say why"; }
cmp -s "$tmp/good.json" "$target" || fail "the refused policy touched the one in place"
# The package is left half-configured by the refusal: configuring it again without a policy finishes it.
$sudo_cmd dpkg --configure -a
dpkg-query -W -f='${Status}' well-softphone | grep -q "install ok installed" || fail "the package is not installed"
echo "check-deb-policy: ok — a good policy installed at $target, a broken one refused with its reason"
