#!/usr/bin/env bash
# Fuzz the STOMP decoder and the event parser with cargo-fuzz (libFuzzer) on the stable toolchain, without a
# sanitizer (`-s none`: AddressSanitizer needs nightly), starting from the committed seed corpus
# (fuzz/corpus/<target>, made from the protocol fixtures). Seconds per target: $1 (default 60). The seed is
# fixed (FUZZ_SEED, default 1) so that a CI run is reproducible; set FUZZ_SEED=0 for a random one.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
seed=${FUZZ_SEED:-1}
if ! cargo fuzz --help >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked
fi
cd fuzz
for target in stomp_decoder event_parser; do
  # A copy of the seeds: what libFuzzer adds during the run stays out of the committed corpus.
  work=$(mktemp -d)
  cp corpus/"$target"/* "$work"/
  printf '\n--> fuzzing %s for %s s\n' "$target" "$seconds"
  if cargo fuzz run -s none "$target" "$work" -- -max_total_time="$seconds" -max_len=65536 -seed="$seed" >"$work.log" 2>&1; then
    grep -E '^Done [0-9]+ runs' "$work.log" || tail -n 3 "$work.log"
  else
    grep -A4 "panicked at" "$work.log" | head -n 20 || true
    grep -E "^(SUMMARY|artifact_prefix)" "$work.log" || tail -n 20 "$work.log"
    echo "fuzz: $target found a failure (the input is in fuzz/artifacts/$target/)" >&2
    exit 1
  fi
  rm -rf "$work" "$work.log"
done
