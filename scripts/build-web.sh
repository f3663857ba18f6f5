#!/usr/bin/env bash
# Builds the web portal into web/dist (npm ci from the committed lockfile, then vite).
set -euo pipefail
cd "$(dirname "$0")/../web"
if [[ ! -f package.json ]]; then
  echo "build-web: no web/package.json; skipping the portal" >&2
  exit 0
fi
# Reinstall only when the lockfile changed since the last install.
stamp=node_modules/.lineport-lock-sha
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [[ ! -f $stamp || $(cat "$stamp") != "$want" ]]; then
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" >"$stamp"
fi
npm run --silent build
