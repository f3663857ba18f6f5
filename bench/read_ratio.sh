#!/usr/bin/env bash
# Issue 14, item 3: the read path against the floor. The Accounts page of 50 with a bearer token
# (target: at least 0.25x) and /healthz (target: at least 0.5x) against nginx serving the same
# bytes as static files, both measured by the same wrk settings one after the other.
#   bench/read_ratio.sh [ACCOUNTS] [DURATION]     (default 100000 accounts, 10s per run)
# Installs nginx-light from Debian when it is missing; uses build-bench/lineport (bench/run.sh
# builds it) or LINEPORT_BIN.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/nginx_lib.sh
ensure_nginx
exec python3 bench/read_ratio.py --accounts "${1:-100000}" --duration "${2:-10s}" \
  --lineport "${LINEPORT_BIN:-build-bench/lineport}"
