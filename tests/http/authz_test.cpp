// The table-driven authorization test (issue #2 §5): every route of the live route table is called
// anonymously, with a session of each staff role (cookie and CSRF token) and with an API token of
// each role. Where the route's declared Access refuses the caller, the answer must be 401
// (anonymous) or 403 (wrong role) and the stored data must be unchanged; where it allows the
// caller, the answer must be neither. A route added to route_table.cpp is covered automatically;
// a route with a path parameter this file cannot fill fails until SubstituteParams learns it.
// xAPI routes (RouteKind::kXapi) take LRS client credentials only: staff sessions and API tokens
// get 401 there, an LRS client whose scopes do not permit the route gets 403 and changes nothing,
// and one holding scope "all" gets neither. Staff routes refuse LRS credentials with 401.
// Also: tenant isolation (no data of one agency is visible to or changeable by another).
#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "domain/xapi_platform/encoding.hpp"
#include "http/http_app.hpp"
#include "http/router.hpp"
#include "support/test_app.hpp"

namespace reskill::test {
namespace {

using domain::programs::ParseRole;
using http::Route;
using http::RouteKind;

// One row of the table: a route of the route table, identified by its stable name.
struct RouteCase {
  std::string name;
  std::string method;
  std::string pattern;
};

std::vector<RouteCase> AllRoutes() {
  http::Router router;
  http::BuildRouteTable(router);
  std::vector<RouteCase> out;
  for (const auto& r : router.routes()) {
    out.push_back({r->name, std::string(http::MethodName(r->method)), r->pattern});
  }
  return out;
}

// Who calls: nobody, a browser session of a role, an API token of a role, or an LRS client
// (HTTP Basic) holding the scopes in `role`.
struct Caller {
  enum class Kind { kAnonymous, kSession, kToken, kLrsClient } kind;
  std::string role;  // empty for anonymous; the scope list for an LRS client

