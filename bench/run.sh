#!/usr/bin/env bash
# Builds and runs the benchmarks (Google Benchmark) in build-bench/ and prints their results.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLINEPORT_BENCH=ON -DBUILD_TESTING=OFF >/dev/null
ninja -C build-bench org_tree_bench number_pool_bench account_import_bench usage_ingest_bench usage_dashboard_bench \
  call_filter_bench compliance_ingest_bench compliance_read_bench lineport
echo "Organization tree with 100,000 organizations (SQLite, one connection):"
build-bench/org_tree_bench --benchmark_min_time=0.5
echo
echo "Number pools with 1,000,000 numbers under one root (SQLite):"
build-bench/number_pool_bench --benchmark_min_time=0.5
echo
bench/import_ratio.sh 100000
echo
echo "Lists at 100,000 accounts in one organization (SQLite, over HTTP):"
python3 bench/lists.py --lineport build-bench/lineport
echo
echo "Memory of an idle server after a 100,000-row import with invitations and large bad bodies:"
python3 bench/memory.py --lineport build-bench/lineport
echo
bench/read_ratio.sh
echo
bench/usage_ratio.sh 1000000
echo
bench/compliance_ratio.sh 1000000
echo
echo "Call-filter decisions in-process (10,000 blocked prefixes), then checks over HTTP:"
build-bench/call_filter_bench --benchmark_min_time=0.5
python3 bench/call_filter.py --lineport build-bench/lineport
echo
# The dashboard over 10 million usage records: the first run builds the dataset (about 4 minutes
# on the 2-core build machine) and caches it in build-bench/ for the month; LINEPORT_BENCH_SKIP_10M=1
# skips the benchmarks over 10 million records (the dashboard and the compliance pages).
if [[ -z ${LINEPORT_BENCH_SKIP_10M:-} ]]; then
  echo "Dashboard over 10,000,000 usage records under one organization (SQLite):"
  build-bench/usage_dashboard_bench --benchmark_min_time=2
  echo
  bench/usage_dashboard_wrk.sh 3 20s
  echo
  # Its dataset (10,000,000 message logs through the real ingest) is built on the first run, about
  # 15 minutes, and cached in build-bench/ for the month.
  echo "Compliance report and ADK pages over 10,000,000 message logs (SQLite):"
  build-bench/compliance_read_bench --benchmark_min_time=1
  echo
  bench/compliance_wrk.sh 2 20s
fi
echo
# The same on PostgreSQL (issue 14, item 8) when LINEPORT_BENCH_PG names a server the benchmarks
# may create databases on (e.g. the URL `bash scripts/postgres.sh start /tmp/pg` prints): the
# lists, the import with invitations against COPY (3 runs), and the dashboard, whose dataset is
# built there once for the month (about 11 minutes).
if [[ -n ${LINEPORT_BENCH_PG:-} ]]; then
  echo "Lists at 100,000 accounts in one organization (PostgreSQL, over HTTP):"
  python3 bench/lists.py --lineport build-bench/lineport --postgresql "$LINEPORT_BENCH_PG"
  echo
  echo "CSV import of 100,000 rows with invitations (PostgreSQL), and the memory after it:"
  python3 bench/memory.py --lineport build-bench/lineport --runs 3 --postgresql "$LINEPORT_BENCH_PG"
  echo
  echo "Dashboard over 10,000,000 usage records under one organization (PostgreSQL):"
  LINEPORT_USAGE_PG=$LINEPORT_BENCH_PG build-bench/usage_dashboard_bench --benchmark_min_time=2
  LINEPORT_USAGE_PG=$LINEPORT_BENCH_PG bench/usage_dashboard_wrk.sh 3 20s
  echo
  echo "One server against three on one PostgreSQL database (docs/scaling.md):"
  bench/scaling_ratio.sh --postgresql "$LINEPORT_BENCH_PG"
fi
echo
# The portal's first load in Debian's chromium (cold cache) against the server on the demo data.
echo "Portal first load:"
bash scripts/build-web.sh >/dev/null
LINEPORT_BIN=build-bench/lineport node bench/portal_load.mjs 5
