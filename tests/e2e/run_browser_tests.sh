#!/usr/bin/env bash
# Browser tests of the web shell against the real server:
#   tests/e2e/run_browser_tests.sh build/dev/src/main/reskill
# Creates a temporary SQLite database with agency `demo` and one staff user per role (known,
# freshly generated passwords), serves it on a free loopback port, runs `node --test
# tests/browser/` (headless Debian chromium through playwright-core; `npm ci` in tests/browser
# first) with the server URL and the credentials in the environment, then stops the server with
# SIGTERM and checks that it exits 0. The server sends its e-mail to a real SMTP server on
# 127.0.0.1 (python3-aiosmtpd, tests/e2e/smtp_sink.py) whose inbox folder the tests read
# (RESKILL_E2E_INBOX): the invitation e-mail's link is what the client opens. The server and the temporary directory are cleaned up also
# when a step fails.
set -uo pipefail

if [[ $# -ne 1 || ! -x "$1" ]]; then
  echo "usage: $0 PATH/TO/reskill" >&2
  exit 2
fi
bin=$(realpath "$1")
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

die() {
  echo "run_browser_tests: FAIL: $*" >&2
  exit 1
}

command -v node >/dev/null || die "node is not installed (scripts/deps.sh test installs it)"
[[ -x /usr/bin/chromium ]] || die "/usr/bin/chromium is not installed (Debian package chromium)"
[[ -d "$root/tests/browser/node_modules/playwright-core" ]] ||
  die "playwright-core is missing: run (cd tests/browser && npm ci)"

# The caller's RESKILL_* settings must not leak into the server under test.
while IFS= read -r name; do unset "$name"; done < <(compgen -e | grep '^RESKILL_' || true)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/reskill-browser.XXXXXX")
server_pid=""
smtp_pid=""
# shellcheck source=tests/e2e/mail_lib.sh
source "$root/tests/e2e/mail_lib.sh" || exit 2
smtp_python >/dev/null || die "python3-aiosmtpd is not installed (scripts/deps.sh test)"

cleanup() {
  local rc=$?
  if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$server_pid" 2>/dev/null
    wait "$server_pid" 2>/dev/null
  fi
  if [[ $rc -ne 0 && -s "$tmp/server.err" ]]; then
    echo "--- server stderr (last 30 lines) ---" >&2
    tail -n 30 "$tmp/server.err" >&2
  fi
  smtp_stop
  rm -rf "$tmp"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

db="$tmp/browser.db"
export RESKILL_LOG_ACCESS=false
# Issued licences queue invitation e-mails: the server delivers them to a real SMTP server.
smtp_pick_port
smtp_start "$tmp/inbox"
export RESKILL_MAIL_TRANSPORT=smtp
export RESKILL_MAIL_SMTP_URL="smtp://127.0.0.1:$smtp_port"
export RESKILL_MAIL_STARTTLS=off
export RESKILL_MAIL_POLL_INTERVAL_S=1

"$bin" --db "$db" tenant add demo "Demo Agency (browser tests)" >"$tmp/setup.log" 2>&1 ||
  die "reskill tenant add failed: $(cat "$tmp/setup.log")"

# The demo O*NET release and BLS figures, for the pathway explorer (pathways.test.mjs).
for args in "import onet $root/data/demo/onet" \
  "import wages $root/data/demo/bls/oews_demo.csv --year 2024" \
  "import projections $root/data/demo/bls/projections_demo.csv"; do
  # shellcheck disable=SC2086
  "$bin" --db "$db" $args >"$tmp/setup.log" 2>&1 || die "reskill $args failed: $(cat "$tmp/setup.log")"
done

# One staff user per role, each with its own random password.
staff_json="{"
for role in admin supervisor counselor analyst curator; do
  password="Pw-$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
  email="$role@browser.test"
  name="$(tr '[:lower:]' '[:upper:]' <<<"${role:0:1}")${role:1} Tester"
  printf '%s\n' "$password" |
    "$bin" --db "$db" user add --tenant demo --email "$email" --role "$role" --name "$name" \
      --locale en >"$tmp/setup.log" 2>&1 ||
    die "reskill user add ($role) failed: $(cat "$tmp/setup.log")"
  [[ $staff_json == "{" ]] || staff_json+=","
  staff_json+="\"$role\":{\"email\":\"$email\",\"password\":\"$password\",\"name\":\"$name\"}"
done
staff_json+="}"

# shellcheck source=tests/e2e/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

start_server
url="http://127.0.0.1:$port"
echo "run_browser_tests: server on $url (pid $server_pid)"

cd "$root" || die "cannot cd to $root"
RESKILL_URL="$url" RESKILL_E2E_TENANT=demo RESKILL_E2E_STAFF="$staff_json" \
  RESKILL_E2E_INBOX="$tmp/inbox" \
  node --test --test-reporter=spec tests/browser/
node_rc=$?

# Graceful shutdown: SIGTERM must end the server with exit code 0 within its grace period.
kill -TERM "$server_pid"
server_rc=""
for _ in $(seq 150); do
  if ! kill -0 "$server_pid" 2>/dev/null; then
    wait "$server_pid"
    server_rc=$?
    break
  fi
  sleep 0.1
done
if [[ -z $server_rc ]]; then
  die "the server did not exit within 15 s of SIGTERM"
fi
server_pid=""

[[ $node_rc -eq 0 ]] || die "browser tests failed (node --test exit code $node_rc)"
if [[ $server_rc -ne 0 ]]; then
  echo "--- server stderr (last 30 lines) ---" >&2
  tail -n 30 "$tmp/server.err" >&2
  die "the server exited with code $server_rc after SIGTERM (expected 0)"
fi
echo "run_browser_tests: all browser tests passed; the server exited 0 on SIGTERM"