  std::string Describe() const {
    switch (kind) {
      case Kind::kAnonymous: return "anonymous";
      case Kind::kSession: return "session:" + role;
      case Kind::kToken: return "token:" + role;
      case Kind::kLrsClient: return "lrs_client:" + role;
    }
    return "?";
  }
};

using domain::xapi_platform::kAllScopes;
using domain::xapi_platform::Permits;
using domain::xapi_platform::ScopeName;

// A scope that does not permit `route` (so an LRS client holding only it must get 403), or ""
// when every scope does (the token endpoint) or the route is not an xAPI route.
std::string ScopeLacking(const Route& route) {
  if (route.kind != RouteKind::kXapi || route.access.anonymous) return "";
  for (auto s : kAllScopes) {
    if (!Permits({s}, route.access.xapi, http::IsStateChanging(route.method))) {
      return std::string(ScopeName(s));
    }
  }
  return "";
}

std::vector<Caller> AllCallers(const Route& route) {
  std::vector<Caller> out{{Caller::Kind::kAnonymous, ""}};
  for (auto role : kStaffRoles) out.push_back({Caller::Kind::kSession, std::string(role)});
  for (auto role : kStaffRoles) out.push_back({Caller::Kind::kToken, std::string(role)});
  // LRS credentials on staff routes must be refused (401) like any unknown credential; on public
  // staff routes they mean nothing, so those are left out.
  if (route.kind == RouteKind::kXapi || !route.access.anonymous) {
    out.push_back({Caller::Kind::kLrsClient, "all"});
    if (auto lacking = ScopeLacking(route); !lacking.empty()) {
      out.push_back({Caller::Kind::kLrsClient, lacking});
    }
  }
  return out;
}

// Creates an LRS client of tenant demo holding `scopes` (through the admin API) and returns the
// value of its HTTP Basic Authorization header.
std::string LrsBasicAuth(TestApp& app, const std::string& scopes) {
  const Session admin = app.SignIn("admin");
  auto r = app.CallAs(admin, "POST", "/api/v1/lrs-clients",
                      Json{{"name", "matrix"}, {"scopes", {scopes}}}.dump());
  if (r.status != 201) {
    ADD_FAILURE() << "creating an LRS client answered " << r.status << " " << r.body;
    return "";
  }
  const Json body = JsonBody(r);
  return "Basic " + domain::xapi_platform::Base64Encode(body["key"].get<std::string>() + ":" +
                                                        body["secret"].get<std::string>());
}

const Route& LiveRoute(TestApp& app, const RouteCase& c) {
  for (const auto& r : app.http().router().routes()) {
    if (r->name == c.name) return *r;
  }
  throw std::logic_error("route " + c.name + " is not in the live router");
}

bool Allows(const Route& route, const Caller& caller) {
  if (route.access.anonymous) return true;
  if (caller.kind == Caller::Kind::kAnonymous) return false;
  if (route.kind == RouteKind::kXapi) {
    if (caller.kind != Caller::Kind::kLrsClient) return false;
    auto scopes = domain::xapi_platform::ParseScopes(caller.role);
    return scopes.ok() && Permits(*scopes, route.access.xapi, http::IsStateChanging(route.method));
  }
  if (caller.kind == Caller::Kind::kLrsClient) return false;
  return route.access.roles.Has(*ParseRole(caller.role));
}

// The status a refused caller must get: 401 when it brought no credential the route accepts
// (anonymous; staff credentials on xAPI routes; LRS credentials on staff routes), else 403.
int RefusalStatus(const Route& route, const Caller& caller) {
  if (caller.kind == Caller::Kind::kAnonymous) return 401;
  const bool lrs = caller.kind == Caller::Kind::kLrsClient;
  if ((route.kind == RouteKind::kXapi) != lrs) return 401;
  return 403;
}

// Fills the path parameters of `pattern` with records that exist in tenant demo: {id} of a staff
// route is the counselor, {id} of a token route is `token_id`, {file} is the stylesheet.
std::string SubstituteParams(const std::string& pattern, const TestApp& app,
                             const std::string& token_id) {
  std::string out;
  std::size_t i = 0;
  while (i < pattern.size()) {
    const auto open = pattern.find('{', i);
    if (open == std::string::npos) {
      out += pattern.substr(i);
      break;
    }
    out += pattern.substr(i, open - i);
    const auto close = pattern.find('}', open);
    const std::string name = pattern.substr(open + 1, close - open - 1);
    if (name == "file") {
      out += "app.css";
    } else if (name == "code") {
      // An O*NET-SOC code (occupation routes): the fixture holds no O*NET data, so an allowed
      // caller reaches the use case and gets 404.
      out += "15-1252.00";
    } else if (name == "id" && pattern.find("/tokens/") != std::string::npos) {
      out += token_id;
    } else if (name == "id" && pattern.find("/staff/") != std::string::npos) {
      out += app.StaffIdOf("counselor");
    } else if (name == "id" && (pattern.find("/unmatched-actors/") != std::string::npos ||
                                pattern.find("/lrs/unmatched/") != std::string::npos)) {
      // An actor id no actor has (lrs_identity_test.cpp covers real ones): 404 or 400.
      out += "1";
    } else if (name == "id" && pattern.find("/lrs/statements/") != std::string::npos) {
      // A statement id no statement has (lrs_statements_viewer_test.cpp covers real ones): 404.
      out += "00000000-0000-4000-8000-000000000000";
    } else if (name == "id" && pattern.find("/lrs-clients/") != std::string::npos) {
      // An LRS client id no client has: an allowed caller reaches the use case and gets 404.
      out += "1";
    } else if (name == "id" && (pattern.find("/providers/") != std::string::npos ||
                                pattern.find("/courses/") != std::string::npos ||
                                pattern.find("/learning-paths/") != std::string::npos ||
                                pattern.find("/paths/") != std::string::npos ||
                                pattern.find("/collections/") != std::string::npos)) {
      // Catalogue records (course_catalog_test.cpp covers them with real records): an id no
      // record has, so an allowed caller reaches the use case and gets 404 or 400.
      out += "1";
    } else if (name == "id" && (pattern.find("/programs/") != std::string::npos ||
                                pattern.find("/groups/") != std::string::npos ||
                                pattern.find("/clients/") != std::string::npos ||
                                pattern.find("/consents/") != std::string::npos ||
                                pattern.find("/plans/") != std::string::npos ||
                                pattern.find("/pools/") != std::string::npos ||
                                pattern.find("/licences/") != std::string::npos)) {
      // Programs records (programs_test.cpp covers them with real records): an id no record has.
      out += "1";
    } else if (name == "token") {
      // Activation and consent links: a token nobody was given, so the answer is 404.
      out += "no-such-token";
    } else {
      ADD_FAILURE() << "route " << pattern << " has a path parameter {" << name
                    << "} that authz_test.cpp cannot fill; teach SubstituteParams about it";
      out += "1";
    }
    i = close + 1;
  }
  return out;
}

class EveryRoute : public ::testing::TestWithParam<RouteCase> {};

TEST_P(EveryRoute, AnswersEachCallerAsItsAccessDeclares) {
  const RouteCase& c = GetParam();
  static const http::Router kTable = [] {
    http::Router router;
    http::BuildRouteTable(router);
    return router;
  }();
  const Route* declared = nullptr;
  for (const auto& r : kTable.routes()) {
    if (r->name == c.name) declared = r.get();
  }
  ASSERT_NE(declared, nullptr);
  for (const Caller& caller : AllCallers(*declared)) {
    SCOPED_TRACE(c.method + " " + c.pattern + " as " + caller.Describe());
    // A fresh application per caller: an allowed call may change state (sign out, revoke).
    TestApp app;
    const Route& route = LiveRoute(app, c);
    const bool allowed = Allows(route, caller);
    std::string lrs_auth;
    if (caller.kind == Caller::Kind::kLrsClient) {
      lrs_auth = LrsBasicAuth(app, caller.role);
      ASSERT_FALSE(lrs_auth.empty());
    }

    Session session;
    IssuedToken token;
    if (caller.kind == Caller::Kind::kSession) {
      session = app.SignIn(caller.role);
      // The caller's own token, so that an allowed revoke really reaches the use case.
      if (c.pattern.find("/tokens/") != std::string::npos) token = app.ApiToken(caller.role);
    } else if (caller.kind == Caller::Kind::kToken) {
      token = app.ApiToken(caller.role);
    } else if (c.pattern.find("/tokens/") != std::string::npos) {
      token = app.ApiToken("admin");
    }
    if (caller.kind == Caller::Kind::kSession) {
      ASSERT_FALSE(session.cookie.empty());
    }
    if (caller.kind == Caller::Kind::kToken) {
      ASSERT_FALSE(token.secret.empty());
    }
    const std::string path = SubstituteParams(c.pattern, app, token.id);
    const bool changes = http::IsStateChanging(route.method);
    const std::string body = changes ? "{}" : "";

    // xAPI routes want the version header before anything else; every caller sends it.
    Headers extra;
    if (route.kind == RouteKind::kXapi) extra.emplace_back("X-Experience-API-Version", "1.0.3");

    const TableSnapshot before = app.Snapshot();
    http::Response r;
    switch (caller.kind) {
      case Caller::Kind::kAnonymous:
        extra.emplace_back("Content-Type", "application/json");
        r = app.Call(c.method, path, body, extra);
        break;
      case Caller::Kind::kSession: r = app.CallAs(session, c.method, path, body, extra); break;
      case Caller::Kind::kToken:
        r = app.CallWithToken(token.secret, c.method, path, body, extra);
        break;
      case Caller::Kind::kLrsClient:
        extra.emplace_back("Content-Type", "application/json");
        extra.emplace_back("Authorization", lrs_auth);
        r = app.Call(c.method, path, body, extra);
        break;
    }

    if (allowed) {
      EXPECT_NE(r.status, 401) << r.body;
      EXPECT_NE(r.status, 403) << r.body;
      EXPECT_LT(r.status, 500) << r.body;
      continue;
    }
    const int want = RefusalStatus(route, caller);
    EXPECT_EQ(r.status, want) << r.body;
    EXPECT_TRUE(SameData(before, app.Snapshot()));
    if (route.kind == RouteKind::kWeb) {
      EXPECT_TRUE(r.content_type.starts_with("text/html")) << r.content_type;
    } else {
      EXPECT_EQ(r.content_type, "application/problem+json");
      EXPECT_EQ(JsonBody(r).value("code", ""),
                want == 401 ? "unauthenticated" : "permission_denied")
          << r.body;
    }
    if (route.kind == RouteKind::kXapi) {
      EXPECT_TRUE(r.Header("X-Experience-API-Version").has_value());
      if (want == 401) {
        EXPECT_TRUE(r.Header("WWW-Authenticate").has_value());
      }
    }
  }
}

std::string CaseName(const ::testing::TestParamInfo<RouteCase>& info) {
  return info.param.name;
}

INSTANTIATE_TEST_SUITE_P(RouteTable, EveryRoute, ::testing::ValuesIn(AllRoutes()), CaseName);

// The cases above come from BuildRouteTable(); they must be exactly the routes the live HttpApp
// serves, and each route name must be unique (it names the test case and the metrics label).
TEST(AuthzTableTest, CoversEveryRouteOfTheLiveApp) {
  TestApp app;
  std::set<std::string> live;
  for (const auto& r : app.http().router().routes()) {
    EXPECT_TRUE(live.insert(r->name).second) << "duplicate route name " << r->name;
  }
  std::set<std::string> tested;
  for (const auto& c : AllRoutes()) tested.insert(c.name);
  EXPECT_EQ(live, tested);
  EXPECT_GE(tested.size(), 30u);
}

// Sanity check of the table itself: at least one route is admin-only and at least one is public,
// so the loop above exercises both the 401 and the 403 paths.
TEST(AuthzTableTest, HasPublicAndAdminOnlyRoutes) {
  bool has_public = false;
  bool has_admin_only = false;
  http::Router router;
  http::BuildRouteTable(router);
  for (const auto& r : router.routes()) {
    has_public = has_public || r->access.anonymous;
    has_admin_only = has_admin_only ||
                     (!r->access.anonymous &&
                      r->access.roles == domain::programs::RoleSet{domain::programs::Role::kAdmin});
  }
  EXPECT_TRUE(has_public);
  EXPECT_TRUE(has_admin_only);
}

// The LRS-client rows of the matrix exercise the 403 path only if some xAPI route refuses some
// scope; the document resources do.
TEST(AuthzTableTest, HasAnXapiRouteThatSomeScopeDoesNotPermit) {
  http::Router router;
  http::BuildRouteTable(router);
  bool found = false;
  for (const auto& r : router.routes()) found = found || !ScopeLacking(*r).empty();
  EXPECT_TRUE(found);
}

// --- Tenant isolation ------------------------------------------------------------------------

class TenantIsolationTest : public ::testing::Test {
 protected:
  TestApp app;
};

TEST_F(TenantIsolationTest, OtherAdminCannotReadOrChangeDemoStaff) {
  const Session other = app.SignIn("admin", "other");
  const std::string demo_user = app.StaffIdOf("counselor");

  auto r = app.CallAs(other, "GET", "/api/v1/staff/" + demo_user);
  EXPECT_EQ(r.status, 404) << r.body;
  EXPECT_EQ(JsonBody(r).value("code", ""), "not_found");

  const TableSnapshot before = app.Snapshot();
  r = app.CallAs(other, "PATCH", "/api/v1/staff/" + demo_user,
                 R"({"display_name": "Taken over", "disabled": true})");
  EXPECT_EQ(r.status, 404) << r.body;
  r = app.CallAs(other, "POST", "/admin/staff/" + demo_user,
                 "display_name=Taken+over&roles=admin&disabled=1",
                 {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(r.status, 404) << r.body;
  EXPECT_TRUE(SameData(before, app.Snapshot()));

  r = app.CallAs(other, "GET", "/admin/staff/" + demo_user);
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body.find(TestApp::Email("counselor")), std::string::npos);

  // The demo user is untouched and still signs in.
  const Session demo_admin = app.SignIn("admin");
  r = app.CallAs(demo_admin, "GET", "/api/v1/staff/" + demo_user);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(JsonBody(r)["display_name"], "Demo counselor");
  EXPECT_EQ(JsonBody(r)["disabled"], false);
}

TEST_F(TenantIsolationTest, StaffListsShowOnlyTheOwnAgency) {
  const Session other = app.SignIn("admin", "other");
  auto r = app.CallAs(other, "GET", "/api/v1/staff");
  ASSERT_EQ(r.status, 200);
  const Json items = JsonBody(r)["items"];
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0]["email"], TestApp::Email("admin", "other"));

