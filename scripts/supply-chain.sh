#!/usr/bin/env bash
# Supply-chain checks, run by test.sh: cargo deny (licences, duplicate versions, sources; and
# RustSec advisories) and npm audit for the UI and the end-to-end tests. A finding fails.
# The advisory databases live on github.com (RustSec) and behind npm's audit endpoint; where this
# machine's network refuses them, the check says so plainly (NOT CHECKED) instead of passing silently.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo deny --locked check bans licenses sources

if out=$(cargo deny --locked check advisories 2>&1); then
  echo "$out" | tail -n 1
elif grep -q "failed to fetch advisory database" <<<"$out"; then
  echo "supply chain: RustSec advisories NOT CHECKED: the database (github.com/RustSec/advisory-db) cannot be reached from this machine"
else
  echo "$out"
  exit 1
fi

for dir in ui e2e; do
  if out=$(cd "$dir" && npm audit --audit-level=low 2>&1); then
    echo "npm audit ($dir): $(tail -n 1 <<<"$out")"
  elif grep -qE "audit endpoint returned an error|ENOTFOUND|EAI_AGAIN|ECONNREFUSED" <<<"$out"; then
    echo "supply chain: npm audit ($dir) NOT CHECKED: the registry's audit endpoint refused ($(grep -m1 -oE '[0-9]{3} [A-Za-z ]+ - POST|ENOTFOUND|EAI_AGAIN|ECONNREFUSED' <<<"$out" || echo 'no answer'))"
  else
    echo "$out"
    exit 1
  fi
done
