// The network transport: serves an HttpApp over HTTP/1.1 with RESTinio on a thread pool, and
// shuts down gracefully on SIGTERM/SIGINT (stop taking work, let in-flight requests finish,
// then return). The only file that includes RESTinio.
#pragma once

#include <functional>
#include <string>

#include "common/status.hpp"
#include "http/http_app.hpp"

namespace reskill::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;
  int threads = 2;
  long long transport_body_limit = 16 << 20;  ///< Bodies above this are dropped by the transport.
  int read_timeout_s = 30;
  int write_timeout_s = 30;
  int handle_timeout_s = 30;
  int shutdown_grace_s = 10;
  int max_connections = 10000;  ///< Connections served at once; more wait in the listen queue.
};

/// Serves until SIGTERM or SIGINT. `on_listening` runs once the socket accepts connections.
/// kUnavailable when the address cannot be bound; OK after a graceful shutdown.
Status RunServer(HttpApp& app, const ServerOptions& options,
                 const std::function<void()>& on_listening);

}  // namespace reskill::http