  r = app.CallAs(other, "GET", "/admin/staff");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find(TestApp::Email("admin", "other")), std::string::npos);
  for (auto role : kStaffRoles) {
    EXPECT_EQ(r.body.find(TestApp::Email(role, "demo")), std::string::npos) << role;
  }

  // And the demo admin sees all five of demo and none of other.
  const Session demo = app.SignIn("admin");
  r = app.CallAs(demo, "GET", "/api/v1/staff");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(JsonBody(r)["items"].size(), 5u);
  EXPECT_EQ(r.body.find("@other.test"), std::string::npos);
}

TEST_F(TenantIsolationTest, AuditLogsShowOnlyTheOwnAgency) {
  const Session demo = app.SignIn("admin");
  auto r = app.CallAs(demo, "POST", "/api/v1/staff",
                      R"({"email": "new@demo.test", "display_name": "New", "roles": ["analyst"],
                          "password": "a-long-enough-password"})",
                      {{"X-Request-Id", "demo-only-request"}});
  ASSERT_EQ(r.status, 201) << r.body;

  r = app.CallAs(demo, "GET", "/api/v1/audit?limit=500");
  ASSERT_EQ(r.status, 200);
  std::set<std::string> demo_events;
  const Json demo_items = JsonBody(r)["items"];
  for (const auto& e : demo_items) demo_events.insert(e["id"].get<std::string>());
  ASSERT_GE(demo_events.size(), 3u);  // seed, two sign-ins, staff.create
  EXPECT_NE(r.body.find("demo-only-request"), std::string::npos);

  const Session other = app.SignIn("admin", "other");
  r = app.CallAs(other, "GET", "/api/v1/audit?limit=500");
  ASSERT_EQ(r.status, 200);
  const Json items = JsonBody(r)["items"];
  EXPECT_FALSE(items.empty());
  std::set<std::string> demo_staff;
  for (auto role : kStaffRoles) demo_staff.insert(app.StaffIdOf(role));
  for (const auto& e : items) {
    EXPECT_EQ(demo_events.count(e["id"].get<std::string>()), 0u) << e.dump();
    EXPECT_EQ(demo_staff.count(e["actor_id"].get<std::string>()), 0u) << e.dump();
    EXPECT_EQ(demo_staff.count(e["target_id"].get<std::string>()), 0u) << e.dump();
  }
  EXPECT_EQ(r.body.find("demo-only-request"), std::string::npos);

  r = app.CallAs(other, "GET", "/admin/audit");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body.find("demo-only-request"), std::string::npos);
  r = app.CallAs(demo, "GET", "/admin/audit");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("demo-only-request"), std::string::npos);
}

