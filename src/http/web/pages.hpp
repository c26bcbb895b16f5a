// Server-rendered pages of the foundation: sign-in/out, home, staff administration, the audit
// log and personal settings; plus the error and sign-in pages the dispatcher renders. Access is
// declared in route_table.cpp. Stateless functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "common/status.hpp"
#include "http/router.hpp"
#include "http/services.hpp"

namespace reskill::http::web {

// Routes.
Response Home(RequestContext& ctx);
Response SignInForm(RequestContext& ctx);
Response SignInSubmit(RequestContext& ctx);
Response SignOutSubmit(RequestContext& ctx);
Response StaffList(RequestContext& ctx);
Response StaffCreate(RequestContext& ctx);
Response StaffDetail(RequestContext& ctx);
Response StaffUpdate(RequestContext& ctx);
Response AuditList(RequestContext& ctx);
Response SettingsForm(RequestContext& ctx);
Response SettingsUpdate(RequestContext& ctx);
Response TokenCreate(RequestContext& ctx);
Response TokenRevoke(RequestContext& ctx);

/// The sign-in page with `status` (200, or 401 when a protected page was asked for) and an
/// optional message key shown as an alert. Sets the anonymous CSRF cookie when needed.
Response SignInPage(RequestContext& ctx, int status, const std::string& message_key);

/// An HTML error page. `message_key` picks a catalog message; otherwise the status's public
/// message is shown. `principal` (nullable) gives the navigation.
Response ErrorPage(const Services& services, const std::string& locale, int status,
                   const std::string& message_key, const Status* status_value,
                   const app::Principal* principal = nullptr);

/// Set-Cookie values for the session cookie (HttpOnly, SameSite=Lax, Secure when configured).
std::string SessionCookie(const Services& services, const std::string& value);
std::string ClearSessionCookie(const Services& services);

// Helpers for the pages of other features (each in its own file of src/http/web/).

/// Renders template `tmpl` with `model` (plus "csrf", the session's CSRF token) inside the
/// layout with the navigation, titled by catalog message `title_key`.
Response RenderPage(RequestContext& ctx, std::string_view tmpl, const nlohmann::json& model,
                    const std::string& title_key, int status = 200);
/// 303 See Other to `location` (a path of this site).
Response SeeOther(const std::string& location);
/// What to show for a failed action: validation and conflict messages as given (they name the
/// field), other errors by their code's catalog message.
std::string ErrorMessage(const Templates& templates, std::string_view locale, const Status& st);
/// The request's language version of catalog message `key`.
std::string Msg(const RequestContext& ctx, const std::string& key);
/// The error page for a failed use case: the status its error code maps to, its public message,
/// and the caller's navigation.
Response Fail(RequestContext& ctx, const Status& st);

}  // namespace reskill::http::web
