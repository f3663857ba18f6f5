#!/usr/bin/env bash
# Issue 17: the compliance report and ADK pages over HTTP with 10,000,000 message logs under the
# bank (target: under 20 ms), one client and then 32.
#   bench/compliance_wrk.sh [RUNS] [DURATION]      (default 2 runs of 20s with 32 clients)
# Uses the cached dataset of build-bench/compliance_read_bench (built when missing: about half an
# hour; LINEPORT_COMPLIANCE_DB names another file, see bench/compliance_read_bench.cpp), serves a
# copy of it with build-bench/lineport and the dataset's data key, exchanges the dataset's API
# user (the bank's archiver: message logging report and ADK privileges) for a bearer token, and
# runs `wrk --latency` on three pages:
#   - the Message Logging report of the bank and its subtree, last 7 days, first page of 50 with
#     its exact total (every view is written to the audit log, as for a person);
#   - the same report for one peer number over 360 days;
#   - an ADK page of 1,000 records of the bank's subtree from the middle of the feed (the cursor
#     an archiver halfway through would hold).
# wrk runs on the same machine as the server (on a 2-core machine, they share the cores).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-2}
duration=${2:-20s}
bin=${LINEPORT_BENCH_BUILD:-build-bench}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

read -r db_url sidecar < <("$bin/compliance_read_bench" --dataset-only)
# shellcheck disable=SC1090
. "$sidecar"
work=$(mktemp -d /tmp/lineport-compliance-wrk.XXXXXX)
. bench/http_lib.sh
cleanup() {
  stop_server
  rm -rf "$work"
}
trap cleanup EXIT
dataset=${db_url#sqlite://}
echo "copying the dataset ($(du -h "$dataset" | cut -f1)) so that the runs' tokens and audit entries stay out of it" >&2
cp --reflink=auto "$dataset" "$work/lineport.db"

serve "$bin/lineport" "sqlite://$work/lineport.db" --data-key-file "$dataset.data-key"
token=$(bearer_token "$API_EMAIL" "$API_PASSWORD")

day() { date -u -d "@$1" +%F; }
report="$base/api/v1/orgs/$BANK_ID/reports/message_logging?include_suborgs=true"
declare -A pages=(
  ["report, bank and subtree, last 7 days"]="$report&range=last_7_days"
  ["report, one peer number, 360 days"]="$report&range=custom&from=$(day $((DATASET_END - 360 * 86400)))&to=$(day "$DATASET_END")&peer_number=%2B${PEER#+}"
  ["ADK, 1,000 records from the middle"]="$base/api/v1/adk/message-logs?org_id=$BANK_ID&include_suborgs=true&limit=1000&since=c1_$((RECORDS / 2))"
)

printf 'Compliance pages over HTTP: %s message logs under the bank (dataset of %s, SQLite)\n' \
  "$RECORDS" "$(day "$DATASET_END")"
for label in "report, bank and subtree, last 7 days" "report, one peer number, 360 days" \
  "ADK, 1,000 records from the middle"; do
  url=${pages[$label]}
  status=$(curl -s -o "$work/page.json" -w '%{http_code}' -H "Authorization: Bearer $token" "$url")
  [[ $status == 200 ]] || { echo "$label answered $status: $(head -c 500 "$work/page.json")" >&2; exit 1; }
  printf '%s: %s records, %s bytes\n' "$label" \
    "$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["items"]))' "$work/page.json")" \
    "$(stat -c %s "$work/page.json")"
  # One client first: its mean is the time of a request.
  measure "$label, one client" 1 "$url"
  for run in $(seq "$runs"); do
    measure "$label, run $run, 32 clients" 32 "$url"
  done
done
