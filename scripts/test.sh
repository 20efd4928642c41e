#!/usr/bin/env bash
# Runs every test of KYC Flow. Installs what it needs first (see setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
echo "== ui (type check; catalogues, axe-core on every state, keyboard-only flow in Chromium; gallery renders)"
ensure_ui
ensure_browser
(cd ui && npm run check --silent && npm test && npm run render --silent)
echo "== format"
cargo fmt --all -- --check
echo "== lint"
cargo clippy --workspace --all-targets --locked -- -D warnings
echo "== supply chain (cargo deny; npm audit)"
ensure_deny
./scripts/supply-chain.sh
echo "== tests (with a real Secret Service for the keychain)"
ensure_keyring
./scripts/with-keyring.sh cargo test --workspace --locked
echo "== windows (cargo check --target x86_64-pc-windows-gnu)"
ensure_windows_check
cargo check --workspace --locked --target x86_64-pc-windows-gnu
echo "== end to end (the built app under Xvfb, over WebDriver; screenshots in e2e/screenshots/)"
ensure_e2e
cargo build --locked -p kyc-cli -p kyc-flow-app --features kyc-flow-app/custom-protocol
ensure_keyring
./scripts/with-keyring.sh xvfb-run -a -s "-screen 0 1280x900x24" npm --prefix e2e test
