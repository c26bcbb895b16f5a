#include "http/http_app.hpp"

#include <chrono>
#include <ctime>
#include <random>

#include "app/auth.hpp"
#include "app/lrs/statement_writer.hpp"
#include "common/strings.hpp"
#include "http/error_mapping.hpp"
#include "http/web/pages.hpp"
#include "http/xapi/xapi_support.hpp"
#include "log/log.hpp"

namespace reskill::http {

namespace {

bool IsSafeRequestId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

// RFC 9110 §5.6.7 IMF-fixdate: "Mon, 23 Nov 2026 09:00:00 GMT" (English names, whatever the
// locale).
std::string HttpDate(Timestamp t) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::int64_t secs = ToUnixMillis(t) / 1000;
  if (ToUnixMillis(t) < 0 && ToUnixMillis(t) % 1000 != 0) --secs;
  const std::time_t tt = static_cast<std::time_t>(secs);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[tm.tm_wday % 7],
                tm.tm_mday, kMonths[tm.tm_mon % 12], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                tm.tm_sec);
  return buf;
}

bool WantsHtml(const Request& request) {
  auto accept = request.Header("accept");
  return accept && accept->find("text/html") != std::string_view::npos;
}

std::string ChooseLocale(const app::Principal& principal, const Request& request,
                         const std::string& fallback) {
  if (!principal.locale.empty()) return principal.locale;
  if (auto lang = request.Header("accept-language")) {
    // Highest-q supported language wins; ties keep header order.
    double best_q = -1;
    std::string best;
    for (auto part : Split(*lang, ',')) {
      auto item = Trim(part);
      double q = 1.0;
      const auto semi = item.find(';');
      if (semi != std::string_view::npos) {
        auto params = item.substr(semi + 1);
        item = Trim(item.substr(0, semi));
        const auto qpos = params.find("q=");
        if (qpos != std::string_view::npos) {
          try {
            q = std::stod(std::string(params.substr(qpos + 2)));
          } catch (const std::exception&) {
            q = 0;
          }
        }
      }
      const std::string tag = ToLower(item.substr(0, item.find('-')));
      if ((tag == "en" || tag == "es") && q > best_q) {
        best_q = q;
        best = tag;
      }
    }
    if (!best.empty()) return best;
  }
  return fallback;
}

void AddSecurityHeaders(Response& r) {
  r.SetHeader("X-Content-Type-Options", "nosniff");
  if (r.content_type.starts_with("text/html")) {
    r.SetHeader("X-Frame-Options", "DENY");
    r.SetHeader("Content-Security-Policy",
                "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                "frame-ancestors 'none'; form-action 'self'; base-uri 'none'");
    r.SetHeader("Referrer-Policy", "same-origin");
  }
}

}  // namespace

std::string NewRequestId() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::uint64_t v = rng();
  std::string id(16, '0');
  for (int i = 15; i >= 0; --i) {
    id[static_cast<std::size_t>(i)] = kHex[v & 15];
    v >>= 4;
  }
  return id;
}

HttpApp::HttpApp(Services services) : services_(std::move(services)) {
  BuildRouteTable(router_);
  metrics_ = std::make_unique<Metrics>(router_);
  services_.metrics = metrics_.get();
  services_.router = &router_;
}

