#!/usr/bin/env bash
# Compile-checks the app for phones: cargo clippy -D warnings (which type-checks everything
# cargo check does) of the app and its own crates for aarch64-linux-android and aarch64-apple-ios.
#
# It CHECKS ONLY: it links nothing, builds no APK or IPA and runs nothing. This machine has no
# Android NDK or SDK and no Xcode, so the C parts cannot be built for a phone here; they are kept
# out of the way instead, each as its crate allows:
#   - C compilers: Debian's clang behind aarch64-linux-android-clang / aarch64-apple-ios-clang
#     wrappers with an empty sysroot (and for iOS a stub TargetConditionals.h, and SDKROOT so cc-rs
#     does not ask for xcrun);
#   - ring: its own no-libc mode (RING_CORE_NOSTDLIBINC);
#   - libjpeg-turbo: turbojpeg-sys told the library is "explicit" in an empty folder (not built);
#   - the in-process sandbox (bundled SQLite C): the app's `sandbox` feature, left out here.
# Building for a phone needs the NDK or Xcode: see docs/MOBILE.md.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh >/dev/null
apt_install clang lld llvm

targets=(aarch64-linux-android aarch64-apple-ios)
for target in "${targets[@]}"; do
  rustup target list --installed | grep -q "^$target\$" || rustup target add "$target"
done

tools=$(mktemp -d)
trap 'rm -rf "$tools"' EXIT
mkdir -p "$tools/sysroot" "$tools/lib" "$tools/ios-include"
cat >"$tools/ios-include/TargetConditionals.h" <<'H'
/* A stub of Apple's TargetConditionals.h for compile checks without Xcode: an iOS device. */
#ifndef TARGET_CONDITIONALS_STUB_H
#define TARGET_CONDITIONALS_STUB_H
#define TARGET_OS_MAC 1
#define TARGET_OS_IPHONE 1
#define TARGET_OS_IOS 1
#define TARGET_OS_OSX 0
#define TARGET_OS_SIMULATOR 0
#define TARGET_CPU_ARM64 1
#endif
H
wrapper() { # name, clang binary, target flags...
  local name=$1 clang=$2; shift 2
  printf '#!/bin/sh\nexec %s %s --sysroot=%s "$@"\n' "$clang" "$*" "$tools/sysroot" >"$tools/$name"
  chmod +x "$tools/$name"
}
wrapper aarch64-linux-android-clang clang --target=aarch64-linux-android24
wrapper aarch64-linux-android-clang++ clang++ --target=aarch64-linux-android24
wrapper aarch64-apple-ios-clang clang --target=arm64-apple-ios13.0 -isystem "$tools/ios-include"
wrapper aarch64-apple-ios-clang++ clang++ --target=arm64-apple-ios13.0 -isystem "$tools/ios-include"

# The app's own crates that go into a phone build (not the sandbox, the CLI or the test helpers).
crates=(kyc-flow-app kyc-app kyc-core kyc-api-client kyc-camera kyc-flow kyc-imaging kyc-send kyc-log kyc-vault)
packages=()
for crate in "${crates[@]}"; do packages+=(-p "$crate"); done

for target in "${targets[@]}"; do
  echo "== mobile compile check: $target (clippy -D warnings; checks only, links nothing)"
  var=$(echo "$target" | tr 'a-z-' 'A-Z_')
  under=${target//-/_}
  env PATH="$tools:$PATH" SDKROOT="$tools/sysroot" \
    "CC_$under=$target-clang" "CXX_$under=$target-clang++" "AR_$under=llvm-ar" \
    "CFLAGS_$under=-DRING_CORE_NOSTDLIBINC=1" \
    "${var}_TURBOJPEG_SOURCE=explicit" "${var}_TURBOJPEG_LIB_DIR=$tools/lib" \
    CARGO_TARGET_DIR=target/mobile-check \
    cargo clippy --locked --target "$target" --no-default-features "${packages[@]}" -- -D warnings
done
