#include "http/web/lrs_pages.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "app/xapi_platform/lrs_clients.hpp"
#include "common/strings.hpp"
#include "http/error_mapping.hpp"
#include "http/json.hpp"
#include "http/web/pages.hpp"
#include "http/web/templates.hpp"

namespace reskill::http::web {

namespace {

using Json = nlohmann::json;

// What the create form was filled in with, to show it again after an error.
struct ClientForm {
  std::string name;
  std::vector<std::string> scopes;
  std::string provider;
};

Json ScopeChoices(const ClientForm& form) {
  Json out = Json::array();
  for (auto s : domain::xapi_platform::kAllScopes) {
    const std::string name(domain::xapi_platform::ScopeName(s));
    const bool checked =
        std::find(form.scopes.begin(), form.scopes.end(), name) != form.scopes.end();
    out.push_back({{"value", name}, {"checked", checked}});
  }
  return out;
}

Response ListPage(RequestContext& ctx, int status, const ClientForm& form, const std::string& error,
                  const Json& created) {
  auto clients = app::ListLrsClients(ctx.services.app).Run(ctx.principal);
  if (!clients.ok()) return Fail(ctx, clients.status());
  Json rows = Json::array();
  for (const auto& c : *clients) {
    rows.push_back({{"id", IdString(c.id.value())},
                    {"name", c.name},
                    {"key", c.key},
                    {"scopes", c.scopes.ToString()},
                    {"disabled", c.disabled},
                    {"created_at", FormatIso8601(c.created_at)},
                    {"last_used_at", c.last_used_at ? FormatIso8601(*c.last_used_at) : ""}});
  }
  Json model = {{"clients", std::move(rows)},
                {"empty", clients->empty()},
                {"created", created},
                {"form",
                 {{"name", form.name},
                  {"provider", form.provider},
                  {"scopes", ScopeChoices(form)},
                  {"error", error.empty() ? Json() : Json(error)}}}};
  return RenderPage(ctx, "lrs_clients", model, "lrs.title", status);
}

}  // namespace

Response LrsClientsPage(RequestContext& ctx) {
  return ListPage(ctx, 200, ClientForm{}, "", Json());
}

Response LrsClientCreate(RequestContext& ctx) {
  ClientForm form;
  form.name = ctx.Form("name");
  form.provider = std::string(Trim(ctx.Form("provider")));
  for (auto [it, end] = ctx.form.equal_range("scopes"); it != end; ++it) {
    form.scopes.push_back(it->second);
  }
  app::CreateLrsClientInput input{form.name, form.scopes, form.provider};
  auto created = app::CreateLrsClient(ctx.services.app).Run(ctx.principal, input, ctx.info);
  if (!created.ok()) {
    return ListPage(ctx, HttpStatusFor(created.status().code()), form,
                    ErrorMessage(ctx.services.templates, ctx.locale, created.status()), Json());
  }
  // The secret exists only in this answer: no redirect, and the page is not cached.
  Json shown = {
      {"name", created->client.name}, {"key", created->client.key}, {"secret", created->secret}};
  Response r = ListPage(ctx, 201, ClientForm{}, "", shown);
  r.SetHeader("Cache-Control", "no-store");
  return r;
}

Response LrsClientUpdate(RequestContext& ctx) {
  auto id = ParseIdParam(ctx.Param("id"), "LRS client");
  if (!id.ok()) return Fail(ctx, id.status());
  const bool disable = ctx.Form("disabled") == "1";
  auto client = app::SetLrsClientDisabled(ctx.services.app)
                    .Run(ctx.principal, LrsClientId(*id), disable, ctx.info);
  if (!client.ok()) return Fail(ctx, client.status());
  return SeeOther("/admin/lrs-clients");
}

}  // namespace reskill::http::web
