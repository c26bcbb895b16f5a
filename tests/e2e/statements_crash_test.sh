#!/usr/bin/env bash
# A statement is acknowledged only after it is durably committed: eight clients POST batches of
# statements (and PUT single ones) to a real server, which is killed with SIGKILL in the middle of
# the load. After a restart, every statement that got 200/204 is there, the database is intact,
# and nothing is half-written: every stored statement has its index terms (those the writer had not
# written yet are derived at the restart) and is found by agent, and the learning facts count
# exactly the stored statements. Run against the real binary:
#   tests/e2e/statements_crash_test.sh build/dev/src/main/reskill
# Exits 1 if any check failed.
set -uo pipefail

if [[ $# -ne 1 || ! -x "$1" ]]; then
  echo "usage: $0 PATH/TO/reskill" >&2
  exit 2
fi
bin=$(realpath "$1")
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

die() {
  echo "statements_crash_test: FAIL: $*" >&2
  exit 1
}
command -v curl >/dev/null || die "curl is not installed"
while IFS= read -r name; do unset "$name"; done < <(compgen -e | grep '^RESKILL_' || true)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/reskill-stmts.XXXXXX")
db="$tmp/lrs.db"
server_pid=""
load_pid=""
cleanup() {
  local code=$?
  [[ -n $load_pid ]] && kill "$load_pid" 2>/dev/null
  if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null
    wait "$server_pid" 2>/dev/null
  fi
  rm -rf "$tmp"
  exit "$code"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

failures=0
checks=0
rc=0
last_cmd=""
# shellcheck source=tests/e2e/checks.sh
source "$root/tests/e2e/checks.sh" || exit 2
# shellcheck source=tests/e2e/lib.sh
source "$root/tests/e2e/lib.sh" || exit 2

run --db "$db" tenant add demo "Demo Agency"
expect_exit 0 "tenant created"
run --db "$db" lrs client add --tenant demo --name "LMS" --scope xapi:all
expect_exit 0 "LRS client created"
cp "$tmp/out" "$tmp/client.json"
key=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["key"])' "$tmp/client.json")
secret=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["secret"])' "$tmp/client.json")

start_server
# The load: 8 threads; each acknowledged id is appended to acked.txt only after its 200/204.
python3 - "$port" "$key" "$secret" "$tmp/acked.txt" >"$tmp/load.out" 2>&1 <<'PY' &
import base64, http.client, json, sys, threading, uuid
port, key, secret, path = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
auth = "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode()
lock = threading.Lock()
out = open(path, "a")

def statement(sid, n):
    return {"id": sid,
            "actor": {"account": {"homePage": "https://lms.example.com", "name": f"learner-{n % 50}"}},
            "verb": {"id": "http://adlnet.gov/expapi/verbs/progressed"},
            "object": {"id": f"https://lms.example.com/course/{n % 7}"},
            "result": {"duration": "PT1M"},
            "timestamp": "2026-11-23T10:00:00Z"}

def worker(t):
    n = 0
    while True:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            while True:
                n += 1
                headers = {"Authorization": auth, "X-Experience-API-Version": "1.0.3",
                           "Content-Type": "application/json"}
                if n % 3 == 0:
                    sid = str(uuid.uuid4())
                    conn.request("PUT", "/xapi/statements?statementId=" + sid,
                                 json.dumps(statement(sid, n)), headers)
                    ids, want = [sid], 204
                else:
                    ids = [str(uuid.uuid4()) for _ in range(10)]
                    conn.request("POST", "/xapi/statements",
                                 json.dumps([statement(i, n + k) for k, i in enumerate(ids)]), headers)
                    want = 200
                r = conn.getresponse()
                r.read()
                if r.status == want:
                    with lock:
                        out.write("\n".join(ids) + "\n")
                        out.flush()
        except Exception:
            return  # the server is gone

threads = [threading.Thread(target=worker, args=(t,)) for t in range(8)]
for th in threads: th.start()
for th in threads: th.join()
PY
load_pid=$!

# Kill the server with SIGKILL once a good number of statements is acknowledged.
for _ in $(seq 300); do
  [[ -f $tmp/acked.txt && $(wc -l <"$tmp/acked.txt") -ge 2000 ]] && break
  sleep 0.1
done
acked_at_kill=$(wc -l <"$tmp/acked.txt" 2>/dev/null || echo 0)
kill -KILL "$server_pid"
wait "$server_pid" 2>/dev/null
server_pid=""
wait "$load_pid" 2>/dev/null
load_pid=""
acked=$(sort -u "$tmp/acked.txt" | wc -l)
if [[ $acked -ge 1000 ]]; then pass "the load was acknowledged ($acked statements) before SIGKILL"; else
  fail "the load was acknowledged before SIGKILL (only $acked, $acked_at_kill at the kill)"; fi

# The term index is written after the statements (docs/adr/0014-deferred-term-index.md): those
# committed above the watermark at the kill get their terms when the server starts again.
unindexed=$(sql "SELECT count(*) FROM xapi_statement s WHERE s.seq > COALESCE((SELECT w.seq FROM xapi_term_watermark w WHERE w.tenant_id = s.tenant_id), 0)")
echo "statements committed without their index terms at the kill: $unindexed"

# Restart: recovery of the WAL happens on open, that of the term index before the server listens.
start_server
code=$(curl -s -o /dev/null -w '%{http_code}' -u "$key:$secret" -H 'X-Experience-API-Version: 1.0.3' \
  "http://127.0.0.1:$port/xapi/statements?limit=1")
[[ $code == 200 ]] && pass "the restarted server answers queries" || fail "restarted server (HTTP $code)"
# Every acknowledged statement is found through the index: GET ?agent= for each learner of the
# load, following the more links.
python3 - "$port" "$key" "$secret" >"$tmp/by_agent.txt" 2>"$tmp/by_agent.err" <<'PY'
import base64, http.client, json, sys, urllib.parse
port, key, secret = int(sys.argv[1]), sys.argv[2], sys.argv[3]
auth = "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode()
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
for n in range(50):
    agent = json.dumps({"account": {"homePage": "https://lms.example.com", "name": f"learner-{n}"}})
    path = "/xapi/statements?limit=500&agent=" + urllib.parse.quote(agent)
    while path:
        conn.request("GET", path, headers={"Authorization": auth, "X-Experience-API-Version": "1.0.3"})
        r = conn.getresponse()
        body = r.read()
        if r.status != 200:
            sys.exit(f"GET {path}: HTTP {r.status}")
        page = json.loads(body)
        for s in page["statements"]:
            print(s["id"])
        path = page.get("more") or ""
PY
[[ $? -eq 0 ]] || fail "the queries by agent answer: $(tail -n 3 "$tmp/by_agent.err")"
sort -u "$tmp/by_agent.txt" >"$tmp/by_agent_sorted.txt"
unfound=$(sort -u "$tmp/acked.txt" | comm -23 - "$tmp/by_agent_sorted.txt" | wc -l)
[[ $unfound -eq 0 ]] && pass "every acknowledged statement is found by agent ($(wc -l <"$tmp/by_agent_sorted.txt") found)" ||
  fail "every acknowledged statement is found by agent: $unfound not found"
kill -TERM "$server_pid" && wait "$server_pid" 2>/dev/null
server_pid=""

# SQLite 3.40 (Debian 12) reports "NULL value in T.C" from integrity_check for NOT NULL columns
# after the primary key's columns in WITHOUT ROWID tables whose key is not their leading columns
# (learning_day): a false positive, reproduced on a two-row table. Those lines are set aside and
# the columns checked with a query instead.
integrity=$(sql "PRAGMA integrity_check" | grep -v '^NULL value in learning_day\.' || true)
[[ $integrity == ok || -z $integrity ]] && pass "the database is intact" ||
  fail "the database is intact: $integrity"
expect_sql "SELECT count(*) FROM learning_day WHERE first_activity_at IS NULL OR last_activity_at IS NULL" \
  "0" "learning days have their first and last activity"
sql "SELECT statement_id FROM xapi_statement" | sort -u >"$tmp/stored.txt"
missing=$(sort -u "$tmp/acked.txt" | comm -23 - "$tmp/stored.txt" | wc -l)
stored=$(wc -l <"$tmp/stored.txt")
[[ $missing -eq 0 ]] && pass "every acknowledged statement is stored ($stored stored)" ||
  fail "every acknowledged statement is stored: $missing missing"
expect_sql "SELECT count(*) FROM xapi_statement s WHERE NOT EXISTS (SELECT 1 FROM xapi_statement_term t WHERE t.tenant_id = s.tenant_id AND t.seq = s.seq)" \
  "0" "no stored statement lacks its index terms"
expect_sql "SELECT count(*) FROM xapi_statement s WHERE s.seq > (SELECT w.seq FROM xapi_term_watermark w WHERE w.tenant_id = s.tenant_id)" \
  "0" "the term watermark covers every stored statement"
expect_sql "SELECT (SELECT SUM(progressed) FROM learning_day) = (SELECT count(*) FROM xapi_statement)" \
  "1" "the learning facts count exactly the stored statements"
expect_sql "SELECT (SELECT SUM(seconds) FROM learning_day) = 60 * (SELECT count(*) FROM xapi_statement)" \
  "1" "the time spent is that of the stored statements"

echo "$((checks - failures))/$checks checks passed"
[[ $failures -eq 0 ]]
