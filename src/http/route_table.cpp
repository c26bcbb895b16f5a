// The route table: every route of the server and who may call it, in one place. The
// authorization test (tests/http/authz_test.cpp) calls every route here as every role.
#include "http/api/foundation_api.hpp"
#include "http/http_app.hpp"
#include "http/system/system_routes.hpp"
#include "http/web/pages.hpp"

namespace reskill::http {

void BuildRouteTable(Router& r) {
  using domain::programs::Role;
  const Access admin = Roles({Role::kAdmin});
  const Access staff = AnyStaff();
  const auto G = Method::kGet;
  const auto P = Method::kPost;

  // System.
  r.Add({G, "/healthz", "healthz", RouteKind::kSystem, Public(), system::Healthz});
  r.Add({G, "/readyz", "readyz", RouteKind::kSystem, Public(), system::Readyz});
  r.Add({G, "/metrics", "metrics", RouteKind::kSystem, Public(), system::MetricsText});
  r.Add({G, "/api/v1/openapi.json", "openapi", RouteKind::kSystem, Public(), system::OpenApi});
  r.Add({G, "/static/{file}", "static", RouteKind::kSystem, Public(), system::StaticFile});

  // JSON API.
  r.Add({P, "/api/v1/sessions", "sign_in", RouteKind::kApi, Public(), api::SignIn});
  r.Add({Method::kDelete, "/api/v1/sessions/current", "sign_out", RouteKind::kApi, staff,
         api::SignOut});
  r.Add({G, "/api/v1/me", "get_me", RouteKind::kApi, staff, api::GetMe});
  r.Add({Method::kPatch, "/api/v1/me", "update_me", RouteKind::kApi, staff, api::PatchMe});
  r.Add({G, "/api/v1/staff", "list_staff", RouteKind::kApi, admin, api::ListStaff});
  r.Add({P, "/api/v1/staff", "create_staff", RouteKind::kApi, admin, api::CreateStaff});
  r.Add({G, "/api/v1/staff/{id}", "get_staff", RouteKind::kApi, admin, api::GetStaff});
  r.Add({Method::kPatch, "/api/v1/staff/{id}", "update_staff", RouteKind::kApi, admin,
         api::PatchStaff});
  r.Add({G, "/api/v1/tokens", "list_tokens", RouteKind::kApi, staff, api::ListTokens});
  r.Add({P, "/api/v1/tokens", "create_token", RouteKind::kApi, staff, api::CreateToken});
  r.Add({Method::kDelete, "/api/v1/tokens/{id}", "revoke_token", RouteKind::kApi, staff,
         api::RevokeToken});
  r.Add({G, "/api/v1/audit", "list_audit", RouteKind::kApi, admin, api::ListAudit});

  // Web pages. nav_key puts a page in the navigation of the roles that may open it.
  r.Add({G, "/", "home", RouteKind::kWeb, staff, web::Home, "nav.home"});
  r.Add({G, "/signin", "sign_in_form", RouteKind::kWeb, Public(), web::SignInForm});
  r.Add({P, "/signin", "sign_in_submit", RouteKind::kWeb, Public(), web::SignInSubmit});
  r.Add({P, "/signout", "sign_out_submit", RouteKind::kWeb, staff, web::SignOutSubmit});
  r.Add({G, "/admin/staff", "staff_list", RouteKind::kWeb, admin, web::StaffList, "nav.staff"});
  r.Add({P, "/admin/staff", "staff_create", RouteKind::kWeb, admin, web::StaffCreate});
  r.Add({G, "/admin/staff/{id}", "staff_detail", RouteKind::kWeb, admin, web::StaffDetail});
  r.Add({P, "/admin/staff/{id}", "staff_update", RouteKind::kWeb, admin, web::StaffUpdate});
  r.Add({G, "/admin/audit", "audit_list", RouteKind::kWeb, admin, web::AuditList, "nav.audit"});
  r.Add({G, "/settings", "settings", RouteKind::kWeb, staff, web::SettingsForm, "nav.settings"});
  r.Add({P, "/settings", "settings_update", RouteKind::kWeb, staff, web::SettingsUpdate});
  r.Add({P, "/settings/tokens", "token_create", RouteKind::kWeb, staff, web::TokenCreate});
  r.Add({P, "/settings/tokens/{id}/revoke", "token_revoke", RouteKind::kWeb, staff,
         web::TokenRevoke});
}

}  // namespace reskill::http
