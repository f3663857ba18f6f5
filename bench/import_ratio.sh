#!/usr/bin/env bash
# docs/product.md#targets: a CSV import of 100,000 rows with invitations against `sqlite3 .import` of the same
# file into a bare table, one after the other on this machine. Prints both times and the ratio
# (target: at most 3).
#   bench/import_ratio.sh [ROWS]     (needs build-bench/account_import_bench: bench/run.sh builds it)
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-100000}
work=$(mktemp -d /tmp/lineport-import-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
. bench/sqlite_floor.sh

header=firstname,lastname,email_or_device,social_messaging,multiline_number,monitor_calls,monitor_sms,forwarding_number,restrict_incoming_social_messaging
awk -v rows="$rows" -v header="$header" 'BEGIN {
  print header
  for (i = 0; i < rows; i++) printf "First%d,Last%d,user%d@bench.example,Yes,,auto,on,,No\n", i, i, i
}' > "$work/accounts.csv"


bare_import "$work/accounts.csv" accounts_bare "firstname TEXT, lastname TEXT, email_or_device TEXT,
  social_messaging TEXT, multiline_number TEXT, monitor_calls TEXT, monitor_sms TEXT, forwarding_number TEXT,
  restrict_incoming_social_messaging TEXT"

read -r lineport_seconds queue_seconds close_seconds \
  < <(build-bench/account_import_bench "$work/accounts.csv" "$work/lineport.db")

printf 'CSV import of %d rows with invitations\n' "$rows"
printf '  sqlite3 .import (bare table): %.3f s\n' "$sqlite_seconds"
printf '  Lineport import + invite:     %.3f s\n' "$lineport_seconds"
printf '  ratio: %.2fx (target: at most 3x)\n' "$(awk -v a="$lineport_seconds" -v b="$sqlite_seconds" 'BEGIN { print a / b }')"
printf '  after the answer, in the background: %.3f s to queue the %d invitation messages,\n' "$queue_seconds" "$rows"
printf '  %.3f s for the last checkpoint when the database closes\n' "$close_seconds"
