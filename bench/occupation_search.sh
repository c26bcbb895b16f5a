#!/usr/bin/env bash
# Benchmark of occupation search over the full O*NET 29.3 release (issue 3 target: p99 under
# 5 ms) with the release build. Imports the release into a fresh SQLite database with
# `reskill import onet`, then runs reskill_occupation_search_benchmark, which times
# app::SearchOccupations (what GET /api/v1/occupations?q= runs) for every occupation title, first
# words, typed prefixes, every 10th alternate title and the issue's examples, and prints p50, p90,
# p99 and max. Then the same on a throwaway PostgreSQL server (scripts/with-postgres.sh).
# Usage: bench/occupation_search.sh [RELEASE_DIR] [ROUNDS]
#   (default ../shared/data/onet/db_29_3_text, 3 rounds)
# RESKILL_BIN and RESKILL_SEARCH_BENCH override the binaries (default build/release/...: build
# them with `cmake --preset release && cmake --build --preset release`). SKIP_POSTGRES=1 skips
# PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$(realpath "${RESKILL_BIN:-build/release/src/main/reskill}")
BENCH=$(realpath "${RESKILL_SEARCH_BENCH:-build/release/bench/reskill_occupation_search_benchmark}")
RELEASE=$(realpath "${1:-../shared/data/onet/db_29_3_text}")
ROUNDS=${2:-3}
for b in "$BIN" "$BENCH"; do
  [[ -x "$b" ]] || { echo "missing $b: cmake --preset release && cmake --build --preset release" >&2; exit 1; }
done
[[ -f "$RELEASE/Occupation Data.txt" ]] || { echo "no O*NET release at $RELEASE" >&2; exit 1; }

if [[ -n "${RESKILL_SEARCH_BENCH_PG:-}" ]]; then
  # Second invocation, under scripts/with-postgres.sh.
  "$BIN" --db "$RESKILL_TEST_PG_DSN" import onet "$RELEASE" >/dev/null
  "$BENCH" "$RESKILL_TEST_PG_DSN" "$ROUNDS"
  exit 0
fi

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
echo "== SQLite (FTS5), $(nproc) cores"
"$BIN" --db "$WORK/search.db" import onet "$RELEASE" >/dev/null
"$BENCH" "$WORK/search.db" "$ROUNDS"
if [[ "${SKIP_POSTGRES:-0}" != 1 ]]; then
  echo "== PostgreSQL (GIN full-text index)"
  RESKILL_SEARCH_BENCH_PG=1 RESKILL_BIN="$BIN" RESKILL_SEARCH_BENCH="$BENCH" \
    scripts/with-postgres.sh "$0" "$RELEASE" "$ROUNDS" 2>&1 | grep -v '^with-postgres:'
fi
