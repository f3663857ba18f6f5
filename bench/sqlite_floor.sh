# shellcheck shell=bash disable=SC2154,SC2034  # work is the caller's; sqlite_seconds and bare_rows are its answers
# The floor the ingest and import benchmarks are held to: `sqlite3 .import` of the same CSV into a
# bare table of text columns in a new WAL database, timed as a whole command. Sourced, not run.

# bare_import CSV TABLE COLUMNS: imports CSV three times, each into a new database, and sets
# sqlite_seconds to the fastest (a run that meets the kernel writing back the file just generated
# would flatter the ratio against it) and bare_rows to the rows the last one read.
bare_import() {
  local csv=$1 table=$2 columns=$3 start seconds
  sync  # the CSV's pages are written back before the first run, not during it
  sqlite_seconds=
  for _ in 1 2 3; do
    rm -f "$work"/bare.db*
    sqlite3 "$work/bare.db" "PRAGMA journal_mode=WAL;" "CREATE TABLE $table ($columns);" >/dev/null
    start=$(date +%s.%N)
    sqlite3 "$work/bare.db" ".import --csv --skip 1 $csv $table"
    seconds=$(awk -v a="$(date +%s.%N)" -v b="$start" 'BEGIN { print a - b }')
    if [[ -z $sqlite_seconds ]] || awk -v a="$seconds" -v b="$sqlite_seconds" 'BEGIN { exit !(a < b) }'; then
      sqlite_seconds=$seconds
    fi
  done
  bare_rows=$(sqlite3 "$work/bare.db" "SELECT count(*) FROM $table")
  rm -f "$work"/bare.db*
}
