#include "http/xapi/platform_api.hpp"

#include "app/xapi_platform/lrs_clients.hpp"
#include "common/strings.hpp"
#include "http/json.hpp"
#include "http/services.hpp"
#include "http/xapi/xapi_support.hpp"

namespace reskill::http::xapi {

namespace {

// RFC 6749 §5.2: an error response of the token endpoint.
Response OAuthError(int status, std::string_view error, std::string_view description) {
  Response r = JsonResponse(status, {{"error", error}, {"error_description", description}});
  r.SetHeader("Cache-Control", "no-store");
  r.SetHeader("Pragma", "no-cache");
  return r;
}

}  // namespace

Response About(RequestContext& ctx) {
  if (!ctx.request.query.empty()) {
    return XapiError(ctx, 400, "the About resource takes no parameters",
                     ctx.request.query.begin()->first);
  }
  return JsonResponse(200,
                      {{"version", {"1.0.3", "2.0.0"}},
                       {"extensions",
                        {{"https://reskill.invalid/xapi/extensions/server",
                          {{"name", "Reskill"}, {"version", ctx.services.options.version}}}}}});
}

Response OAuthToken(RequestContext& ctx) {
  const auto content_type = ToLower(ctx.request.Header("content-type").value_or(""));
  if (!content_type.starts_with("application/x-www-form-urlencoded")) {
    return OAuthError(400, "invalid_request",
                      "send the request as application/x-www-form-urlencoded");
  }
  const std::string grant = ctx.Form("grant_type");
  if (grant.empty()) return OAuthError(400, "invalid_request", "grant_type is required");
  if (grant != "client_credentials") {
    return OAuthError(400, "unsupported_grant_type", "only client_credentials is supported");
  }
  std::optional<std::string> scope;
  if (ctx.form.count("scope") > 0) scope = ctx.Form("scope");
  const XapiCaller& caller = Caller(ctx);
  app::LrsCaller lrs_caller;
  lrs_caller.client.tenant_id = caller.tenant;
  lrs_caller.client.id = caller.client;
  lrs_caller.client.scopes = caller.scopes;
  lrs_caller.scopes = caller.scopes;
  auto issued = app::IssueLrsAccessToken(ctx.services.app).Run(lrs_caller, scope, ctx.info);
  if (!issued.ok()) {
    if (issued.status().field() == "scope") {
      return OAuthError(400, "invalid_scope", issued.status().public_message());
    }
    return XapiError(ctx, issued.status());
  }
  Response r = JsonResponse(200, {{"access_token", issued->access_token},
                                  {"token_type", "Bearer"},
                                  {"expires_in", issued->expires_in},
                                  {"scope", issued->scopes.ToString()}});
  r.SetHeader("Pragma", "no-cache");
  return r;
}

}  // namespace reskill::http::xapi
