#!/usr/bin/env bash
# End-to-end check of `reskill pathways` (docs/pathways.md):
#   tests/e2e/pathways_test.sh build/dev/src/main/reskill
# 1. On the demo data (`reskill demo --no-serve`): career moves, related mode, the batch mode's
#    JSON lines, gaps and a training plan from the demo catalogue, usage errors.
# 2. On the real O*NET 29.3 release and BLS files in ../shared/data, imported with the real
#    commands (skipped when absent): from Retail Salespersons, Cashiers and Customer Service
#    Representatives no career target pays less or climbs more than one job zone a step, and
#    Computer User Support Specialists is reachable as a gateway; the batch covers every rated
#    occupation. Exits 1 if any check failed.
set -uo pipefail

if [[ $# -lt 1 || ! -x "$1" ]]; then
  echo "usage: $0 PATH/TO/reskill" >&2
  exit 2
fi
bin=$(realpath "$1")
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
shared=${SHARED_DATA:-$root/../shared/data}  # SHARED_DATA overrides it (worktrees)
while IFS= read -r name; do unset "$name"; done < <(compgen -e | grep '^RESKILL_' || true)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/reskill-pathways.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
db="$tmp/demo.db"

failures=0
checks=0
rc=0
last_cmd=""

# shellcheck source=tests/e2e/checks.sh
source "$root/tests/e2e/checks.sh" || exit 2

# check_py DESCRIPTION PYTHON: runs PYTHON with the last stdout as `out` (text); passes when it
# exits 0, prints what it printed otherwise.
check_py() {
  local msg
  if msg=$(python3 -c "import json, sys
out = open(sys.argv[1]).read()
$2" "$tmp/out" 2>&1); then
    pass "$1"
  else
    fail "$1: $msg"
  fi
}

# The checks every career-mode answer must pass (args: the origin's code).
CAREER_RULES='
d = json.loads(out)
assert d["mode"] == "career", d["mode"]
t = d["targets"]
assert t, "no target"
assert all(x["median_annual_wage"] is not None and x["wage_ratio"] > 1 for x in t), \
    [(x["code"], x["wage_ratio"]) for x in t if not x["wage_ratio"] or x["wage_ratio"] <= 1]
assert all(x["route"] and x["route"][-1] == x["code"] and len(x["route"]) <= 3 for x in t)
assert all(not x["needs_zone_jump"] for x in t)
assert all(x["zone_step"] <= len(x["route"]) for x in t), "more than one job zone a step"
assert [x["score"] for x in t] == sorted((x["score"] for x in t), reverse=True), "not best first"
assert all(x["why"] for x in t), "an explanation is missing"
'

# --- Demo data ------------------------------------------------------------------------------------
run --db "$db" demo --no-serve
expect_exit 0 "the demo loads (O*NET demo release, wages, projections, catalogue)"

run --db "$db" pathways --from 41-2011.00
expect_exit 0 "pathways --from Cashiers"
expect_in out "Career moves from 41-2011.00 Cashiers" "the text output names the origin"
expect_in out "route: " "each target shows its route"

run --db "$db" pathways --from 41-2011.00 --json --top 10
expect_exit 0 "pathways --json"
check_py "career moves pay more, climb one zone a step, best first, explained" "$CAREER_RULES"

run --db "$db" pathways --from 43-4051.00 --json --mode related --top 8
expect_exit 0 "pathways --mode related"
check_py "related mode ranks by viability and flags job-zone jumps" '
d = json.loads(out)
assert d["mode"] == "related"
t = d["targets"]
assert len(t) == 8, len(t)
assert all(x["score"] == x["viability"] and x["route"] == [x["code"]] for x in t)
assert all(x["needs_zone_jump"] == (x["zone_step"] > 1) for x in t)
'

run --db "$db" pathways --all --top 5 --json
expect_exit 0 "pathways --all --json"
check_py "the batch prints one JSON object per rated occupation, shaped as documented" '
lines = out.splitlines()
assert len(lines) == 36, len(lines)
for line in lines:
    d = json.loads(line)
    assert set(d) == {"from", "targets"}, set(d)
    assert len(d["targets"]) <= 5
    for t in d["targets"]:
        assert set(t) == {"code", "title", "score", "route"}, set(t)
        assert t["route"][-1] == t["code"] and d["from"] not in t["route"]
'

run --db "$db" pathways --from 43-4051.00 --to 15-1232.00 --tenant demo --json
expect_exit 0 "gaps and plan toward Computer User Support Specialists"
check_py "the plan closes the IT gaps with the demo catalogue's IT courses" '
d = json.loads(out)
gaps = {g["element_id"] for g in d["gaps"]}
assert "2.B.3.k" in gaps and "2.C.3.a" in gaps, gaps
titles = [c["title"] for c in d["courses"]]
assert "IT Support Fundamentals" in titles, titles
closed = {e for c in d["courses"] for e in c["closes"]}
assert closed | set(d["uncovered"]) == gaps, (closed, d["uncovered"], gaps)
assert abs(sum(c["hours"] for c in d["courses"]) - d["hours"]) < 1e-9
'

run --db "$db" pathways --from 43-4051.00 --to 15-1232.00 --tenant demo --license free --json
expect_exit 0 "a plan restricted to free courses"
check_py "only free courses, the rest named as uncovered" '
d = json.loads(out)
assert all(c["provider"] == "OpenSkills Commons" for c in d["courses"]), d["courses"]
assert d["uncovered"], "seat-licensed IT courses were excluded, so gaps stay open"
'

run --db "$db" pathways --from 41-2011.00 --mode sideways
expect_exit 2 "an unknown mode is a usage error"
expect_in err "mode must be career or related" "the error names the modes"
run --db "$db" pathways --from 99-9999.00
expect_exit 2 "an unknown occupation is refused"
run --db "$db" pathways --top 5
expect_exit 2 "neither --from nor --all is refused"
run --db "$db" pathways --from 41-2011.00 --top 0
expect_exit 2 "top 0 is refused"

# --- The real O*NET 29.3 release ------------------------------------------------------------------
release=$shared/onet/db_29_3_text
wages=$shared/bls/oews_national_M2024.csv
projections=$shared/bls/ep_2024_34_table_1_2.csv
if [[ ! -f "$release/Occupation Data.txt" || ! -f "$wages" || ! -f "$projections" ]]; then
  echo "skip: no O*NET release or BLS files under $shared (real-data checks)"
else
  db="$tmp/real.db"
  run --db "$db" import onet "$release"
  expect_exit 0 "import O*NET 29.3"
  run --db "$db" import wages "$wages"
  expect_exit 0 "import OEWS May 2024"
  run --db "$db" import projections "$projections"
  expect_exit 0 "import projections 2024–34"
  gateway_from=""
  for code in 41-2031.00 41-2011.00 43-4051.00; do
    run --db "$db" pathways --from "$code" --json --top 10
    expect_exit 0 "career moves from $code on the real release"
    check_py "from $code: every target pays more, one job zone a step, best first" "$CAREER_RULES"
    run --db "$db" pathways --from "$code" --reachable
    if grep -q '^15-1232.00 ' "$tmp/out"; then gateway_from+=" $code"; fi
  done
  if [[ -n "$gateway_from" ]]; then
    pass "Computer User Support Specialists is a reachable gateway from:$gateway_from"
  else
    fail "Computer User Support Specialists is reachable from none of the three origins"
  fi
  run --db "$db" pathways --from 15-1232.00 --json --mode related --top 5
  check_py "the occupations most related to IT support are IT occupations" '
d = json.loads(out)
codes = [t["code"] for t in d["targets"]]
assert "15-1231.00" in codes, codes
'
  run --db "$db" pathways --all --top 10 --json
  expect_exit 0 "the batch over the real release"
  check_py "the batch covers every occupation O*NET rates for skills" '
lines = out.splitlines()
assert 850 <= len(lines) <= 1016, len(lines)
assert all(len(json.loads(l)["targets"]) <= 10 for l in lines)
'
fi

echo "$checks checks, $failures failed"
[[ $checks -gt 0 && $failures -eq 0 ]]
