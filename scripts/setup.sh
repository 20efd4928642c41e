#!/usr/bin/env bash
# Installs what building and testing KYC Flow needs on Debian 12, idempotently:
# only what is missing is installed. Sourced by run.sh and test.sh.
set -euo pipefail

apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${missing[*]}" >&2
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

ensure_rust() {
  if [ -x "$HOME/.cargo/bin/cargo" ]; then
    export PATH="$HOME/.cargo/bin:$PATH"
  fi
  if ! command -v cargo >/dev/null 2>&1; then
    apt_install ca-certificates curl
    echo "setup: installing the Rust toolchain with rustup" >&2
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal --component clippy,rustfmt
    export PATH="$HOME/.cargo/bin:$PATH"
  fi
  if command -v rustup >/dev/null 2>&1; then
    rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy
    rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt
  fi
}

# A C compiler for the bundled SQLite; cmake and nasm build the bundled libjpeg-turbo (with SIMD);
# libclang lets nokhwa generate its V4L2 bindings.
apt_install gcc g++ libc6-dev pkg-config make cmake nasm libclang-dev
# OCR-B (public domain): the MRZ reader's tests print specimen passport pages in it.
apt_install fonts-ocr-b
# The desktop app's webview (Tauri 2 on Linux).
apt_install libwebkit2gtk-4.1-dev
ensure_rust

ensure_npm() {
  if ! command -v npm >/dev/null 2>&1; then
    echo "setup: npm is missing; install Node.js 20 or newer (Debian 12's nodejs is too old for Vite 8)" >&2
    exit 1
  fi
  local major
  major="$(node --version | sed -E 's/^v([0-9]+).*/\1/')"
  if [ "${major:-0}" -lt 20 ]; then
    echo "setup: Node.js $(node --version) is too old; Vite 8 needs Node.js 20 or newer" >&2
    exit 1
  fi
}

# Installs a Node package folder's locked dependencies unless they are already there.
npm_install_in() {
  (cd "$1" && { [ -d node_modules ] && npm ls >/dev/null 2>&1 || npm ci --no-audit --no-fund; })
}

# The app's web UI is built with Node's npm (this machine kind ships Node 20).
ensure_ui() {
  ensure_npm
  npm_install_in ui
  (cd ui && npm run build --silent)
}

# The UI's own tests (catalogues, accessibility with axe-core, keyboard-only flow) and the gallery
# renders run in Debian's Chromium through playwright-core (never a downloaded browser).
# Noto fonts so Thai, Japanese, Chinese and Arabic render as text, not boxes, in the renders.
ensure_browser() {
  apt_install chromium fonts-noto-core fonts-noto-cjk
}

# The end-to-end tests: a display (Xvfb), WebKitWebDriver, tauri-driver (from crates.io; its npm
# package's lock file cannot be installed from a registry without its macOS and Windows parts) and
# WebdriverIO from npm.
TAURI_DRIVER_VERSION=2.1.0
ensure_e2e() {
  apt_install xvfb xauth webkit2gtk-driver
  if ! cargo install --list | grep -q "^tauri-driver v$TAURI_DRIVER_VERSION:"; then
    cargo install tauri-driver --version "$TAURI_DRIVER_VERSION" --locked
  fi
  ensure_npm
  npm_install_in e2e
}

# Desktop packages (tauri's bundler writes the .deb and .rpm itself): `rpm` to list the .rpm's
# contents, `desktop-file-validate` for the installed desktop entry.
ensure_packaging() {
  apt_install rpm desktop-file-utils
  ensure_ui
}

# The API tools from PyPI, pinned, in their own virtual environment (target/api-tools, so a clean
# clone makes its own): openapi-spec-validator checks the OpenAPI document, Schemathesis tests the
# sandbox against it.
SCHEMATHESIS_VERSION=4.32.5
SPEC_VALIDATOR_VERSION=0.9.0
API_TOOLS=target/api-tools
ensure_api_tools() {
  apt_install python3-venv curl
  local stamp="$API_TOOLS/.versions"
  local want="schemathesis==$SCHEMATHESIS_VERSION openapi-spec-validator==$SPEC_VALIDATOR_VERSION"
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    rm -rf "$API_TOOLS"
    /usr/bin/python3 -m venv "$API_TOOLS"
    # shellcheck disable=SC2086
    "$API_TOOLS/bin/pip" install --quiet --disable-pip-version-check $want
    echo "$want" > "$stamp"
  fi
}

# The Windows code paths are type-checked with the GNU target: its standard library and a C cross
# compiler (for the bundled SQLite, libjpeg-turbo and ring).
ensure_windows_check() {
  apt_install gcc-mingw-w64-x86-64
  rustup target list --installed | grep -q '^x86_64-pc-windows-gnu$' || rustup target add x86_64-pc-windows-gnu
}

# A real OS keychain for the tests: gnome-keyring's Secret Service in a private D-Bus session
# (scripts/with-keyring.sh), so the token and the draft key go through the code the app runs.
ensure_keyring() {
  apt_install dbus gnome-keyring
}

# Supply-chain checks: cargo-deny (advisories, licences, duplicate versions, sources).
CARGO_DENY_VERSION=0.20.2
ensure_deny() {
  if ! cargo install --list | grep -q "^cargo-deny v$CARGO_DENY_VERSION:"; then
    cargo install cargo-deny --version "$CARGO_DENY_VERSION" --locked
  fi
}
