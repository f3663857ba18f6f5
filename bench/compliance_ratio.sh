#!/usr/bin/env bash
# Issue 17: the compliance ingest of message logs (texts sealed with the data key), records per
# second and the ratio to `sqlite3 .import` of the same CSV into a bare table, one after the other
# on this machine (target: at most 4× at 1,000,000 records).
#   bench/compliance_ratio.sh [RECORDS] [ACCOUNTS]   (default 1,000,000 message logs over 5,000
#                                                     accounts; needs build-bench/compliance_ingest_bench:
#                                                     bench/run.sh builds it)
# The file is what the telecom core sends, under the header of GET /api/v1/compliance/template.csv:
# message logs in time order over the last 12 months (busier from 08:00 to 20:00), named by the
# accounts' multiline numbers, half in and half out, with peers from a pool of 50,000 E.164 numbers
# (70% US, 20% UK mobiles, 10% Brazilian mobiles); 86% sms, 9% whatsapp, 5% mms; texts of 20 to
# 160 characters of varied words (some with commas or quotes, so quoted, some accented or with an
# emoji), 10% with one attachment URL. Record ids are numbered in order ("msg-1", "msg-2", …) as
# cores number them; LINEPORT_BENCH_RANDOM_IDS=1 makes them random (64 bits in hex) instead: the
# idempotency key (id, account_id) then gets no help from their order (docs/performance.md).
# Then the same file end to end: `build-bench/lineport compliance import` and
# POST /api/v1/compliance/records to `build-bench/lineport serve` (curl streaming the file), each on
# a copy of the benchmark's database taken before its ingest, with its data key.
set -euo pipefail
cd "$(dirname "$0")/.."
records=${1:-1000000}
accounts=${2:-5000}  # at most 10,000
work=$(mktemp -d /tmp/lineport-compliance-bench.XXXXXX)
bin=build-bench
. bench/http_lib.sh
. bench/sqlite_floor.sh
# LINEPORT_BENCH_KEEP=1 keeps the file and the databases (e.g. to profile the ingest with perf).
if [[ -z ${LINEPORT_BENCH_KEEP:-} ]]; then trap 'stop_server; rm -rf "$work"' EXIT; else
  trap stop_server EXIT
  echo "files kept in $work" >&2
fi

header=id,kind,account_id,multiline_number,account,direction,peer_number,started_at,duration_seconds,media_url,size_bytes,sent_at,channel,text,attachment_urls,at,opted_in,keyword

# mawk has no strftime: days since 1970 → civil date (H. Hinnant's algorithm).
# Bytes in the C locale; chars() counts the UTF-8 characters (the bytes that do not continue one).
LC_ALL=C awk -v records="$records" -v accounts="$accounts" -v header="$header" -v random_ids="${LINEPORT_BENCH_RANDOM_IDS:-}" '
function chars(s,  t) { t = s; gsub(/[\200-\277]/, "", t); return length(t) }
BEGIN {
  srand(20261123)
  now = 1790000000; span = 365 * 86400; first = now - span
  n = split("ok yes no thanks call me later tomorrow today tonight meeting at the office home " \
            "please send report invoice contract signed approved pending review client account " \
            "transfer payment received confirmed schedule lunch dinner coffee running late sorry " \
            "traffic train flight landed boarding gate hotel room booked cancel reschedule monday " \
            "tuesday wednesday thursday friday weekend morning afternoon evening noon number code " \
            "verify password reset link document attached copy draft final version update status " \
            "quarterly numbers budget forecast sales team manager director board deadline urgent " \
            "asap noted great perfect sounds good works for me see you soon on my way there here " \
            "address parking floor lobby reception desk badge laptop phone charger battery " \
            "network down again fixed ticket support customer order shipped delivery tracking " \
            "package arrived refund return policy terms conditions agreement quote price discount " \
            "olá obrigado bom dia até amanhã reunião café mañana gracias señor niño déjà vu naïve " \
            "👍 🙂 🎉 ✅", words, " ")
  split("212 415 646 312 617 305 702 213", areas, " ")
  for (k = 0; k < 50000; k++) {  # the peers
    if (k % 10 < 7)        peers[k] = sprintf("+1%s%03d%04d", areas[k % 8 + 1], 200 + int(k / 10) % 800, (k * 7919) % 10000)
    else if (k % 10 < 9)   peers[k] = sprintf("+44794%07d", (k * 104729) % 10000000)
    else                   peers[k] = sprintf("+551198%07d", (k * 15485863) % 10000000)
  }
  print header
  for (i = 0; i < records; i++) {
    t = first + int(i * span / records)
    # Two thirds of the messages of each day between 08:00 and 20:00 UTC.
    if (rand() < 0.66) t = t - t % 86400 + 8 * 3600 + int(rand() * 12 * 3600)
    z = int(t / 86400) + 719468; era = int(z / 146097); doe = z - era * 146097
    yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
    y = yoe + era * 400; doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100)); mp = int((5 * doy + 2) / 153)
    d = doy - int((153 * mp + 2) / 5) + 1; m = mp < 10 ? mp + 3 : mp - 9; if (m <= 2) y++
    s = t % 86400
    when = sprintf("%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d, int(s / 3600), int(s % 3600 / 60), s % 60)
    number = sprintf("+1212200%04d", int(rand() * accounts))  # mawk: %d is 32-bit
    dir = rand() < 0.5 ? "in" : "out"
    peer = peers[int(rand() * 50000)]
    attach = rand() < 0.1
    r = rand()
    if (attach) channel = r < 0.5 ? "mms" : "whatsapp"
    else        channel = r < 0.955 ? "sms" : "whatsapp"
    # A text of 20 to 160 characters.
    want = 20 + int(rand() * 141)
    text = words[int(rand() * n) + 1]
    text = toupper(substr(text, 1, 1)) substr(text, 2)
    for (;;) {
      w = words[int(rand() * n) + 1]
      sep = rand() < 0.04 ? ", " : " "
      if (chars(text) + length(sep) + chars(w) > want) break
      text = text sep w
    }
    while (chars(text) < 20) text = text " " words[int(rand() * n) + 1]
    q = rand()
    if (q < 0.02 && chars(text) <= 155) text = text " \"ok\""
    else if (q < 0.3 && chars(text) < 160) text = text (q < 0.2 ? "." : "?")
    if (text ~ /[,"]/) { gsub(/"/, "\"\"", text); text = "\"" text "\"" }
    url = attach ? sprintf("https://media.example/att/%d.jpg", i) : ""
    id = random_ids ? sprintf("%04x%04x-%04x%04x", rand() * 65536, rand() * 65536, rand() * 65536, rand() * 65536) : "msg-" i
    printf "%s,message_log,,%s,,%s,%s,,,,,%s,%s,%s,%s,,,\n", id, number, dir, peer, when, channel, text, url
  }
}' > "$work/messages.csv"

