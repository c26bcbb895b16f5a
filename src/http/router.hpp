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
#include "domain/xapi_platform/lrs_client.hpp"
#include "http/request.hpp"

namespace reskill::http {

struct Services;

/// How errors of a route are rendered: problem+json (API, system, xAPI) or an HTML page (web).
/// xAPI routes (`/xapi/...`) are authenticated by LRS client credentials instead of staff
/// sessions and tokens, and follow the xAPI version-header rules (http/xapi/xapi_support.hpp).
enum class RouteKind { kApi, kWeb, kSystem, kXapi };

/// Who may call a route: anyone (`anonymous`), signed-in staff holding one of `roles`, or (xAPI
/// routes) an LRS client whose scopes permit `xapi` (domain::xapi_platform::Permits).
struct Access {
  bool anonymous = false;
  domain::programs::RoleSet roles;
  domain::xapi_platform::XapiResource xapi = domain::xapi_platform::XapiResource::kNone;
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
/// An xAPI route open to LRS clients whose scopes permit `resource`.
inline Access Xapi(domain::xapi_platform::XapiResource resource) {
  return {false, {}, resource};
}
/// An xAPI route open to anyone (the About resource).
inline Access XapiPublic(domain::xapi_platform::XapiResource resource) {
  return {true, {}, resource};
}

struct Route;
namespace xapi {
struct XapiState;
}

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
  /// The xAPI caller and version on kXapi routes (read it with xapi::Caller / xapi::Version);
  /// null elsewhere. Owned by the dispatcher for the duration of the request.
  const xapi::XapiState* xapi = nullptr;

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
