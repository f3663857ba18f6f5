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
. bench/http_lib.sh
cleanup() {
  stop_server
  rm -rf "$work"
}
trap cleanup EXIT
if [[ $db_url == sqlite://* ]]; then
  cp --reflink=auto "${db_url#sqlite://}" "$work/lineport.db"  # the server writes (tokens, audit): keep the cache as built
  db_url=sqlite://$work/lineport.db
fi

serve "$bin/lineport" "$db_url"
token=$(bearer_token "$API_EMAIL" "$API_PASSWORD")
url="$base/api/v1/orgs/$ORG_ID/dashboard?type=voice"
status=$(curl -s -o "$work/dashboard.json" -w '%{http_code}' -H "Authorization: Bearer $token" "$url")
[[ $status == 200 ]] || { echo "dashboard answered $status: $(cat "$work/dashboard.json")" >&2; exit 1; }

printf 'GET /api/v1/orgs/{id}/dashboard?type=voice: %s records, %s slot rows under the organization (dataset of %s, %s)\n' \
  "$RECORDS" "$BUCKET_ROWS" "$(date -u -d "@$DATASET_END" +%F)" "${db_url%%:*}"
# One client first: its mean is the time of a request (docs/product.md#targets: under 20 ms).
measure "one client" 1 "$url"
for run in $(seq "$runs"); do
  measure "run $run, 32 clients" 32 "$url"
done
