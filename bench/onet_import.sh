#!/usr/bin/env bash
# Benchmark of `reskill import onet` on the full O*NET 29.3 release with the release build
# (issue 3 target: under 20 s). Prints wall-clock seconds (process start to exit, migrations
# included) and rows/s for:
#   1. a fresh SQLite database file;
#   2. the same release again on that database (a fingerprint check, nothing written);
#   3. the same two on a fresh PostgreSQL database from scripts/with-postgres.sh (a throwaway
#      local server with fsync off).
# Usage: bench/onet_import.sh [RELEASE_DIR]   (default ../shared/data/onet/db_29_3_text)
# RESKILL_BIN overrides the binary (default build/release/src/main/reskill: build it with
# `cmake --preset release && cmake --build --preset release`). SKIP_POSTGRES=1 skips step 3.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$(realpath "${RESKILL_BIN:-build/release/src/main/reskill}")
RELEASE=$(realpath "${1:-../shared/data/onet/db_29_3_text}")
[[ -x "$BIN" ]] || { echo "build the release preset first: cmake --preset release && cmake --build --preset release" >&2; exit 1; }
[[ -f "$RELEASE/Occupation Data.txt" ]] || { echo "no O*NET release at $RELEASE" >&2; exit 1; }

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# run NAME DB: imports the release into DB and prints one result line.
run() {
  local name=$1 db=$2 start end seconds rows
  start=$(date +%s%N)
  if ! "$BIN" --db "$db" import onet "$RELEASE" >"$WORK/out" 2>"$WORK/err"; then
    cat "$WORK/out" "$WORK/err" >&2
    exit 1
  fi
  end=$(date +%s%N)
  seconds=$(awk -v ns=$((end - start)) 'BEGIN { printf "%.2f", ns / 1e9 }')
  # The rows written: the count lines of a real import (none when nothing changed).
  rows=$(awk '/^  [a-zA-Z -]+ +[0-9]+$/ { s += $NF } END { print s + 0 }' "$WORK/out")
  printf '%-34s %7s s %9s rows/s   (%s)\n' "$name" "$seconds" \
    "$(awk -v r="$rows" -v s="$seconds" 'BEGIN { if (r > 0) printf "%.0f", r / s; else print "-" }')" \
    "$(grep -E '^(imported|O\*NET)' "$WORK/out" | head -n 1)"
}

# Step 3 runs in a second invocation of this script, under scripts/with-postgres.sh.
if [[ -n "${RESKILL_BENCH_PG_STEP-}" ]]; then
  run "PostgreSQL, fresh database" "$RESKILL_TEST_PG_DSN"
  run "PostgreSQL, same release again" "$RESKILL_TEST_PG_DSN"
  exit 0
fi

echo "O*NET import: $RELEASE"
echo "binary: $BIN"
run "SQLite, fresh database" "$WORK/onet.db"
run "SQLite, same release again" "$WORK/onet.db"
if [[ "${SKIP_POSTGRES-}" != 1 ]]; then
  RESKILL_BENCH_PG_STEP=1 RESKILL_BIN="$BIN" scripts/with-postgres.sh "$0" "$RELEASE"
fi
