#!/usr/bin/env bash
# HTTP benchmark of the release build with wrk on loopback. Prints requests/s and p99 latency for:
#   1. GET /healthz at 64 keep-alive connections          (target >= 50,000 req/s)
#   2. authenticated GET /api/v1/staff/{id} (one SQLite row + the session read) at 64 connections
#                                                           (target >= 15,000 req/s)
#   3. GET /healthz at 1,024 connections                    (target: no errors, no timeouts)
# Usage: bench/run.sh [seconds-per-run]   (the release build must exist: cmake --build --preset release)
# On PostgreSQL: BENCH_DB=postgresql://... bench/run.sh, for example
#   scripts/with-postgres.sh bash -c 'BENCH_DB=$RESKILL_TEST_PG_DSN bench/run.sh'
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-10}"
BIN=build/release/src/main/reskill
[[ -x "$BIN" ]] || { echo "build the release preset first: cmake --preset release && cmake --build --preset release" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is missing: scripts/deps.sh test" >&2; exit 1; }
ulimit -n 65536 2>/dev/null || ulimit -n 4096

WORK=$(mktemp -d)
PORT=$((20000 + RANDOM % 20000))
SERVER_PID=""
cleanup() { [[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

DB="${BENCH_DB:-$WORK/bench.db}"
"$BIN" --db "$DB" tenant add bench "Benchmark Agency" >/dev/null
echo "benchmark-password-1" | "$BIN" --db "$DB" user add --tenant bench --email admin@bench.example --role admin >/dev/null
RESKILL_LOG_ACCESS="${RESKILL_LOG_ACCESS:-true}" "$BIN" --db "$DB" serve --listen "127.0.0.1:$PORT" \
  >"$WORK/server.out" 2>"$WORK/server.log" &
SERVER_PID=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.1; done

URL="http://127.0.0.1:$PORT"
curl -s -c "$WORK/cookies" -H 'content-type: application/json' \
  -d '{"tenant":"bench","email":"admin@bench.example","password":"benchmark-password-1"}' "$URL/api/v1/sessions" >"$WORK/signin.json"
COOKIE=$(awk '$6=="reskill_session"{print $7}' "$WORK/cookies")
STAFF_ID=$(sed -E 's/.*"user":\{[^}]*"id":"([0-9]+)".*/\1/' "$WORK/signin.json")
curl -sf -H "Cookie: reskill_session=$COOKIE" "$URL/api/v1/staff/$STAFF_ID" >/dev/null || { echo "authenticated GET failed" >&2; exit 1; }

run() {  # name connections url [header]
  local name=$1 conns=$2 url=$3 header=${4:-}
  local out
  if [[ -n "$header" ]]; then
    out=$(wrk -t2 -c"$conns" -d"${DURATION}s" --timeout 5s --latency -H "$header" "$url")
  else
    out=$(wrk -t2 -c"$conns" -d"${DURATION}s" --timeout 5s --latency "$url")
  fi
  local rps p99 errors non2xx
  rps=$(awk '/Requests\/sec/{print $2}' <<<"$out")
  p99=$(awk '$1=="99%"{print $2}' <<<"$out")
  errors=$(grep -E "Socket errors" <<<"$out" || echo "Socket errors: none")
  non2xx=$(grep -E "Non-2xx" <<<"$out" || echo "Non-2xx or 3xx responses: 0")
  printf '%-44s %12s req/s   p99 %-9s  %s; %s\n' "$name ($conns conns)" "$rps" "$p99" "$errors" "$non2xx"
}

ENGINE=sqlite; [[ "$DB" == postgres* ]] && ENGINE=postgresql
echo "reskill HTTP benchmark — $ENGINE, $(nproc) cores, wrk -t2, ${DURATION}s per run, access log ${RESKILL_LOG_ACCESS:-true}"
run "GET /healthz" 64 "$URL/healthz"
run "GET /api/v1/staff/{id} (session, $ENGINE)" 64 "$URL/api/v1/staff/$STAFF_ID" "Cookie: reskill_session=$COOKIE"
run "GET /healthz" 1024 "$URL/healthz"
echo "server peak RSS: $(awk '/VmHWM/{print $2" "$3}' /proc/$SERVER_PID/status)"
