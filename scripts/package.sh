#!/usr/bin/env bash
# Release packages for Linux: the .deb and .rpm tauri's bundler writes (offline), and their sizes.
# AppImage is not made: its bundler downloads linuxdeploy and its plugins at build time, which a
# build without network cannot do. Windows: `--windows` also links the real .exe with Debian's
# mingw-w64 (x86_64-pc-windows-gnu); see README "Packages" for the installer.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
ensure_packaging
ui/node_modules/.bin/tauri build --bundles deb rpm --ci -- --locked
for f in target/release/bundle/deb/*.deb target/release/bundle/rpm/*.rpm; do
  echo "$f: $(stat -c %s "$f") bytes = $(awk "BEGIN { printf \"%.1f\", $(stat -c %s "$f") / 1048576 }") MiB"
done
deb=$(ls target/release/bundle/deb/*.deb)
echo "installed size of the .deb: $(dpkg-deb --field "$deb" Installed-Size) KiB"
if [ "${1:-}" = "--windows" ]; then
  ensure_windows_check
  cargo build --release --locked --target x86_64-pc-windows-gnu -p kyc-flow-app --features kyc-flow-app/custom-protocol
  exe=target/x86_64-pc-windows-gnu/release/kyc-flow-app.exe
  echo "$exe: $(stat -c %s "$exe") bytes; $(file -b "$exe")"
fi
