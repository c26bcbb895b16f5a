#!/usr/bin/env bash
# The one list of Reskill's dependencies (Debian 12 packages), and an installer used by both
# quick-start commands. Usage: scripts/deps.sh [build|test]  — installs what is missing.
set -euo pipefail

# Needed to build and run the server.
BUILD_PACKAGES=(
  g++ cmake ninja-build ccache pkg-config
  librestinio-dev libasio-dev libhttp-parser-dev nlohmann-json3-dev libsimdjson-dev
  libsqlite3-dev libpq-dev libkainjow-mustache-dev libsodium-dev libssl-dev libcurl4-openssl-dev
  libcli11-dev libspdlog-dev libfmt-dev libtomlplusplus-dev
)
# Needed to run every test and the benchmarks.
TEST_PACKAGES=(
  libgtest-dev libgmock-dev libbenchmark-dev
  postgresql sqlite3 curl wrk clang-format python3-aiosmtpd
  chromium
)
# Node.js and npm drive the browser tests; a machine that already has them (e.g. from
# NodeSource, whose nodejs conflicts with Debian's npm) keeps its own.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  TEST_PACKAGES+=(nodejs npm)
fi

missing=()
want=("${BUILD_PACKAGES[@]}")
if [[ "${1:-build}" == "test" ]]; then want+=("${TEST_PACKAGES[@]}"); fi
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "Installing missing Debian packages: ${missing[*]}"
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
