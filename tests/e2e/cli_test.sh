#!/usr/bin/env bash
# End-to-end checks of the `reskill` command line, run against the real binary:
#   tests/e2e/cli_test.sh build/dev/src/main/reskill
# Covers help and usage errors, configuration validation and redaction, `config docs` against the
# committed docs/config.md, tenant and user creation with their exit codes, idempotent `migrate`
# and `demo`, and a database path that cannot be opened. Every check runs in a temporary
# directory that is removed at the end, also on failure. Exits 1 if any check failed.
set -uo pipefail

if [[ $# -ne 1 || ! -x "$1" ]]; then
  echo "usage: $0 PATH/TO/reskill" >&2
  exit 2
fi
bin=$(realpath "$1")
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

# The caller's RESKILL_* settings must not leak into the commands under test.
while IFS= read -r name; do unset "$name"; done < <(compgen -e | grep '^RESKILL_' || true)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/reskill-cli.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
cd "$tmp" || exit 1

failures=0
checks=0
rc=0
last_cmd=""

# run [--stdin TEXT] ARGS...: runs reskill ARGS, keeping stdout, stderr and the exit code ($rc).
run() {
  local input=""
  if [[ ${1-} == --stdin ]]; then
    input=$2
    shift 2
  fi
  last_cmd="reskill $*"
  if [[ -n $input ]]; then
    printf '%s\n' "$input" | "$bin" "$@" >"$tmp/out" 2>"$tmp/err"
  else
    "$bin" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
  fi
  rc=$?
}

# shellcheck source=tests/e2e/checks.sh
source "$root/tests/e2e/checks.sh" || exit 2

expect_nonzero() {  # DESCRIPTION
  if [[ $rc -ne 0 ]]; then pass "$1"; else fail "$1: expected a non-zero exit code"; fi
}

expect_not_in() {  # out|err TEXT DESCRIPTION
  if grep -qF -- "$2" "$tmp/$1"; then fail "$3: std$1 contains \"$2\""; else pass "$3"; fi
}

# --- version, help, usage errors ----------------------------------------------------------------
run version
expect_exit 0 "version exits 0"
expect_in out "reskill " "version prints the program name and version"

for cmd in "" serve migrate demo tenant "tenant add" user "user add" config "config show" \
  "config check" "config docs" version; do
  # shellcheck disable=SC2086  # word splitting of the subcommand path is intended
  run $cmd --help
  expect_exit 0 "reskill ${cmd:+$cmd }--help exits 0"
  expect_in out "Usage:" "reskill ${cmd:+$cmd }--help prints usage"
done

run frobnicate
expect_exit 2 "an unknown command exits 2"
expect_in err "frobnicate" "an unknown command is named in the error"

run tenant frobnicate
expect_exit 2 "an unknown subcommand exits 2"
expect_in err "frobnicate" "an unknown subcommand is named in the error"

run --frobnicate version
expect_exit 2 "an unknown global flag exits 2"
expect_in err "--frobnicate" "an unknown global flag is named in the error"

run serve --frobnicate
expect_exit 2 "an unknown serve flag exits 2"
expect_in err "--frobnicate" "an unknown serve flag is named in the error"

run
expect_exit 2 "no command at all exits 2"
expect_in err "subcommand is required" "no command at all says a command is required"

run user add --tenant demo
expect_exit 2 "user add without --email/--role exits 2"
expect_in err "--email" "user add names the missing option"

run --config "$tmp/no-such-file.toml" config check
expect_exit 2 "a missing --config file exits 2"
expect_in err "no-such-file.toml" "a missing --config file is named"

# --- configuration ------------------------------------------------------------------------------
cat >"$tmp/bad.toml" <<'EOF'
[server]
listn = "127.0.0.1:9999"
threads = "many"

[databse]
url = "x.db"

[log]
level = "loud"
EOF
run --config "$tmp/bad.toml" config check
expect_exit 2 "config check with bad keys exits 2"
expect_in err 'server.listn' "config check names the first unknown key"
expect_in err 'databse.url' "config check names the second unknown key"
expect_in err 'server.threads' "config check names the wrongly typed key"
expect_in err 'log.level' "config check names the invalid value"

printf '[server]\nlisten = "127.0.0.1:9999"\n' >"$tmp/good.toml"
run --config "$tmp/good.toml" config check
expect_exit 0 "config check with a valid file exits 0"

run --config "$tmp/good.toml" config show
expect_exit 0 "config show exits 0"
expect_in out 'listen = "127.0.0.1:9999"  # file' "config show prints the file's value and source"

last_cmd="RESKILL_SERVER_LISTN=x RESKILL_LOG_LEVEL=loud reskill config check"
RESKILL_SERVER_LISTN=x RESKILL_LOG_LEVEL=loud "$bin" config check >"$tmp/out" 2>"$tmp/err"
rc=$?
expect_exit 2 "config check with bad environment variables exits 2"
expect_in err "RESKILL_SERVER_LISTN" "config check names the unknown environment variable"
expect_in err "log.level" "config check names the invalid environment value"

run --db postgresql://u:secret@db.example/reskill config show
expect_exit 0 "config show with a postgresql:// --db exits 0"
expect_in out "db.example" "config show prints the database host"
expect_not_in out "secret" "config show never prints the database password (stdout)"
expect_not_in err "secret" "config show never prints the database password (stderr)"

last_cmd="RESKILL_DATABASE_URL=postgresql://u:secret@db.example/reskill reskill config show"
RESKILL_DATABASE_URL=postgresql://u:secret@db.example/reskill "$bin" config show \
  >"$tmp/out" 2>"$tmp/err"
rc=$?
expect_exit 0 "config show with RESKILL_DATABASE_URL exits 0"
expect_not_in out "secret" "config show never prints a password from the environment"

run config docs
expect_exit 0 "config docs exits 0"
if diff -u "$root/docs/config.md" "$tmp/out" >"$tmp/docs.diff"; then
  pass "config docs equals the committed docs/config.md"
else
  fail "config docs differs from docs/config.md (regenerate: reskill config docs > docs/config.md)"
  sed -n '1,40s/^/       diff| /p' "$tmp/docs.diff"
fi

# --- tenants and users --------------------------------------------------------------------------
db="$tmp/cli.db"
run --db "$db" tenant add acme "Acme Workforce Agency"
expect_exit 0 "tenant add on a fresh database exits 0"
expect_in out "created agency acme" "tenant add reports the new agency"

run --db "$db" tenant add acme "Acme again"
expect_exit 4 "tenant add of an existing slug exits 4 (already exists)"

run --db "$db" tenant add "Bad Slug!" "Bad"
expect_exit 2 "tenant add with an invalid slug exits 2"
expect_in err "slug" "tenant add explains the slug rule"

run --stdin "short" --db "$db" user add --tenant acme --email ada@acme.example --role admin
expect_exit 2 "user add with a short password exits 2"
expect_in err "12 characters" "user add explains the password rule"

run --stdin "a-long-enough-password" --db "$db" user add --tenant acme --email ada@acme.example \
  --role admin --role analyst --name "Ada Admin" --locale es
expect_exit 0 "user add after the rejected attempt exits 0 (nothing was created before)"
expect_in out "created staff user ada@acme.example" "user add reports the new user"

run --stdin "a-long-enough-password" --db "$db" user add --tenant acme --email ada@acme.example \
  --role admin
expect_exit 4 "user add of an existing e-mail exits 4"

run --stdin "a-long-enough-password" --db "$db" user add --tenant nowhere \
  --email bo@nowhere.example --role admin
expect_exit 3 "user add to an unknown tenant exits 3 (not found)"
expect_in err "nowhere" "user add names the unknown tenant"

run --stdin "a-long-enough-password" --db "$db" user add --tenant acme --email bo@acme.example \
  --role wizard
expect_exit 2 "user add with an unknown role exits 2"
expect_in err "wizard" "user add names the unknown role"

run --db "$db" user add --tenant acme --email cy@acme.example --role admin
expect_exit 2 "user add with no password on standard input exits 2"

run --stdin "a-long-enough-password" --db "$db" user add --tenant acme --email not-an-email \
  --role admin
expect_exit 2 "user add with an invalid e-mail exits 2"

# --- migrate and demo ---------------------------------------------------------------------------
mdb="$tmp/migrate.db"
run --db "$mdb" migrate
expect_exit 0 "migrate on a fresh database exits 0"
expect_in out "applied migrations:" "the first migrate applies migrations"
run --db "$mdb" migrate
expect_exit 0 "migrate again exits 0"
expect_in out "schema is current" "the second migrate says the schema is current"
expect_not_in out "applied migrations" "the second migrate applies nothing"

ddb="$tmp/demo.db"
run --db "$ddb" demo --no-serve
expect_exit 0 "demo --no-serve exits 0"
expect_in out "password:" "the first demo prints the generated passwords"
expect_in out "admin@demo.reskill.example" "the first demo lists the demo admin"
run --db "$ddb" demo --no-serve
expect_exit 0 "demo --no-serve again exits 0"
expect_in out "reusing" "the second demo reuses the existing agency"
expect_not_in out "password:" "the second demo prints no passwords"

# --- a database that cannot be opened -----------------------------------------------------------
run --db "$tmp/no/such/dir/x.db" migrate
expect_nonzero "a SQLite path in a missing directory exits non-zero"
expect_in err "cannot open the database" "a SQLite path in a missing directory gives a clear error"
expect_in err "no/such/dir/x.db" "the unopenable database path is named"
if [[ -e "$tmp/no" ]]; then
  fail "a SQLite path in a missing directory created the directory"
else
  pass "a SQLite path in a missing directory creates nothing"
fi

echo
if [[ $checks -eq 0 ]]; then
  echo "cli_test: no check ran"
  exit 1
fi
if [[ $failures -gt 0 ]]; then
  echo "cli_test: $failures of $checks checks FAILED"
  exit 1
fi
echo "cli_test: all $checks checks passed"
