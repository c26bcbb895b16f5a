#!/usr/bin/env bash
# Benchmark of the reminder and reclaim jobs (issue 4 target: over 1,000,000 clients with
# 10,000,000 activity days they finish in under 30 s on SQLite and stay under 500 MB) with the
# release build and the real `reskill jobs run` command, one process per job as serve runs them.
# Usage: bench/reminders.sh [CLIENTS]   (default 1000000)
# RESKILL_BIN overrides the binary (default build/release/src/main/reskill: build it with
# `cmake --preset release && cmake --build --preset release --target reskill`).
#
# The data set (generated in SQL; not timed): one agency, one program, one provider, CLIENTS
# clients, each with one licence and one xAPI actor mapped to it.
#   - 10 % hold an invitation: half still open (a weekly "not activated" reminder each), half
#     lapsed (expired by expire-invitations);
#   - 90 % activated 200 days ago; 2 % of those never started (a "not started" reminder and, being
#     idle for over 90 days, the reclaim list); the others have 11 learning days each, three days
#     apart, the last one 0-9 days ago for 85 % of them and 0-119 days ago for the rest (nudges
#     after 14 days, the reclaim list after 90); two of each client's days hold a completion.
# Contact data is sealed with the database's key: the first client is imported through
# `reskill import clients` (it keeps no licence) and its sealed columns are copied to the
# generated clients, ids 1..CLIENTS (the jobs open each one's e-mail and name).
# Prints the data set's size, then per job the items acted on, wall time and peak RSS
# (/usr/bin/time -v), and the totals; then a second round of the same periods (nothing to do).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$(realpath "${RESKILL_BIN:-build/release/src/main/reskill}")
CLIENTS=${1:-1000000}
[[ -x "$BIN" ]] || { echo "missing $BIN: cmake --preset release && cmake --build --preset release --target reskill" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "needs sqlite3" >&2; exit 1; }
[[ -x /usr/bin/time ]] || { echo "needs GNU time (/usr/bin/time)" >&2; exit 1; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/reskill-reminders.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
DB="$WORK/reminders.db"
export RESKILL_LOG_LEVEL=warn

"$BIN" --db "$DB" tenant add bench "Benchmark agency" >/dev/null
"$BIN" --db "$DB" provider add --tenant bench learnhub "LearnHub" >/dev/null
T=$(sqlite3 "$DB" "SELECT tenant_id FROM tenant WHERE slug = 'bench'")
P=$(sqlite3 "$DB" "SELECT id FROM provider WHERE slug = 'learnhub'")
NOW=$(($(date +%s) * 1000))
DAY=86400000
sqlite3 "$DB" "INSERT INTO program (tenant_id, id, name, display_name, provider_ids, starts_at,
  created_at, updated_at) VALUES ($T, 600, 'Welfare-to-work', 'Skills Forward', '$P', 0, 0, 0);
  INSERT INTO licence_pool (tenant_id, id, program_id, provider_id, licence_type, name, seats,
  created_at, updated_at) VALUES ($T, 700, 600, $P, 'seat', 'Seats', $CLIENTS, 0, 0);"
printf 'given_name,family_name,email,phone,preferred_language,case_number,group\nAna,Ruiz,ana.ruiz@example.org,,es,CW-0,\n' \
  >"$WORK/one.csv"
"$BIN" --db "$DB" import clients --tenant bench --program 600 "$WORK/one.csv" >/dev/null

gen_start=$(date +%s.%N)
sqlite3 "$DB" <<SQL
PRAGMA journal_mode = WAL;
PRAGMA synchronous = OFF;
BEGIN;
CREATE TEMP TABLE seed AS SELECT * FROM client LIMIT 1;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $CLIENTS)
INSERT INTO client (tenant_id, id, participant_id, program_id, given_name_sealed,
                    family_name_sealed, email_sealed, email_index, preferred_language, case_number,
                    status, created_at, updated_at)
SELECT $T, i, printf('P-%07d', i), 600, s.given_name_sealed, s.family_name_sealed, s.email_sealed,
       NULL, CASE WHEN i % 3 = 0 THEN 'es' ELSE 'en' END, 'CW-' || i, 'active', 0, 0
FROM n, seed s;
INSERT INTO licence (tenant_id, id, client_id, program_id, provider_id, pool_id, state,
                     requested_at, issued_at, invite_expires_at, activated_at, updated_at)
