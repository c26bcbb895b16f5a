#!/usr/bin/env bash
# End-to-end check that a reminder job run killed half-way neither sends a reminder twice nor skips
# one, against the real binary:
#   tests/e2e/reminders_crash_test.sh build/dev/src/main/reskill
# An agency gets CLIENTS clients (imported through `reskill import clients`, contact data sealed)
# with activated licences and no learning activity, so every one is due a "not started" reminder.
# `reskill jobs run remind-not-started` is killed with SIGKILL after its first pages committed;
# at that moment the ledger, the outbox and the journal agree (each page is one transaction). A
# plain rerun respects the dead runner's lease; `--force` resumes the run; afterwards every client
# has exactly one reminder in the outbox, one ledger row and one journal entry, and a further run
# of the same week does nothing. Everything runs in a temporary directory removed at the end.
set -uo pipefail

if [[ $# -ne 1 || ! -x "$1" ]]; then
  echo "usage: $0 PATH/TO/reskill" >&2
  exit 2
fi
bin=$(realpath "$1")
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CLIENTS=${CLIENTS:-8000}

die() {
  echo "reminders_crash_test: FAIL: $*" >&2
  exit 1
}

while IFS= read -r name; do unset "$name"; done < <(compgen -e | grep '^RESKILL_' || true)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/reskill-crash.XXXXXX")
job_pid=""
cleanup() {
  local code=$?
  if [[ -n $job_pid ]] && kill -0 "$job_pid" 2>/dev/null; then
    kill -KILL "$job_pid" 2>/dev/null
    wait "$job_pid" 2>/dev/null
  fi
  rm -rf "$tmp"
  exit "$code"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
db="$tmp/crash.db"

failures=0
checks=0
rc=0
last_cmd=""

# shellcheck source=tests/e2e/checks.sh
source "$root/tests/e2e/checks.sh" || exit 2

export RESKILL_LOG_FILE="$tmp/reskill.log"

run --db "$db" tenant add alpha "Alpha Agency"
expect_exit 0 "agency created"
run --db "$db" provider add --tenant alpha learnhub "LearnHub"
expect_exit 0 "provider created"
tenant=$(sql "SELECT tenant_id FROM tenant WHERE slug = 'alpha'")
provider=$(sql "SELECT id FROM provider WHERE slug = 'learnhub'")
now_ms=$(($(date +%s) * 1000))
sql "INSERT INTO program (tenant_id, id, name, display_name, provider_ids, starts_at, created_at,
       updated_at) VALUES ($tenant, 600, 'Welfare-to-work', 'Skills Forward', '$provider', 0, 0, 0);
     INSERT INTO licence_pool (tenant_id, id, program_id, provider_id, licence_type, name, seats,
       created_at, updated_at) VALUES ($tenant, 700, 600, $provider, 'seat', 'Seats', $CLIENTS,
       0, 0);" || die "program setup failed"

awk -v n="$CLIENTS" 'BEGIN {
  print "given_name,family_name,email,phone,preferred_language,case_number,group"
  for (i = 1; i <= n; i++) printf "Client%d,Test,client%d@example.org,,%s,CW-%d,\n", i, i, (i % 3 ? "en" : "es"), i
}' >"$tmp/clients.csv"
run --db "$db" import clients --tenant alpha --program 600 "$tmp/clients.csv"
expect_exit 0 "$CLIENTS clients imported"
# Activated ten days ago, never started: every one is due a reminder this week.
sql "INSERT INTO licence (tenant_id, id, client_id, program_id, provider_id, pool_id, state,
       requested_at, issued_at, activated_at, updated_at)
     SELECT tenant_id, id, id, program_id, $provider, 700, 'activated', 0, 0,
            $((now_ms - 10 * 86400000)), 0 FROM client" || die "licence setup failed"
expect_sql "SELECT COUNT(*) FROM licence WHERE state = 'activated'" "$CLIENTS" "every client holds an activated licence"

counts() {
  sql "SELECT (SELECT COUNT(*) FROM job_item WHERE job = 'remind-not-started'),
              (SELECT COUNT(*) FROM outbox_message WHERE kind = 'reminder.not_started'),
              (SELECT COUNT(*) FROM journal_entry WHERE kind = 'reminder')"
}

