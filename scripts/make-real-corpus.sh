#!/usr/bin/env bash
# Remakes crates/kyc-vision/tests/real/documents/ and faces/ from their sources and checks every
# file's SHA-256 against documents.tsv and faces.tsv: the fetched repositories (git directories as
# the session tool `fetch` leaves them: <mirrors>/<owner>+<name>/repo) and the scikit-image wheel
# from PyPI. Not run by the tests (the files are committed; the tests check the digests).
set -euo pipefail
cd "$(dirname "$0")/.."
mirrors=${1:-/work/.mirror}
dir=crates/kyc-vision/tests/real
grep -v '^#' "$dir/documents.tsv" | while IFS=$'\t' read -r file _class _lines repo commit path _licence sha; do
  git --git-dir="$mirrors/${repo/\//+}/repo" show "$commit:$path" > "$dir/documents/$file"
  echo "$sha  $dir/documents/$file" | sha256sum -c --quiet -
done
echo "real documents: every file copied from its source and its digest checked"
wheels=$(mktemp -d)
trap 'rm -rf "$wheels"' EXIT
python3 -m pip download --quiet --no-deps --only-binary=:all: --python-version 3.11 \
  --platform manylinux_2_17_x86_64 scikit-image==0.24.0 -d "$wheels"
(cd "$wheels" && python3 -m zipfile -e ./*.whl .)
grep -v '^#' "$dir/faces.tsv" | while IFS=$'\t' read -r file _faces _class _good source version path _licence sha; do
  case "$file" in
    ../*) ;; # committed with the other test photos (tests/data)
    *) if [ "$source" = scikit-image ]; then cp "$wheels/$path" "$dir/$file"
       else git --git-dir="$mirrors/${source/\//+}/repo" show "$version:$path" > "$dir/$file"; fi ;;
  esac
  echo "$sha  $dir/$file" | sha256sum -c --quiet -
done
echo "real faces: every file copied from its source and its digest checked"
