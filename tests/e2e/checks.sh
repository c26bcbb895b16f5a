# Shared by the end-to-end scripts: run a command and record checks.
# The sourcing script defines `bin` (the reskill binary), `tmp` (its temp dir), `db` (for sql)
# and the counters `checks`, `failures`, `rc`, `last_cmd`. A script may define its own `run`
# before sourcing this file.

declare -F run >/dev/null || run() {
  last_cmd="reskill $*"
  "$bin" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
  rc=$?
}

pass() {
  checks=$((checks + 1))
  echo "ok   - $1"
}

fail() {
  checks=$((checks + 1))
  failures=$((failures + 1))
  echo "FAIL - $1"
  echo "       command: $last_cmd"
  echo "       exit code: $rc"
  sed -n '1,15s/^/       stdout| /p' "$tmp/out"
  sed -n '1,15s/^/       stderr| /p' "$tmp/err"
}

expect_exit() {  # CODE DESCRIPTION
  if [[ $rc -eq $1 ]]; then pass "$2"; else fail "$2: expected exit code $1"; fi
}

expect_in() {  # out|err TEXT DESCRIPTION
  if grep -qF -- "$2" "$tmp/$1"; then pass "$3"; else fail "$3: std$1 lacks \"$2\""; fi
}

# sql QUERY: prints the result of a query on the test database (sqlite3, or Python's sqlite3).
sql() {
  if command -v sqlite3 >/dev/null; then
    sqlite3 -batch "$db" "$1"
  else
    python3 -c 'import sqlite3, sys
for row in sqlite3.connect(sys.argv[1]).execute(sys.argv[2]): print("|".join(map(str, row)))' \
      "$db" "$1"
  fi
}

expect_sql() {  # QUERY EXPECTED DESCRIPTION
  local got
  got=$(sql "$1")
  if [[ "$got" == "$2" ]]; then pass "$3"; else fail "$3: \"$1\" gave \"$got\", expected \"$2\""; fi
}

