#!/usr/bin/env bash
# End-to-end check of `reskill import onet` on the real O*NET 29.3 release (CC BY 4.0, see
# ../shared/data/README.md):
#   tests/e2e/onet_import_test.sh build/dev/src/main/reskill [RELEASE_DIR]
# Imports the release into a temporary SQLite database and checks the row counts; imports it again
# and expects "already imported" with nothing written; imports a changed copy (a newer release)
# and expects an in-place update; imports a broken copy (one bad row) and expects exit code 2, the
# file and line in the error, and a byte-identical database. Skips (exit 0) when the release is
# absent. Exits 1 if any check failed.
set -uo pipefail

if [[ $# -lt 1 || ! -x "$1" ]]; then
  echo "usage: $0 PATH/TO/reskill [RELEASE_DIR]" >&2
  exit 2
fi
bin=$(realpath "$1")
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
release=${2:-$root/../shared/data/onet/db_29_3_text}
if [[ ! -f "$release/Occupation Data.txt" ]]; then
  echo "skip: no O*NET release at $release (CI provides ../shared/data)"
  exit 0
fi
release=$(realpath "$release")

# The caller's RESKILL_* settings must not leak into the commands under test.
while IFS= read -r name; do unset "$name"; done < <(compgen -e | grep '^RESKILL_' || true)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/reskill-onet.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
db="$tmp/onet.db"

failures=0
checks=0
rc=0
last_cmd=""

# shellcheck source=tests/e2e/checks.sh
source "$root/tests/e2e/checks.sh" || exit 2

# A digest of the whole database (schema and every row), to show that an import changed nothing.
db_digest() {
  if command -v sqlite3 >/dev/null; then
    sqlite3 -batch "$db" .dump
  else
    python3 -c 'import sqlite3, sys
for line in sqlite3.connect(sys.argv[1]).iterdump(): print(line)' "$db"
  fi | sha256sum | cut -d' ' -f1
}

# --- the real release -----------------------------------------------------------------------------
run --db "$db" import onet "$release"
expect_exit 0 "importing O*NET 29.3 exits 0"
expect_in out "imported O*NET 29.3" "the import names the release"
expect_in err "warning: Abilities.txt is missing" "a missing optional file is reported"
expect_in out "ratings                       59772" "the import reports its row counts"
grep -Eq "in [0-9]+\.[0-9]+ s" "$tmp/out" && pass "the import reports the time taken" ||
  fail "the import reports the time taken"

# Counts of the 29.3 release: Skills.txt and Knowledge.txt rate each (occupation, element) twice
# (scales IM and LV); Education counts the RL/RW/PT/OJ category rows, not the IM ones.
skills_pairs=$(( ($(wc -l <"$release/Skills.txt") - 1) / 2 ))
knowledge_pairs=$(( ($(wc -l <"$release/Knowledge.txt") - 1) / 2 ))
expect_sql "SELECT COUNT(*) FROM onet_occupation" 1016 "1016 occupations"
expect_sql "SELECT COUNT(*) FROM onet_rating r JOIN onet_element e ON e.id = r.element_id WHERE e.kind = 'skill'" \
  "$skills_pairs" "$skills_pairs skill ratings (Skills.txt rows / 2)"
expect_sql "SELECT COUNT(*) FROM onet_rating r JOIN onet_element e ON e.id = r.element_id WHERE e.kind = 'knowledge'" \
  "$knowledge_pairs" "$knowledge_pairs knowledge ratings"
expect_sql "SELECT COUNT(DISTINCT occupation_code) FROM onet_rating" 879 "879 rated occupations"
expect_sql "SELECT kind, COUNT(*) FROM onet_element GROUP BY kind ORDER BY kind" \
  "$(printf 'ability|52\nknowledge|33\nskill|35\nwork_activity|41')" "161 elements by kind"
expect_sql "SELECT COUNT(*) FROM onet_alternate_title" 56560 "56560 alternate titles"
expect_sql "SELECT COUNT(*) FROM onet_technology" 32681 "32681 technology skills"
expect_sql "SELECT COUNT(*) FROM onet_task" 18796 "18796 tasks"
expect_sql "SELECT COUNT(*) FROM onet_dwa" 2087 "2087 detailed work activities"
expect_sql "SELECT COUNT(*) FROM onet_task_dwa" 23233 "23233 task-DWA links"
expect_sql "SELECT COUNT(*) FROM onet_education WHERE scale_id IN ('RL', 'RW', 'PT', 'OJ')" \
  "$(awk -F'\t' 'NR > 1 && $4 != "IM"' "$release/Education, Training, and Experience.txt" | wc -l)" \
  "education category rows"
expect_sql "SELECT COUNT(*) FROM onet_occupation WHERE job_zone BETWEEN 1 AND 5" 923 \
  "923 occupations with a job zone"
expect_sql "SELECT title, job_zone FROM onet_occupation WHERE code = '41-2011.00'" "Cashiers|2" \
  "Cashiers are in job zone 2"
expect_sql "SELECT importance, level FROM onet_rating WHERE occupation_code = '11-1011.00' AND element_id = '2.A.1.a'" \
  "4.12|4.62" "a rating carries its importance and level"
expect_sql "SELECT version, occupations, ratings FROM onet_release" "29.3|1016|59772" \
  "the release is recorded"

# --- the same release again ------------------------------------------------------------------------
before=$(db_digest)
run --db "$db" import onet "$release"
expect_exit 0 "a second import of the same release exits 0"
expect_in out "is already imported" "a second import says the release is already imported"
expect_in out "nothing changed" "a second import says nothing changed"
[[ $(db_digest) == "$before" ]] && pass "a second import writes nothing" ||
  fail "a second import writes nothing"

# --- a broken copy: one bad row deep in a file ----------------------------------------------------
broken="$tmp/broken/db_29_3_text"
mkdir -p "$broken"
cp "$release"/*.txt "$broken/"
chmod -R u+w "$broken"
# A newer-looking release (a changed title) whose Skills.txt has a malformed number on line 30000.
sed -i 's/^41-2011\.00\tCashiers\t/41-2011.00\tCashiers (renamed)\t/' "$broken/Occupation Data.txt"
awk -F'\t' -v OFS='\t' 'NR == 30000 { $5 = "4,12" } { print }' "$release/Skills.txt" >"$broken/Skills.txt"
run --db "$db" import onet "$broken"
expect_exit 2 "a release with a bad row exits 2"
expect_in err "Skills.txt:30000: malformed number \"4,12\"" "the error names the file and line"
[[ $(db_digest) == "$before" ]] && pass "a bad row leaves the database unchanged" ||
  fail "a bad row leaves the database unchanged"

awk -F'\t' -v OFS='\t' 'NR == 12345 { $1 = "99-9999.99" } { print }' "$release/Skills.txt" >"$broken/Skills.txt"
run --db "$db" import onet "$broken"
expect_exit 2 "a row of an unknown occupation exits 2"
expect_in err "Skills.txt:12345: unknown occupation 99-9999.99" "the unknown occupation is named with file and line"
[[ $(db_digest) == "$before" ]] && pass "an unknown occupation leaves the database unchanged" ||
  fail "an unknown occupation leaves the database unchanged"

# --- a newer release updates in place ---------------------------------------------------------------
cp "$release/Skills.txt" "$broken/Skills.txt"
grep -v -F $'21-1014.00\tLicensed Mental Health Counselor (LMHC)\tLMHC' "$release/Alternate Titles.txt" \
  >"$broken/Alternate Titles.txt"
run --db "$db" import onet "$broken"
expect_exit 0 "a changed release imports"
expect_in out "imported O*NET 29.3" "a changed release is imported, not skipped"
expect_sql "SELECT title FROM onet_occupation WHERE code = '41-2011.00'" "Cashiers (renamed)" \
  "a changed title is updated"
expect_sql "SELECT COUNT(*) FROM onet_alternate_title" 56559 "a removed alternate title is deleted"
expect_sql "SELECT COUNT(*) FROM onet_release" 2 "the newer release is recorded"

run --db "$db" import onet "$release"
expect_exit 0 "the original release imports again"
expect_sql "SELECT title FROM onet_occupation WHERE code = '41-2011.00'" "Cashiers" \
  "the original title is back"
expect_sql "SELECT COUNT(*) FROM onet_alternate_title" 56560 "the alternate title is back"

# --- usage ---------------------------------------------------------------------------------------
run --db "$db" import onet "$tmp/no-such-release"
expect_exit 3 "a missing directory exits 3"
expect_in err "no-such-release" "a missing directory is named"

echo "$((checks - failures))/$checks checks passed"
[[ $failures -eq 0 ]]
