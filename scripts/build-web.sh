#!/usr/bin/env bash
# Builds the web portal into web/dist (npm ci from the committed lockfile, then vite), then
# writes gzip and brotli copies of its text files for the server to send (docs/performance.md).
# With --install-only it stops after the install (for `make lint-web` and `make format-web`).
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
if [[ ${1:-} == --install-only ]]; then exit 0; fi
npm run --silent build

# The compressor: scripts/precompress.cpp with zlib and libbrotli (scripts/install-deps.sh),
# rebuilt when its source changes.
tool=node_modules/.cache/lineport-precompress
if [[ ! -x $tool || ../scripts/precompress.cpp -nt $tool ]]; then
  mkdir -p "$(dirname "$tool")"
  # shellcheck disable=SC2046  # pkg-config prints several flags
  ${CXX:-c++} -std=c++20 -O2 -o "$tool" ../scripts/precompress.cpp $(pkg-config --cflags --libs libbrotlienc zlib)
fi
"$tool" dist
