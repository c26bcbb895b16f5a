#!/usr/bin/env bash
# End-to-end checks of the catalogue commands, run against the real binary:
#   tests/e2e/course_import_test.sh build/dev/src/main/reskill
# With the small O*NET fixture (tests/fixtures/onet/db_1_0_text) imported: `reskill provider add`,
# `reskill import courses` (create, idempotent re-import, update by external id, every bad row
# reported with its line and a byte-identical database afterwards, unknown agency/provider/file),
# `reskill export ctdl` (to a file and to stdout) and `reskill import ctdl` into another agency,
# whose export is then the same document. Every check runs in a temporary directory that is
# removed at the end, also on failure. Exits 1 if any check failed.
set -uo pipefail

if [[ $# -ne 1 || ! -x "$1" ]]; then
  echo "usage: $0 PATH/TO/reskill" >&2
  exit 2
fi
bin=$(realpath "$1")
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
onet="$root/tests/fixtures/onet/db_1_0_text"
fixtures="$root/tests/fixtures/courses"

# The caller's RESKILL_* settings must not leak into the commands under test.
while IFS= read -r name; do unset "$name"; done < <(compgen -e | grep '^RESKILL_' || true)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/reskill-courses.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
db="$tmp/courses.db"

failures=0
checks=0
rc=0
last_cmd=""

# shellcheck source=tests/e2e/checks.sh
source "$root/tests/e2e/checks.sh" || exit 2

# A digest of every row of the catalogue tables and the audit log.
catalog_digest() {
  sql "SELECT * FROM provider ORDER BY id; SELECT * FROM course ORDER BY id;
       SELECT * FROM course_skill ORDER BY course_id, position;
       SELECT * FROM audit_event ORDER BY id;" | sha256sum | cut -d' ' -f1
}

# --- setup ---------------------------------------------------------------------------------------
run --db "$db" tenant add demo "Demo Agency"
expect_exit 0 "tenant demo created"
run --db "$db" tenant add other "Other Agency"
expect_exit 0 "tenant other created"
run --db "$db" import onet "$onet"
expect_exit 0 "the O*NET fixture imports"

cat >"$tmp/northwind.csv" <<'EOF'
external_id,title,url,description,language,estimated_hours,level,free,certificate,skills
NW-CS100,Customer service essentials,https://learn.example/cs100,"Listen, help ""and"" follow up",en,6.5,introductory,no,yes,2.C.1.b:4.5;2.A.1.b:4
NW-RD110,Reading at work,https://learn.example/rd110,"Manuals,
forms and e-mail",en,4,introductory,yes,no,2.A.1.a:3.5
NW-MG200,Leading a small team,https://learn.example/mg200,,es,12,intermediate,no,yes,2.C.1.a:4;2.B.1.a:3
EOF

# --- providers -----------------------------------------------------------------------------------
run --db "$db" import courses --tenant demo --provider northwind "$tmp/northwind.csv"
expect_exit 3 "importing for an unknown provider exits 3"
expect_in err "no provider \"northwind\"" "the unknown provider is named"

run --db "$db" provider add --tenant demo northwind "Northwind Learning" --website https://northwind.example --license seat --license free
expect_exit 0 "provider add exits 0"
expect_in out "created provider northwind" "provider add reports the provider"
run --db "$db" provider add --tenant demo northwind "Again"
expect_exit 4 "a second provider with the same slug exits 4"
run --db "$db" provider add --tenant demo bad "Bad" --license lifetime
expect_exit 2 "an unknown license type exits 2"
run --db "$db" provider add --tenant nowhere p "P"
expect_exit 3 "an unknown agency exits 3"

# --- CSV import ----------------------------------------------------------------------------------
run --db "$db" import courses --tenant demo --provider northwind "$tmp/northwind.csv"
expect_exit 0 "the course file imports"
expect_in out "3 created, 0 updated, 0 unchanged" "three courses are created"
expect_sql "SELECT COUNT(*) FROM course" 3 "three courses are stored"
expect_sql "SELECT description FROM course WHERE external_id = 'NW-RD110'" "Manuals,
forms and e-mail" "a quoted field keeps its line break"
expect_sql "SELECT group_concat(x, ';') FROM (SELECT s.element_id || ':' || s.target_level AS x FROM course_skill s JOIN course c ON c.id = s.course_id WHERE c.external_id = 'NW-CS100' ORDER BY s.position)" \
  "2.C.1.b:4.5;2.A.1.b:4.0" "the skills are stored in order"

run --db "$db" import courses --tenant demo --provider northwind "$tmp/northwind.csv"
expect_exit 0 "the same file imports again"
expect_in out "0 created, 0 updated, 3 unchanged" "a second import changes nothing"

sed 's/Leading a small team,/Leading a team,/' "$tmp/northwind.csv" >"$tmp/changed.csv"
run --db "$db" import courses --tenant demo --provider northwind "$tmp/changed.csv"
expect_exit 0 "a changed file imports"
expect_in out "0 created, 1 updated, 2 unchanged" "the changed course is updated by external id"
expect_sql "SELECT title FROM course WHERE external_id = 'NW-MG200'" "Leading a team" "the new title is stored"

before=$(catalog_digest)
{
  cat "$tmp/northwind.csv"
  echo 'NW-NET201,Networking,https://learn.example/net201,,en,20,advanced,no,no,2.C.9.z:4'
  echo 'NW-BAD,Negative hours,https://learn.example/bad,,en,-5,advanced,no,no,'
} >"$tmp/bad.csv"
run --db "$db" import courses --tenant demo --provider northwind "$tmp/bad.csv"
expect_exit 2 "a file with bad rows exits 2"
expect_in err "2 problems found; nothing was imported" "the problems are counted"
expect_in err "bad.csv:6: skills[0].element_id: O*NET has no element 2.C.9.z" "an unknown element is reported with its line"
expect_in err "bad.csv:7: estimated_hours:" "negative hours are reported with their line"
if [[ "$(catalog_digest)" == "$before" ]]; then pass "a refused file writes nothing"; else
  fail "a refused file writes nothing"; fi

run --db "$db" import courses --tenant demo --provider northwind "$fixtures/many_errors.csv"
expect_exit 2 "a file with many bad rows exits 2"
expect_in err "many_errors.csv:3: estimated_hours" "line 3 is reported"
expect_in err "many_errors.csv:9: a quoted field is not closed" "line 9 is reported"
run --db "$db" import courses --tenant demo --provider northwind "$fixtures/wrong_header.csv"
expect_exit 2 "a wrong header exits 2"
expect_in err "wrong_header.csv:1:" "the header line is named"
run --db "$db" import courses --tenant demo --provider northwind "$fixtures/bad_utf8.csv"
expect_exit 2 "a file that is not UTF-8 exits 2"
expect_in err "bad_utf8.csv:2: title: not UTF-8 text" "the line that is not UTF-8 is named"
if [[ "$(catalog_digest)" == "$before" ]]; then pass "refused files write nothing"; else
  fail "refused files write nothing"; fi

run --db "$db" import courses --tenant demo --provider northwind "$tmp/missing.csv"
expect_exit 3 "a missing file exits 3"
run --db "$db" import courses --tenant nowhere --provider northwind "$tmp/northwind.csv"
expect_exit 3 "an unknown agency exits 3"
run --db "$db" import courses --tenant demo "$tmp/northwind.csv"
expect_exit 2 "a missing --provider is a usage error"

# --- CTDL export and import ----------------------------------------------------------------------
run --db "$db" export ctdl --tenant demo --out "$tmp/demo.jsonld"
expect_exit 0 "export ctdl exits 0"
expect_in err "exported 1 providers, 3 courses" "the export reports what it wrote"
grep -qF '"@context": "https://credreg.net/ctdl/schema/context/json"' "$tmp/demo.jsonld" &&
  pass "the export is CTDL JSON-LD" || fail "the export is CTDL JSON-LD"
grep -qF '"@type": "ceterms:Certificate"' "$tmp/demo.jsonld" &&
  pass "courses with a certificate export a ceterms:Certificate" ||
  fail "courses with a certificate export a ceterms:Certificate"
grep -qF '"ceterms:exactDuration": "PT6H30M"' "$tmp/demo.jsonld" &&
  pass "hours export as an ISO 8601 duration" || fail "hours export as an ISO 8601 duration"

run --db "$db" export ctdl --tenant demo
expect_exit 0 "export ctdl to stdout exits 0"
if cmp -s "$tmp/out" "$tmp/demo.jsonld"; then pass "stdout holds the same document"; else
  fail "stdout holds the same document"; fi

run --db "$db" import ctdl --tenant other "$tmp/demo.jsonld"
expect_exit 0 "import ctdl into another agency exits 0"
expect_in out "1 providers created, 3 courses created, 0 updated" "the other agency gets the catalogue"
run --db "$db" export ctdl --tenant other --out "$tmp/other.jsonld"
expect_exit 0 "the other agency exports"
if cmp -s "$tmp/demo.jsonld" "$tmp/other.jsonld"; then pass "both agencies export the same document"; else
  fail "both agencies export the same document"; fi
run --db "$db" import ctdl --tenant other "$tmp/demo.jsonld"
expect_in out "0 providers created, 0 courses created, 0 updated" "a second CTDL import changes nothing"

printf '{"@context": "https://credreg.net/ctdl/schema/context/json", "@graph": [' >"$tmp/broken.jsonld"
run --db "$db" import ctdl --tenant other "$tmp/broken.jsonld"
expect_exit 2 "a broken JSON-LD file exits 2"
expect_in err "not JSON" "the broken file is explained"

echo "$((checks - failures))/$checks checks passed"
[[ $failures -eq 0 ]]
