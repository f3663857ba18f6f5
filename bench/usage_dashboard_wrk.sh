#!/usr/bin/env bash
# Issue 5 item 7: GET /api/v1/orgs/{id}/dashboard over HTTP with 10 million usage records under
# the organization, 32 concurrent clients (target: p99 under 50 ms).
#   bench/usage_dashboard_wrk.sh [RUNS] [DURATION]      (default 3 runs of 20s)
#   LINEPORT_USAGE_PG=postgresql://user@host:port/db bench/usage_dashboard_wrk.sh …   (PostgreSQL)
# Uses the cached dataset of build-bench/usage_dashboard_bench (built when missing: minutes; see
# bench/usage_dashboard_bench.cpp), serves a copy of it with build-bench/lineport (rate limits
# lifted: they would answer 429 to a benchmark), exchanges the dataset's API user's credentials
# for a bearer token and runs `wrk -t2 -c32 --latency`. wrk runs on the same machine as the
# server (on a 2-core machine, they share the cores). LINEPORT_BENCH_BUILD names another build
# directory than build-bench.
# On PostgreSQL (issue 14, item 8) the dataset is a database that usage_dashboard_bench builds on
# the server of LINEPORT_USAGE_PG (e.g. a throwaway cluster: `bash scripts/postgres.sh start
# /tmp/pg` prints its URL) through the same ingest, 500,000 records a transaction, and keeps there
# for the month. That ingest runs a statement per record and per rollup row, each a round trip to
# the server: 10,000,000 records took 11 minutes (16,000 records/s; docs/performance.md#postgresql).
# The server serves the dataset's database itself, not a copy: each run adds a token and a few
# audit entries to it.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
duration=${2:-20s}
bin=${LINEPORT_BENCH_BUILD:-build-bench}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

read -r db_url sidecar < <("$bin/usage_dashboard_bench" --dataset-only)
# shellcheck disable=SC1090
. "$sidecar"
work=$(mktemp -d /tmp/lineport-dashboard-bench.XXXXXX)
server_pid=
cleanup() {
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
if [[ $db_url == sqlite://* ]]; then
  cp --reflink=auto "${db_url#sqlite://}" "$work/lineport.db"  # the server writes (tokens, audit): keep the cache as built
  db_url=sqlite://$work/lineport.db
fi

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base=http://127.0.0.1:$port
"$bin/lineport" serve --db "$db_url" --secret-key-file "$work/secret.key" --listen "127.0.0.1:$port" \
  --rate-limit-per-second 1000000 --rate-limit-burst 1000000 \
  --mail-spool "$work/mail" --sms-spool "$work/sms" --log-level warn > "$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.1; done

token=$(curl -sf -X POST -u "$API_EMAIL:$API_PASSWORD" "$base/api/v1/auth/token" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])')
url="$base/api/v1/orgs/$ORG_ID/dashboard?type=voice"
status=$(curl -s -o "$work/dashboard.json" -w '%{http_code}' -H "Authorization: Bearer $token" "$url")
[[ $status == 200 ]] || { echo "dashboard answered $status: $(cat "$work/dashboard.json")" >&2; exit 1; }

printf 'GET /api/v1/orgs/{id}/dashboard?type=voice: %s records, %s slot rows under the organization (dataset of %s, %s)\n' \
  "$RECORDS" "$BUCKET_ROWS" "$(date -u -d "@$DATASET_END" +%F)" "${db_url%%:*}"
# The server's own CPU time per request (user + system), which the neighbours' load does not inflate.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$server_pid/stat"; }
# The server finishes the requests in flight when wrk stops (their clients are gone): wait until
# it is idle so that a run is not charged with the previous run's leftovers.
drain() {
  local last now
  last=$(cpu_ticks)
  for _ in $(seq 60); do
    sleep 0.5
    now=$(cpu_ticks)
    ((now - last <= 2)) && return
    last=$now
  done
}
# One wrk run with CLIENTS connections (threads: at most 2), printed as LABEL.
measure() {
  local label=$1 clients=$2 before cpu_seconds
  drain
  before=$(cpu_ticks)
  wrk -t"$((clients < 2 ? clients : 2))" -c"$clients" -d"$duration" --timeout 30s --latency \
    -H "Authorization: Bearer $token" "$url" > "$work/wrk.txt"
  if grep -q 'Non-2xx' "$work/wrk.txt"; then cat "$work/wrk.txt" >&2; echo "errors during the run" >&2; exit 1; fi
  cpu_seconds=$(awk -v a="$(cpu_ticks)" -v b="$before" -v hz="$(getconf CLK_TCK)" 'BEGIN { print (a - b) / hz }')
  awk -v label="$label" -v load="$(cut -d' ' -f1-3 /proc/loadavg)" -v cpu="$cpu_seconds" '
    /^    Latency / { mean = $2 }
    /^     99%/     { p99 = $2 }
    /^     50%/     { p50 = $2 }
    /^Requests\/sec/ { rps = $2 }
    /requests in/   { n = $1 }
    /Socket errors/ { errors = ", " $0 }
    END { printf "  %s: mean %s, p50 %s, p99 %s, %s requests, %s requests/s, server CPU %.1f ms per request%s (load average %s)\n",
                 label, mean, p50, p99, n, rps, cpu * 1000 / n, errors, load }' "$work/wrk.txt"
}
# One client first: its mean is the time of a request (docs/product.md#targets: under 20 ms).
measure "one client" 1
for run in $(seq "$runs"); do
  measure "run $run, 32 clients" 32
done
