#!/usr/bin/env bash
# Installs a real VS Code server (the build shipped inside the `code-server` npm package) into
# .vscode-test/, because this machine cannot download VS Code itself. Idempotent: a finished
# install leaves a marker and later runs return at once. Recipe: ../shared/notes/real-vscode.md.
set -euo pipefail
VERSION="${CODE_SERVER_VERSION:-4.100.3}"   # bundles VS Code 1.100.3, the newest that runs on Node 20
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEST="$ROOT/.vscode-test/code-server-$VERSION"
MARKER="$DEST/.installed"
[ -f "$MARKER" ] && exit 0

command -v rg >/dev/null || { echo "setup-vscode-server: ripgrep missing (run scripts/setup-system.sh)" >&2; exit 1; }
rm -rf "$DEST"; mkdir -p "$DEST"
cd "$DEST"
# A failed step names itself and shows the end of its log, not just "a setup step failed".
trap 'status=$?; echo "setup-vscode-server: failed at line $LINENO (exit $status); the last lines of $DEST/install.log:" >&2; tail -n 40 "$DEST/install.log" >&2; exit $status' ERR
echo '{"name":"vscode-server-host","private":true}' > package.json
export npm_config_unsafe_perm=true npm_config_yes=true npm_config_update_notifier=false
echo "setup-vscode-server: installing code-server@$VERSION (about 2 minutes)…"
npm install --no-save --ignore-scripts --no-audit --no-fund "code-server@$VERSION" >install.log 2>&1
CS="$DEST/node_modules/code-server"
(cd "$CS" && npm rebuild argon2 >>"$DEST/install.log" 2>&1 || true)
cd "$CS/lib/vscode"
npm install --omit=dev --ignore-scripts --no-audit --no-fund >>"$DEST/install.log" 2>&1
mkdir -p node_modules/@vscode/ripgrep/bin
cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
npm rebuild >>"$DEST/install.log" 2>&1
[ -e node_modules.asar ] || ln -s node_modules node_modules.asar
(cd extensions && npm install --omit=dev --ignore-scripts --no-audit --no-fund >>"$DEST/install.log" 2>&1)
test -f "$CS/lib/vscode/out/server-main.js"
touch "$MARKER"
echo "setup-vscode-server: ready at $CS/lib/vscode"
