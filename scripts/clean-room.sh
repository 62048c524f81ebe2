#!/usr/bin/env bash
# Run the README's test command in a clean Debian root that has only what a new machine of this kind has:
# debootstrap's bookworm (minbase), then the image's Debian packages (scripts/clean-room.packages), NodeSource's
# Node.js repacked from this machine (its repository is not reachable), and the machine's Rust toolchain copied
# in (rustup cannot download one). Nothing else: no apt cache, no cargo registry, no target/, no tool installed
# by hand. A fresh clone of HEAD (and ../shared beside it, as CI has it) is tested there, as root, with CI=true,
# under chroot. The root is made anew each run; the log is ROOT.log.
#   bash scripts/clean-room.sh [ROOT]        default /var/tmp/well-clean-room
# Run it alone: its Xvfb and this machine's share abstract X sockets (one network namespace).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
root=${1:-/var/tmp/well-clean-room}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
[ "$(id -u)" -eq 0 ] || { echo "clean-room: needs root (debootstrap, chroot, mounts)" >&2; exit 2; }
source scripts/packages.sh
need_packages debootstrap dpkg-repack
# One run per root: a second one would delete the root under the first.
mkdir -p "$(dirname "$root")"
exec 9>"$root.lock"
flock -n 9 || { echo "clean-room: another run is using $root" >&2; exit 2; }
log() { printf '\n==> clean-room: %s\n' "$*"; }

mounts=()
cleanup() {
  local i
  for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do umount -l "${mounts[$i]}" 2>/dev/null || true; done
}
trap cleanup EXIT
bind() { mkdir -p "$root$2"; mount "${@:3}" "$1" "$root$2"; mounts+=("$root$2"); }

started=$(date +%s)
if [ -e "$root" ]; then
  for m in $(findmnt -rno TARGET | grep "^$root" | sort -r); do umount -l "$m"; done
  rm -rf --one-file-system "$root"
fi
log "debootstrap bookworm (minbase) into $root"
debootstrap --variant=minbase bookworm "$root" "$mirror" >"$root.debootstrap.log" 2>&1 ||
  { tail -n 20 "$root.debootstrap.log" >&2; exit 1; }
# The machine's apt sources (bookworm, -updates, -security) in place of debootstrap's one line.
if [ -f /etc/apt/sources.list.d/debian.sources ]; then
  cp /etc/apt/sources.list.d/debian.sources "$root/etc/apt/sources.list.d/"
  rm -f "$root/etc/apt/sources.list"
fi
cp /etc/resolv.conf "$root/etc/resolv.conf"
bind proc /proc -t proc
bind sysfs /sys -t sysfs
bind /dev /dev --bind
bind /dev/pts /dev/pts --bind
bind tmpfs /dev/shm -t tmpfs
# The environment CI has: the machine's, less what this session set; here the CA-bundle variables of the image.
ca_env=()
for var in SSL_CERT_FILE SSL_CERT_DIR CURL_CA_BUNDLE NODE_EXTRA_CA_CERTS GIT_SSL_CAINFO REQUESTS_CA_BUNDLE PIP_CERT; do
  [ -n "${!var:-}" ] && ca_env+=("$var=${!var}")
done
in_root() { chroot "$root" /usr/bin/env -i HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "${ca_env[@]}" \
  PATH=/root/.cargo/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$@"; }

log "the Debian packages of a new machine of this kind"
in_root apt-get update -qq
available=$(in_root apt-cache pkgnames | sort -u)
wanted=$(grep -v '^#' scripts/clean-room.packages | sort -u)
install=$(comm -12 <(echo "$wanted") <(echo "$available") | grep -vx nodejs || true)
dropped=$(comm -23 <(echo "$wanted") <(echo "$available") | grep -vx nodejs | tr '\n' ' ' || true)
echo "installing $(wc -w <<<"$install") packages; not in the reachable archive, dropped: ${dropped:-none}"
# shellcheck disable=SC2086 # one word per package
in_root apt-get install -y -qq --no-install-recommends $install >"$root.apt.log" 2>&1 ||
  { tail -n 30 "$root.apt.log" >&2; exit 1; }
if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
  log "the machine's own certificate authorities (its HTTPS egress goes through them)"
  cp /usr/local/share/ca-certificates/*.crt "$root/usr/local/share/ca-certificates/"
  in_root update-ca-certificates >/dev/null
fi
if dpkg-query -W nodejs >/dev/null 2>&1; then
  log "Node.js as on a new machine (NodeSource's package, repacked from this one)"
  work=$(mktemp -d)
  (cd "$work" && dpkg-repack nodejs >/dev/null 2>&1)
  cp "$work"/nodejs_*.deb "$root/tmp/"
  in_root sh -c 'dpkg -i /tmp/nodejs_*.deb >/dev/null && rm /tmp/nodejs_*.deb'
  rm -rf "$work"
  # The machine upgrades npm when it starts (npm 11 over the package's own): files dpkg does not know of.
  rm -rf "$root/usr/lib/node_modules/npm"
  cp -a /usr/lib/node_modules/npm "$root/usr/lib/node_modules/npm"
fi
log "the machine's Rust toolchain (rustup's, as on a new machine)"
mkdir -p "$root/root/.cargo"
cp -a "$HOME/.rustup" "$root/root/.rustup"
mkdir -p "$root/root/.cargo/bin"
rustup_binary=$(readlink -f "$HOME/.cargo/bin/rustup")
for proxy in "$HOME"/.cargo/bin/*; do
  # rustup and its proxies only (links to it); tools a session installed by hand (cargo install) stay out.
  [ "$(readlink -f "$proxy")" = "$rustup_binary" ] && cp -a "$proxy" "$root/root/.cargo/bin/"
done
[ -x "$root/root/.cargo/bin/cargo" ] || { echo "clean-room: no rustup proxy for cargo in ~/.cargo/bin" >&2; exit 1; }

log "a fresh clone of HEAD ($(git rev-parse --short HEAD)) and ../shared"
mkdir -p "$root/work"
git clone -q "$repo" "$root/work/main"
[ -d "$repo/../shared" ] && cp -a "$repo/../shared" "$root/work/shared" && chmod -R a-w "$root/work/shared"
echo "prepared in $(( $(date +%s) - started )) s"

log "the test command (CI=true bash .ci/run) inside the root"
test_start=$(date +%s)
set +e
in_root CI=true bash -c 'cd /work/main && bash .ci/run' 2>&1 | tee "$root.log"
rc=${PIPESTATUS[0]}
set -e
echo "clean-room: the test command exited $rc after $(( $(date +%s) - test_start )) s (preparing the root: $(( test_start - started )) s); log: $root.log"
exit "$rc"
