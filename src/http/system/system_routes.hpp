// System endpoints: liveness, readiness, metrics, the OpenAPI document and static assets.
#pragma once

#include "http/router.hpp"

namespace reskill::http::system {

Response Healthz(RequestContext& ctx);
Response Readyz(RequestContext& ctx);
Response MetricsText(RequestContext& ctx);
Response OpenApi(RequestContext& ctx);
Response StaticFile(RequestContext& ctx);

/// The OpenAPI 3.1 document (docs/api/openapi.json, embedded).
std::string_view OpenApiDocument();

}  // namespace reskill::http::system
