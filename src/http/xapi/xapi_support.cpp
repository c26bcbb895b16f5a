#include "http/xapi/xapi_support.hpp"

#include <stdexcept>

#include "app/xapi_platform/lrs_clients.hpp"
#include "common/strings.hpp"
#include "domain/xapi_platform/encoding.hpp"
#include "http/error_mapping.hpp"
#include "http/services.hpp"

namespace reskill::http::xapi {

namespace {

using domain::xapi_platform::Permits;
using domain::xapi_platform::Scope;
using domain::xapi_platform::XapiResource;

constexpr std::string_view kVersionHeader = "x-experience-api-version";

// xAPI 1.0.3 Communication §1.3.s3.b6: these form fields stand for request headers.
constexpr std::string_view kFormHeaders[] = {"authorization", "x-experience-api-version",
                                             "content-type",  "content-length",
                                             "if-match",      "if-none-match"};

bool IsFormHeader(std::string_view lower_name) {
  for (auto h : kFormHeaders) {
    if (h == lower_name) return true;
  }
  return false;
}

Response WithChallenge(Response r) {
  // RFC 9110 §11.6.1: one challenge per scheme the caller may use.
  r.SetHeader("WWW-Authenticate", "Basic realm=\"Reskill LRS\", Bearer realm=\"Reskill LRS\"");
  return r;
}

// The Basic credentials of an Authorization header value ("Basic base64(key:secret)").
std::optional<std::pair<std::string, std::string>> BasicCredentials(std::string_view value) {
  if (value.size() < 6 || ToLower(value.substr(0, 6)) != "basic ") return std::nullopt;
  auto decoded = domain::xapi_platform::Base64Decode(Trim(value.substr(6)));
  if (!decoded) return std::nullopt;
  const auto colon = decoded->find(':');
  if (colon == std::string::npos) return std::nullopt;
  return std::pair{decoded->substr(0, colon), decoded->substr(colon + 1)};
}

nlohmann::json AuthorityFor(const domain::xapi_platform::LrsClient& client) {
  return {{"objectType", "Agent"},
          {"name", client.name},
          {"account", {{"homePage", kLrsAuthorityHomePage}, {"name", client.key}}}};
}

}  // namespace

bool XapiCaller::ReadsOnlyOwnStatements() const {
  domain::xapi_platform::ScopeSet others;
  for (Scope s : domain::xapi_platform::kAllScopes) {
    if (s != Scope::kStatementsReadMine && scopes.Has(s)) others.Add(s);
  }
  return scopes.Has(Scope::kStatementsReadMine) &&
         !Permits(others, XapiResource::kStatements, false);
}

const XapiCaller& Caller(const RequestContext& ctx) {
  if (ctx.xapi == nullptr || !ctx.xapi->caller.tenant.valid()) {
    throw std::logic_error("xapi::Caller used outside an authenticated xAPI route");
  }
  return ctx.xapi->caller;
}

XapiVersion Version(const RequestContext& ctx) {
  return ctx.xapi == nullptr ? XapiVersion::k1_0 : ctx.xapi->version;
}

Response XapiError(const RequestContext& ctx, const Status& status, int http_status) {
  Response r = ProblemFor(status, ctx.info.request_id);
  if (http_status != 0) {
    r = Problem(http_status, ErrorCodeName(status.code()), status.public_message(), status.field(),
                ctx.info.request_id);
  }
  if (r.status == 401) r = WithChallenge(std::move(r));
  return r;
}

Response XapiError(const RequestContext& ctx, int http_status, std::string_view message,
                   std::string_view field) {
  ErrorCode code = ErrorCode::kInvalidArgument;
  switch (http_status) {
    case 401: code = ErrorCode::kUnauthenticated; break;
    case 403: code = ErrorCode::kPermissionDenied; break;
    case 404: code = ErrorCode::kNotFound; break;
    case 409: code = ErrorCode::kConflict; break;
    case 412:
    case 428: code = ErrorCode::kFailedPrecondition; break;
    case 413: code = ErrorCode::kResourceExhausted; break;
    default: break;
  }
  return XapiError(ctx, Status(code, std::string(message), std::string(field)), http_status);
}

bool IsXapiPath(std::string_view path) {
  return path == "/xapi" || path.starts_with("/xapi/");
}

StatusOr<std::optional<Request>> RewriteAlternateSyntax(const Request& request) {
  if (request.method != Method::kPost || !IsXapiPath(request.path)) return std::optional<Request>();
  const auto method_param = request.Query("method");
  if (!method_param) return std::optional<Request>();
  // xAPI 2.0 removed the syntax: a request that says it speaks 2.0 cannot use it.
  auto version_text = request.Header(kVersionHeader);
  const auto content_type = ToLower(request.Header("content-type").value_or(""));
  const bool form = content_type.starts_with("application/x-www-form-urlencoded");
  std::multimap<std::string, std::string> fields;
  if (form) fields = ParseUrlEncoded(request.body);
  std::string form_version;
  for (const auto& [name, value] : fields) {
    if (ToLower(name) == kVersionHeader) form_version = value;
  }
  // A version header the LRS speaks wins over the form field (the 1.0.3 suite sends both, the
  // form naming 0.8, and expects the request to succeed); otherwise the form field counts.
  const bool header_version_usable =
      domain::xapi_platform::ParseXapiVersion(version_text.value_or("")).has_value();
  const std::string version = header_version_usable || form_version.empty()
                                  ? std::string(version_text.value_or(""))
                                  : form_version;
  if (domain::xapi_platform::ParseXapiVersion(version) == XapiVersion::k2_0) {
    return InvalidArgument("xAPI 2.0 does not support the alternate request syntax", "method");
  }
  for (const auto& [name, value] : request.query) {
    if (name != "method") {
      return InvalidArgument(
          "the alternate request syntax allows no query parameter but method; send \"" + name +
              "\" as a form field",
          name);
    }
  }
  const std::string method(*method_param);
  Method m = ParseMethod(method);
  if (m != Method::kGet && m != Method::kHead && m != Method::kPut && m != Method::kPost &&
      m != Method::kDelete) {
    return InvalidArgument("method must be GET, HEAD, PUT, POST or DELETE", "method");
  }
  if (!form) {
    return InvalidArgument(
        "an alternate-syntax request must have Content-Type application/x-www-form-urlencoded",
        "Content-Type");
  }
  Request out;
  out.method = m;
  out.method_text = method;
  out.path = request.path;
  out.remote_address = request.remote_address;
  for (const auto& [name, value] : request.headers) {
    if (name == "content-type" || name == "content-length") continue;
    out.headers.emplace_back(name, value);
  }
  for (const auto& [name, value] : fields) {
    const std::string lower = ToLower(name);
    if (lower == "content") {
      out.body = value;
    } else if (IsFormHeader(lower)) {
      if (lower == kVersionHeader && header_version_usable) continue;
      // Form fields replace headers of the same name (§1.3.s3.b7).
      std::erase_if(out.headers, [&](const auto& h) { return h.first == lower; });
      out.headers.emplace_back(lower, value);
    } else {
      out.query.emplace(name, value);
    }
  }
  return std::optional<Request>(std::move(out));
}

void DecorateXapiResponse(const Request& request, Response& response) {
  std::string_view asked = request.Header(kVersionHeader).value_or("");
  // An alternate-syntax request that was refused before its rewrite names its version in the
  // form (1.0.3 Communication §1.3.s3.b7).
  std::string from_form;
  if (!domain::xapi_platform::ParseXapiVersion(asked) && request.method == Method::kPost &&
      request.Query("method") &&
      ToLower(request.Header("content-type").value_or(""))
          .starts_with("application/x-www-form-urlencoded")) {
    for (const auto& [name, value] : ParseUrlEncoded(request.body)) {
      if (ToLower(name) == kVersionHeader) from_form = value;
    }
    if (!from_form.empty()) asked = from_form;
  }
  // Communication §3.3 (1.0.3 and 2.0): the answer names the version the request asked for; a
  // request that names none (or one this LRS does not speak) is answered as the newest version,
  // 2.0.0, which is what a 2.0 client expects of the 400 it gets (XAPI-00331).
  const auto version = domain::xapi_platform::ParseXapiVersion(asked);
  response.SetHeader("X-Experience-API-Version",
                     std::string(XapiVersionHeader(version.value_or(XapiVersion::k2_0))));
  response.SetHeader("Access-Control-Allow-Origin", "*");
  response.SetHeader(
      "Access-Control-Expose-Headers",
      "ETag, Last-Modified, Cache-Control, Content-Type, Content-Length, WWW-Authenticate, "
      "X-Experience-API-Version, X-Experience-API-Consistent-Through");
}

Response XapiPreflight() {
  Response r;
  r.status = 204;
  r.content_type.clear();
  r.SetHeader("Access-Control-Allow-Methods", "HEAD, GET, POST, PUT, DELETE, OPTIONS");
  r.SetHeader("Access-Control-Allow-Headers",
              "Content-Type, Content-Length, Authorization, If-Match, If-None-Match, "
              "X-Experience-API-Version, X-Experience-API-Consistent-Through");
  r.SetHeader("Access-Control-Max-Age", "86400");
  return r;
}

Response ServeXapi(RequestContext& ctx) {
  const Request& request = ctx.request;
  const XapiResource resource = ctx.route.access.xapi;
  XapiState state;

  // Versioning (xAPI 1.0.3 Communication §3.3): the header is required everywhere but the About
  // resource (§2.8.s5.b4) and the OAuth token endpoint, which is not an xAPI resource.
  const auto version_text = request.Header(kVersionHeader);
  const bool version_optional =
      resource == XapiResource::kAbout || resource == XapiResource::kOAuthToken;
  if (version_text) {
    auto version = domain::xapi_platform::ParseXapiVersion(*version_text);
    if (!version && !version_optional) {
      return XapiError(ctx, 400,
                       "X-Experience-API-Version \"" + std::string(version_text->substr(0, 32)) +
                           "\" is not supported; use 1.0.3 or 2.0.0",
                       "X-Experience-API-Version");
    }
    state.version = version.value_or(XapiVersion::k1_0);
  } else if (!version_optional) {
    return XapiError(ctx, 400, "the X-Experience-API-Version header is required",
                     "X-Experience-API-Version");
  }

  const auto content_type = ToLower(request.Header("content-type").value_or(""));
  if (IsStateChanging(request.method) &&
      content_type.starts_with("application/x-www-form-urlencoded")) {
    ctx.form = ParseUrlEncoded(request.body);
  }

  if (!ctx.route.access.anonymous) {
    app::AuthenticateLrsClient authenticate(ctx.services.app);
    StatusOr<app::LrsCaller> caller = Unauthenticated(
        "send LRS client credentials (HTTP Basic "
        "key:secret or an OAuth 2.0 bearer token)");
    if (auto auth = request.Header("authorization")) {
      if (auto basic = BasicCredentials(*auth)) {
        caller = authenticate.Basic(basic->first, basic->second);
      } else if (auth->size() > 7 && ToLower(auth->substr(0, 7)) == "bearer " &&
                 resource != XapiResource::kOAuthToken) {
        caller = authenticate.Bearer(Trim(auth->substr(7)));
      } else {
        caller = Unauthenticated("the Authorization header must use Basic or Bearer");
      }
    } else if (resource == XapiResource::kOAuthToken && !ctx.form.empty()) {
      // RFC 6749 §2.3.1: client_secret_post.
      caller = authenticate.Basic(ctx.Form("client_id"), ctx.Form("client_secret"));
    }
    if (!caller.ok()) {
      Response r = XapiError(ctx, caller.status());
      if (resource == XapiResource::kOAuthToken) {
        // RFC 6749 §5.2: the token endpoint names the error for OAuth clients too.
        auto body = nlohmann::json::parse(r.body, nullptr, false);
        if (body.is_object()) {
          body["error"] = "invalid_client";
          r.body = body.dump();
        }
      }
      return r;
    }
    if (!Permits(caller->scopes, resource, IsStateChanging(request.method))) {
      return XapiError(ctx, 403, "the credentials' scopes do not allow this request");
    }
    XapiCaller& c = state.caller;
    c.tenant = caller->client.tenant_id;
    c.client = caller->client.id;
    c.scopes = caller->scopes;
    c.authority = AuthorityFor(caller->client);
    c.provider = domain::catalog::ProviderId(caller->client.provider_id);
  }
  ctx.xapi = &state;
  Response response = ctx.route.handler(ctx);
  ctx.xapi = nullptr;
  response.SetHeader("Cache-Control", "no-store");
  return response;
}

}  // namespace reskill::http::xapi
