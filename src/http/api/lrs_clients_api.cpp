#include "http/api/lrs_clients_api.hpp"

#include "app/xapi_platform/lrs_clients.hpp"
#include "http/json.hpp"
#include "http/services.hpp"

namespace reskill::http::api {

namespace {

Json ClientJson(const domain::xapi_platform::LrsClient& c) {
  return {{"id", IdString(c.id.value())},
          {"name", c.name},
          {"key", c.key},
          {"scopes", c.scopes.Names()},
          {"provider_id", c.provider_id > 0 ? Json(IdString(c.provider_id)) : Json(nullptr)},
          {"disabled", c.disabled},
          {"created_at", FormatIso8601(c.created_at)},
          {"last_used_at", TimeOrNull(c.last_used_at)}};
}

}  // namespace

Response ListLrsClients(RequestContext& ctx) {
  auto clients = app::ListLrsClients(ctx.services.app).Run(ctx.principal);
  if (!clients.ok()) return ErrorResponse(ctx, clients.status());
  Json items = Json::array();
  for (const auto& c : *clients) items.push_back(ClientJson(c));
  return JsonResponse(200, {{"items", std::move(items)}});
}

Response CreateLrsClient(RequestContext& ctx) {
  auto body = ParseJsonObject(ctx.request, {"name", "scopes", "provider"});
  if (!body.ok()) return ErrorResponse(ctx, body.status());
  auto name = RequiredString(*body, "name");
  if (!name.ok()) return ErrorResponse(ctx, name.status());
  auto scopes = OptionalStringArray(*body, "scopes");
  if (!scopes.ok()) return ErrorResponse(ctx, scopes.status());
  auto provider = OptionalString(*body, "provider");
  if (!provider.ok()) return ErrorResponse(ctx, provider.status());
  app::CreateLrsClientInput input;
  input.name = *name;
  input.scopes = scopes->value_or(std::vector<std::string>{});
  input.provider_slug = provider->value_or("");
  auto created = app::CreateLrsClient(ctx.services.app).Run(ctx.principal, input, ctx.info);
  if (!created.ok()) return ErrorResponse(ctx, created.status());
  Json out = ClientJson(created->client);
  out["secret"] = created->secret;
  Response r = JsonResponse(201, out);
  r.SetHeader("Location", "/api/v1/lrs-clients/" + IdString(created->client.id.value()));
  return r;
}

Response PatchLrsClient(RequestContext& ctx) {
  auto id = ParseIdParam(ctx.Param("id"), "LRS client");
  if (!id.ok()) return ErrorResponse(ctx, id.status());
  auto body = ParseJsonObject(ctx.request, {"disabled"});
  if (!body.ok()) return ErrorResponse(ctx, body.status());
  auto disabled = OptionalBool(*body, "disabled");
  if (!disabled.ok()) return ErrorResponse(ctx, disabled.status());
  if (!*disabled) return ErrorResponse(ctx, InvalidArgument("disabled is required", "disabled"));
  auto client = app::SetLrsClientDisabled(ctx.services.app)
                    .Run(ctx.principal, LrsClientId(*id), **disabled, ctx.info);
  if (!client.ok()) return ErrorResponse(ctx, client.status());
  return JsonResponse(200, ClientJson(*client));
}

}  // namespace reskill::http::api
