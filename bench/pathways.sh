#!/usr/bin/env bash
# Benchmark of career pathways (issue 6 targets: all-pairs similarity < 100 ms; one person's
# top 10 with 3-step routes, gaps and plans p99 < 10 ms; 1,000,000 people < 10 min on 2 cores)
# with the release build. Loads the demo agency (its catalogue prices the plans), then the full
# O*NET 29.3 release and the BLS files into a fresh SQLite database with the real commands, and
# runs reskill_pathways_benchmark on it.
# Usage: bench/pathways.sh [SHARED_DATA_DIR] [PEOPLE]   (default ../shared/data, 20000 people)
# RESKILL_BIN and RESKILL_PATHWAYS_BENCH override the binaries (default build/release/…: build
# them with `cmake --preset release && cmake --build --preset release`).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$(realpath "${RESKILL_BIN:-build/release/src/main/reskill}")
BENCH=$(realpath "${RESKILL_PATHWAYS_BENCH:-build/release/bench/reskill_pathways_benchmark}")
DATA=$(realpath "${1:-../shared/data}")
PEOPLE=${2:-20000}
for b in "$BIN" "$BENCH"; do
  [[ -x "$b" ]] || { echo "missing $b: cmake --preset release && cmake --build --preset release" >&2; exit 1; }
done
[[ -f "$DATA/onet/db_29_3_text/Occupation Data.txt" ]] || { echo "no O*NET release under $DATA" >&2; exit 1; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
DB="$WORK/pathways.db"
"$BIN" --db "$DB" demo --no-serve >/dev/null
"$BIN" --db "$DB" import onet "$DATA/onet/db_29_3_text" >/dev/null
"$BIN" --db "$DB" import wages "$DATA/bls/oews_national_M2024.csv" >/dev/null
"$BIN" --db "$DB" import projections "$DATA/bls/ep_2024_34_table_1_2.csv" >/dev/null
echo "== $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
"$BENCH" "$DB" demo "$PEOPLE"
