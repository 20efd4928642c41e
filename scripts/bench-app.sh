#!/usr/bin/env bash
# Figures for the desktop app: stripped release binary size, start to first interactive screen,
# with and without a keychain, and idle memory (PSS of the app and its WebKit processes), against an
# empty Tauri 2 window, all under Xvfb. The preview frame rate reaching the page is printed by the end-to-end test (scripts/test.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
ensure_ui
ensure_e2e
ensure_keyring
cargo build --release --locked -p kyc-flow-app -p empty-window --features kyc-flow-app/custom-protocol,empty-window/custom-protocol
size=$(stat -c %s target/release/kyc-flow-app)
echo "release binary (stripped by the release profile): $size bytes = $(awk "BEGIN { printf \"%.1f\", $size / 1048576 }") MiB"
file target/release/kyc-flow-app | grep -o 'stripped\|not stripped'
# A private session bus with an unlocked Secret Service, for the "keychain present" runs.
./scripts/with-keyring.sh xvfb-run -a -s "-screen 0 1280x900x24" node e2e/bench/app.js
