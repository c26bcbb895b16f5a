#!/usr/bin/env bash
# Runs every test: installs what is missing (Debian packages, the PostgreSQL server, and from npm
# the browser-test tooling that drives Debian's chromium), builds the `dev` preset (Debug, ASan,
# UBSan) and runs ctest against SQLite and a throwaway PostgreSQL server on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
# Let ccache reuse objects across clones in different directories (CI builds a fresh clone).
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=true
scripts/deps.sh test
(cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
scripts/format.sh --check
cmake --preset dev
cmake --build --preset dev
scripts/with-postgres.sh ctest --preset dev --output-on-failure -j2 "$@"
