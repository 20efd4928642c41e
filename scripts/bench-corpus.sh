#!/usr/bin/env bash
# Builds the real-photo benchmark corpus listed in bench/corpus.list into
# target/bench-corpus/: each photo cropped to 4:3 and sized to 12 MP like a phone's,
# saved 4:2:0 at quality 92 as <name>.jpg (baseline) and <name>-progressive.jpg.
# Installs the Debian packages the photos come from; downloads nothing else.
# Idempotent: a photo already made is kept. Prints the directory.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh >/dev/null
export VIPS_WARNING=1

list=bench/corpus.list
out=target/bench-corpus
mapfile -t packages < <(grep -v '^#' "$list" | awk -F' [|] ' 'NF { print $2 }' | sort -u)
apt_install libvips-tools "${packages[@]}"
mkdir -p "$out"

grep -v '^#' "$list" | while IFS='|' read -r name _ file _; do
  name=$(echo "$name" | xargs)
  file=$(echo "$file" | xargs)
  [ -n "$name" ] || continue
  [ -s "$out/$name.jpg" ] && [ -s "$out/$name-progressive.jpg" ] && continue
  width=$(vipsheader -f width "$file")
  height=$(vipsheader -f height "$file")
  if [ "$height" -gt "$width" ]; then size="3024x4032"; else size="4032x3024"; fi
  tmp=$(mktemp --suffix=.v)
  vips thumbnail "$file" "$tmp" "${size%x*}" --height "${size#*x}" --size both --crop centre
  vips jpegsave "$tmp" "$out/$name.jpg" --Q 92 --subsample-mode on --strip
  vips jpegsave "$tmp" "$out/$name-progressive.jpg" --Q 92 --subsample-mode on --strip --interlace
  rm -f "$tmp"
done
echo "$out"