Response HttpApp::Handle(const Request& request) {
  const auto start = std::chrono::steady_clock::now();
  in_flight_.fetch_add(1);
  std::string request_id;
  if (auto incoming = request.Header("x-request-id"); incoming && IsSafeRequestId(*incoming)) {
    request_id = std::string(*incoming);
  } else {
    request_id = NewRequestId();
  }
  log::ContextScope scope(request_id);
  const Route* route = nullptr;
  Response response;
  // xAPI's alternate request syntax is rewritten here, before routing, so that the method it
  // names selects the route and handlers never see the syntax.
  const bool xapi_path = xapi::IsXapiPath(request.path);
  std::optional<Request> rewritten;
  const Request* effective = &request;
  try {
    bool rejected = false;
    if (xapi_path) {
      auto alt = xapi::RewriteAlternateSyntax(request);
      if (!alt.ok()) {
        response = ProblemFor(alt.status(), request_id);
        rejected = true;
      } else if (alt->has_value()) {
        rewritten = std::move(*alt);
        effective = &*rewritten;
      }
    }
    if (!rejected) response = Dispatch(*effective, request_id, route);
  } catch (const std::exception& e) {
    RESKILL_LOG_ERROR("http.unhandled_exception", "what=\"{}\"", e.what());
    response = Problem(500, "internal", "internal error", "", request_id);
  }
  response.SetHeader("X-Request-Id", request_id);
  AddSecurityHeaders(response);
  // RFC 9110 §6.6.1: an origin server with a clock sends Date (xAPI clients, the conformance
  // suite among them, measure the LRS's clock against theirs with it).
  const Timestamp now = services_.app.clock.Now();
  response.SetHeader("Date", HttpDate(now));
  if (xapi_path) {
    xapi::DecorateXapiResponse(*effective, response);
    // Every xAPI read says how far statements are visible, not only the statement resource's
    // (a client polling for consistency reads it from whatever answer it got).
    if ((effective->method == Method::kGet || effective->method == Method::kHead) &&
        !response.Header("X-Experience-API-Consistent-Through")) {
      response.SetHeader(
          "X-Experience-API-Consistent-Through",
          FormatIso8601(services_.statements != nullptr ? services_.statements->ConsistentThrough()
                                                        : now));
    }
  }
  if (effective->method == Method::kHead) {
    // RFC 9110 §9.3.2, §8.6: a HEAD answer carries the GET's header fields, Content-Length
    // included (the length the GET's content would have), and no content.
    response.SetHeader("Content-Length", std::to_string(response.body.size()));
    response.body.clear();
  }

  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  metrics_->Record(route ? route->index : metrics_->unmatched_slot(), response.status, seconds);
  if (response.status >= 500) {
    RESKILL_LOG_ERROR("http.request", "method={} path=\"{}\" route={} status={} ms={:.3f}",
                      request.method_text, request.path, route ? route->name : "-", response.status,
                      seconds * 1000);
  } else if (services_.options.access_log) {
    RESKILL_LOG_INFO("http.request", "method={} path=\"{}\" route={} status={} ms={:.3f}",
                     request.method_text, request.path, route ? route->name : "-", response.status,
                     seconds * 1000);
  }
  in_flight_.fetch_sub(1);
  return response;
}

