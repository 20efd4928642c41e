#!/usr/bin/env bash
# Runs every test of KYC Flow. Installs what it needs first (see setup.sh).
#
#   ./scripts/test.sh              everything, cheapest first (what CI runs)
#   ./scripts/test.sh lint         format, clippy and the supply chain
#   ./scripts/test.sh rust         the Rust tests (real Secret Service), the Windows and the phone compile checks
#   ./scripts/test.sh ui           svelte-check, the UI tests in Chromium and the gallery renders
#   ./scripts/test.sh api          the OpenAPI document (openapi-spec-validator) and Schemathesis against the sandbox
#   ./scripts/test.sh e2e          the built app under Xvfb over WebDriver
# Several may be named: ./scripts/test.sh lint rust
set -euo pipefail
cd "$(dirname "$0")/.."

subsets=("$@")
[ ${#subsets[@]} -gt 0 ] || subsets=(lint rust api ui e2e)
for subset in "${subsets[@]}"; do
  case "$subset" in
    lint | rust | api | ui | e2e) ;;
    *)
      echo "test.sh: unknown subset \"$subset\"; choose from lint, rust, api, ui, e2e (none: all)" >&2
      exit 2
      ;;
  esac
done

source scripts/setup.sh
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

run_lint() {
  echo "== format"
  cargo fmt --all -- --check
  echo "== lint"
  ensure_ui # the app embeds the built UI, so even clippy needs it
  cargo clippy --workspace --all-targets --locked -- -D warnings
  echo "== supply chain (cargo deny; npm audit)"
  ensure_deny
  ./scripts/supply-chain.sh
}

run_rust() {
  echo "== tests (with a real Secret Service for the keychain)"
  ensure_ui # the app embeds the built UI
  ensure_keyring
  ./scripts/with-keyring.sh cargo test --workspace --locked
  echo "== windows (cargo check --target x86_64-pc-windows-gnu)"
  ensure_windows_check
  cargo check --workspace --locked --target x86_64-pc-windows-gnu
  ./scripts/check-mobile.sh
}

run_ui() {
  echo "== ui (type check; catalogues, axe-core on every state, phone-sized states, keyboard-only flow in Chromium; gallery renders)"
  ensure_ui
  ensure_browser
  # The UI tests and renders run on the designers' preview build; the bundle test also reads the app's build.
  (cd ui && npm run check --silent && npm run build:preview --silent && npm test && npm run render --silent)
}

run_api() {
  echo "== API contract (docs/openapi.json: openapi-spec-validator; Schemathesis against a real sandbox)"
  ensure_api_tools
  # The same build as the end-to-end run's (so it is made once): `kyc` is what serves the sandbox.
  ensure_ui
  cargo build --locked -p kyc-cli -p kyc-flow-app --features kyc-flow-app/custom-protocol
  ./scripts/api-test.sh
}

run_e2e() {
  echo "== end to end (the built app under Xvfb, over WebDriver; screenshots in e2e/screenshots/)"
  ensure_ui
  ensure_e2e
  cargo build --locked -p kyc-cli -p kyc-flow-app --features kyc-flow-app/custom-protocol
  # The debug build bundled as .deb and .rpm, for the install test (e2e/tests/package.test.js).
  ensure_packaging
  ui/node_modules/.bin/tauri build --debug --bundles deb rpm --ci -- --locked
  ensure_keyring
  ./scripts/with-keyring.sh xvfb-run -a -s "-screen 0 1280x900x24" npm --prefix e2e test
}

for subset in "${subsets[@]}"; do
  "run_$subset"
done