TEST_F(TenantIsolationTest, OtherAdminCannotRevokeDemoTokens) {
  const IssuedToken demo_token = app.ApiToken("counselor");
  const Session other = app.SignIn("admin", "other");
  const TableSnapshot before = app.Snapshot();
  auto r = app.CallAs(other, "DELETE", "/api/v1/tokens/" + demo_token.id);
  EXPECT_EQ(r.status, 404) << r.body;
  r = app.CallAs(other, "POST", "/settings/tokens/" + demo_token.id + "/revoke");
  EXPECT_EQ(r.status, 404) << r.body;
  EXPECT_TRUE(SameData(before, app.Snapshot()));
  EXPECT_EQ(app.CallWithToken(demo_token.secret, "GET", "/api/v1/me").status, 200);
}

TEST_F(TenantIsolationTest, CredentialsDoNotWorkUnderAnotherTenantId) {
  const Session demo = app.SignIn("admin");
  const std::string demo_tenant = app.TenantIdOf("demo");
  const std::string other_tenant = app.TenantIdOf("other");
  ASSERT_TRUE(demo.cookie.starts_with(demo_tenant + "."));
  Session moved = demo;
  moved.cookie = other_tenant + demo.cookie.substr(demo_tenant.size());
  EXPECT_EQ(app.CallAs(moved, "GET", "/api/v1/me").status, 401);
  EXPECT_EQ(app.CallAs(moved, "GET", "/api/v1/staff").status, 401);

  const IssuedToken token = app.ApiToken("admin");
  const std::string prefix = "rsk_" + demo_tenant + "_";
  ASSERT_TRUE(token.secret.starts_with(prefix));
  const std::string moved_token = "rsk_" + other_tenant + "_" + token.secret.substr(prefix.size());
  EXPECT_EQ(app.CallWithToken(moved_token, "GET", "/api/v1/staff").status, 401);
  EXPECT_EQ(app.CallWithToken(token.secret, "GET", "/api/v1/staff").status, 200);
}

}  // namespace
}  // namespace reskill::test
