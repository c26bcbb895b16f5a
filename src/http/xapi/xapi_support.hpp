// The xAPI HTTP platform shared by every `/xapi/...` handler: the authenticated caller and the
// request's xAPI version (set by the dispatcher before a handler runs), xAPI error responses,
// the version-header and CORS rules applied to every /xapi response, and the rewriting of the
// alternate request syntax (xAPI 1.0.3 Communication §1.3) before dispatch, so handlers never see
// it. Pure functions over request values; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/ids.hpp"
#include "common/status.hpp"
#include "domain/catalog/courses.hpp"
#include "domain/xapi_platform/lrs_client.hpp"
#include "http/request.hpp"
#include "http/router.hpp"

namespace reskill::http::xapi {

using domain::xapi_platform::XapiVersion;

/// Who is calling an xAPI route.
struct XapiCaller {
  TenantId tenant;
  LrsClientId client;
  domain::xapi_platform::ScopeSet scopes;
  /// The Agent to store as the authority of the statements this caller writes (an account of
  /// the LRS client: homePage kLrsAuthorityHomePage, name = the client key).
  nlohmann::json authority;
  /// The catalogue provider the client sends activity for; invalid (0) when none.
  domain::catalog::ProviderId provider;

  /// True when the caller may read only its own statements (statements/read/mine without a
  /// broader read scope): the statements handler must filter by authority.
  bool ReadsOnlyOwnStatements() const;
};

/// What the dispatcher hands to xAPI handlers (through RequestContext::xapi).
struct XapiState {
  XapiCaller caller;  ///< Empty (tenant invalid) on routes open to anyone (/xapi/about).
  XapiVersion version = XapiVersion::k1_0;
};

/// The home page of the account in every LRS client authority.
inline constexpr std::string_view kLrsAuthorityHomePage = "https://reskill.invalid/xapi/clients";

/// The caller of an authenticated xAPI route. Calling it outside a kXapi route or on a public one
/// is a programmer error (RESKILL_INVARIANT).
const XapiCaller& Caller(const RequestContext& ctx);
/// The request's xAPI version (validated by the dispatcher; 1.0 when the route allows the header
/// to be absent and it was).
XapiVersion Version(const RequestContext& ctx);

/// An xAPI error: problem+json whose `field` names the offending parameter or property (e.g.
/// "agent", "statement[3].actor.mbox"). `status` overrides the ErrorCode's usual HTTP status,
/// for the codes xAPI needs that the vocabulary has none for (409, 412, 428).
Response XapiError(const RequestContext& ctx, const Status& status, int http_status = 0);
/// XapiError with a status and a message.
Response XapiError(const RequestContext& ctx, int http_status, std::string_view message,
                   std::string_view field = {});

/// True for paths under /xapi/ (and /xapi itself).
bool IsXapiPath(std::string_view path);

/// Rewrites an alternate-syntax request (POST /xapi/...?method=M with a form body carrying
/// headers, parameters and `content`) into the request it stands for. nullopt when `request` does
/// not use the syntax. kInvalidArgument (field named) when it is malformed: other query
/// parameters, a method other than GET/HEAD/PUT/POST/DELETE, a body that is not form-encoded, or
/// an xAPI 2.0 version (2.0 removed the syntax). Form fields that stand for headers replace the
/// request's headers, except that a version header the LRS speaks wins over the form's.
StatusOr<std::optional<Request>> RewriteAlternateSyntax(const Request& request);

/// Adds what every /xapi response carries: `X-Experience-API-Version` (the family the request
/// asked for, in the header or, for a refused alternate-syntax request, its form: "1.0.3" or
/// "2.0.0"; "2.0.0", the newest, when absent or invalid) and the CORS headers.
void DecorateXapiResponse(const Request& request, Response& response);

/// The CORS preflight answer for OPTIONS on an /xapi path.
Response XapiPreflight();

/// Runs a kXapi route: checks the version header, authenticates the LRS client (HTTP Basic or
/// an OAuth bearer token; the token endpoint also takes form client_id/client_secret), checks
/// the route's scope, then calls the handler with RequestContext::xapi set.
Response ServeXapi(RequestContext& ctx);

}  // namespace reskill::http::xapi
