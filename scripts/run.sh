#!/usr/bin/env bash
# Quick start: install what is missing, build the release binary, create var/demo.db with the demo
# agency (passwords printed once, on first run) and serve on http://127.0.0.1:8080.
# Running it again reuses the build and the database.
set -euo pipefail
cd "$(dirname "$0")/.."
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=true
scripts/deps.sh build
cmake --preset release >/dev/null
cmake --build --preset release
mkdir -p var
exec build/release/src/main/reskill --db var/demo.db demo --listen "${RESKILL_LISTEN:-127.0.0.1:8080}"