# --- the run is killed half-way --------------------------------------------------------------------
last_cmd="reskill jobs run remind-not-started --tenant alpha (killed)"
"$bin" --db "$db" jobs run remind-not-started --tenant alpha >"$tmp/out" 2>"$tmp/err" </dev/null &
job_pid=$!
killed_at=""
for _ in $(seq 3000); do
  done_items=$(sql "SELECT COUNT(*) FROM job_item" 2>/dev/null || echo 0)
  if [[ ${done_items:-0} -gt 0 ]]; then
    kill -KILL "$job_pid" 2>/dev/null
    wait "$job_pid" 2>/dev/null
    killed_at=$done_items
    break
  fi
  kill -0 "$job_pid" 2>/dev/null || break
  sleep 0.02
done
job_pid=""
IFS='|' read -r items mails notes <<<"$(counts)"
if [[ -n $killed_at && $items -gt 0 && $items -lt $CLIENTS ]]; then
  pass "the run was killed half-way ($items of $CLIENTS items done)"; else
  fail "the run was killed half-way (items $items of $CLIENTS)"; fi
if [[ $items == "$mails" && $items == "$notes" ]]; then
  pass "at the kill, ledger, outbox and journal agree ($items each)"; else
  fail "at the kill, ledger, outbox and journal agree (ledger $items, outbox $mails, journal $notes)"; fi
expect_sql "SELECT status FROM job_run WHERE job = 'remind-not-started'" "running" \
  "the dead run is left running, with its lease"

run --db "$db" jobs run remind-not-started --tenant alpha
expect_exit 0 "a plain rerun exits 0"
expect_in out "another runner holds this run" "a plain rerun respects the dead runner's lease"
IFS='|' read -r items2 _ _ <<<"$(counts)"
if [[ $items2 == "$items" ]]; then pass "it does nothing"; else fail "it does nothing ($items → $items2)"; fi

# --- resumed with --force --------------------------------------------------------------------------
run --db "$db" jobs run remind-not-started --tenant alpha --force
expect_exit 0 "the forced rerun exits 0"
expect_in out "done, $((CLIENTS - items)) item(s) acted on (attempt 2)" \
  "the rerun acts only on the clients not yet reminded"
expect_sql "SELECT status, attempts, items FROM job_run WHERE job = 'remind-not-started'" \
  "done|2|$CLIENTS" "the run is done after two attempts, its ledger full"
IFS='|' read -r items mails notes <<<"$(counts)"
if [[ $items == "$CLIENTS" && $mails == "$CLIENTS" && $notes == "$CLIENTS" ]]; then
  pass "every client was reminded once: $CLIENTS ledger rows, e-mails and journal entries"; else
  fail "every client was reminded once (ledger $items, outbox $mails, journal $notes of $CLIENTS)"; fi
expect_sql "SELECT COUNT(*) FROM (SELECT client_id FROM journal_entry WHERE kind = 'reminder'
              GROUP BY client_id HAVING COUNT(*) <> 1)" "0" "no client has two reminders or none"
expect_sql "SELECT COUNT(*) FROM licence l WHERE NOT EXISTS (SELECT 1 FROM journal_entry j
              WHERE j.client_id = l.client_id AND j.kind = 'reminder')" "0" "no client was skipped"
expect_sql "SELECT COUNT(DISTINCT dedupe_key) FROM outbox_message" "$CLIENTS" \
  "one distinct e-mail per client"
expect_sql "SELECT COUNT(*) FROM outbox_message WHERE envelope LIKE '%example.org%'" "0" \
  "the e-mails are sealed at rest"

run --db "$db" jobs run remind-not-started --tenant alpha --force
expect_in out "already done" "a third run of the same week does nothing"
IFS='|' read -r items mails notes <<<"$(counts)"
if [[ $mails == "$CLIENTS" ]]; then pass "still one e-mail per client"; else fail "still one e-mail per client ($mails)"; fi
if grep -q "example.org" "$tmp/reskill.log"; then fail "no address in the log"; else pass "no address in the log"; fi

echo "$((checks - failures))/$checks checks passed"
[[ $failures -eq 0 ]]
