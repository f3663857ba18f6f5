#!/usr/bin/env bash
# Issue 5 item 7: the usage ingest rate (records per second) and its ratio to `sqlite3 .import`
# of the same CSV into a bare table, one after the other on this machine.
#   bench/usage_ratio.sh [RECORDS] [ACCOUNTS]   (default 1,000,000 records over 5,000 accounts;
#                                                needs build-bench/usage_ingest_bench: bench/run.sh builds it)
# The file is what a service platform sends: records in time order over 12 months (busier from
# 08:00 to 20:00), named by the accounts' multiline numbers, 30% voice calls, 50% messages,
# 20% data sessions, 90% billable calls.
# Then the same file end to end (issue 14, item 7): `build-bench/lineport usage import` and
# POST /api/v1/usage to `build-bench/lineport serve` (curl streaming the file), by multiline number
# and by account_id, each on a copy of the benchmark's database taken before its ingest.
set -euo pipefail
cd "$(dirname "$0")/.."
records=${1:-1000000}
accounts=${2:-5000}  # at most 10,000
work=$(mktemp -d /tmp/lineport-usage-bench.XXXXXX)
bin=build-bench
. bench/http_lib.sh
. bench/sqlite_floor.sh
# LINEPORT_BENCH_KEEP=1 keeps the file and the databases (e.g. to profile the ingest with perf).
if [[ -z ${LINEPORT_BENCH_KEEP:-} ]]; then trap 'stop_server; rm -rf "$work"' EXIT; else
  trap stop_server EXIT
  echo "files kept in $work" >&2
fi

# mawk has no strftime: days since 1970 → civil date (H. Hinnant's algorithm).
awk -v records="$records" -v accounts="$accounts" 'BEGIN {
  srand(20261122)
  now = 1790000000; span = 365 * 86400; first = now - span
  print "id,multiline_number,type,direction,started_at,quantity,billable"
  for (i = 0; i < records; i++) {
    t = first + int(i * span / records)
    # Two thirds of the records of each day between 08:00 and 20:00 UTC.
    if (rand() < 0.66) t = t - t % 86400 + 8 * 3600 + int(rand() * 12 * 3600)
    z = int(t / 86400) + 719468; era = int(z / 146097); doe = z - era * 146097
    yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
    y = yoe + era * 400; doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100)); mp = int((5 * doy + 2) / 153)
    d = doy - int((153 * mp + 2) / 5) + 1; m = mp < 10 ? mp + 3 : mp - 9; if (m <= 2) y++
    s = t % 86400
    when = sprintf("%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d, int(s / 3600), int(s % 3600 / 60), s % 60)
    number = sprintf("+1212200%04d", int(rand() * accounts))  # mawk: %d is 32-bit
    dir = rand() < 0.5 ? "in" : "out"
    r = rand()
    if (r < 0.3)      printf "c%d,%s,voice,%s,%s,%d,%s\n", i, number, dir, when, 15 + int(rand() * 885), rand() < 0.9 ? "true" : "false"
    else if (r < 0.8) printf "m%d,%s,message,%s,%s,%d,true\n", i, number, dir, when, 1 + int(rand() * 3)
    else              printf "d%d,%s,data,%s,%s,%d,true\n", i, number, dir, when, (1 + int(rand() * 80)) * 1048576
  }
}' > "$work/usage.csv"


bare_import "$work/usage.csv" usage_bare \
  "id TEXT, multiline_number TEXT, type TEXT, direction TEXT, started_at TEXT, quantity INTEGER, billable TEXT"

read -r lineport_seconds lineport_rate < <(build-bench/usage_ingest_bench "$work/usage.csv" "$work/lineport.db" "$accounts")
# The same records naming their accounts by account_id: what checking the numbers costs.
read -r by_id_seconds by_id_rate < <(LINEPORT_BENCH_BY_ID=1 build-bench/usage_ingest_bench "$work/usage.csv" "$work/by-id.db" "$accounts")

# End to end (issue 14, item 7): `lineport usage import` and POST /api/v1/usage over HTTP, by
# multiline number and by account_id, each on a copy of the same database before its ingest.
read -r api_email api_password < <(build-bench/usage_ingest_bench --setup-only "$work/usage.csv" "$work/setup.db" "$accounts")
ingest_end_to_end usage "$work/usage.csv" "$work/setup.db" "$api_email" "$api_password" "$records"
by_number=("$cli_seconds" "$http_seconds")
ingest_end_to_end usage "$work/setup.db.by-id.csv" "$work/setup.db" "$api_email" "$api_password" "$records"
by_id=("$cli_seconds" "$http_seconds")

printf 'Usage ingest of %d records (CSV, %d accounts by multiline number, 12 months)\n' "$records" "$accounts"
printf '  sqlite3 .import (bare table): %.3f s (%.0f records/s)\n' "$sqlite_seconds" \
  "$(awk -v n="$records" -v s="$sqlite_seconds" 'BEGIN { print n / s }')"
printf '  Lineport ingest:              %.3f s (%.0f records/s)\n' "$lineport_seconds" "$lineport_rate"
printf '  ratio: %.2fx\n' "$(awk -v a="$lineport_seconds" -v b="$sqlite_seconds" 'BEGIN { print a / b }')"
printf '  Lineport ingest, by account_id: %.3f s (%.0f records/s, %.2fx)\n' "$by_id_seconds" "$by_id_rate" \
  "$(awk -v a="$by_id_seconds" -v b="$sqlite_seconds" 'BEGIN { print a / b }')"
ratio_line "lineport usage import" "${by_number[0]}" "$records" "$sqlite_seconds"
ratio_line "  the same, by account_id" "${by_id[0]}" "$records" "$sqlite_seconds"
ratio_line "POST /api/v1/usage" "${by_number[1]}" "$records" "$sqlite_seconds"
ratio_line "  the same, by account_id" "${by_id[1]}" "$records" "$sqlite_seconds"
printf '  load average: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
