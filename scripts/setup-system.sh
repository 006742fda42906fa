#!/usr/bin/env bash
# Installs the Debian packages the tests need when they are missing: Chromium (the e2e browser
# and the integration tier's window) and ripgrep (the VS Code server's search binary, which it
# would otherwise download). Idempotent; needs root or sudo only when something is missing.
set -euo pipefail
need=()
command -v chromium >/dev/null || need+=(chromium)
command -v rg >/dev/null || need+=(ripgrep)
command -v git >/dev/null || need+=(git)
command -v python3 >/dev/null || need+=(python3)
[ ${#need[@]} -eq 0 ] && exit 0
echo "setup-system: installing ${need[*]}"
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq "${need[@]}" >/dev/null