columns=$(tr ',' '\n' <<<"$header" | sed 's/.*/"&" TEXT/' | paste -sd,)
bare_import "$work/messages.csv" messages_bare "$columns"
if [[ $bare_rows != "$records" ]]; then
  echo "sqlite3 .import read $bare_rows rows, not $records" >&2
  exit 1
fi

# The bench exits non-zero unless every record was stored, which stops this script (set -e).
out=$(build-bench/compliance_ingest_bench "$work/messages.csv" "$work/lineport.db" "$accounts")
read -r lineport_seconds lineport_rate <<<"$out"
# The same records naming their accounts by account_id: what checking the numbers costs.
out=$(LINEPORT_BENCH_BY_ID=1 build-bench/compliance_ingest_bench "$work/messages.csv" "$work/by-id.db" "$accounts")
read -r by_id_seconds by_id_rate <<<"$out"

# End to end: `lineport compliance import` and POST /api/v1/compliance/records over HTTP, each on a
# copy of the same database before its ingest, with its data key.
read -r api_email api_password < <(build-bench/compliance_ingest_bench --setup-only "$work/messages.csv" "$work/setup.db" \
  "$accounts")
ingest_end_to_end compliance "$work/messages.csv" "$work/setup.db" "$api_email" "$api_password" "$records" \
  --data-key-file "$work/setup.db.data-key"

printf 'Compliance ingest of %d message logs (CSV, %d MB, %d accounts by multiline number, 12 months, texts sealed)\n' \
  "$records" "$(( $(stat -c %s "$work/messages.csv") / 1000000 ))" "$accounts"
printf '  sqlite3 .import (bare table): %.3f s (%.0f records/s)\n' "$sqlite_seconds" \
  "$(awk -v n="$records" -v s="$sqlite_seconds" 'BEGIN { print n / s }')"
printf '  Lineport ingest:              %.3f s (%.0f records/s)\n' "$lineport_seconds" "$lineport_rate"
printf '  ratio: %.2fx\n' "$(awk -v a="$lineport_seconds" -v b="$sqlite_seconds" 'BEGIN { print a / b }')"
printf '  Lineport ingest, by account_id: %.3f s (%.0f records/s, %.2fx)\n' "$by_id_seconds" "$by_id_rate" \
  "$(awk -v a="$by_id_seconds" -v b="$sqlite_seconds" 'BEGIN { print a / b }')"
ratio_line "lineport compliance import" "$cli_seconds" "$records" "$sqlite_seconds"
ratio_line "POST /api/v1/compliance/records" "$http_seconds" "$records" "$sqlite_seconds"
printf '  load average: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
