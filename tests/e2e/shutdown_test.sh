#!/usr/bin/env bash
# Graceful shutdown under load, against the real server:
#   tests/e2e/shutdown_test.sh build/dev/src/main/reskill
# Serves a temporary SQLite database, signs a staff user in, then fires 200 requests with curl, 20
# at a time (/readyz, the signed-in home page, GET /api/v1/me with the session cookie, and form
# sign-ins, which are slow because of Argon2id). Part-way through it sends SIGTERM and checks:
#   - the server exits with code 0 within its shutdown grace period (plus a little slack);
#   - every answered request got a status its route gives normally (200, or 303 for a sign-in),
#     or 503 once the server is draining; never any other 5xx or an unexpected status;
#   - a request that got no answer failed only because the connection was refused or closed
#     before the request was accepted (curl exit 7, 52 or 56), never by a timeout or otherwise.
# The server and the temporary directory are cleaned up also when a step fails.
set -uo pipefail

if [[ $# -ne 1 || ! -x "$1" ]]; then
  echo "usage: $0 PATH/TO/reskill" >&2
  exit 2
fi
bin=$(realpath "$1")

TOTAL=200
PARALLEL=20
SIGTERM_AFTER=40  # answered requests before SIGTERM is sent
GRACE_S=5

die() {
  echo "shutdown_test: FAIL: $*" >&2
  exit 1
}

command -v curl >/dev/null || die "curl is not installed"

# The caller's RESKILL_* settings must not leak into the server under test.
while IFS= read -r name; do unset "$name"; done < <(compgen -e | grep '^RESKILL_' || true)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/reskill-shutdown.XXXXXX")
server_pid=""
load_pid=""

cleanup() {
  local rc=$?
  if [[ -n $load_pid ]] && kill -0 "$load_pid" 2>/dev/null; then
    kill -TERM "$load_pid" 2>/dev/null
    wait "$load_pid" 2>/dev/null
  fi
  if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$server_pid" 2>/dev/null
    wait "$server_pid" 2>/dev/null
  fi
  if [[ $rc -ne 0 && -s "$tmp/server.err" ]]; then
    echo "--- server stderr (last 30 lines) ---" >&2
    tail -n 30 "$tmp/server.err" >&2
  fi
  rm -rf "$tmp"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

db="$tmp/shutdown.db"
export RESKILL_LOG_ACCESS=false
export RESKILL_SERVER_SHUTDOWN_GRACE_S=$GRACE_S

email=admin@shutdown.test
password="Pw-$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
"$bin" --db "$db" tenant add demo "Demo Agency (shutdown test)" >"$tmp/setup.log" 2>&1 ||
  die "reskill tenant add failed: $(cat "$tmp/setup.log")"
printf '%s\n' "$password" |
  "$bin" --db "$db" user add --tenant demo --email "$email" --role admin >"$tmp/setup.log" 2>&1 ||
  die "reskill user add failed: $(cat "$tmp/setup.log")"

# shellcheck source=tests/e2e/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

start_server
url="http://127.0.0.1:$port"
echo "shutdown_test: server on $url (pid $server_pid)"

# Sign in through the form: the sign-in page sets the anonymous CSRF cookie and field.
anon_jar="$tmp/anon.cookies"
session_jar="$tmp/session.cookies"
curl -sS --max-time 10 -c "$anon_jar" -o "$tmp/signin.html" "$url/signin" ||
  die "GET /signin failed"
csrf=$(grep -o 'name="_csrf" value="[^"]*"' "$tmp/signin.html" | head -n 1 | sed 's/.*value="//; s/"$//')
[[ -n $csrf ]] || die "no _csrf field on the sign-in page"
code=$(curl -sS --max-time 10 -b "$anon_jar" -c "$session_jar" -o /dev/null -w '%{http_code}' \
  --data-urlencode tenant=demo --data-urlencode "email=$email" \
  --data-urlencode "password=$password" --data-urlencode "_csrf=$csrf" "$url/signin")
[[ $code == 303 ]] || die "sign-in returned HTTP $code, expected 303"
grep -q reskill_session "$session_jar" || die "sign-in set no reskill_session cookie"
code=$(curl -sS --max-time 10 -b "$session_jar" -o /dev/null -w '%{http_code}' "$url/")
[[ $code == 200 ]] || die "signed-in GET / returned HTTP $code, expected 200"

# One request of the given kind; prints "KIND HTTP_CODE CURL_EXIT".
one_request() {
  local kind=$1 code rc
  local args=(-s -o /dev/null -w '%{http_code}' --max-time 30)
  case $kind in
    readyz) args+=("$url/readyz") ;;
    home) args+=(-b "$session_jar" -H 'Accept: text/html' "$url/") ;;
    me) args+=(-b "$session_jar" "$url/api/v1/me") ;;
    signin)
      args+=(-b "$anon_jar" --data-urlencode tenant=demo --data-urlencode "email=$email"
        --data-urlencode "password=$password" --data-urlencode "_csrf=$csrf" "$url/signin")
      ;;
  esac
  code=$(curl "${args[@]}")
  rc=$?
  echo "$kind ${code:-000} $rc"
}
export -f one_request
export url session_jar anon_jar email password csrf

