# shellcheck shell=bash disable=SC2154  # work, duration and token are the caller's
# Shared by the benchmark scripts that time Lineport over HTTP (sourced, not run): serve a
# database, exchange an API user's credentials for a bearer token, time wrk runs with the server's
# own CPU time. The caller sets `work` (a scratch directory) and stops the server on exit
# (stop_server in its EXIT trap).

server_pid=
base=

# serve LINEPORT_BIN DB_URL [SERVE_OPTION…]: `lineport serve` on a free local port, rate limits
# lifted (they would answer 429 to a benchmark); returns once it answers. Sets server_pid, base.
serve() {
  local bin=$1 db_url=$2 port
  shift 2
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  base=http://127.0.0.1:$port
  "$bin" serve --db "$db_url" --secret-key-file "$work/secret.key" --listen "127.0.0.1:$port" \
    --rate-limit-per-second 1000000 --rate-limit-burst 1000000 \
    --mail-spool "$work/mail" --sms-spool "$work/sms" --log-level warn "$@" > "$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 300); do curl -sf "$base/healthz" >/dev/null && return; sleep 0.1; done
  echo "the server did not start: $(tail -5 "$work/server.log")" >&2
  return 1
}

stop_server() {
  if [[ -n $server_pid ]]; then
    kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    server_pid=
  fi
  return 0
}

# bearer_token EMAIL PASSWORD: prints an access token for the API user.
bearer_token() {
  curl -sf -X POST -u "$1:$2" "$base/api/v1/auth/token" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])'
}

# The server's CPU time so far (user + system, in clock ticks), which the neighbours' load does
# not inflate.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$server_pid/stat"; }

# The server finishes the requests in flight when wrk stops (their clients are gone): wait until
# it is idle so that a run is not charged with the previous run's leftovers.
drain() {
  local last now
  last=$(cpu_ticks)
  for _ in $(seq 60); do
    sleep 0.5
    now=$(cpu_ticks)
    ((now - last <= 2)) && return
    last=$now
  done
}

# measure LABEL CLIENTS URL: one `wrk --latency` run of $duration with CLIENTS connections (threads:
# at most 2) and the bearer $token, printed as LABEL with the server's CPU time per request. Any
# answer but 2xx fails the script.
measure() {
  local label=$1 clients=$2 url=$3 before cpu_seconds
  drain
  before=$(cpu_ticks)
  wrk -t"$((clients < 2 ? clients : 2))" -c"$clients" -d"$duration" --timeout 30s --latency \
    -H "Authorization: Bearer $token" "$url" > "$work/wrk.txt"
  if grep -q 'Non-2xx' "$work/wrk.txt"; then cat "$work/wrk.txt" >&2; echo "errors during the run" >&2; exit 1; fi
  cpu_seconds=$(awk -v a="$(cpu_ticks)" -v b="$before" -v hz="$(getconf CLK_TCK)" 'BEGIN { print (a - b) / hz }')
  awk -v label="$label" -v load="$(cut -d' ' -f1-3 /proc/loadavg)" -v cpu="$cpu_seconds" '
    /^    Latency / { mean = $2 }
    /^     99%/     { p99 = $2 }
    /^     50%/     { p50 = $2 }
    /^Requests\/sec/ { rps = $2 }
    /requests in/   { n = $1 }
    /Socket errors/ { errors = ", " $0 }
    END { printf "  %s: mean %s, p50 %s, p99 %s, %s requests, %s requests/s, server CPU %.1f ms per request%s (load average %s)\n",
                 label, mean, p50, p99, n, rps, cpu * 1000 / n, errors, load }' "$work/wrk.txt"
}

# ingest_end_to_end KIND FILE SETUP_DB EMAIL PASSWORD RECORDS [OPTION…]: the ingest as the
# operator and the platform meet it, each on a fresh copy of SETUP_DB (a benchmark's database
# before its ingest, with an API user holding usage.ingest): `lineport KIND import FILE` (KIND:
# usage or compliance), then POST of FILE to its route by curl, streamed as a client sends it.
# OPTIONs go to both (e.g. --data-key-file). Sets cli_seconds and http_seconds; fails the script
# unless both stored RECORDS records.
ingest_end_to_end() {
  local kind=$1 file=$2 setup_db=$3 email=$4 password=$5 records=$6 route start
  shift 6
  [[ $kind == usage ]] && route=/api/v1/usage || route=/api/v1/compliance/records
  cp "$setup_db" "$work/cli.db"
  start=$(date +%s.%N)
  "$bin/lineport" "$kind" import --db "sqlite://$work/cli.db" "$@" "$file" > "$work/cli.txt" 2>&1 ||
    { echo "lineport $kind import failed: $(tail -5 "$work/cli.txt")" >&2; exit 1; }
  cli_seconds=$(awk -v a="$(date +%s.%N)" -v b="$start" 'BEGIN { print a - b }')
  grep -q "stored $records," "$work/cli.txt" || { echo "lineport $kind import: $(cat "$work/cli.txt")" >&2; exit 1; }
  rm -f "$work"/cli.db*

  cp "$setup_db" "$work/http.db"
  serve "$bin/lineport" "sqlite://$work/http.db" "$@"
  token=$(bearer_token "$email" "$password")
  start=$(date +%s.%N)
  curl -sf -X POST -T "$file" -H "Authorization: Bearer $token" -H 'Content-Type: text/csv' "$base$route" \
    > "$work/answer.json" || { echo "POST $route failed: $(head -c 500 "$work/answer.json")" >&2; exit 1; }
  http_seconds=$(awk -v a="$(date +%s.%N)" -v b="$start" 'BEGIN { print a - b }')
  stop_server
  python3 -c 'import json, sys; stored = json.load(open(sys.argv[1]))["stored"]; sys.exit(stored != int(sys.argv[2]))' \
    "$work/answer.json" "$records" || { echo "POST $route: $(head -c 500 "$work/answer.json")" >&2; exit 1; }
  rm -f "$work"/http.db*
}

# ratio_line LABEL SECONDS RECORDS BASELINE_SECONDS: one line of an ingest benchmark's report.
ratio_line() {
  printf '  %-34s %.3f s (%.0f records/s, %.2fx)\n' "$1:" "$2" \
    "$(awk -v n="$3" -v s="$2" 'BEGIN { print n / s }')" "$(awk -v a="$2" -v b="$4" 'BEGIN { print a / b }')"
}
