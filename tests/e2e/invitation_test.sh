#!/usr/bin/env bash
# End-to-end check of the invitation and consent e-mails, against the real binary and a real SMTP
# server on 127.0.0.1 (Debian python3-aiosmtpd, tests/e2e/smtp_sink.py):
#   tests/e2e/invitation_test.sh build/dev/src/main/reskill
# Staff work through the JSON API of a running `reskill serve`: a Spanish-speaking client is asked
# for an e-signed consent (the request e-mail arrives; its link opens the signature page and signs),
# then a licence is requested and issued. `serve` delivers in the background: the invitation
# arrives in Spanish, names the program's provider-facing name (never the internal one) and carries
# the program's own paragraph and the activation link; the test takes the link out of the received
# message, opens it (the Spanish activation page), activates through it, and the link then works no
# more. No address appears in any log. Everything runs in a temporary directory removed at the end.
set -uo pipefail

if [[ $# -ne 1 || ! -x "$1" ]]; then
  echo "usage: $0 PATH/TO/reskill" >&2
  exit 2
fi
bin=$(realpath "$1")
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

die() {
  echo "invitation_test: FAIL: $*" >&2
  exit 1
}

while IFS= read -r name; do unset "$name"; done < <(compgen -e | grep '^RESKILL_' || true)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/reskill-invite.XXXXXX")
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
db="$tmp/invite.db"

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
command -v jq >/dev/null || die "jq is not installed (scripts/deps.sh test)"

smtp_pick_port
export RESKILL_LOG_FILE="$tmp/reskill.log"
export RESKILL_MAIL_TRANSPORT=smtp
export RESKILL_MAIL_SMTP_URL="smtp://127.0.0.1:$smtp_port"
export RESKILL_MAIL_STARTTLS=off
export RESKILL_MAIL_FROM="no-reply@agency.example"
export RESKILL_MAIL_POLL_INTERVAL_S=1
export RESKILL_SECURITY_ARGON2_MEM_KIB=8192

run --db "$db" tenant add alpha "Alpha Agency"
expect_exit 0 "agency created"
password="correct-horse-battery-1"
"$bin" --db "$db" user add --tenant alpha --email sup@agency.example --role admin --role supervisor \
  --role counselor <<<"$password" >/dev/null 2>"$tmp/err" || die "user add: $(cat "$tmp/err")"

smtp_start "$tmp/inbox"
start_server
base="http://127.0.0.1:$port"

# api METHOD PATH [JSON]: calls the API as the supervisor; the body goes to $tmp/body, the status
# to `status`.
signin=$(curl -sS -c "$tmp/cookies" -H 'Content-Type: application/json' \
  -d "{\"tenant\":\"alpha\",\"email\":\"sup@agency.example\",\"password\":\"$password\"}" \
  "$base/api/v1/sessions") || die "sign-in failed"
csrf=$(jq -r .csrf_token <<<"$signin")
[[ -n $csrf && $csrf != null ]] || die "sign-in gave no CSRF token: $signin"
api() {
  last_cmd="$1 $2"
  status=$(curl -sS -o "$tmp/body" -w '%{http_code}' -b "$tmp/cookies" -X "$1" \
    -H 'Content-Type: application/json' -H "X-CSRF-Token: $csrf" ${3:+-d "$3"} "$base$2")
  cp "$tmp/body" "$tmp/out"
}
api_ok() {  # METHOD PATH [JSON]: dies unless 2xx; prints nothing
  api "$@"
  [[ $status == 2* ]] || die "$1 $2 answered $status: $(cat "$tmp/body")"
}

api_ok POST /api/v1/providers '{"slug":"brightpath","name":"BrightPath Learning","license_types":["seat"]}'
provider=$(jq -r .id "$tmp/body")
api_ok POST /api/v1/programs "{\"name\":\"CalWORKs Welfare-to-Work\",\"target_population\":\"CalWORKs recipients\",\"display_name\":\"County Skills Academy\",\"provider_ids\":[\"$provider\"],\"invitation_text_es\":\"Su consejero eligió estos cursos para usted.\"}"
program=$(jq -r .id "$tmp/body")
api_ok POST /api/v1/pools "{\"program_id\":\"$program\",\"provider_id\":\"$provider\",\"name\":\"BrightPath seats\",\"seats\":2}"
pool=$(jq -r .id "$tmp/body")
api_ok POST /api/v1/clients "{\"program_id\":\"$program\",\"given_name\":\"María José\",\"family_name\":\"Núñez\",\"email\":\"maria.nunez@example.org\",\"preferred_language\":\"es\",\"case_number\":\"CW-77\"}"
client=$(jq -r .id "$tmp/body")

# --- consent by e-signature: the request e-mail and its link --------------------------------------
api POST "/api/v1/clients/$client/consents" "{\"provider_id\":\"$provider\",\"purpose\":\"Cursos en línea\",\"data_categories\":[\"email\",\"participant_id\"],\"method\":\"e_signature\"}"
if [[ $status == 201 ]]; then pass "an e-signature consent is requested"; else fail "an e-signature consent is requested ($status)"; fi

wait_for_message() {  # N: waits until the inbox holds N messages
  local _i
  for _i in $(seq 150); do
    [[ -f "$tmp/inbox/$(printf %04d "$1").eml" ]] && return 0
    sleep 0.1
  done
  return 1
}
if wait_for_message 1; then pass "the consent request e-mail arrived at the SMTP server"; else
  fail "the consent request e-mail arrived at the SMTP server"; fi
consent_msg="$tmp/inbox/0001.eml"
field() { mail_field "$1" "$2" 2>&1; }
check_field() {  # FILE EXPR EXPECTED DESCRIPTION
  local got
  got=$(field "$1" "$2")
  if [[ "$got" == "$3" ]]; then pass "$4"; else fail "$4: got \"$got\", expected \"$3\""; fi
}
if [[ -f $consent_msg ]]; then
  check_field "$consent_msg" 'str(m["To"])' "María José Núñez <maria.nunez@example.org>" \
    "the request goes to the client"
  check_field "$consent_msg" 'str(m["Subject"])' \
    "Su consentimiento para BrightPath Learning — County Skills Academy" "the subject is Spanish"
  check_field "$consent_msg" 'str(m["Content-Language"])' "es" "Content-Language: es"
  sign_link=$(field "$consent_msg" \
    '__import__("re").search(r"https?://\S+/consent/\S+", body).group(0)' 2>/dev/null)
  case $sign_link in
    "$base"/consent/*) pass "the message carries the signature link of this server" ;;
    *) fail "the message carries the signature link of this server: \"$sign_link\"" ;;
  esac
  page=$(curl -sS -w '\n%{http_code}' "$sign_link")
  if [[ ${page##*$'\n'} == 200 && $page == *"BrightPath Learning"* ]]; then
    pass "the signature link opens the signature page"; else
    fail "the signature link opens the signature page: ${page: -300}"; fi
  token=${sign_link##*/consent/}
  api POST "/api/v1/consent-requests/$token/sign" '{}'
  if [[ $status == 200 ]]; then pass "the client signs through the link"; else
    fail "the client signs through the link ($status)"; fi
fi

# --- the invitation -------------------------------------------------------------------------------
api_ok POST /api/v1/licences "{\"client_id\":\"$client\",\"pool_id\":\"$pool\"}"
licence=$(jq -r .id "$tmp/body")
api POST "/api/v1/licences/$licence/issue" '{}'
if [[ $status == 200 ]]; then pass "the supervisor issues the licence"; else fail "the supervisor issues the licence ($status)"; fi
expect_sql "SELECT kind, COUNT(*) FROM outbox_message GROUP BY kind ORDER BY kind" \
  $'consent_request|1\ninvitation|1' "the invitation was queued in the outbox with the issue"

if wait_for_message 2; then pass "the invitation arrived at the SMTP server"; else
  fail "the invitation arrived at the SMTP server"; fi
msg="$tmp/inbox/0002.eml"
if [[ -f $msg ]]; then
  if grep -qxF "maria.nunez@example.org" "$tmp/inbox/0002.rcpt"; then pass "envelope recipient"; else
    fail "envelope recipient"; fi
  check_field "$msg" 'str(m["Subject"])' "Su acceso a BrightPath Learning — County Skills Academy" \
    "the subject is Spanish and names the program's provider-facing name"
  check_field "$msg" '"Hola María José:" in body' "True" "the greeting is Spanish"
  check_field "$msg" '"Su consejero eligió estos cursos para usted." in body' "True" \
    "the program's own Spanish paragraph is in the message"
  check_field "$msg" '"CalWORKs" in body or "CalWORKs" in str(m["Subject"])' "False" \
    "the internal program name never appears"
  check_field "$msg" '"El enlace solo se puede usar una vez." in body' "True" \
    "the message says the link works once"
  link=$(field "$msg" '__import__("re").search(r"https?://\S+/activate/\S+", body).group(0)' 2>/dev/null)
  case $link in
    "$base"/activate/*) pass "the invitation carries this server's activation link" ;;
    *) fail "the invitation carries this server's activation link: \"$link\"" ;;
  esac
  page=$(curl -sS -w '\n%{http_code}' "$link")
  if [[ ${page##*$'\n'} == 200 ]]; then pass "the activation link opens"; else
    fail "the activation link opens: ${page: -300}"; fi
  if [[ $page == *"Active su licencia"* && $page == *"County Skills Academy"* ]]; then
    pass "the activation page is in Spanish and names the program"; else
    fail "the activation page is in Spanish and names the program: ${page:0:600}"; fi
  token=${link##*/activate/}
  api POST "/api/v1/activation/$token" '{"password":"una-clave-bastante-larga"}'
  if [[ $status == 200 ]]; then pass "the client activates through the link"; else
    fail "the client activates through the link ($status)"; fi
  expect_sql "SELECT state FROM licence" "activated" "the licence is activated"
  api POST "/api/v1/activation/$token" '{}'
  if [[ $status == 409 || $status == 400 || $status == 412 ]]; then
    pass "the link works once ($status)"; else fail "the link works once ($status)"; fi
fi

api GET "/api/v1/clients/$client/journal"
if jq -e '[.items[].text] | any(test("e-mailed \\(Spanish\\)"))' "$tmp/body" >/dev/null; then
  pass "the journal records the e-mailed invitation"; else fail "the journal records the e-mailed invitation"; fi

# --- nothing personal in logs ----------------------------------------------------------------------
if grep -qE "maria|nunez|Núñez" "$tmp/reskill.log" "$tmp/server.err" "$tmp/server.out"; then
  fail "no address or name appears in the logs"; else pass "no address or name appears in the logs"; fi

echo "$((checks - failures))/$checks checks passed"
[[ $failures -eq 0 ]]
