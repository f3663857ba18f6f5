#!/usr/bin/env bash
# Builds and runs the benchmarks (Google Benchmark) in build-bench/ and prints their results.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLINEPORT_BENCH=ON -DBUILD_TESTING=OFF >/dev/null
ninja -C build-bench org_tree_bench number_pool_bench account_import_bench
echo "Organization tree with 100,000 organizations (SQLite, one connection):"
build-bench/org_tree_bench --benchmark_min_time=0.5
echo
echo "Number pools with 1,000,000 numbers under one root (SQLite):"
build-bench/number_pool_bench --benchmark_min_time=0.5
echo
bench/import_ratio.sh 100000
