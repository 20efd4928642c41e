#!/usr/bin/env bash
# Builds KYC Flow and launches the desktop app on its built-in sandbox (an in-process KYC server
# with a demo user; data in the app's data directory). Extra arguments go to the app, e.g.
#   ./scripts/run.sh --camera synthetic          # no webcam? use the test scene
#   ./scripts/run.sh --api https://kyc.example/ --token …   # a real KYC API instead of the sandbox
# Without a display (a headless machine) it runs the same three screens with the `kyc` command
# against the sandbox instead, and says so.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  ensure_ui
  cargo build --release --locked -p kyc-flow-app --features custom-protocol
  exec target/release/kyc-flow-app "$@"
fi

echo "run: no display (DISPLAY and WAYLAND_DISPLAY are unset), so the desktop app cannot open a window." >&2
echo "run: running the three screens with the kyc command against the sandbox instead." >&2
cargo build --release --locked -p kyc-cli
kyc=target/release/kyc
addr="${KYC_SANDBOX_ADDR:-127.0.0.1:8787}"
data="${KYC_SANDBOX_DIR:-.kyc-sandbox}"

banner=$(mktemp)
trap 'rm -f "$banner"; [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null; true' EXIT
"$kyc" sandbox --addr "$addr" --data-dir "$data" >"$banner" &
pid=$!
# Wait for the banner (the sandbox prints it once it is listening), or for the sandbox to die.
while ! grep -q '^KYC_TOKEN=' "$banner"; do
  kill -0 "$pid" 2>/dev/null || { wait "$pid"; exit 1; }
  sleep 0.1
done
cat "$banner"
export KYC_API KYC_TOKEN
KYC_API=$(sed -n 's/^KYC_API=//p' "$banner")
KYC_TOKEN=$(sed -n 's/^KYC_TOKEN=//p' "$banner")
rm -f "$banner"

echo
echo "== kyc submit (the three screens, from examples/submit/)"
"$kyc" submit --id-front examples/submit/id-front.png --selfie examples/submit/selfie.jpg \
  --address-proof examples/submit/address-proof.png --fields examples/submit/fields.json
echo
echo "The sandbox keeps running. In another terminal:"
echo "  export KYC_API=$KYC_API KYC_TOKEN=$KYC_TOKEN"
echo "  $kyc profile"
echo "Press Ctrl-C to stop."
wait "$pid"
