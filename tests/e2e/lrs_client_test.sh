#!/usr/bin/env bash
# End-to-end checks of `reskill lrs client add`, run against the real binary:
#   tests/e2e/lrs_client_test.sh build/dev/src/main/reskill
# The command prints {"key": …, "secret": …} once and stores only a hash of the secret; bad
# scopes, unknown agencies and providers exit with the documented codes and write nothing; the
# printed credentials then work against a running server (HTTP Basic on an xAPI resource and the
# OAuth token endpoint, whose bearer token works too), and wrong ones get 401. Every check runs in
# a temporary directory that is removed at the end, also on failure. Exits 1 if any check failed.
set -uo pipefail

if [[ $# -ne 1 || ! -x "$1" ]]; then
  echo "usage: $0 PATH/TO/reskill" >&2
  exit 2
fi
bin=$(realpath "$1")
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

die() {
  echo "lrs_client_test: FAIL: $*" >&2
  exit 1
}
command -v curl >/dev/null || die "curl is not installed"

# The caller's RESKILL_* settings must not leak into the commands under test.
while IFS= read -r name; do unset "$name"; done < <(compgen -e | grep '^RESKILL_' || true)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/reskill-lrs.XXXXXX")
db="$tmp/lrs.db"
server_pid=""
cleanup() {
  local code=$?
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

json_field() {  # FILE FIELD
  python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"
}

# --- setup ---------------------------------------------------------------------------------------
run --db "$db" tenant add demo "Demo Agency"
expect_exit 0 "tenant demo created"

# --- refusals write nothing ----------------------------------------------------------------------
run --db "$db" lrs client add --tenant demo --name "Bad" --scope statements/delete
expect_exit 2 "an unknown scope exits 2"
expect_in err "statements/delete" "the unknown scope is named"
run --db "$db" lrs client add --tenant nowhere --name "Lost"
expect_exit 3 "an unknown agency exits 3"
run --db "$db" lrs client add --tenant demo --name "Orphan" --provider no-such-provider
expect_exit 2 "an unknown provider exits 2"
run --db "$db" lrs client add --tenant demo --name ""
expect_exit 2 "an empty name exits 2"
expect_sql "SELECT count(*) FROM lrs_client" "0" "refused commands store no client"

# --- a client is created once --------------------------------------------------------------------
run --db "$db" lrs client add --tenant demo --name "LinkedIn Learning" --scope xapi:write --scope state
expect_exit 0 "lrs client add exits 0"
cp "$tmp/out" "$tmp/client.json"
key=$(json_field "$tmp/client.json" key)
secret=$(json_field "$tmp/client.json" secret)
if [[ $key == rlc_* && ${#secret} -ge 40 ]]; then pass "it prints a key and a secret"; else
  fail "it prints a key and a secret"; fi
if [[ $(python3 -c 'import json,sys; print(sorted(json.load(open(sys.argv[1]))))' "$tmp/client.json") == "['key', 'secret']" ]]; then
  pass "the output holds exactly key and secret"; else fail "the output holds exactly key and secret"; fi
expect_sql "SELECT name, scopes FROM lrs_client" "LinkedIn Learning|state xapi:write" \
  "the client is stored with its scopes"
expect_sql "SELECT count(*) FROM lrs_client WHERE secret_hash = '$secret'" "0" \
  "the secret itself is not stored"
expect_sql "SELECT action, actor_id FROM audit_event WHERE action = 'lrs_client.create'" \
  "lrs_client.create|cli" "the creation is audited"

# --- the credentials work against the server ----------------------------------------------------
start_server
base="http://127.0.0.1:$port"
code=$(curl -s -o "$tmp/state.out" -w '%{http_code}' -u "$key:$secret" \
  -H 'X-Experience-API-Version: 1.0.3' -G "$base/xapi/activities/state" \
  --data-urlencode 'activityId=http://example.com/a' \
  --data-urlencode 'agent={"mbox":"mailto:learner@example.com"}')
[[ $code == 200 ]] && pass "Basic credentials read the state resource" ||
  fail "Basic credentials read the state resource (HTTP $code)"
code=$(curl -s -o /dev/null -w '%{http_code}' -u "$key:wrong-secret" \
  -H 'X-Experience-API-Version: 1.0.3' "$base/xapi/activities/state")
[[ $code == 401 ]] && pass "a wrong secret gets 401" || fail "a wrong secret gets 401 (HTTP $code)"
code=$(curl -s -o "$tmp/token.json" -w '%{http_code}' -u "$key:$secret" \
  -d grant_type=client_credentials -d scope=state "$base/xapi/oauth/token")
[[ $code == 200 ]] && pass "the token endpoint issues a token" ||
  fail "the token endpoint issues a token (HTTP $code)"
token=$(json_field "$tmp/token.json" access_token 2>/dev/null)
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" \
  -H 'X-Experience-API-Version: 2.0.0' -G "$base/xapi/activities/state" \
  --data-urlencode 'activityId=http://example.com/a' \
  --data-urlencode 'agent={"mbox":"mailto:learner@example.com"}')
[[ $code == 200 ]] && pass "the bearer token reads the state resource" ||
  fail "the bearer token reads the state resource (HTTP $code)"

# HEAD says the GET's Content-Length and sends no content: two HEADs on one kept-alive
# connection both parse (content after the first would garble the second).
get_length=$(curl -s -H 'X-Experience-API-Version: 2.0.0' "$base/xapi/about" | wc -c)
curl -s -I -H 'X-Experience-API-Version: 2.0.0' "$base/xapi/about" "$base/xapi/about" \
  >"$tmp/head.out"
head_lengths=$(tr -d '\r' <"$tmp/head.out" | awk -F': ' 'tolower($1) == "content-length" {print $2}' |
  sort -u)
[[ $get_length -gt 0 && $head_lengths == "$get_length" ]] &&
  pass "HEAD says the GET's Content-Length ($get_length)" ||
  fail "HEAD says the GET's Content-Length (GET $get_length, HEAD '$head_lengths')"
[[ $(grep -c '^HTTP/1.1 200' "$tmp/head.out") == 2 ]] &&
  pass "HEAD sends no content (two answers on one connection)" ||
  fail "HEAD sends no content: $(head -c 300 "$tmp/head.out")"

echo "$((checks - failures))/$checks checks passed"
[[ $failures -eq 0 ]]
