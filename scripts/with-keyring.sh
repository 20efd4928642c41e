#!/usr/bin/env bash
# Runs a command in a private D-Bus session with gnome-keyring's Secret Service
# unlocked, so tests use a real OS keychain (issue 7). Its keyrings live in a
# throwaway folder, never in the user's own.
set -euo pipefail
if [ "${KYC_KEYRING_SESSION:-}" = 1 ]; then exec "$@"; fi
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
export KYC_KEYRING_SESSION=1 XDG_DATA_HOME="$home/data" XDG_RUNTIME_DIR="$home/run"
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
dbus-run-session -- bash -c '
  printf test-only | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  exec "$@"' bash "$@"
