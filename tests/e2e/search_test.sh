#!/usr/bin/env bash
# End-to-end check of occupation search and the labour-market imports on the real data in
# ../shared/data (O*NET 29.3, CC BY 4.0; BLS OEWS May 2024 and Employment Projections 2024–34):
#   tests/e2e/search_test.sh build/dev/src/main/reskill [SHARED_DATA_DIR]
# Imports everything into a temporary SQLite database with the real binary and checks: the wage
# and projection joins to O*NET (counts from the import reports), an idempotent re-import, a
# malformed file that is refused with file:line and changes nothing; then serves the database and
# checks that "cashier", "help desk" and "nursing assistant" find 41-2011.00, 15-1232.00 and
# 31-1131.00 first through the API, and that a profile carries its wages and sources. Skips
# (exit 0) when the data is absent. Exits 1 if any check failed.
set -uo pipefail

if [[ $# -lt 1 || ! -x "$1" ]]; then
  echo "usage: $0 PATH/TO/reskill [SHARED_DATA_DIR]" >&2
  exit 2
fi
bin=$(realpath "$1")
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
data=${2:-$root/../shared/data}
release="$data/onet/db_29_3_text"
wages="$data/bls/oews_national_M2024.csv"
projections="$data/bls/ep_2024_34_table_1_2.csv"
for f in "$release/Occupation Data.txt" "$wages" "$projections"; do
  if [[ ! -f "$f" ]]; then
    echo "skip: $f is missing (CI provides ../shared/data)"
    exit 0
  fi
done

die() {
  echo "search_test: FAIL: $*" >&2
  exit 1
}
command -v curl >/dev/null || die "curl is not installed"

# The caller's RESKILL_* settings must not leak into the commands under test.
while IFS= read -r name; do unset "$name"; done < <(compgen -e | grep '^RESKILL_' || true)
export RESKILL_LOG_ACCESS=false

tmp=$(mktemp -d "${TMPDIR:-/tmp}/reskill-search.XXXXXX")
server_pid=""
cleanup() {
  local rc=$?
  if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$server_pid" 2>/dev/null
    wait "$server_pid" 2>/dev/null
  fi
  rm -rf "$tmp"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
db="$tmp/search.db"

failures=0
checks=0
rc=0
last_cmd=""

# shellcheck source=tests/e2e/checks.sh
source "$root/tests/e2e/checks.sh" || exit 2
expect_exit() {  # CODE DESCRIPTION
  if [[ $rc -eq $1 ]]; then pass "$2"; else fail "$2 (expected exit $1)"; fi
}
expect_out() {  # TEXT DESCRIPTION
  if grep -qF -- "$1" "$tmp/out"; then pass "$2"; else fail "$2 (stdout lacks: $1)"; fi
}
expect_err() {  # TEXT DESCRIPTION
  if grep -qF -- "$1" "$tmp/err"; then pass "$2"; else fail "$2 (stderr lacks: $1)"; fi
}

# --- Imports --------------------------------------------------------------------------------------

run --db "$db" import onet "$release"
expect_exit 0 "import onet 29.3"
run --db "$db" import wages "$wages"
expect_exit 0 "import wages (OEWS May 2024)"
expect_out "imported 1279 wage rows for May 2024: U.S. (99) (replaced 0 stored rows)" \
  "831 detailed and 455 broad OEWS rows, the 7 listed twice kept once"
# 20 through the broad group (e.g. 31-1121/31-1122 → 31-1120), 14 through BLS aggregate codes
# (21-1011/21-1014 → 21-1018); without figures: 45-3031 (not surveyed) and the 19 military codes.
expect_out "O*NET occupations with figures: 996 of 1016 (14 through a BLS aggregate code, 20 through their broad SOC group)" \
  "wages join to 996 of 1016 O*NET occupations"
expect_out "O*NET occupations without figures: 20 (45-3031.00, 55-1011.00" "occupations without wages are reported"
expect_out "SOC codes without an O*NET occupation: 0" "every detailed OEWS code joins"

run --db "$db" import projections "$projections"
expect_exit 0 "import projections (2024–34)"
expect_out "imported 832 projections for 2024–34 (replaced 0 stored rows)" "832 line items"
expect_out "O*NET occupations with figures: 997 of 1016" "projections join to 997 occupations"

run --db "$db" import wages "$wages"
expect_exit 0 "re-import wages"
expect_out "replaced 1279 stored rows" "a re-import replaces the same (area, year)"

# A malformed row: refused with file and line, and nothing changes.
before=$(sqlite3 "$db" "SELECT COUNT(*), SUM(annual_median) FROM labour_wage")
sed -E '100s/,(broad|detailed),([0-9]+),/,\1,\2x,/' "$wages" >"$tmp/oews_national_M2024.csv"
run --db "$db" import wages "$tmp/oews_national_M2024.csv"
expect_exit 2 "a malformed wage file is refused (exit 2)"
expect_err "oews_national_M2024.csv:100: TOT_EMP" "the error names file and line"
after=$(sqlite3 "$db" "SELECT COUNT(*), SUM(annual_median) FROM labour_wage")
if [[ "$before" == "$after" ]]; then pass "nothing changed"; else fail "wages changed: $before → $after"; fi

# --- Search through the API -----------------------------------------------------------------------

email=curator@search.test
password="Pw-$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
"$bin" --db "$db" tenant add demo "Search test agency" >"$tmp/setup.log" 2>&1 ||
  die "tenant add failed: $(cat "$tmp/setup.log")"
printf '%s\n' "$password" |
  "$bin" --db "$db" user add --tenant demo --email "$email" --role curator >"$tmp/setup.log" 2>&1 ||
  die "user add failed: $(cat "$tmp/setup.log")"

# shellcheck source=tests/e2e/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
start_server
url="http://127.0.0.1:$port"
jar="$tmp/cookies"
code=$(curl -sS --max-time 10 -c "$jar" -o "$tmp/signin.json" -w '%{http_code}' \
  -H 'Content-Type: application/json' \
  -d "{\"tenant\":\"demo\",\"email\":\"$email\",\"password\":\"$password\"}" "$url/api/v1/sessions")
[[ $code == 201 ]] || die "sign-in answered $code: $(cat "$tmp/signin.json")"

get() {  # PATH → body in $tmp/out, status in $rc
  last_cmd="GET $1"
  rc=$(curl -sS --max-time 10 -b "$jar" -o "$tmp/out" -w '%{http_code}' "$url$1")
  : >"$tmp/err"
}

expect_first() {  # QUERY (url-encoded) CODE
  get "/api/v1/occupations?q=$1&limit=5"
  local first
  first=$(grep -o '"items":\[{"code":"[^"]*"' "$tmp/out" | sed 's/.*"code":"//; s/"$//')
  if [[ $rc == 200 && $first == "$2" ]]; then
    pass "\"$1\" finds $2 first"
  else
    fail "\"$1\" should find $2 first, found '${first}'"
  fi
}
expect_first cashier 41-2011.00
expect_first cashiers 41-2011.00
expect_first "help%20desk" 15-1232.00
expect_first "desk%20help" 15-1232.00
expect_first "nursing%20assistant" 31-1131.00
expect_first "Nursing%20Assistants" 31-1131.00
expect_first "assistant%20nursing" 31-1131.00
expect_first CNA 31-1131.00
expect_first "software%20developer" 15-1252.00
expect_first "registered%20nurse" 29-1141.00
expect_first "truck%20driver" 53-3032.00
expect_first "15-1232" 15-1232.00

get "/api/v1/occupations/31-1131.00"
if [[ $rc == 200 ]] && grep -q '"median":39530' "$tmp/out" &&
  grep -q 'Occupational Employment and Wage Statistics, May 2024' "$tmp/out" &&
  grep -q 'Employment Projections program, 2024' "$tmp/out" &&
  grep -q 'O\*NET 29.3 Database' "$tmp/out"; then
  pass "a profile carries wages, outlook, their sources and the O*NET attribution"
else
  fail "profile of 31-1131.00"
fi

get "/api/v1/occupations/in-demand?limit=3"
if [[ $rc == 200 ]] && grep -q '"items":\[{"code":"35-3023.00"' "$tmp/out"; then
  pass "the in-demand list starts with the most openings"
else
  fail "in-demand list"
fi

get "/api/v1/occupations?q="
if [[ $rc == 400 ]]; then pass "an empty query is 400"; else fail "an empty query should be 400"; fi

echo "search_test: $((checks - failures)) of $checks checks passed"
[[ $failures -eq 0 ]]