SELECT $T, id, id, 600, $P, 700, CASE WHEN id % 10 = 0 THEN 'issued' ELSE 'activated' END, 0, 0,
       CASE WHEN id % 20 = 0 THEN $NOW - 2 * $DAY WHEN id % 10 = 0 THEN $NOW + 3 * $DAY END,
       CASE WHEN id % 10 <> 0 THEN $NOW - 200 * $DAY END, 0
FROM client WHERE id <= $CLIENTS;
INSERT INTO xapi_actor (tenant_id, id, ifi, client_id, first_seen_at, mapped_at)
SELECT $T, id, 'account:https://learnhub.example|' || participant_id, id, 0, 0 FROM client
WHERE id <= $CLIENTS;
WITH RECURSIVE k(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM k WHERE j < 10),
last(id, ago) AS (
  SELECT id, CASE WHEN id % 100 < 85 THEN (id * 7919) % 10 ELSE (id * 7919) % 120 END
  FROM client WHERE id <= $CLIENTS AND id % 10 <> 0 AND id % 50 <> 1)
INSERT INTO learning_day (tenant_id, actor_id, provider_id, day, seconds, started, progressed,
                          completed, passed, first_activity_at, last_activity_at, source)
SELECT $T, l.id, $P, date(($NOW - (l.ago + 3 * k.j) * $DAY) / 1000, 'unixepoch'), 1200,
       CASE WHEN k.j = 10 THEN 1 ELSE 0 END, 1, CASE WHEN k.j % 5 = 0 THEN 1 ELSE 0 END, 0,
       $NOW - (l.ago + 3 * k.j) * $DAY - 1200000, $NOW - (l.ago + 3 * k.j) * $DAY, 'measured'
FROM last l, k;
COMMIT;
SQL
gen_end=$(date +%s.%N)
# The generated 1.5 GB are still dirty in the page cache: written back now, not while a job's
# first checkpoint waits for fsync (which timed the data set's writeback, not the job's work).
sync

echo "== $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $("$BIN" version)"
sqlite3 "$DB" "SELECT printf('data set: %d clients, %d licences (%d activated, %d issued), %d learning days',
  (SELECT COUNT(*) FROM client), (SELECT COUNT(*) FROM licence),
  (SELECT COUNT(*) FROM licence WHERE state = 'activated'),
  (SELECT COUNT(*) FROM licence WHERE state = 'issued'), (SELECT COUNT(*) FROM learning_day))"
printf 'generated in %.1f s; database %s\n' "$(echo "$gen_end - $gen_start" | bc)" \
  "$(du -h "$DB" | cut -f1)"

JOBS="expire-invitations remind-not-activated remind-not-started nudge-inactive monthly-minimum reclaim-inactive"
round() {  # LABEL
  local total_s=0 max_rss=0 job out secs rss items
  printf '\n%s\n%-22s %10s %9s %12s\n' "$1" "job" "items" "seconds" "peak RSS MB"
  for job in $JOBS; do
    /usr/bin/time -v -o "$WORK/time" "$BIN" --db "$DB" jobs run "$job" --tenant bench \
      >"$WORK/out" 2>"$WORK/err" || { cat "$WORK/err" >&2; exit 1; }
    out=$(cat "$WORK/out")
    items=$(sed -n 's/.*done, \([0-9]*\) item.*/\1/p' <<<"$out")
    [[ -n $items ]] || items="-"
    secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0;
      for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s}' "$WORK/time")
    rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$WORK/time")
    printf '%-22s %10s %9.2f %12s\n' "$job" "$items" "$secs" "$rss"
    total_s=$(echo "$total_s + $secs" | bc)
    ((rss > max_rss)) && max_rss=$rss
  done
  printf '%-22s %10s %9.2f %12s\n' "all six" "" "$total_s" "$max_rss"
}
round "first run of each job's due period"
sqlite3 "$DB" "SELECT printf('outbox: %s', group_concat(kind || ' ' || n, ', ')) FROM
  (SELECT kind, COUNT(*) AS n FROM outbox_message GROUP BY kind);
  SELECT printf('reclaim list: %d licences; revoked: %d; expired: %d',
  (SELECT COUNT(*) FROM licence WHERE reclaim_listed_at IS NOT NULL),
  (SELECT COUNT(*) FROM licence WHERE state = 'revoked'),
  (SELECT COUNT(*) FROM licence WHERE state = 'expired'))"
round "second run (same periods: already done)"
