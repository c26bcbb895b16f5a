#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL 15 server:
#   scripts/with-postgres.sh build/dev/src/storage/reskill_storage_dbtests
# Starts a server in a temporary directory (127.0.0.1 only, trust auth, durability off for
# speed), creates database reskill_test, exports RESKILL_TEST_PG_DSN (and a contact key file),
# runs the command, then stops the server and deletes the directory, also when the command or the setup fails.
# Exits with the command's exit code. PG_BIN overrides the server binaries' directory.
set -euo pipefail

if [[ $# -eq 0 ]]; then
  echo "usage: $0 COMMAND [ARGS...]" >&2
  exit 2
fi

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
for tool in initdb pg_ctl; do
  if [[ ! -x "$PG_BIN/$tool" ]]; then
    echo "with-postgres: $PG_BIN/$tool not found (install postgresql-15 or set PG_BIN)" >&2
    exit 2
  fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/reskill-pg.XXXXXX")
data="$tmp/data"
sock="$tmp/sock"
log="$tmp/server.log"
started=0

# initdb and the server refuse to run as root: run them as the Debian "postgres" user.
as_pg=()
if [[ $(id -u) -eq 0 ]]; then
  if ! id postgres >/dev/null 2>&1; then
    echo "with-postgres: running as root but there is no 'postgres' user" >&2
    rm -rf "$tmp"
    exit 2
  fi
  chown postgres: "$tmp"
  chmod 700 "$tmp"
  as_pg=(runuser -u postgres --)
fi

cleanup() {
  local rc=$?
  if [[ $started -eq 1 ]]; then
    "${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$tmp"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"${as_pg[@]}" mkdir -p "$sock"
"${as_pg[@]}" "$PG_BIN/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 \
  --locale=C >"$tmp/initdb.log" 2>&1 || {
  echo "with-postgres: initdb failed:" >&2
  cat "$tmp/initdb.log" >&2
  exit 1
}

# Pick the first port from 55432 upward that nothing answers on and the server can bind.
port=55432
while :; do
  if [[ $port -gt 55532 ]]; then
    echo "with-postgres: no free port in 55432-55532" >&2
    exit 1
  fi
  # pg_isready exits 2 when nothing answers; anything else means the port is taken.
  ready=0
  "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -t 1 || ready=$?
  if [[ $ready -ne 2 ]]; then
    port=$((port + 1))
    continue
  fi
  if "${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$data" -l "$log" -w -t 30 \
       -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$sock \
           -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
       start >/dev/null 2>&1; then
    started=1
    break
  fi
  # The bind may have lost a race with another process; try the next port.
  tail -n 3 "$log" >&2 2>/dev/null || true
  port=$((port + 1))
done

"${as_pg[@]}" "$PG_BIN/createdb" -h "$sock" -p "$port" -U postgres reskill_test

export RESKILL_TEST_PG_DSN="postgresql://postgres@127.0.0.1:$port/reskill_test"
# PostgreSQL has no database file to keep the contact-data key beside: give runs one of their own
# (unless the caller chose one).
export RESKILL_SECURITY_CONTACT_KEY_FILE="${RESKILL_SECURITY_CONTACT_KEY_FILE:-$tmp/contact.key}"
echo "with-postgres: PostgreSQL on 127.0.0.1:$port, RESKILL_TEST_PG_DSN=$RESKILL_TEST_PG_DSN" >&2

set +e
"$@"
rc=$?
set -e
exit "$rc"
