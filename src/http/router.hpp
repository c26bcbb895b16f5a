// Routes and the router. Every route declares, in the one route table (route_table.cpp), who may
// call it. The router is built once at start and then only read: thread-safe.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "app/context.hpp"
#include "domain/programs/roles.hpp"
#include "http/request.hpp"

namespace reskill::http {

struct Services;

/// How errors of a route are rendered: problem+json (API, system) or an HTML page (web).
enum class RouteKind { kApi, kWeb, kSystem };

/// Who may call a route: anyone (`anonymous`), or signed-in staff holding one of `roles`.
struct Access {
  bool anonymous = false;
  domain::programs::RoleSet roles;
};

inline Access Public() {
  return {true, {}};
}
inline Access Roles(domain::programs::RoleSet roles) {
  return {false, roles};
}
inline Access AnyStaff() {
  return {false, domain::programs::RoleSet::AllStaff()};
}

struct Route;

/// Everything a handler sees. Valid for the duration of one request.
struct RequestContext {
  const Request& request;
  const Services& services;
  const Route& route;
  std::map<std::string, std::string> params;     ///< Path parameters, e.g. {"id": "42"}.
  std::multimap<std::string, std::string> form;  ///< Parsed form body (web POSTs).
  app::Principal principal;
  app::RequestInfo info;
  std::string locale;                                              ///< "en" or "es".
  std::vector<std::pair<std::string, std::string>> extra_headers;  ///< Set by the dispatcher.

  const std::string& Param(const std::string& name) const { return params.at(name); }
  /// The first form field `name` ("" when absent).
  std::string Form(const std::string& name) const;
};

using Handler = std::function<Response(RequestContext&)>;

struct Route {
  Method method;
  std::string pattern;  ///< "/api/v1/staff/{id}"; a trailing "{*rest}" matches the remainder.
  std::string name;     ///< Stable operation name, used as the metrics label.
  RouteKind kind;
  Access access;
  Handler handler;
  std::string nav_key;    ///< Web pages shown in the navigation: the message key of the label.
  std::size_t index = 0;  ///< Position in the table (metrics slot).
};

/// The result of matching a path.
struct Match {
  const Route* route = nullptr;
  std::map<std::string, std::string> params;
  std::vector<Method> allowed;  ///< When the path matched but the method did not.
};

class Router {
 public:
  /// Adds a route; throws std::logic_error for a duplicate method+pattern (a build defect).
  void Add(Route route);
  Match Find(Method method, std::string_view path) const;
  const std::vector<std::unique_ptr<Route>>& routes() const { return routes_; }

 private:
  std::vector<std::unique_ptr<Route>> routes_;
  std::vector<std::vector<std::string>> segments_;  // each route's pattern, split at '/'
};

}  // namespace reskill::http
