# Shared by the mail end-to-end scripts: a real SMTP server on 127.0.0.1 (Debian python3-aiosmtpd)
# that saves what it receives. The sourcing script defines `die` and `tmp`.
# smtp_pick_port sets `smtp_port` (free now); smtp_start DIR starts the server on it (sets
# `smtp_pid`) and waits until it accepts connections; smtp_stop ends it.

smtp_python() {
  local py
  for py in /usr/bin/python3 python3; do
    if "$py" -c 'import aiosmtpd' 2>/dev/null; then
      echo "$py"
      return 0
    fi
  done
  return 1
}

smtp_pick_port() {
  local _i
  for _i in $(seq 20); do
    smtp_port=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$smtp_port") 2>/dev/null || return 0
  done
  die "found no free port for the SMTP server"
}

smtp_start() {  # FOLDER
  local py _i
  py=$(smtp_python) || die "python3-aiosmtpd is not installed (scripts/deps.sh test)"
  mkdir -p "$1"
  PYTHONPATH="$(dirname "${BASH_SOURCE[0]}")" "$py" -m aiosmtpd -n -l "127.0.0.1:$smtp_port" \
    -c smtp_sink.SaveToFolder "$1" >"$tmp/smtp.out" 2>"$tmp/smtp.err" &
  smtp_pid=$!
  for _i in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$smtp_port") 2>/dev/null && return 0
    kill -0 "$smtp_pid" 2>/dev/null || die "the SMTP server did not start: $(cat "$tmp/smtp.err")"
    sleep 0.1
  done
  die "the SMTP server did not accept connections on port $smtp_port"
}

smtp_stop() {
  if [[ -n ${smtp_pid:-} ]] && kill -0 "$smtp_pid" 2>/dev/null; then
    kill -TERM "$smtp_pid" 2>/dev/null
    wait "$smtp_pid" 2>/dev/null
  fi
  smtp_pid=""
}

# mail_field FILE EXPR: evaluates a Python expression over the parsed message `m` (email.policy
# default, so headers come back decoded) and prints it; `body` is the text/plain part's content.
mail_field() {
  python3 - "$1" "$2" <<'PY'
import email, email.policy, sys
with open(sys.argv[1], "rb") as f:
    m = email.message_from_binary_file(f, policy=email.policy.default)
part = m.get_body(preferencelist=("plain",))
body = part.get_content() if part is not None else ""
html_part = m.get_body(preferencelist=("html",))
html = html_part.get_content() if html_part is not None else ""
print(eval(sys.argv[2]))
PY
}
