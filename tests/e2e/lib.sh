# Shared by the end-to-end scripts: start the real server on a free port.
# The sourcing script defines `die`, and the globals `bin` (the reskill binary), `db` (database
# path) and `tmp` (its temp dir); start_server sets `port` and `server_pid`.

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Starts the server on a free port (retrying when another process takes the port first) and waits
# until /readyz answers. Output goes to $tmp/server.out and $tmp/server.err.
start_server() {
  local _attempt _i
  for _attempt in $(seq 10); do
    port=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
    port_in_use "$port" && continue
    "$bin" --db "$db" serve --listen "127.0.0.1:$port" >"$tmp/server.out" 2>"$tmp/server.err" &
    server_pid=$!
    for _i in $(seq 600); do
      if ! kill -0 "$server_pid" 2>/dev/null; then
        wait "$server_pid"
        server_pid=""
        grep -q "cannot listen" "$tmp/server.err" && continue 2
        die "the server exited during start-up: $(tail -n 20 "$tmp/server.err")"
      fi
      if curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$port/readyz" 2>/dev/null; then
        kill -0 "$server_pid" 2>/dev/null && return 0
      fi
      sleep 0.1
    done
    die "the server did not become ready on 127.0.0.1:$port within 60 s"
  done
  die "found no free port to listen on in 10 attempts"
}
