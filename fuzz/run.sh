#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) in build/fuzz and fuzzes the xAPI
# statement parser for SECONDS (default 300) on all cores, starting from the seed corpus in
# fuzz/corpus/statements (written here; new inputs go to build/fuzz/corpus). Prints the number of
# executions and of findings (crash-*, leak-*, timeout-* files under build/fuzz/findings).
# Usage: fuzz/run.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_TO_RUN=${1:-300}
command -v clang++ >/dev/null || { echo "needs clang++ (Debian clang, libclang-rt-dev)" >&2; exit 1; }
cmake -S fuzz -B build/fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build/fuzz >/dev/null
mkdir -p build/fuzz/corpus build/fuzz/findings
JOBS=$(nproc)
log=build/fuzz/fuzz.log
build/fuzz/statement_fuzzer -max_total_time="$SECONDS_TO_RUN" -max_len=16384 -timeout=10 \
  -rss_limit_mb=2048 -jobs="$JOBS" -workers="$JOBS" -artifact_prefix=build/fuzz/findings/ \
  build/fuzz/corpus fuzz/corpus/statements >"$log" 2>&1 || true
# Each worker writes fuzz-N.log; the last "#N DONE"/status line of each holds its executions.
execs=0
for f in fuzz-*.log; do
  [[ -f "$f" ]] || continue
  n=$(grep -oE '^#[0-9]+' "$f" | tail -1 | tr -d '#')
  execs=$((execs + ${n:-0}))
  mv "$f" build/fuzz/
done
findings=$(find build/fuzz/findings -type f | wc -l)
echo "statement_fuzzer: ${SECONDS_TO_RUN}s on ${JOBS} workers, ${execs} executions, corpus $(ls build/fuzz/corpus | wc -l) inputs, findings ${findings}"
[[ "$findings" -eq 0 ]] || { ls build/fuzz/findings; exit 1; }
