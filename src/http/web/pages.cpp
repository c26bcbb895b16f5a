#include "http/web/pages.hpp"

#include <nlohmann/json.hpp>

#include "app/auth.hpp"
#include "app/staff_admin.hpp"
#include "http/error_mapping.hpp"
#include "http/http_app.hpp"
#include "http/json.hpp"
#include "http/web/templates.hpp"

namespace reskill::http::web {

namespace {

using domain::programs::Role;
using domain::programs::RoleSet;

std::string CookieAttributes(const Services& services) {
  return std::string("; Path=/; HttpOnly; SameSite=Lax") +
         (services.options.secure_cookies ? "; Secure" : "");
}

// The navigation entries the principal may open, from the route table.
Json Navigation(const Services& services, const app::Principal& principal, std::string_view locale,
                std::string_view current_path) {
  Json nav = Json::array();
  if (services.router == nullptr) return nav;
  for (const auto& r : services.router->routes()) {
    if (r->nav_key.empty() || r->method != Method::kGet) continue;
    if (!r->access.anonymous && !principal.roles.Intersects(r->access.roles)) continue;
    nav.push_back({{"href", r->pattern},
                   {"label", services.templates.Message(locale, r->nav_key)},
                   {"current", r->pattern == current_path}});
  }
  return nav;
}

// Wraps a rendered body in the layout.
Response Page(const Services& services, const std::string& locale, const app::Principal* principal,
              std::string_view current_path, const std::string& title, const std::string& body,
              int status = 200) {
  Json layout = {{"title", title}, {"body", body}};
  if (principal && principal->authenticated()) {
    layout["user"] = {{"display_name", principal->display_name},
                      {"tenant_name", principal->tenant_name},
                      {"roles", principal->roles.ToCsv()}};
    layout["nav"] = Navigation(services, *principal, locale, current_path);
    layout["csrf"] = principal->csrf_token;
  }
  Response r;
  r.status = status;
  r.content_type = "text/html; charset=utf-8";
  r.body = services.templates.Render("layout", layout, locale);
  return r;
}

Response Render(RequestContext& ctx, std::string_view tmpl, Json model,
                const std::string& title_key, int status = 200) {
  model["csrf"] = ctx.principal.csrf_token;
  const auto& t = ctx.services.templates;
  const std::string body = t.Render(tmpl, model, ctx.locale);
  return Page(ctx.services, ctx.locale, &ctx.principal, ctx.request.path,
              t.Message(ctx.locale, title_key), body, status);
}

Response Redirect(const std::string& location) {
  Response r;
  r.status = 303;
  r.content_type = "text/plain; charset=utf-8";
  r.SetHeader("Location", location);
  return r;
}

// Only same-site relative paths are followed after sign-in (no open redirects).
std::string SafeNext(const std::string& next) {
  if (next.empty() || next[0] != '/' || next.starts_with("//") ||
      next.find('\\') != std::string::npos) {
    return "/";
  }
  return next;
}

RoleSet RolesFromForm(const RequestContext& ctx) {
  RoleSet roles;
  for (auto [it, end] = ctx.form.equal_range("roles"); it != end; ++it) {
    if (auto role = domain::programs::ParseRole(it->second)) roles.Add(*role);
  }
  return roles;
}

Json RoleOptions(RoleSet selected, const Templates& t, std::string_view locale) {
  Json out = Json::array();
  for (Role r : domain::programs::kAllStaffRoles) {
    const std::string name(domain::programs::RoleName(r));
    out.push_back({{"value", name},
                   {"label", t.Message(locale, "role." + name)},
                   {"checked", selected.Has(r)}});
  }
  return out;
}

Json LocaleOptions(const std::string& selected, const Templates& t, std::string_view locale) {
  Json out = Json::array();
  for (const char* l : {"", "en", "es"}) {
    out.push_back({{"value", l},
                   {"label", t.Message(locale, std::string("locale.") + (*l ? l : "browser"))},
                   {"selected", selected == l}});
  }
  return out;
}

Json StaffRow(const app::StaffUser& u, const Templates& t, std::string_view locale) {
  std::vector<std::string> role_labels;
  std::string roles_text;
  for (const auto& name : u.roles.Names()) {
    if (!roles_text.empty()) roles_text += ", ";
    roles_text += t.Message(locale, "role." + name);
  }
  return {{"id", IdString(u.id.value())},
          {"email", u.email},
          {"display_name", u.display_name},
          {"roles", roles_text},
          {"disabled", u.disabled},
          {"locked", u.locked_until.has_value()},
          {"created_at", FormatIso8601(u.created_at).substr(0, 10)}};
}

std::string ErrorText(const Templates& t, std::string_view locale, const Status& st) {
  if (st.field() == "_csrf") return t.Message(locale, "error.csrf");
  // Field-level validation messages are shown as given (they name the field); others by code.
  if (st.code() == ErrorCode::kInvalidArgument || st.code() == ErrorCode::kAlreadyExists ||
      st.code() == ErrorCode::kFailedPrecondition || st.code() == ErrorCode::kResourceExhausted) {
    return st.public_message();
  }
  return t.Message(locale, "error." + std::string(ErrorCodeName(st.code())));
}

Response StaffListPage(RequestContext& ctx, int status, const Json& form_state) {
  auto users = app::ReadStaff(ctx.services.app).List(ctx.principal);
  if (!users.ok())
    return ErrorPage(ctx.services, ctx.locale, 503, "", &users.status(), &ctx.principal);
  const auto& t = ctx.services.templates;
  Json rows = Json::array();
  for (const auto& u : *users) rows.push_back(StaffRow(u, t, ctx.locale));
  Json model = {{"staff", rows}, {"form", form_state}};
  if (!model["form"].contains("roles"))
    model["form"]["roles"] = RoleOptions({Role::kCounselor}, t, ctx.locale);
  model["form"]["locales"] = LocaleOptions(form_state.value("locale", ""), t, ctx.locale);
  if (auto created = ctx.request.Query("created")) model["created"] = std::string(*created);
  return Render(ctx, "staff_list", model, "staff.title", status);
}

Response StaffDetailPage(RequestContext& ctx, const app::StaffUser& u, int status,
                         const std::string& error, bool saved) {
  const auto& t = ctx.services.templates;
  Json model = {{"user", StaffRow(u, t, ctx.locale)},
                {"roles", RoleOptions(u.roles, t, ctx.locale)},
                {"locales", LocaleOptions(u.locale, t, ctx.locale)},
                {"is_self", u.id == ctx.principal.staff_id},
                {"saved", saved}};
  if (!error.empty()) model["error"] = error;
  return Render(ctx, "staff_detail", model, "staff.edit_title", status);
}

}  // namespace

Response RenderPage(RequestContext& ctx, std::string_view tmpl, const Json& model,
                    const std::string& title_key, int status) {
  return Render(ctx, tmpl, model, title_key, status);
}

Response SeeOther(const std::string& location) {
  return Redirect(location);
}

std::string ErrorMessage(const Templates& templates, std::string_view locale, const Status& st) {
  return ErrorText(templates, locale, st);
}

std::string SessionCookie(const Services& services, const std::string& value) {
  return std::string(kSessionCookie) + "=" + value + CookieAttributes(services);
}

std::string ClearSessionCookie(const Services& services) {
  return std::string(kSessionCookie) + "=" + CookieAttributes(services) + "; Max-Age=0";
}

Response ErrorPage(const Services& services, const std::string& locale, int status,
                   const std::string& message_key, const Status* status_value,
                   const app::Principal* principal) {
  const auto& t = services.templates;
  std::string message;
  if (!message_key.empty()) {
    message = t.Message(locale, "error." + message_key);
  } else if (status_value) {
    message = ErrorText(t, locale, *status_value);
  }
  Json model = {{"status", status}, {"message", message}};
  const std::string body = t.Render("error", model, locale);
  return Page(services, locale, principal, "", t.Message(locale, "error.title"), body, status);
}

Response SignInPage(RequestContext& ctx, int status, const std::string& message_key) {
  std::string csrf = ctx.request.Cookie(kAnonCsrfCookie).value_or("");
  if (csrf.empty()) {
    csrf = ctx.services.app.tokens.NewToken();
    ctx.extra_headers.emplace_back("Set-Cookie",
                                   std::string(kAnonCsrfCookie) + "=" + csrf +
                                       "; Path=/; HttpOnly; SameSite=Strict" +
                                       (ctx.services.options.secure_cookies ? "; Secure" : ""));
  }
  const auto& t = ctx.services.templates;
  std::string next = ctx.request.path == "/signin"
                         ? std::string(ctx.request.Query("next").value_or(""))
                         : ctx.request.path;
  if (!ctx.form.empty()) next = ctx.Form("next");
  Json model = {
      {"csrf", csrf},
      {"next", SafeNext(next)},
      {"tenant", ctx.form.empty() ? ctx.services.options.default_tenant : ctx.Form("tenant")},
      {"email", ctx.Form("email")}};
  if (!message_key.empty()) model["error"] = t.Message(ctx.locale, message_key);
  const std::string body = t.Render("signin", model, ctx.locale);
  Response r = Page(ctx.services, ctx.locale, nullptr, "/signin",
                    t.Message(ctx.locale, "signin.title"), body, status);
  for (auto& h : ctx.extra_headers) r.headers.push_back(h);
  ctx.extra_headers.clear();
  return r;
}

Response SignInForm(RequestContext& ctx) {
  if (ctx.principal.authenticated()) return Redirect("/");
  return SignInPage(ctx, 200, "");
}

Response SignInSubmit(RequestContext& ctx) {
  app::SignInInput input{ctx.Form("tenant"), ctx.Form("email"), ctx.Form("password")};
  auto result = app::SignIn(ctx.services.app).Run(input, ctx.info);
  if (!result.ok()) {
    const auto code = result.status().code();
    const std::string key = code == ErrorCode::kResourceExhausted ? "signin.throttled"
                            : code == ErrorCode::kInvalidArgument ? "signin.missing"
                                                                  : "signin.failed";
    return SignInPage(ctx, HttpStatusFor(code), key);
  }
  Response r = Redirect(SafeNext(ctx.Form("next")));
  r.headers.emplace_back("Set-Cookie", SessionCookie(ctx.services, result->cookie_value));
  return r;
}

Response SignOutSubmit(RequestContext& ctx) {
  (void)app::SignOut(ctx.services.app).Run(ctx.principal, ctx.info);
  Response r = Redirect("/signin?signed_out=1");
  r.headers.emplace_back("Set-Cookie", ClearSessionCookie(ctx.services));
  return r;
}

Response Home(RequestContext& ctx) {
  const auto& t = ctx.services.templates;
  Json roles = Json::array();
  for (const auto& name : ctx.principal.roles.Names()) {
    roles.push_back({{"label", t.Message(ctx.locale, "role." + name)},
                     {"about", t.Message(ctx.locale, "home.about_" + name)}});
  }
  Json model = {{"display_name", ctx.principal.display_name},
                {"tenant_name", ctx.principal.tenant_name},
                {"roles", roles},
                {"nav", Navigation(ctx.services, ctx.principal, ctx.locale, "/")}};
  return Render(ctx, "home", model, "home.title");
}

Response StaffList(RequestContext& ctx) {
  return StaffListPage(ctx, 200, Json::object());
}

Response StaffCreate(RequestContext& ctx) {
  app::NewStaffUser input{ctx.Form("email"), ctx.Form("display_name"), RolesFromForm(ctx),
                          ctx.Form("locale"), ctx.Form("password")};
  auto user = app::AddStaffUser(ctx.services.app)
                  .Run(ctx.principal, ctx.principal.tenant_id, input, ctx.info);
  if (!user.ok()) {
    const auto& t = ctx.services.templates;
    Json form = {{"email", input.email},
                 {"display_name", input.display_name},
                 {"locale", input.locale},
                 {"roles", RoleOptions(input.roles, t, ctx.locale)},
                 {"error", ErrorText(t, ctx.locale, user.status())},
                 {"error_field", user.status().field()}};
    return StaffListPage(ctx, HttpStatusFor(user.status().code()), form);
  }
  return Redirect("/admin/staff?created=" + PercentEncode(user->email));
}

Response StaffDetail(RequestContext& ctx) {
  auto id = ParseIdParam(ctx.Param("id"), "staff user");
  StatusOr<app::StaffUser> user =
      id.ok() ? app::ReadStaff(ctx.services.app).Get(ctx.principal, StaffId(*id))
              : StatusOr<app::StaffUser>(id.status());
  if (!user.ok()) {
    return ErrorPage(ctx.services, ctx.locale, HttpStatusFor(user.status().code()), "",
                     &user.status(), &ctx.principal);
  }
  return StaffDetailPage(ctx, *user, 200, "", ctx.request.Query("saved").has_value());
}

Response StaffUpdate(RequestContext& ctx) {
  auto id = ParseIdParam(ctx.Param("id"), "staff user");
  if (!id.ok()) return ErrorPage(ctx.services, ctx.locale, 404, "", &id.status(), &ctx.principal);
  app::StaffUserPatch patch;
  patch.display_name = ctx.Form("display_name");
  patch.roles = RolesFromForm(ctx);
  patch.disabled = ctx.Form("disabled") == "1";
  patch.locale = ctx.Form("locale");
  if (!ctx.Form("password").empty()) patch.password = ctx.Form("password");
  patch.unlock = ctx.Form("unlock") == "1";
  auto updated =
      app::UpdateStaffUser(ctx.services.app).Run(ctx.principal, StaffId(*id), patch, ctx.info);
  if (!updated.ok()) {
    auto current = app::ReadStaff(ctx.services.app).Get(ctx.principal, StaffId(*id));
    if (!current.ok()) {
      return ErrorPage(ctx.services, ctx.locale, HttpStatusFor(current.status().code()), "",
                       &current.status(), &ctx.principal);
    }
    return StaffDetailPage(ctx, *current, HttpStatusFor(updated.status().code()),
                           ErrorText(ctx.services.templates, ctx.locale, updated.status()), false);
  }
  return Redirect("/admin/staff/" + IdString(updated->id.value()) + "?saved=1");
}

Response AuditList(RequestContext& ctx) {
  app::AuditQuery q;
  q.action_prefix = std::string(ctx.request.Query("action").value_or(""));
  q.target_type = std::string(ctx.request.Query("target_type").value_or(""));
  q.target_id = std::string(ctx.request.Query("target_id").value_or(""));
  q.actor_id = std::string(ctx.request.Query("actor").value_or(""));
  if (auto before = ctx.request.Query("before")) {
    if (auto id = ParseIdParam(*before, "event"); id.ok()) q.before = AuditEventId(*id);
  }
  q.limit = 50;
  auto events = app::ReadAuditLog(ctx.services.app).Run(ctx.principal, q);
  if (!events.ok())
    return ErrorPage(ctx.services, ctx.locale, 503, "", &events.status(), &ctx.principal);
  Json rows = Json::array();
  for (const auto& e : *events) {
    rows.push_back({{"at", FormatIso8601(e.at)},
                    {"actor", std::string(domain::audit::ActorKindName(e.actor_kind)) +
                                  (e.actor_id.empty() ? "" : " " + e.actor_id)},
                    {"action", e.action},
                    {"target", e.target_type.empty() ? "" : e.target_type + " " + e.target_id},
                    {"outcome", e.outcome},
                    {"ok", e.outcome == "ok"},
                    {"detail", e.detail},
                    {"request_id", e.request_id}});
  }
  Json model = {{"events", rows},
                {"filter",
                 {{"action", q.action_prefix},
                  {"target_type", q.target_type},
                  {"target_id", q.target_id},
                  {"actor", q.actor_id}}},
                {"empty", rows.empty()}};
  if (static_cast<int>(events->size()) == q.limit) {
    model["next"] = "/admin/audit?before=" + IdString(events->back().id.value()) +
                    "&action=" + PercentEncode(q.action_prefix) +
                    "&target_type=" + PercentEncode(q.target_type) +
                    "&target_id=" + PercentEncode(q.target_id) +
                    "&actor=" + PercentEncode(q.actor_id);
  }
  return Render(ctx, "audit", model, "audit.title");
}

namespace {

Response SettingsPage(RequestContext& ctx, int status, const std::string& error,
                      const std::string& new_token) {
  const auto& t = ctx.services.templates;
  auto tokens = app::ManageApiTokens(ctx.services.app).List(ctx.principal);
  if (!tokens.ok())
    return ErrorPage(ctx.services, ctx.locale, 503, "", &tokens.status(), &ctx.principal);
  Json rows = Json::array();
  for (const auto& tok : *tokens) {
    rows.push_back(
        {{"id", IdString(tok.id.value())},
         {"name", tok.name},
         {"created_at", FormatIso8601(tok.created_at).substr(0, 10)},
         {"expires_at", tok.expires_at ? FormatIso8601(*tok.expires_at).substr(0, 10) : ""},
         {"revoked", tok.revoked_at.has_value()}});
  }
  Json model = {{"display_name", ctx.principal.display_name},
                {"email", ctx.principal.email},
                {"locales", LocaleOptions(ctx.principal.locale, t, ctx.locale)},
                {"tokens", rows},
                {"saved", ctx.request.Query("saved").has_value()}};
  if (!error.empty()) model["error"] = error;
  if (!new_token.empty()) model["new_token"] = new_token;
  return Render(ctx, "settings", model, "settings.title", status);
}

}  // namespace

Response SettingsForm(RequestContext& ctx) {
  return SettingsPage(ctx, 200, "", "");
}

Response SettingsUpdate(RequestContext& ctx) {
  app::StaffUserPatch patch;
  patch.locale = ctx.Form("locale");
  if (!ctx.Form("display_name").empty()) patch.display_name = ctx.Form("display_name");
  auto updated = app::UpdateStaffUser(ctx.services.app)
                     .Run(ctx.principal, ctx.principal.staff_id, patch, ctx.info);
  if (!updated.ok()) {
    return SettingsPage(ctx, HttpStatusFor(updated.status().code()),
                        ErrorText(ctx.services.templates, ctx.locale, updated.status()), "");
  }
  return Redirect("/settings?saved=1");
}

Response TokenCreate(RequestContext& ctx) {
  std::optional<int> days;
  if (const auto text = ctx.Form("expires_in_days"); !text.empty()) {
    try {
      days = std::stoi(text);
    } catch (const std::exception&) {
      days = 0;  // rejected below with a clear message
    }
  }
  auto created = app::ManageApiTokens(ctx.services.app)
                     .Create(ctx.principal, ctx.Form("name"), days, ctx.info);
  if (!created.ok()) {
    return SettingsPage(ctx, HttpStatusFor(created.status().code()),
                        ErrorText(ctx.services.templates, ctx.locale, created.status()), "");
  }
  // Shown once, on this response only; never stored in clear.
  return SettingsPage(ctx, 201, "", created->secret);
}

Response TokenRevoke(RequestContext& ctx) {
  auto id = ParseIdParam(ctx.Param("id"), "API token");
  Status st =
      id.ok()
          ? app::ManageApiTokens(ctx.services.app).Revoke(ctx.principal, ApiTokenId(*id), ctx.info)
          : id.status();
  if (!st.ok())
    return ErrorPage(ctx.services, ctx.locale, HttpStatusFor(st.code()), "", &st, &ctx.principal);
  return Redirect("/settings");
}

std::string Msg(const RequestContext& ctx, const std::string& key) {
  return ctx.services.templates.Message(ctx.locale, key);
}

Response Fail(RequestContext& ctx, const Status& st) {
  return ErrorPage(ctx.services, ctx.locale, HttpStatusFor(st.code()), "", &st, &ctx.principal);
}

}  // namespace reskill::http::web
