#!/usr/bin/env bash
# Fuzzes the CSV reader with libFuzzer for SECONDS (default 60): `bash scripts/fuzz.sh 30`.
# Built with clang directly, not CMake, from the few files the reader needs (clang and
# libclang-rt-14-dev come with scripts/install-deps.sh). The run starts from a fresh copy of the
# seeds in fuzz/corpus/csv_reader/ and works in build-fuzz/. Any crash, leak, undefined behaviour
# or broken invariant fails the script and leaves the input in build-fuzz/ (crash-*, leak-*):
# reproduce with `build-fuzz/csv_reader_fuzz build-fuzz/crash-…`.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
if [[ ! $seconds =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: $0 [SECONDS]" >&2
  exit 2
fi

out=build-fuzz
binary=$out/csv_reader_fuzz
corpus=$out/corpus/csv_reader
log=$out/csv_reader_fuzz.log
mkdir -p "$out"

clang++ -std=c++20 -g -O1 -fno-omit-frame-pointer \
  -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
  -Isrc fuzz/csv_reader_fuzz.cpp src/util/csv_reader.cpp src/util/text.cpp -lcsv -o "$binary"

rm -rf "$corpus"
mkdir -p "$corpus"
cp fuzz/corpus/csv_reader/* "$corpus"/

if ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} "$binary" -max_total_time="$seconds" -max_len=4096 \
  -artifact_prefix="$out/" "$corpus" >"$log" 2>&1; then
  runs=$(grep -oE 'Done [0-9]+ runs' "$log" | grep -oE '[0-9]+' || echo "?")
  echo "fuzz: csv_reader passed ${seconds}s: $runs inputs run, corpus of $(find "$corpus" -type f | wc -l) kept in $corpus"
else
  tail -n 60 "$log" >&2
  echo "fuzz: csv_reader FAILED after at most ${seconds}s; log in $log, failing input in $out/" >&2
  exit 1
fi
