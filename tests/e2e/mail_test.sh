#!/usr/bin/env bash
# End-to-end checks of e-mail delivery, run against the real binary and a real SMTP server on
# 127.0.0.1 (Debian python3-aiosmtpd, tests/e2e/smtp_sink.py):
#   tests/e2e/mail_test.sh build/dev/src/main/reskill
# A queued message (`reskill mail test`, Spanish, a non-ASCII name) is tried while the SMTP server
# is down (kept, attempt counted, retry scheduled), then arrives once the server is up, with the
# right envelope, decoded headers (From, To, Subject, Date, Message-ID, Content-Language) and body;
# a second pass sends nothing. Then `reskill serve` delivers in the background and stops cleanly on
# SIGTERM; the .eml transport writes private files; no address appears in any log; the SMTP
# password is redacted. Everything runs in a temporary directory removed at the end.
set -uo pipefail

if [[ $# -ne 1 || ! -x "$1" ]]; then
  echo "usage: $0 PATH/TO/reskill" >&2
  exit 2
fi
bin=$(realpath "$1")
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

die() {
  echo "mail_test: FAIL: $*" >&2
  exit 1
}

# The caller's RESKILL_* settings must not leak into the commands under test.
while IFS= read -r name; do unset "$name"; done < <(compgen -e | grep '^RESKILL_' || true)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/reskill-mail.XXXXXX")
server_pid=""
smtp_pid=""
cleanup() {
  local code=$?
  if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -KILL "$server_pid" 2>/dev/null
    wait "$server_pid" 2>/dev/null
  fi
  smtp_stop
  rm -rf "$tmp"
  exit "$code"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
db="$tmp/mail.db"

failures=0
checks=0
rc=0
last_cmd=""

# shellcheck source=tests/e2e/checks.sh
source "$root/tests/e2e/checks.sh" || exit 2
# shellcheck source=tests/e2e/lib.sh
source "$root/tests/e2e/lib.sh" || exit 2
# shellcheck source=tests/e2e/mail_lib.sh
source "$root/tests/e2e/mail_lib.sh" || exit 2

smtp_python >/dev/null || die "python3-aiosmtpd is not installed (scripts/deps.sh test)"

address="ana.perez@example.org"
smtp_pick_port
export RESKILL_LOG_FILE="$tmp/reskill.log"
export RESKILL_MAIL_TRANSPORT=smtp
export RESKILL_MAIL_SMTP_URL="smtp://127.0.0.1:$smtp_port"
export RESKILL_MAIL_STARTTLS=off
export RESKILL_MAIL_FROM="no-reply@agency.example"
export RESKILL_MAIL_FROM_NAME="Agencia de Empleo"
export RESKILL_MAIL_RETRY_BASE_S=1
export RESKILL_MAIL_TIMEOUT_S=5

run --db "$db" tenant add alpha "Alpha Agency"
expect_exit 0 "agency created"
run --db "$db" mail test --tenant alpha --to "$address" --name "Ana Pérez" --locale es
expect_exit 0 "a test message is queued"
expect_sql "SELECT kind, status, attempts FROM outbox_message" "test|pending|0" "it waits in the outbox"
expect_sql "SELECT COUNT(*) FROM outbox_message WHERE envelope LIKE '%ana.perez%'" "0" \
  "the address is not stored in clear"

# --- the SMTP server is down ---------------------------------------------------------------------
run --db "$db" mail deliver --once
expect_exit 0 "delivery with the server down exits 0"
expect_in out "delivered 0 message(s); 1 to retry later" "the failure is counted for a retry"
expect_sql "SELECT status, attempts, last_error <> '' FROM outbox_message" "pending|1|1" \
  "the attempt and its reason are recorded"
expect_sql "SELECT next_attempt_at >= created_at + 1000 FROM outbox_message" "1" \
  "the retry is scheduled after the backoff (mail.retry_base_s)"

# --- the server comes up -------------------------------------------------------------------------
smtp_start "$tmp/inbox"
sleep 1.2
run --db "$db" mail deliver --once
expect_exit 0 "delivery exits 0"
expect_in out "delivered 1 message(s)" "the message is sent once the backoff is over"
expect_sql "SELECT status, attempts, sent_at IS NOT NULL FROM outbox_message" "sent|2|1" \
  "the message is marked sent after two attempts"
msg="$tmp/inbox/0001.eml"
if [[ -f $msg ]]; then pass "the message arrived at the SMTP server"; else fail "the message arrived at the SMTP server"; fi
expect_file_line() {  # FILE LINE DESCRIPTION
  if grep -qxF -- "$2" "$1"; then pass "$3"; else fail "$3: $(tr '\n' '|' <"$1")"; fi
}
if [[ -f $msg ]]; then
  expect_file_line "$tmp/inbox/0001.rcpt" "no-reply@agency.example" "envelope sender"
  expect_file_line "$tmp/inbox/0001.rcpt" "$address" "envelope recipient"
  check_field() {  # EXPR EXPECTED DESCRIPTION
    local got
    got=$(mail_field "$msg" "$1" 2>&1)
    if [[ "$got" == "$2" ]]; then pass "$3"; else fail "$3: got \"$got\", expected \"$2\""; fi
  }
  check_field 'str(m["To"])' "Ana Pérez <$address>" "To: the name decodes from UTF-8"
  check_field 'str(m["From"])' "Agencia de Empleo <no-reply@agency.example>" "From"
  check_field 'str(m["Subject"])' "Reskill: mensaje de prueba — configuración de correo" \
    "Subject: Spanish, decoded from RFC 2047"
  check_field 'str(m["Content-Language"])' "es" "Content-Language: es"
  check_field 'm["Date"].datetime is not None and m["Date"].datetime.utcoffset().total_seconds() == 0' \
    "True" "Date parses, in UTC"
  check_field 'str(m["Message-ID"]).startswith("<reskill.") and str(m["Message-ID"]).endswith("@agency.example>")' \
    "True" "Message-ID names the sender's domain"
  check_field 'str(m["MIME-Version"])' "1.0" "MIME-Version"
  check_field '"Este es un mensaje de prueba de Reskill." in body' "True" "the Spanish body decodes"
  check_field 'm.get_content_type()' "text/plain" "a text-only message is text/plain"
fi

run --db "$db" mail deliver --once
expect_in out "delivered 0 message(s)" "a second pass sends nothing"
count=$(find "$tmp/inbox" -name '*.eml' | wc -l)
if [[ $count -eq 1 ]]; then pass "the server got exactly one message"; else fail "the server got $count messages"; fi

run --db "$db" mail list --tenant alpha
expect_in out "test	sent	2" "mail list shows kind, status and attempts"
if grep -qF "ana" "$tmp/out"; then fail "mail list shows no address"; else pass "mail list shows no address"; fi

# --- background delivery inside `reskill serve` --------------------------------------------------
export RESKILL_MAIL_POLL_INTERVAL_S=1
start_server
run --db "$db" mail test --tenant alpha --to "bob@example.org" --locale en
expect_exit 0 "a second message is queued while the server runs"
for _ in $(seq 100); do [[ -f "$tmp/inbox/0002.eml" ]] && break; sleep 0.1; done
if [[ -f "$tmp/inbox/0002.eml" ]]; then pass "serve delivers in the background"; else
  fail "serve delivers in the background"; fi
kill -TERM "$server_pid"
server_exit=0
for _ in $(seq 100); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
wait "$server_pid" || server_exit=$?
server_pid=""
if [[ $server_exit -eq 0 ]]; then pass "serve exits 0 on SIGTERM"; else fail "serve exited $server_exit on SIGTERM"; fi
if grep -q "event=jobs.stopped" "$tmp/reskill.log"; then pass "the jobs thread stopped cleanly"; else
  fail "the jobs thread stopped cleanly: $(tail -5 "$tmp/reskill.log")"; fi
smtp_stop

# --- the demo's transport: .eml files ------------------------------------------------------------
run --db "$db" mail test --tenant alpha --to "carla@example.org" --locale en
RESKILL_MAIL_TRANSPORT=eml RESKILL_MAIL_EML_DIR="$tmp/eml" run --db "$db" mail deliver --once
expect_in out "delivered 1 message(s)" "the eml transport delivers"
eml=$(find "$tmp/eml" -name '*.eml' | head -n 1)
if [[ -n $eml ]] && grep -q "^To: carla@example.org" "$eml"; then pass "an .eml file is written"; else
  fail "an .eml file is written"; fi
if [[ -n $eml && $(stat -c %a "$eml") == 600 && $(stat -c %a "$tmp/eml") == 700 ]]; then
  pass "the .eml file and its folder are private"; else fail "the .eml file and its folder are private"; fi

# --- no personal data in logs; secrets redacted --------------------------------------------------
if grep -qE "ana.perez|bob@|carla@" "$tmp/reskill.log" "$tmp/server.err" "$tmp/server.out"; then
  fail "no address appears in the logs"; else pass "no address appears in the logs"; fi
if grep -q "event=mail.attempt\|event=mail.sent" "$tmp/reskill.log"; then pass "attempts are logged"; else
  fail "attempts are logged"; fi
RESKILL_MAIL_PASSWORD=s3cret-pw run --db "$db" config show
expect_in out 'password = "<redacted>"' "mail.password is redacted"
if grep -q "s3cret-pw" "$tmp/out"; then fail "the password never shows"; else pass "the password never shows"; fi
RESKILL_MAIL_TRANSPORT=carrier-pigeon run --db "$db" mail deliver --once
expect_exit 2 "an unknown transport is refused"
RESKILL_MAIL_SMTP_URL="http://127.0.0.1:1" run --db "$db" mail deliver --once
expect_exit 2 "a non-SMTP URL is refused"

echo "$((checks - failures))/$checks checks passed"
[[ $failures -eq 0 ]]
