#!/usr/bin/env bash
# The API contract, tested by independent tools (run by `./scripts/test.sh api`, which installs
# them): openapi-spec-validator on the committed document and on the one the sandbox serves, then
# Schemathesis against a real sandbox on loopback (its own SQLite file in a temporary directory)
# with the demo user's token: every check, coverage, fuzzing and stateful phases, a bounded and
# seeded number of examples per operation. EXAMPLES=n changes the bound.
set -euo pipefail
cd "$(dirname "$0")/.."
tools=target/api-tools/bin
kyc=target/debug/kyc
examples="${EXAMPLES:-40}"

"$tools/openapi-spec-validator" docs/openapi.json

work=$(mktemp -d)
trap 'kill "$sandbox" 2>/dev/null || true; wait "$sandbox" 2>/dev/null || true; rm -rf "$work"' EXIT
"$kyc" sandbox --addr 127.0.0.1:0 --data-dir "$work/sandbox" > "$work/sandbox.out" 2>&1 &
sandbox=$!
# The sandbox prints its address and the demo user's token once it listens.
for _ in $(seq 1 200); do
  grep -q '^KYC_TOKEN=' "$work/sandbox.out" && break
  kill -0 "$sandbox" 2>/dev/null || { cat "$work/sandbox.out" >&2; exit 1; }
  sleep 0.05
done
api=$(sed -n 's/^KYC_API=//p' "$work/sandbox.out")
token=$(sed -n 's/^KYC_TOKEN=//p' "$work/sandbox.out")
[ -n "$api" ] && [ -n "$token" ] || { echo "the sandbox did not start:" >&2; cat "$work/sandbox.out" >&2; exit 1; }

curl -fsS "${api}openapi.json" -o "$work/served.json"
"$tools/openapi-spec-validator" "$work/served.json"

# Hooks: a fresh Idempotency-Key and a real image in schema-valid cases (scripts/schemathesis_hooks.py).
(cd "$work" && SCHEMATHESIS_HOOKS=schemathesis_hooks PYTHONPATH="$OLDPWD/scripts" \
  "$OLDPWD/$tools/schemathesis" run "${api}openapi.json" --url "$api" \
  --header "Authorization: Bearer $token" --checks all --max-examples "$examples" --seed 20261202 \
  --no-color)
