#!/usr/bin/env bash
# Issue 18, item 6: one server against three on one PostgreSQL database, behind nginx as a
# round-robin load balancer (bench/scaling.py says what is measured; figures in docs/scaling.md).
#   bench/scaling_ratio.sh [--accounts 100000] [--invites 20000] [--duration 10s] [--postgresql URL]
# Installs nginx-light from Debian when it is missing; uses build-bench/lineport (bench/run.sh
# builds it) or LINEPORT_BIN.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/nginx_lib.sh
ensure_nginx
exec python3 bench/scaling.py --lineport "${LINEPORT_BIN:-build-bench/lineport}" "$@"
