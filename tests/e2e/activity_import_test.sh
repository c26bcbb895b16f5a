#!/usr/bin/env bash
# End-to-end checks of provider report imports and identity mapping, run against the real binary:
#   tests/e2e/activity_import_test.sh build/dev/src/main/reskill
# On the demo database (which `reskill demo` seeds with an imported LinkedIn Learning report and
# one unmatched learner): a Coursera usage report imported with `reskill import activity` for a
# demo client (counted once; the same file again counts nothing), a LinkedIn Learning report
# without period columns (needs --from/--to), bad files refused with FILE:LINE: COLUMN and exit 2
# storing nothing, unknown agencies and layouts, and `reskill lrs map`. Every check runs in a
# temporary directory that is removed at the end, also on failure. Exits 1 if any check failed.
set -uo pipefail

if [[ $# -ne 1 || ! -x "$1" ]]; then
  echo "usage: $0 PATH/TO/reskill" >&2
  exit 2
fi
bin=$(realpath "$1")
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

# The caller's RESKILL_* settings must not leak into the commands under test.
while IFS= read -r name; do unset "$name"; done < <(compgen -e | grep '^RESKILL_' || true)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/reskill-activity.XXXXXX")
db="$tmp/demo.db"
trap 'rm -rf "$tmp"' EXIT

failures=0
checks=0
rc=0
last_cmd=""

# shellcheck source=tests/e2e/checks.sh
source "$root/tests/e2e/checks.sh" || exit 2

# --- the demo shows both an imported report and an unmatched learner ----------------------------
run --db "$db" demo --no-serve
expect_exit 0 "demo --no-serve exits 0"
expect_in out "Imported a LinkedIn Learning report" "the demo imports a LinkedIn Learning report"
expect_sql "SELECT count(*) FROM xapi_actor WHERE client_id IS NULL" "1" \
  "the demo has one unmatched learner"
expect_sql "SELECT count(DISTINCT client_id) FROM activity_import_total" "2" \
  "the demo report counted for two clients"

# A demo client the demo report did not cover (its LinkedIn Learning figures start fresh).
participant=$(sql "SELECT participant_id FROM client WHERE id NOT IN
  (SELECT client_id FROM activity_import_total) ORDER BY id LIMIT 1")
[[ $participant == P-* ]] && pass "the demo has a client without imported activity" ||
  fail "the demo has a client without imported activity"

# --- Coursera usage report ----------------------------------------------------------------------
cat >"$tmp/usage.csv" <<CSV
Name,Email,External Id,Course,Course Slug,Enrollment Time,Last Course Activity Time,Overall Progress,Estimated Learning Hours,Completed,Completion Time
Demo,,$participant,Customer service,customer-service,2026-10-01 09:00:00,2026-10-12 17:45:00,60,4.5,No,
Nobody,nobody@example.net,,Customer service,customer-service,2026-10-01 09:00:00,2026-10-12 17:45:00,60,4.5,No,
CSV
run --db "$db" import activity --tenant demo --provider coursera --catalog-provider northwind-learning "$tmp/usage.csv"
expect_exit 0 "import activity (coursera) exits 0"
expect_in out '"counted":1' "one row counted"
expect_in out '"unmatched":[{"line":3' "the unknown learner's row is reported by line"
expect_sql "SELECT sum(seconds) FROM learning_day WHERE source = 'estimated'" "16200" \
  "Coursera's learning hours are stored as estimated time"
after_first=$(sql "SELECT count(*) || '/' || sum(seconds) FROM learning_day")
run --db "$db" import activity --tenant demo --provider coursera --catalog-provider northwind-learning "$tmp/usage.csv"
expect_exit 0 "the same report again exits 0"
expect_in out '"counted":0' "the same report again counts nothing"
expect_sql "SELECT count(*) || '/' || sum(seconds) FROM learning_day" "$after_first" \
  "the same report again changes no learning fact"

# --- bad files store nothing ---------------------------------------------------------------------
printf 'Email,External Id,Course,Last Course Activity Time,Estimated Learning Hours,Completed,Completion Time\n' >"$tmp/missing.csv"
run --db "$db" import activity --tenant demo --provider coursera --catalog-provider northwind-learning "$tmp/missing.csv"
expect_exit 2 "a missing column exits 2"
expect_in err "missing.csv:1: Overall Progress" "the missing column is named with its line"
cat >"$tmp/bad.csv" <<CSV
Email,External Id,Course,Last Course Activity Time,Overall Progress,Estimated Learning Hours,Completed,Completion Time
,$participant,Python,2026-10-20 10:00:00,70,lots,No,
,$participant,Python,2026-13-20 10:00:00,70,5,No,
CSV
run --db "$db" import activity --tenant demo --provider coursera --catalog-provider northwind-learning "$tmp/bad.csv"
expect_exit 2 "bad values exit 2"
expect_in err "bad.csv:2: Estimated Learning Hours" "a bad number is named with line and column"
expect_in err "bad.csv:3: Last Course Activity Time" "a bad date is named with line and column"
expect_sql "SELECT count(*) || '/' || sum(seconds) FROM learning_day" "$after_first" \
  "refused files store nothing"

# --- LinkedIn Learning report without period columns ---------------------------------------------
cat >"$tmp/summary.csv" <<CSV
Name,Email,Unique User ID,Days Logged In,Hours Viewed,Course Views,Course Completions
Demo,,$participant,2,0:40:00,2,1
CSV
run --db "$db" import activity --tenant demo --provider linkedin-learning "$tmp/summary.csv"
expect_exit 2 "a summary without its period exits 2"
expect_in err "give its period (from and to" "the error says how to give the period"
run --db "$db" import activity --tenant demo --provider linkedin-learning --from 2026-01-01 --to 2026-01-31 "$tmp/summary.csv"
expect_exit 0 "a summary with --from/--to imports"
expect_sql "SELECT seconds || '/' || completed FROM learning_day WHERE day = '2026-01-31'" \
  "2400/1" "its figures land on the period's last day"

# --- refusals ------------------------------------------------------------------------------------
run --db "$db" import activity --tenant demo --provider udemy "$tmp/summary.csv"
expect_exit 2 "an unknown layout exits 2"
run --db "$db" import activity --tenant nowhere --provider coursera "$tmp/usage.csv"
expect_exit 3 "an unknown agency exits 3"
run --db "$db" import activity --tenant demo --provider coursera "$tmp/usage.csv"
expect_exit 6 "a provider missing from the catalogue exits 6"

# --- mapping -------------------------------------------------------------------------------------
run --db "$db" lrs map --tenant demo
expect_exit 0 "lrs map exits 0"
expect_in out '"remaining":1' "the unmatched learner stays for staff"
expect_sql "SELECT count(*) FROM audit_event WHERE action = 'lrs.map'" "1" "the run is audited"

echo "$((checks - failures))/$checks checks passed"
[[ $failures -eq 0 ]]