Response HttpApp::Dispatch(const Request& request, const std::string& request_id,
                           const Route*& route_out) {
  if (draining_.load()) {
    Response r = Problem(503, "unavailable", "the server is shutting down", "", request_id);
    r.SetHeader("Connection", "close");
    return r;
  }
  if (request.method == Method::kOptions && xapi::IsXapiPath(request.path)) {
    return xapi::XapiPreflight();  // CORS preflight; DecorateXapiResponse adds the rest
  }
  Match match = router_.Find(request.method, request.path);
  if (!match.route) {
    if (!match.allowed.empty()) {
      std::string allow;
      for (Method m : match.allowed) {
        if (!allow.empty()) allow += ", ";
        allow += MethodName(m);
        if (m == Method::kGet) allow += ", HEAD";
      }
      Response r = Problem(405, "method_not_allowed",
                           "method " + request.method_text + " is not allowed here; use " + allow,
                           "", request_id);
      r.SetHeader("Allow", allow);
      return r;
    }
    if (WantsHtml(request)) {
      return web::ErrorPage(services_, ChooseLocale({}, request, services_.options.default_locale),
                            404, "page_not_found", nullptr);
    }
    return Problem(404, "not_found", "no resource at " + request.path, "", request_id);
  }
  const Route& route = *match.route;
  route_out = &route;
  const bool html = route.kind == RouteKind::kWeb;

  RequestContext ctx{request, services_, route, std::move(match.params), {}, {}, {}, {}, {}};
  ctx.info.request_id = request_id;

  const auto fail = [&](const Status& st) -> Response {
    if (html) {
      return web::ErrorPage(services_, ctx.locale, HttpStatusFor(st.code()), "", &st,
                            ctx.principal.authenticated() ? &ctx.principal : nullptr);
    }
    return ProblemFor(st, request_id);
  };

  if (static_cast<long long>(request.body.size()) > services_.options.max_body_bytes) {
    return Problem(413, "body_too_large",
                   "the request body is larger than " +
                       std::to_string(services_.options.max_body_bytes) + " bytes",
                   "", request_id);
  }

  // xAPI routes authenticate LRS clients, never staff (http/xapi/xapi_support.hpp).
  if (route.kind == RouteKind::kXapi) return xapi::ServeXapi(ctx);

  // Authentication: an API bearer token, else the session cookie.
  app::Authenticate authenticate(services_.app);
  bool session_rejected = false;
  if (auto auth = request.Header("authorization")) {
    if (!auth->starts_with("Bearer ")) {
      ctx.locale = ChooseLocale({}, request, services_.options.default_locale);
      return fail(Unauthenticated("use an Authorization: Bearer token"));
    }
    auto principal = authenticate.Token(Trim(auth->substr(7)));
    if (!principal.ok()) {
      ctx.locale = ChooseLocale({}, request, services_.options.default_locale);
      return fail(principal.status());
    }
    ctx.principal = std::move(principal).value();
  } else if (auto cookie = request.Cookie(kSessionCookie); cookie && !cookie->empty()) {
    auto principal = authenticate.Session(*cookie);
    if (principal.ok()) {
      ctx.principal = std::move(principal).value();
    } else if (principal.status().code() == ErrorCode::kUnauthenticated) {
      session_rejected = true;
    } else {
      ctx.locale = ChooseLocale({}, request, services_.options.default_locale);
      return fail(principal.status());
    }
  }
  ctx.locale = ChooseLocale(ctx.principal, request, services_.options.default_locale);

  if (!route.access.anonymous) {
    if (!ctx.principal.authenticated()) {
      const Status st = Unauthenticated(session_rejected ? "your session has expired; sign in again"
                                                         : "sign in to continue");
      Response r = html
                       ? web::SignInPage(ctx, 401, session_rejected ? "signin.session_expired" : "")
                       : ProblemFor(st, request_id);
      if (session_rejected)
        r.headers.emplace_back("Set-Cookie", web::ClearSessionCookie(services_));
      return r;
    }
    if (!ctx.principal.roles.Intersects(route.access.roles)) {
      return fail(PermissionDenied("your role does not allow this"));
    }
  }

  // Forms: parse the body of a urlencoded POST for web routes.
  const auto content_type = request.Header("content-type").value_or("");
  if (IsStateChanging(request.method) &&
      content_type.starts_with("application/x-www-form-urlencoded")) {
    ctx.form = ParseUrlEncoded(request.body);
  }

  // CSRF: a state-changing request made with a session cookie must echo the session's token
  // (form field _csrf or header X-CSRF-Token). Bearer-token calls carry no ambient authority.
  // Anonymous form posts (sign-in) use a double-submit cookie.
  if (IsStateChanging(request.method)) {
    const auto& tokens = services_.app.tokens;
    std::string sent = ctx.Form("_csrf");
    if (auto header = request.Header("x-csrf-token")) sent = std::string(*header);
    if (ctx.principal.kind == domain::audit::ActorKind::kStaff) {
      if (sent.empty() || !tokens.Equal(sent, ctx.principal.csrf_token)) {
        return fail(Status(ErrorCode::kPermissionDenied,
                           "missing or wrong CSRF token; reload the page and try again", "_csrf"));
      }
    } else if (!ctx.principal.authenticated() && !ctx.form.empty()) {
      auto cookie = request.Cookie(kAnonCsrfCookie);
      if (!cookie || sent.empty() || !tokens.Equal(sent, *cookie)) {
        return fail(Status(ErrorCode::kPermissionDenied,
                           "missing or wrong CSRF token; reload the page and try again", "_csrf"));
      }
    }
  }

  Response response = route.handler(ctx);
  for (auto& h : ctx.extra_headers) response.headers.push_back(std::move(h));
  if (ctx.principal.authenticated()) response.SetHeader("Cache-Control", "no-store");
  return response;
}

}  // namespace reskill::http