kinds=(readyz home me signin)
for i in $(seq "$TOTAL"); do echo "${kinds[$((i % 4))]}"; done >"$tmp/requests"
results="$tmp/results"
: >"$results"
# shellcheck disable=SC2016  # $1 is expanded by the inner bash
xargs -P "$PARALLEL" -n 1 bash -c 'one_request "$1"' _ <"$tmp/requests" >"$results" 2>&1 &
load_pid=$!

# SIGTERM part-way through the load.
for _ in $(seq 3000); do
  answered=$(wc -l <"$results")
  [[ $answered -ge $SIGTERM_AFTER ]] && break
  kill -0 "$load_pid" 2>/dev/null || break
  sleep 0.01
done
answered_at_signal=$(wc -l <"$results")
kill -0 "$server_pid" 2>/dev/null || die "the server died under load, before SIGTERM"
sent=$(date +%s%N)
kill -TERM "$server_pid"
echo "shutdown_test: SIGTERM sent after $answered_at_signal of $TOTAL requests were answered"

server_rc=""
for _ in $(seq $(((GRACE_S + 5) * 20))); do
  if ! kill -0 "$server_pid" 2>/dev/null; then
    wait "$server_pid"
    server_rc=$?
    break
  fi
  sleep 0.05
done
elapsed_ms=$((($(date +%s%N) - sent) / 1000000))
[[ -n $server_rc ]] || die "the server did not exit within $((GRACE_S + 5)) s of SIGTERM (grace period ${GRACE_S} s)"
server_pid=""
echo "shutdown_test: the server exited with code $server_rc ${elapsed_ms} ms after SIGTERM"

wait "$load_pid"
load_pid=""

failures=0
fail() {
  echo "shutdown_test: FAIL: $*" >&2
  failures=$((failures + 1))
}

[[ $server_rc -eq 0 ]] || fail "the server exited with code $server_rc after SIGTERM (expected 0)"
[[ $answered_at_signal -lt $TOTAL ]] ||
  fail "all requests were answered before SIGTERM; the test did not exercise draining"

lines=$(wc -l <"$results")
[[ $lines -eq $TOTAL ]] || fail "expected $TOTAL result lines, got $lines"

# Tally the outcomes and check each one.
declare -A tally=()
while read -r kind code rc; do
  tally["$kind $code curl=$rc"]=$((${tally["$kind $code curl=$rc"]:-0} + 1))
  if [[ $code == 000 ]]; then
    case $rc in
      7 | 52 | 56) ;;  # refused, or closed before the request was accepted
      *) fail "$kind: curl failed with exit code $rc (not a refused or closed connection)" ;;
    esac
    continue
  fi
  case "$kind $code" in
    "readyz 200" | "home 200" | "me 200" | "signin 303" | *" 503") ;;
    *" 5"*) fail "$kind: got HTTP $code, a 5xx other than 503" ;;
    *) fail "$kind: got unexpected HTTP $code" ;;
  esac
done <"$results"

echo "shutdown_test: outcomes (kind, HTTP status, curl exit code: count):"
for key in "${!tally[@]}"; do echo "  $key: ${tally[$key]}"; done | sort

ok_before=$(grep -cE '^(readyz|home|me) 200 0$|^signin 303 0$' "$results")
[[ $ok_before -ge $SIGTERM_AFTER ]] ||
  fail "only $ok_before requests succeeded; expected at least the $SIGTERM_AFTER before SIGTERM"

if [[ $failures -gt 0 ]]; then
  echo "shutdown_test: $failures check(s) FAILED" >&2
  exit 1
fi
echo "shutdown_test: passed"
