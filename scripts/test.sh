#!/usr/bin/env bash
# The whole test suite (`make test`, and .ci/run): checks the C++ layout (clang-format), builds the
# server twice (optimized, and with ASan+UBSan), runs clang-tidy's checks, lints the portal (ESLint,
# Prettier), starts a throwaway PostgreSQL cluster, runs every CTest suite in both builds, then the
# browser tests against the optimized build (a browser test file that fails is run once more, and
# named as flaky if it then passes).
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

section "C++ layout (clang-format; make format rewrites it)"
bash scripts/format.sh --check

section "build (optimized)"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
ninja -C build

section "clang-tidy (.clang-tidy; files found clean before are skipped)"
python3 scripts/tidy.py build

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

# Each browser test file on its own. A file that fails is run once more (its screenshots then go
# to e2e-rerun/): a real browser on a loaded machine now and then loses a click or an animation.
# A file that passes only the second time is named as flaky at the end; one that fails twice
# fails the suite.
browser_test() { (cd web && LINEPORT_BIN=$root/build/lineport LINEPORT_ARTIFACTS=$2 node --test "$1"); }
if [[ -f web/package.json ]]; then
  section "browser tests"
  flaky=()
  for file in web/e2e/*.test.mjs; do
    file=${file#web/}
    browser_test "$file" "$artifacts/e2e" && continue
    echo "browser tests: $file failed; running it once more"
    browser_test "$file" "$artifacts/e2e-rerun" || { echo "browser tests: $file failed twice"; exit 1; }
    flaky+=("$file")
  done
  ((${#flaky[@]} == 0)) || echo "browser tests: flaky (failed once, then passed): ${flaky[*]}"
fi

section "all tests passed"
