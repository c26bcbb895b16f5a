#include "http/api/foundation_api.hpp"

#include "app/auth.hpp"
#include "app/staff_admin.hpp"
#include "http/http_app.hpp"
#include "http/json.hpp"
#include "http/services.hpp"
#include "http/web/pages.hpp"

namespace reskill::http::api {

namespace {

using domain::programs::RoleSet;

Json StaffJson(const app::StaffUser& u) {
  return {{"id", IdString(u.id.value())},
          {"email", u.email},
          {"display_name", u.display_name},
          {"roles", u.roles.Names()},
          {"locale", u.locale},
          {"disabled", u.disabled},
          {"locked_until", TimeOrNull(u.locked_until)},
          {"created_at", FormatIso8601(u.created_at)}};
}

Json TokenJson(const app::ApiToken& t) {
  return {{"id", IdString(t.id.value())},
          {"name", t.name},
          {"created_at", FormatIso8601(t.created_at)},
          {"expires_at", TimeOrNull(t.expires_at)},
          {"revoked_at", TimeOrNull(t.revoked_at)},
          {"last_used_at", TimeOrNull(t.last_used_at)}};
}

StatusOr<RoleSet> ParseRoles(const std::vector<std::string>& names) {
  RoleSet roles;
  for (std::size_t i = 0; i < names.size(); ++i) {
    auto role = domain::programs::ParseRole(names[i]);
    if (!role) {
      return InvalidArgument("unknown role \"" + names[i] +
                                 "\"; roles are admin, supervisor, counselor, analyst, curator",
                             "roles[" + std::to_string(i) + "]");
    }
    roles.Add(*role);
  }
  return roles;
}

}  // namespace

Response SignIn(RequestContext& ctx) {
  auto body = ParseJsonObject(ctx.request, {"tenant", "email", "password"});
  if (!body.ok()) return ErrorResponse(ctx, body.status());
  app::SignInInput input;
  for (auto [key, target] :
       {std::pair{"tenant", &input.tenant_slug}, std::pair{"email", &input.email},
        std::pair{"password", &input.password}}) {
    auto value = RequiredString(*body, key);
    if (!value.ok()) return ErrorResponse(ctx, value.status());
    *target = std::move(value).value();
  }
  auto result = app::SignIn(ctx.services.app).Run(input, ctx.info);
  if (!result.ok()) return ErrorResponse(ctx, result.status());
  Response r = JsonResponse(201, {{"csrf_token", result->csrf_token},
                                  {"expires_at", FormatIso8601(result->expires_at)},
                                  {"user",
                                   {{"id", IdString(result->principal.staff_id.value())},
                                    {"email", result->principal.email},
                                    {"display_name", result->principal.display_name},
                                    {"roles", result->principal.roles.Names()}}}});
  r.headers.emplace_back("Set-Cookie", web::SessionCookie(ctx.services, result->cookie_value));
  return r;
}

Response SignOut(RequestContext& ctx) {
  Status st = app::SignOut(ctx.services.app).Run(ctx.principal, ctx.info);
  if (!st.ok()) return ErrorResponse(ctx, st);
  Response r = NoContent();
  r.headers.emplace_back("Set-Cookie", web::ClearSessionCookie(ctx.services));
  return r;
}

Response GetMe(RequestContext& ctx) {
  const auto& p = ctx.principal;
  return JsonResponse(
      200,
      {{"id", IdString(p.staff_id.value())},
       {"email", p.email},
       {"display_name", p.display_name},
       {"roles", p.roles.Names()},
       {"locale", p.locale},
       {"tenant",
        {{"id", IdString(p.tenant_id.value())}, {"slug", p.tenant_slug}, {"name", p.tenant_name}}},
       {"auth", p.kind == domain::audit::ActorKind::kApiToken ? "api_token" : "session"}});
}

Response PatchMe(RequestContext& ctx) {
  auto body = ParseJsonObject(ctx.request, {"display_name", "locale"});
  if (!body.ok()) return ErrorResponse(ctx, body.status());
  app::StaffUserPatch patch;
  auto name = OptionalString(*body, "display_name");
  auto locale = OptionalString(*body, "locale");
  for (const Status* st : {&name.status(), &locale.status()}) {
    if (!st->ok()) return ErrorResponse(ctx, *st);
  }
  patch.display_name = *name;
  patch.locale = *locale;
  auto user = app::UpdateStaffUser(ctx.services.app)
                  .Run(ctx.principal, ctx.principal.staff_id, patch, ctx.info);
  if (!user.ok()) return ErrorResponse(ctx, user.status());
  return JsonResponse(200, StaffJson(*user));
}

Response ListStaff(RequestContext& ctx) {
  auto users = app::ReadStaff(ctx.services.app).List(ctx.principal);
  if (!users.ok()) return ErrorResponse(ctx, users.status());
  Json items = Json::array();
  for (const auto& u : *users) items.push_back(StaffJson(u));
  return JsonResponse(200, {{"items", std::move(items)}});
}

Response CreateStaff(RequestContext& ctx) {
  auto body =
      ParseJsonObject(ctx.request, {"email", "display_name", "roles", "locale", "password"});
  if (!body.ok()) return ErrorResponse(ctx, body.status());
  app::NewStaffUser input;
  auto email = RequiredString(*body, "email");
  if (!email.ok()) return ErrorResponse(ctx, email.status());
  auto name = RequiredString(*body, "display_name");
  if (!name.ok()) return ErrorResponse(ctx, name.status());
  auto password = RequiredString(*body, "password");
  if (!password.ok()) return ErrorResponse(ctx, password.status());
  auto locale = OptionalString(*body, "locale");
  if (!locale.ok()) return ErrorResponse(ctx, locale.status());
  auto role_names = OptionalStringArray(*body, "roles");
  if (!role_names.ok()) return ErrorResponse(ctx, role_names.status());
  if (!*role_names) return ErrorResponse(ctx, InvalidArgument("roles is required", "roles"));
  auto roles = ParseRoles(**role_names);
  if (!roles.ok()) return ErrorResponse(ctx, roles.status());
  input.email = *email;
  input.display_name = *name;
  input.password = *password;
  input.locale = locale->value_or("");
  input.roles = *roles;
  auto user = app::AddStaffUser(ctx.services.app)
                  .Run(ctx.principal, ctx.principal.tenant_id, input, ctx.info);
  if (!user.ok()) return ErrorResponse(ctx, user.status());
  Response r = JsonResponse(201, StaffJson(*user));
  r.SetHeader("Location", "/api/v1/staff/" + IdString(user->id.value()));
  return r;
}

Response GetStaff(RequestContext& ctx) {
  auto id = ParseIdParam(ctx.Param("id"), "staff user");
  if (!id.ok()) return ErrorResponse(ctx, id.status());
  auto user = app::ReadStaff(ctx.services.app).Get(ctx.principal, StaffId(*id));
  if (!user.ok()) return ErrorResponse(ctx, user.status());
  return JsonResponse(200, StaffJson(*user));
}

Response PatchStaff(RequestContext& ctx) {
  auto id = ParseIdParam(ctx.Param("id"), "staff user");
  if (!id.ok()) return ErrorResponse(ctx, id.status());
  auto body = ParseJsonObject(
      ctx.request, {"display_name", "roles", "disabled", "locale", "password", "unlock"});
  if (!body.ok()) return ErrorResponse(ctx, body.status());
  app::StaffUserPatch patch;
  auto name = OptionalString(*body, "display_name");
  auto locale = OptionalString(*body, "locale");
  auto password = OptionalString(*body, "password");
  auto disabled = OptionalBool(*body, "disabled");
  auto unlock = OptionalBool(*body, "unlock");
  auto role_names = OptionalStringArray(*body, "roles");
  for (const Status* st : {&name.status(), &locale.status(), &password.status(), &disabled.status(),
                           &unlock.status(), &role_names.status()}) {
    if (!st->ok()) return ErrorResponse(ctx, *st);
  }
  patch.display_name = *name;
  patch.locale = *locale;
  patch.password = *password;
  patch.disabled = *disabled;
  patch.unlock = unlock->value_or(false);
  if (*role_names) {
    auto roles = ParseRoles(**role_names);
    if (!roles.ok()) return ErrorResponse(ctx, roles.status());
    patch.roles = *roles;
  }
  auto user =
      app::UpdateStaffUser(ctx.services.app).Run(ctx.principal, StaffId(*id), patch, ctx.info);
  if (!user.ok()) return ErrorResponse(ctx, user.status());
  return JsonResponse(200, StaffJson(*user));
}

Response ListTokens(RequestContext& ctx) {
  auto tokens = app::ManageApiTokens(ctx.services.app).List(ctx.principal);
  if (!tokens.ok()) return ErrorResponse(ctx, tokens.status());
  Json items = Json::array();
  for (const auto& t : *tokens) items.push_back(TokenJson(t));
  return JsonResponse(200, {{"items", std::move(items)}});
}

Response CreateToken(RequestContext& ctx) {
  auto body = ParseJsonObject(ctx.request, {"name", "expires_in_days"});
  if (!body.ok()) return ErrorResponse(ctx, body.status());
  auto name = RequiredString(*body, "name");
  if (!name.ok()) return ErrorResponse(ctx, name.status());
  auto days = OptionalInt(*body, "expires_in_days", 1, 366);
  if (!days.ok()) return ErrorResponse(ctx, days.status());
  auto created =
      app::ManageApiTokens(ctx.services.app).Create(ctx.principal, *name, *days, ctx.info);
  if (!created.ok()) return ErrorResponse(ctx, created.status());
  Json out = TokenJson(created->token);
  out["token"] = created->secret;
  return JsonResponse(201, out);
}

Response RevokeToken(RequestContext& ctx) {
  auto id = ParseIdParam(ctx.Param("id"), "API token");
  if (!id.ok()) return ErrorResponse(ctx, id.status());
  Status st =
      app::ManageApiTokens(ctx.services.app).Revoke(ctx.principal, ApiTokenId(*id), ctx.info);
  if (!st.ok()) return ErrorResponse(ctx, st);
  return NoContent();
}

Response ListAudit(RequestContext& ctx) {
  app::AuditQuery q;
  const auto& req = ctx.request;
  q.action_prefix = std::string(req.Query("action").value_or(""));
  q.actor_id = std::string(req.Query("actor").value_or(""));
  q.target_type = std::string(req.Query("target_type").value_or(""));
  q.target_id = std::string(req.Query("target_id").value_or(""));
  if (auto before = req.Query("before")) {
    auto id = ParseIdParam(*before, "event");
    if (!id.ok())
      return ErrorResponse(ctx, InvalidArgument("before must be an event id", "before"));
    q.before = AuditEventId(*id);
  }
  if (auto limit = req.Query("limit")) {
    try {
      std::size_t used = 0;
      q.limit = std::stoi(std::string(*limit), &used);
      if (used != limit->size()) throw std::invalid_argument("trailing");
    } catch (const std::exception&) {
      return ErrorResponse(ctx, InvalidArgument("limit must be an integer", "limit"));
    }
  }
  auto events = app::ReadAuditLog(ctx.services.app).Run(ctx.principal, q);
  if (!events.ok()) return ErrorResponse(ctx, events.status());
  Json items = Json::array();
  for (const auto& e : *events) {
    items.push_back({{"id", IdString(e.id.value())},
                     {"at", FormatIso8601(e.at)},
                     {"actor_kind", domain::audit::ActorKindName(e.actor_kind)},
                     {"actor_id", e.actor_id},
                     {"action", e.action},
                     {"target_type", e.target_type},
                     {"target_id", e.target_id},
                     {"request_id", e.request_id},
                     {"outcome", e.outcome},
                     {"detail", e.detail}});
  }
  Json out = {{"items", items}};
  if (static_cast<int>(events->size()) == q.limit && !events->empty()) {
    std::string next = "/api/v1/audit?limit=" + std::to_string(q.limit) +
                       "&before=" + IdString(events->back().id.value());
    for (const auto& [name, value] :
         {std::pair{"action", &q.action_prefix}, std::pair{"actor", &q.actor_id},
          std::pair{"target_type", &q.target_type}, std::pair{"target_id", &q.target_id}}) {
      if (!value->empty()) next += std::string("&") + name + "=" + PercentEncode(*value);
    }
    out["next"] = next;
  }
  return JsonResponse(200, out);
}

}  // namespace reskill::http::api
