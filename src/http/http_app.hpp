// The HTTP application: matches a route, authenticates (session cookie or API token), enforces
// the route's declared access and CSRF, runs the handler, and turns every failure into a clear
// 4xx/5xx. Transport-independent: the RESTinio server and the in-process test client call
// Handle(). Thread-safe.
#pragma once

#include <atomic>
#include <memory>

#include "http/metrics.hpp"
#include "http/router.hpp"
#include "http/services.hpp"

namespace reskill::http {

inline constexpr std::string_view kSessionCookie = "reskill_session";
inline constexpr std::string_view kAnonCsrfCookie = "reskill_csrf";

class HttpApp {
 public:
  /// Builds the route table (route_table.cpp) and the metrics for it.
  explicit HttpApp(Services services);

  /// Serves one request. Never throws.
  Response Handle(const Request& request);

  /// While draining (graceful shutdown), requests get 503 with `Connection: close`.
  void SetDraining(bool draining) { draining_.store(draining); }
  /// Requests being handled right now.
  int in_flight() const { return in_flight_.load(); }

  const Router& router() const { return router_; }
  const Services& services() const { return services_; }
  const Metrics& metrics() const { return *metrics_; }

 private:
  Response Dispatch(const Request& request, const std::string& request_id, const Route*& route_out);

  Services services_;
  Router router_;
  std::unique_ptr<Metrics> metrics_;
  std::atomic<bool> draining_{false};
  std::atomic<int> in_flight_{0};
};

/// Builds every route of the server (route_table.cpp): the one place where access is declared.
void BuildRouteTable(Router& router);

/// A fresh random request id (16 hex characters).
std::string NewRequestId();

}  // namespace reskill::http
