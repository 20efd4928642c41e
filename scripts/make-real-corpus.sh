#!/usr/bin/env bash
# Remakes crates/kyc-vision/tests/real/documents/ from the fetched repositories (git directories
# as the session tool `fetch` leaves them: <mirrors>/konstantint+PassportEye/repo and
# <mirrors>/image-js+mrz-detection/repo) and checks every file's SHA-256 against documents.tsv.
# Not run by the tests (the files are committed; the tests check the digests).
set -euo pipefail
cd "$(dirname "$0")/.."
mirrors=${1:-/work/.mirror}
dir=crates/kyc-vision/tests/real
grep -v '^#' "$dir/documents.tsv" | while IFS=$'\t' read -r file _class _lines repo commit path _licence sha; do
  git --git-dir="$mirrors/${repo/\//+}/repo" show "$commit:$path" > "$dir/documents/$file"
  echo "$sha  $dir/documents/$file" | sha256sum -c --quiet -
done
echo "real documents: every file copied from its source and its digest checked"
