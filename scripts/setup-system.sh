#!/usr/bin/env bash
# Installs the Debian packages that the tests and `npm start` need, asking dpkg for each package
# by name (a command on PATH can come from elsewhere and hide a missing package). This is the one
# list; docs/testing.md explains each entry. Idempotent; needs root or sudo only when something is
# missing. On failure it prints the last lines of apt's log, not just "failed".
set -euo pipefail

# package             why
PACKAGES=(
  chromium            # the e2e browser and the integration tier's window (recommends bring fonts)
  ripgrep             # the VS Code server's search binary, which it would otherwise download
  libkrb5-dev         # gssapi.h for the `kerberos` addon built by the VS Code server's install
  g++ make python3    # node-gyp builds the VS Code server's native addons (node-pty, kerberos…)
  git                 # git capture in runs and the tests' real repositories
  python3-scipy       # the reference implementation the drift statistics are checked against
)

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'ok installed'; }

need=()
for pkg in "${PACKAGES[@]}"; do installed "$pkg" || need+=("$pkg"); done
[ ${#need[@]} -eq 0 ] && exit 0

echo "setup-system: installing ${need[*]}"
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
LOG="$(mktemp -t mlops-setup-system.XXXXXX.log)"
if ! { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq "${need[@]}"; } >"$LOG" 2>&1; then
  echo "setup-system: installing ${need[*]} failed; the last lines of $LOG:" >&2
  tail -n 30 "$LOG" >&2
  exit 1
fi
for pkg in "${need[@]}"; do
  installed "$pkg" || { echo "setup-system: $pkg is still not installed; see $LOG" >&2; exit 1; }
done
