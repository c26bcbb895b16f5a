// What handlers share: the app ports, HTTP options, templates and metrics. Built once by the
// composition root; read-only afterwards, so thread-safe.
#pragma once

#include <string>

#include "app/context.hpp"

namespace reskill::app {
class PathwayEngineCache;
namespace lrs {
class StatementWriter;
}
}  // namespace reskill::app

namespace reskill::http {

class Metrics;
class Router;
class Templates;

struct HttpOptions {
  long long max_body_bytes = 1048576;
  bool secure_cookies = false;
  bool access_log = true;
  std::string default_locale = "en";
  std::string default_tenant;
  std::string version = "dev";
};

struct Services {
  app::AppContext& app;
  HttpOptions options;
  const Templates& templates;
  const Metrics* metrics = nullptr;  ///< Set by HttpApp once the router is built.
  const Router* router = nullptr;    ///< Set by HttpApp (the navigation is derived from it).
  /// The career-pathway model shared by requests (app/pathways); null: built per request.
  app::PathwayEngineCache* pathways = nullptr;
  /// The group-commit writer of xAPI statements (app/lrs); null: each request stores directly.
  app::lrs::StatementWriter* statements = nullptr;
  /// Checks the signatures of signed statements whose JWS carries x5c (platform/, OpenSSL);
  /// null only in tests that never send one: such signatures are then not verified.
  const app::JwsVerifier* jws = nullptr;
};

}  // namespace reskill::http
