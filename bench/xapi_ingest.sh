#!/usr/bin/env bash
# xAPI statements benchmark of the release build with wrk on loopback:
#   1. ingest: POST /xapi/statements, batches of 10 realistic statements (~1 KB each, 2,000 learners,
#      50 courses; one statement in 1,000 voids one sent 500 before, as an LMS voids a mistaken
#      statement) over 16 keep-alive connections (target >= 20,000 statements/s on SQLite);
#   2. query: GET /xapi/statements?agent=…&limit=100 for random learners once the store holds
#      QUERY_STATEMENTS statements (default 1,000,000; target p99 < 20 ms), then the same with a
#      since/until window;
#   3. more: GET the `more` links of such queries (collected first by following every page of
#      200 learners, with and without the window), replayed in random order.
# Prints statements/s, p50/p99 latencies and the server's peak RSS.
# Usage: bench/xapi_ingest.sh [seconds-per-run]   (needs: cmake --build --preset release)
# BENCH_SEED_DB=FILE (SQLite only): when FILE exists, the run starts from a copy of it (and of
# FILE.key) instead of ingesting: no ingest figure, straight to the queries. When it does not
# exist, the run ingests as usual and saves the filled database there for the next runs.
# On PostgreSQL: scripts/with-postgres.sh bash -c 'BENCH_DB=$RESKILL_TEST_PG_DSN bench/xapi_ingest.sh'
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-20}"
QUERY_STATEMENTS="${QUERY_STATEMENTS:-1000000}"
BIN="${BENCH_BIN:-build/release/src/main/reskill}"  # BENCH_BIN: another build to compare
[[ -x "$BIN" ]] || { echo "build the release preset first: cmake --preset release && cmake --build --preset release" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is missing: scripts/deps.sh test" >&2; exit 1; }
ulimit -n 65536 2>/dev/null || ulimit -n 4096

WORK=$(mktemp -d)
PORT=$((20000 + RANDOM % 20000))
SERVER_PID=""
SAMPLER_PID=""
cleanup() { [[ -n "$SAMPLER_PID" ]] && kill "$SAMPLER_PID" 2>/dev/null; [[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

DB="${BENCH_DB:-$WORK/bench.db}"
SEED="${BENCH_SEED_DB:-}"
SEEDED=false
if [[ -n "$SEED" && -f "$SEED" && -z "${BENCH_DB:-}" ]]; then
  cp "$SEED" "$DB" && cp "$SEED.key" "$DB.key"
  SEEDED=true
else
  "$BIN" --db "$DB" tenant add bench "Benchmark Agency" >/dev/null
fi
CREDS=$("$BIN" --db "$DB" lrs client add --tenant bench --name "Bench LMS" --scope xapi:all)
KEY=$(sed -E 's/.*"key" *: *"([^"]+)".*/\1/' <<<"$CREDS")
SECRET=$(sed -E 's/.*"secret" *: *"([^"]+)".*/\1/' <<<"$CREDS")
AUTH="Basic $(printf '%s:%s' "$KEY" "$SECRET" | base64 -w0)"
RESKILL_LOG_ACCESS=false RESKILL_SERVER_THREADS="${RESKILL_SERVER_THREADS:-16}" "$BIN" --db "$DB" serve --listen "127.0.0.1:$PORT" \
  >"$WORK/server.out" 2>"$WORK/server.log" &
SERVER_PID=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.1; done
URL="http://127.0.0.1:$PORT"
# VmHWM counts the database pages each SQLite connection maps (mmap) once per connection, though
# they are one page cache; the heap is RssAnon. Sample it every second and keep the peak.
( peak=0; while sleep 1; do
    anon=$(awk '/RssAnon/{print $2}' "/proc/$SERVER_PID/status" 2>/dev/null) || break
    [[ -n "$anon" ]] || break
    (( anon > peak )) && peak=$anon && echo "$peak" >"$WORK/anon_peak"
  done ) &
SAMPLER_PID=$!

# Each wrk thread numbers its statements, so every id is new; learners and courses repeat.
cat >"$WORK/post.lua" <<'LUA'
local counter = 0
local thread_id = 0
local run_id = 0
local threads = {}
function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end
function init(args)
  thread_id = tid or 0
  math.randomseed(thread_id * 7919 + os.time())
  run_id = math.random(0, 2147483646)  -- ids stay unique across runs on one database
end
local function id(n) return string.format("%08x-%04x-4000-8000-%012d", run_id, thread_id, n) end
local function statement()
  counter = counter + 1
  if counter % 1000 == 0 then  -- an LMS voiding a mistaken statement (never a voiding one)
    return string.format([[{"id":"%s","actor":{"objectType":"Agent","account":{"homePage":"https://lms.example.com","name":"lms-admin"}},"verb":{"id":"http://adlnet.gov/expapi/verbs/voided","display":{"en-US":"voided"}},"object":{"objectType":"StatementRef","id":"%s"}}]],
      id(counter), id(counter - 500))
  end
  local learner = math.random(0, 1999)
  local course = math.random(0, 49)
  return string.format([[{"id":"%s","actor":{"objectType":"Agent","name":"Learner %d","account":{"homePage":"https://lms.example.com","name":"learner-%d"}},"verb":{"id":"http://adlnet.gov/expapi/verbs/progressed","display":{"en-US":"progressed"}},"object":{"objectType":"Activity","id":"https://lms.example.com/courses/%d","definition":{"name":{"en-US":"Course %d: Introduction to Data Analysis"},"description":{"en-US":"Spreadsheets, descriptive statistics and charts for the office, in eight short lessons with exercises."},"type":"http://adlnet.gov/expapi/activities/course"}},"result":{"completion":false,"duration":"PT%dM%dS","score":{"scaled":0.%02d},"extensions":{"https://w3id.org/xapi/cmi5/result/extensions/progress":%d}},"context":{"registration":"6f1c2a7e-1d1b-4c1e-9a51-%012x","platform":"Bench LMS","language":"en-US","contextActivities":{"parent":[{"id":"https://lms.example.com/paths/%d","objectType":"Activity"}],"category":[{"id":"https://w3id.org/xapi/cmi5/context/categories/cmi5","objectType":"Activity"}]}},"timestamp":"2026-11-23T10:%02d:%02d.000Z"}]],
    id(counter),
    learner, learner, course, course, math.random(1, 30), math.random(0, 59), math.random(0, 99),
    math.random(1, 100), learner, course % 5, math.random(0, 59), math.random(0, 59))
end
function request()
  local parts = {}
  for i = 1, 10 do parts[i] = statement() end
  return wrk.format("POST", "/xapi/statements", nil, "[" .. table.concat(parts, ",") .. "]")
end
LUA

cat >"$WORK/query.lua" <<'LUA'
local window = os.getenv("BENCH_WINDOW") or ""
function init(args) math.randomseed(os.time() + math.random(1000)) end
function request()
  local learner = math.random(0, 1999)
  local agent = string.format('{"account":{"homePage":"https://lms.example.com","name":"learner-%d"}}', learner)
  local escaped = agent:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end)
  return wrk.format("GET", "/xapi/statements?limit=100&agent=" .. escaped .. window)
end
LUA

HEADERS=(-H "Authorization: $AUTH" -H "X-Experience-API-Version: 1.0.3" -H "Content-Type: application/json")
ENGINE=sqlite; [[ "$DB" == postgres* ]] && ENGINE=postgresql
echo "reskill xAPI benchmark — $ENGINE, $(nproc) cores, wrk -t2"

ingest() {  # seconds
  local out rps p99 non2xx
  out=$(wrk -t2 -c16 -d"$1s" --timeout 10s --latency -s "$WORK/post.lua" "${HEADERS[@]}" "$URL")
  rps=$(awk '/Requests\/sec/{print $2}' <<<"$out")
  p99=$(awk '$1=="99%"{print $2}' <<<"$out")
  non2xx=$(grep -E "Non-2xx" <<<"$out" || echo "Non-2xx or 3xx responses: 0")
  printf 'POST batches of 10 (16 conns, %ss): %8.0f statements/s   p99 %-8s %s\n' "$1" \
    "$(awk -v r="$rps" 'BEGIN{print r*10}')" "$p99" "$non2xx"
}
if [[ "$SEEDED" == true ]]; then
  echo "ingest: skipped (database copied from $SEED)"
else
  ingest "$DURATION"
fi
# Fill up to QUERY_STATEMENTS (each statement id is unique, so every POST adds 10).
if [[ "$ENGINE" == sqlite ]]; then
  stored=$(sqlite3 "$DB" "SELECT COUNT(*) FROM xapi_statement")
else
  stored=$(psql "$DB" -Atc "SELECT COUNT(*) FROM xapi_statement")
fi
while (( stored < QUERY_STATEMENTS )); do
  wrk -t2 -c16 -d20s --timeout 10s -s "$WORK/post.lua" "${HEADERS[@]}" "$URL" >/dev/null
  if [[ "$ENGINE" == sqlite ]]; then
    stored=$(sqlite3 "$DB" "SELECT COUNT(*) FROM xapi_statement")
  else
    stored=$(psql "$DB" -Atc "SELECT COUNT(*) FROM xapi_statement")
  fi
done
echo "stored statements: $stored"
if [[ -n "$SEED" && "$SEEDED" == false && "$ENGINE" == sqlite ]]; then
  sqlite3 "$DB" ".backup '$SEED'" && cp "$DB.key" "$SEED.key" && echo "saved the filled database as $SEED"
fi

query() {  # label window
  local out rps p50 p99
  out=$(BENCH_WINDOW="$2" wrk -t2 -c8 -d"${DURATION}s" --timeout 10s --latency -s "$WORK/query.lua" \
    "${HEADERS[@]}" "$URL")
  rps=$(awk '/Requests\/sec/{print $2}' <<<"$out")
  p50=$(awk '$1=="50%"{print $2}' <<<"$out")
  p99=$(awk '$1=="99%"{print $2}' <<<"$out")
  printf '%-52s %8s req/s   p50 %-8s p99 %s\n' "$1" "$rps" "$p50" "$p99"
}
WINDOW="&since=2026-01-01T00:00:00Z&until=2030-01-01T00:00:00Z"
# Unmeasured: right after a fill the writer still flushes its deferred term index and the WAL is
# checkpointed in the background; the first queries would measure that one-off, not the store.
BENCH_WINDOW="" wrk -t2 -c8 -d5s --timeout 10s -s "$WORK/query.lua" "${HEADERS[@]}" "$URL" >/dev/null
query "GET ?agent=…&limit=100 (8 conns)" ""
query "GET ?agent=…&limit=100&since&until (8 conns)" "$WINDOW"

# The `more` links: every page after the first of 200 learners' queries, with and without the
# window, collected once and then requested in random order (each is a complete query URL).
collect_more() {  # window -> one URL a line
  local learner agent url more
  for learner in $(seq 0 10 1999); do
    agent=$(printf '{"account":{"homePage":"https://lms.example.com","name":"learner-%d"}}' "$learner" | jq -sRr @uri)
    url="/xapi/statements?limit=100&agent=$agent$1"
    while :; do
      more=$(curl -sf "${HEADERS[@]}" "$URL$url" | grep -o '"more":"[^"]*"' | sed -E 's/"more":"(.*)"/\1/')
      [[ -z "$more" ]] && break
      echo "$more"
      url="$more"
    done
  done
}
{ collect_more ""; collect_more "$WINDOW"; } >"$WORK/more.txt"
{
  echo "local urls = {"
  sed -E 's/.*/  "&",/' "$WORK/more.txt"
  echo "}"
  cat <<'LUA'
function init(args) math.randomseed(os.time() + math.random(1000)) end
function request() return wrk.format("GET", urls[math.random(#urls)]) end
LUA
} >"$WORK/more.lua"
out=$(wrk -t2 -c8 -d"${DURATION}s" --timeout 10s --latency -s "$WORK/more.lua" "${HEADERS[@]}" "$URL")
printf '%-52s %8s req/s   p50 %-8s p99 %s\n' "GET more links ($(wc -l <"$WORK/more.txt") URLs, 8 conns)" \
  "$(awk '/Requests\/sec/{print $2}' <<<"$out")" "$(awk '$1=="50%"{print $2}' <<<"$out")" \
  "$(awk '$1=="99%"{print $2}' <<<"$out")"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "server peak RSS: $(awk '/VmHWM/{print $2" "$3}' /proc/$SERVER_PID/status) (VmHWM; mapped database pages count once per connection)"
echo "server peak heap (RssAnon, sampled each second): $(cat "$WORK/anon_peak" 2>/dev/null || echo '?') kB; now: $(awk '/RssAnon|RssFile/{printf "%s %s kB  ", $1, $2}' /proc/$SERVER_PID/status)"
[[ "$ENGINE" == sqlite ]] && echo "database: $(du -sh "$DB" | cut -f1) for $stored statements"
