#include "http/system/system_routes.hpp"

#include "common/embedded.hpp"
#include "http/error_mapping.hpp"
#include "http/metrics.hpp"
#include "http/services.hpp"

namespace reskill {
std::span<const EmbeddedFile> EmbeddedOpenApi();
std::span<const EmbeddedFile> EmbeddedStatic();
}  // namespace reskill

namespace reskill::http::system {

std::string_view OpenApiDocument() {
  return EmbeddedOpenApi().front().content;
}

Response Healthz(RequestContext&) {
  Response r;
  r.body = R"({"status":"ok"})";
  return r;
}

Response Readyz(RequestContext& ctx) {
  Status st = ctx.services.app.db.Ping();
  if (!st.ok()) {
    return Problem(503, "unavailable", "the database is not reachable", "", ctx.info.request_id);
  }
  Response r;
  r.body = R"({"status":"ready","database":")" + std::string(ctx.services.app.db.engine()) + "\"}";
  return r;
}

Response MetricsText(RequestContext& ctx) {
  Response r;
  r.content_type = "text/plain; version=0.0.4";
  r.body = ctx.services.metrics->Render();
  return r;
}

Response OpenApi(RequestContext&) {
  Response r;
  r.body = std::string(OpenApiDocument());
  return r;
}

Response StaticFile(RequestContext& ctx) {
  const std::string& name = ctx.Param("file");
  for (const auto& f : EmbeddedStatic()) {
    if (f.path == name) {
      Response r;
      r.body = std::string(f.content);
      if (name.ends_with(".css"))
        r.content_type = "text/css; charset=utf-8";
      else if (name.ends_with(".js"))
        r.content_type = "text/javascript; charset=utf-8";
      else if (name.ends_with(".svg"))
        r.content_type = "image/svg+xml";
      else
        r.content_type = "application/octet-stream";
      r.SetHeader("Cache-Control", "public, max-age=3600");
      return r;
    }
  }
  return Problem(404, "not_found", "no such file", "", ctx.info.request_id);
}

}  // namespace reskill::http::system
