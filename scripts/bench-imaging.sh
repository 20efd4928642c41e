#!/usr/bin/env bash
# Compares whole-process `kyc prepare` with libvips' `vipsthumbnail` at the same
# 1920 px long edge, on the real-photo corpus (bench/corpus.list, baseline and
# progressive) and on two synthetic pictures (a card on a table; a specimen passport
# page). Per picture: CPU time (user + system) and peak memory (max RSS) of the one
# process (bench/rusage.py, from wait4), each the
# median of RUNS runs (default 5) taken alternately, both output sizes, and kyc's
# chosen quality and number of full-size encodes. Then the medians over the real
# photos, the checks the speed issue sets, the search against encoding at every
# quality, and the specimen MRZ's structural similarity after preparation and its
# reading by the app's MRZ reader before and after.
#
# vipsthumbnail encodes once at Q=85 with standard tables and no byte budget; kyc
# finds the highest quality that fits 600 KB.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh >/dev/null
apt_install libvips-tools python3-pil python3-numpy fonts-ocr-b fonts-dejavu-core
# Debian's Python, where apt put numpy and Pillow (a python3 earlier on PATH may lack them).
py=/usr/bin/python3
export VIPS_WARNING=1

runs="${RUNS:-5}"
budget=600000
corpus=$(scripts/bench-corpus.sh)
cargo build --release --locked -q -p kyc-cli
cargo build --release --locked -q -p kyc-imaging --example make_phone_photo --example search_check
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
target/release/examples/make_phone_photo "$work/synthetic-card.jpg"
mrz_box=$("$py" bench/specimen_passport.py "$work/specimen-passport.jpg")

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
timed() { # output file for "cpu rss", command...
  local out=$1; shift
  "$py" bench/rusage.py "$@" >>"$out"
}

printf '%-24s %8s %8s %6s %8s %8s %6s %9s %9s %4s %3s\n' \
  photo kyc_cpu vips_cpu ratio kyc_MB vips_MB ratio kyc_bytes vips_bytes q enc
: >"$work/rows"
for input in "$corpus"/*.jpg "$work/synthetic-card.jpg" "$work/specimen-passport.jpg"; do
  name=$(basename "$input" .jpg)
  : >"$work/kyc"
  : >"$work/vips"
  for _ in $(seq "$runs"); do
    timed "$work/kyc" target/release/kyc prepare "$input" "$work/k.jpg" --max-edge 1920 --max-bytes "$budget"
    timed "$work/vips" vipsthumbnail "$input" --size 1920x1920 -o "$work/v.jpg[Q=85,strip]"
  done
  said=$(target/release/kyc prepare "$input" "$work/k.jpg" --max-edge 1920 --max-bytes "$budget" 2>&1)
  quality=$(sed -nE 's/.*quality ([0-9]+).*/\1/p' <<<"$said")
  encodes=$(sed -nE 's/.*, ([0-9]+) encodes?\).*/\1/p' <<<"$said")
  long=$(( $(vipsheader -f width "$work/k.jpg") > $(vipsheader -f height "$work/k.jpg") ? \
    $(vipsheader -f width "$work/k.jpg") : $(vipsheader -f height "$work/k.jpg") ))
  kind=real
  [ "$input" = "${input#"$corpus"}" ] && kind=synthetic
  echo "$name $kind $(cut -d' ' -f1 "$work/kyc" | median) $(cut -d' ' -f1 "$work/vips" | median)" \
    "$(cut -d' ' -f2 "$work/kyc" | median) $(cut -d' ' -f2 "$work/vips" | median)" \
    "$(stat -c %s "$work/k.jpg") $(stat -c %s "$work/v.jpg") $quality $encodes $long" >>"$work/rows"
  tail -1 "$work/rows" | awk '{ printf "%-24s %8.3f %8.3f %6.2f %8.1f %8.1f %6.2f %9d %9d %4d %3d\n",
    $1, $3, $4, $3 / $4, $5 / 1024, $6 / 1024, $5 / $6, $7, $8, $9, $10 }'
done

echo
echo "Real photos ($(grep -c ' real ' "$work/rows") pictures, median of $runs runs each):"
grep ' real ' "$work/rows" | awk '{ print $3 / $4 }' | median | awk '{ printf "  median CPU ratio kyc/vips    : %.2f (target ≤ 0.80)\n", $1 }'
grep ' real ' "$work/rows" | awk '{ print $5 / $6 }' | median | awk '{ printf "  median memory ratio kyc/vips : %.2f (target ≤ 1.50)\n", $1 }'
grep ' real ' "$work/rows" | awk '{ print $5 / $6 }' | sort -n | tail -1 | awk '{ printf "  worst memory ratio kyc/vips  : %.2f\n", $1 }'
awk -v b="$budget" '{ if ($7 > b || $11 > 1920) bad++ } END {
  printf "  every kyc output ≤ %d bytes and ≤ 1920 px: %s\n", b, bad ? "NO (" bad ")" : "yes" }' "$work/rows"
awk '{ n[$10]++ } END { printf "  full encodes per picture    :"; for (e in n) printf " %d×%s", n[e], e; print "" }' "$work/rows"

echo
echo "The search against encoding at every quality (chosen, encodes, highest that fits):"
target/release/examples/search_check "$corpus"/*.jpg "$work/synthetic-card.jpg" >"$work/search"
awk '{ d = $4 - $2; n++; if (d == 0) same++; if (d > worst) worst = d } END {
  printf "  %d of %d pictures at the highest quality that fits; worst shortfall %d step(s)\n", same, n, worst }' "$work/search"

echo
read -r x0 y0 x1 y1 <<<"$mrz_box"
read -r _ chosen _ exact ssim_chosen ssim_exact < <(target/release/examples/search_check \
  --region "$x0,$y0,$x1,$y1" "$work/specimen-passport.jpg")
echo "Specimen passport MRZ after preparation (SSIM of the MRZ band to the fitted original):"
echo "  quality chosen $chosen: SSIM $ssim_chosen; highest that fits ($exact): SSIM $ssim_exact"

echo
echo "Specimen passport MRZ read by the app's reader (kyc read-document), before and after preparation:"
target/release/kyc prepare "$work/specimen-passport.jpg" "$work/specimen-prepared.jpg" \
  --max-edge 1920 --max-bytes "$budget" >/dev/null 2>&1
for picture in specimen-passport specimen-prepared; do
  target/release/kyc read-document "$work/$picture.jpg" | "$py" -c '
import json, sys
r = json.load(sys.stdin)
said = "fields read, every check digit holds" if r["fields"] else "NOT READ (%s)" % r["problem"]
print("  %-18s %s: %s" % (sys.argv[1], said, " / ".join(r["lines"])))' "$picture"
done
