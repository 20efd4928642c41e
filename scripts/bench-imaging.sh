#!/usr/bin/env bash
# Compares whole-process `kyc prepare` with libvips' `vipsthumbnail` on the same
# synthetic 12-megapixel phone-style JPEG, fitted to the same 1920 px long edge.
# Prints CPU time (user + system), peak memory (max RSS) and output size of each,
# as the median of RUNS runs (default 7).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
apt_install libvips-tools time

runs="${RUNS:-7}"
cargo build --release --locked -q -p kyc-cli
cargo build --release --locked -q -p kyc-imaging --example make_phone_photo
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
target/release/examples/make_phone_photo "$work/phone.jpg"

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

measure() { # name, output file, command...
  local name=$1 out=$2; shift 2
  : >"$work/runs"
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%U %S %M" -o "$work/t" "$@" >/dev/null 2>&1
    awk '{ printf "%.3f %d\n", $1 + $2, $3 }' "$work/t" >>"$work/runs"
  done
  echo "$name $(cut -d' ' -f1 "$work/runs" | median) $(cut -d' ' -f2 "$work/runs" | median) $(stat -c %s "$out")"
}

kyc=$(measure kyc "$work/kyc.jpg" target/release/kyc prepare "$work/phone.jpg" "$work/kyc.jpg" --max-edge 1920 --max-bytes 600000)
vips=$(measure vips "$work/vips.jpg" vipsthumbnail "$work/phone.jpg" --size 1920x1920 -o "$work/vips.jpg[strip]")
read -r _ kcpu krss ksize <<<"$kyc"
read -r _ vcpu vrss vsize <<<"$vips"
echo "input: $(stat -c %s "$work/phone.jpg") bytes, 4032×3024, median of $runs runs"
echo "kyc prepare   : cpu ${kcpu} s, peak ${krss} KB, output ${ksize} bytes ($(vipsheader "$work/kyc.jpg" | cut -d' ' -f2))"
echo "vipsthumbnail : cpu ${vcpu} s, peak ${vrss} KB, output ${vsize} bytes ($(vipsheader "$work/vips.jpg" | cut -d' ' -f2))"
awk -v kc="$kcpu" -v vc="$vcpu" -v kr="$krss" -v vr="$vrss" 'BEGIN {
  printf "cpu ratio kyc/vips    : %.2f (target ≤ 0.80)\n", kc / vc
  printf "memory ratio kyc/vips : %.2f (target ≤ 1.50)\n", kr / vr }'
[ "$ksize" -le 600000 ] && echo "kyc output ≤ 600 KB: yes" || echo "kyc output ≤ 600 KB: NO"
