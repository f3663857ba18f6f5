#!/usr/bin/env bash
# The whole test suite (`make test`, and .ci/run): builds the server twice (optimized, and with
# ASan+UBSan), lints the portal (ESLint, Prettier), starts a throwaway PostgreSQL cluster, runs
# every CTest suite in both builds, then the browser tests against the optimized build.
# Artifacts (screenshots, logs) go to test-artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
artifacts=$root/test-artifacts
rm -rf "$artifacts"
mkdir -p "$artifacts"

jobs=$(nproc)
# Let ccache reuse objects compiled in another checkout of the project (paths are hashed
# relative to the checkout).
export CCACHE_BASEDIR=$root CCACHE_NOHASHDIR=true
section() { printf '\n==== %s (%s)\n' "$1" "$(date +%T)"; }

section "build (optimized)"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
ninja -C build

section "build web portal"
bash scripts/build-web.sh

if [[ -f web/package.json ]]; then
  section "portal lint (ESLint, Prettier)"
  (cd web && npm run --silent lint)
fi

section "build (ASan + UBSan)"
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DLINEPORT_SANITIZE=ON >/dev/null
ninja -C build-asan

section "fuzz the CSV reader (30 s)"
bash scripts/fuzz.sh 30

section "start PostgreSQL"
pg_dir=$(mktemp -d /tmp/lineport-pg.XXXXXX)
cleanup() { bash scripts/postgres.sh stop "$pg_dir"; rm -rf "$pg_dir"; }
trap cleanup EXIT
export LINEPORT_TEST_PG_URL=$(bash scripts/postgres.sh start "$pg_dir")
echo "PostgreSQL at $LINEPORT_TEST_PG_URL"

export LINEPORT_ARTIFACTS=$artifacts
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

section "tests (optimized)"
ctest --test-dir build --output-on-failure -j "$jobs"

section "tests (ASan + UBSan)"
ctest --test-dir build-asan --output-on-failure -j "$jobs"

if [[ -f web/package.json ]]; then
  section "browser tests"
  (cd web && LINEPORT_BIN=$root/build/lineport LINEPORT_ARTIFACTS=$artifacts/e2e npm run --silent e2e)
fi

section "all tests passed"
