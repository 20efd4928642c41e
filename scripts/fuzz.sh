#!/usr/bin/env bash
# Fuzzes the image pipeline (`prepare` and `inspect`) for SECONDS (default 900). Not part of the
# test command: run it by hand or on a schedule. A crash, an input that takes over 5 s
# (a CPU bomb) and one that needs over 1 GB (a memory bomb) are all findings, saved by
# libFuzzer in crates/kyc-imaging/fuzz/artifacts/prepare/: copy them to
# crates/kyc-imaging/tests/fuzz-regressions/, which `cargo test` replays.
# Seeds: the committed corpus (progressive JPEGs, 16-bit, palette and interlaced PNGs, made by
# `cargo run -p kyc-hostile -- corpus DIR`) and the regression inputs; a dictionary of markers.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-900}"
source scripts/setup.sh
CARGO_FUZZ_VERSION=0.13.2
if ! cargo install --list | grep -q "^cargo-fuzz v$CARGO_FUZZ_VERSION:"; then
  cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked
fi
cd crates/kyc-imaging/fuzz
# New inputs go to a scratch folder; the committed seeds stay as they are.
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
# cargo-fuzz needs nightly features; RUSTC_BOOTSTRAP enables them on the stable toolchain.
RUSTC_BOOTSTRAP=1 cargo fuzz run prepare "$scratch" seeds/prepare ../tests/fuzz-regressions -- \
  -timeout=5 -rss_limit_mb=1024 -malloc_limit_mb=1024 -max_total_time="$seconds" -dict=prepare.dict \
  -print_final_stats=1
