// Behaviour of the HTTP application through HttpApp::Handle(), in process: sign-in and its
// throttling, sessions and their expiry, CSRF, API tokens, staff administration, the audit log,
// request ids, HEAD/405, readiness, metrics, locales and escaping (issue #2 §4–§7).
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "support/test_app.hpp"

namespace reskill::test {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

const Headers kJson = {{"Content-Type", "application/json"}};
const Headers kForm = {{"Content-Type", "application/x-www-form-urlencoded"}};

std::string SignInBody(std::string_view tenant, std::string_view email, std::string_view password) {
  return Json{{"tenant", tenant}, {"email", email}, {"password", password}}.dump();
}

class HttpApiTest : public ::testing::Test {
 protected:
  http::Response SignInAttempt(std::string_view role, std::string_view password) {
    return app.Call("POST", "/api/v1/sessions", SignInBody("demo", TestApp::Email(role), password),
                    kJson);
  }
  // A problem+json answer with `status` and `code` (and `field` when given).
  static void ExpectProblem(const http::Response& r, int status, std::string_view code,
                            std::string_view field = {}) {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(r.content_type, "application/problem+json");
    const Json body = JsonBody(r);
    EXPECT_EQ(body.value("code", ""), code) << r.body;
    EXPECT_EQ(body.value("status", 0), status) << r.body;
    EXPECT_FALSE(body.value("detail", "").empty()) << r.body;
    EXPECT_FALSE(body.value("request_id", "").empty()) << r.body;
    if (!field.empty()) {
      EXPECT_EQ(body.value("field", ""), field) << r.body;
    }
  }

  TestApp app;
};

// --- Sign-in -------------------------------------------------------------------------------------

TEST_F(HttpApiTest, SignInSetsAHardenedCookieAndReturnsTheCsrfToken) {
  auto r = SignInAttempt("counselor", TestApp::Password("counselor"));
  ASSERT_EQ(r.status, 201) << r.body;
  const Json body = JsonBody(r);
  EXPECT_FALSE(body.value("csrf_token", "").empty());
  EXPECT_EQ(body["user"]["email"], TestApp::Email("counselor"));
  EXPECT_EQ(body["user"]["roles"], Json::array({"counselor"}));
  const std::string cookie = SetCookieHeader(r, "reskill_session");
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("SameSite=Lax"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("Path=/"), std::string::npos) << cookie;
  EXPECT_EQ(cookie.find("Secure"), std::string::npos) << "not configured for TLS";
  // The cookie holds the raw token; only its hash is stored.
  const std::string value = *SetCookieValue(r, "reskill_session");
  const std::string token = value.substr(value.find('.') + 1);
  for (const auto& row : app.Query("SELECT token_hash FROM staff_session")) {
    EXPECT_NE(row.at("token_hash"), token);
  }

  Session s{"counselor", "demo", value, body["csrf_token"]};
  r = app.CallAs(s, "GET", "/api/v1/me");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(JsonBody(r)["email"], TestApp::Email("counselor"));
  EXPECT_EQ(JsonBody(r)["auth"], "session");
  EXPECT_EQ(JsonBody(r)["tenant"]["slug"], "demo");
  EXPECT_EQ(r.Header("Cache-Control"), "no-store");
}

TEST_F(HttpApiTest, SignInFailuresAllLookTheSame) {
  const std::vector<std::string> bodies = {
      SignInBody("demo", TestApp::Email("admin"), "wrong-password-123"),
      SignInBody("demo", "nobody@demo.test", "wrong-password-123"),
      SignInBody("no-such-agency", TestApp::Email("admin"), TestApp::Password("admin")),
      SignInBody("other", TestApp::Email("admin"), TestApp::Password("admin")),
  };
  std::string first_detail;
  for (const auto& body : bodies) {
    SCOPED_TRACE(body);
    auto r = app.Call("POST", "/api/v1/sessions", body, kJson);
    ExpectProblem(r, 401, "unauthenticated");
    EXPECT_FALSE(SetCookieValue(r, "reskill_session").has_value());
    const std::string detail = JsonBody(r).value("detail", "");
    if (first_detail.empty()) first_detail = detail;
    EXPECT_EQ(detail, first_detail) << "a failure must not reveal which part was wrong";
  }
  EXPECT_EQ(app.Query("SELECT * FROM staff_session").size(), 0u);
}

TEST_F(HttpApiTest, SignInNamesTheMissingOrMistypedField) {
  auto r = app.Call("POST", "/api/v1/sessions", R"({"tenant": "demo", "email": "admin@demo.test"})",
                    kJson);
  ExpectProblem(r, 400, "invalid_argument", "password");
  r = app.Call("POST", "/api/v1/sessions", R"({"tenant": "demo", "email": 42, "password": "x"})",
               kJson);
  ExpectProblem(r, 400, "invalid_argument", "email");
}

TEST_F(HttpApiTest, RepeatedFailuresAreSlowedThenLocked) {
  const std::string good = TestApp::Password("analyst");
  for (int i = 0; i < 3; ++i)
    ExpectProblem(SignInAttempt("analyst", "bad-password-000"), 401, "unauthenticated");
  // The fourth attempt within a second is refused before the password is even checked.
  ExpectProblem(SignInAttempt("analyst", good), 429, "resource_exhausted");
  app.clock().Advance(seconds(1));
  ASSERT_EQ(SignInAttempt("analyst", good).status, 201) << "the wait is over";

  // Success resets the count: two failures later the right password works at once.
  for (int i = 0; i < 2; ++i)
    ExpectProblem(SignInAttempt("analyst", "bad-password-000"), 401, "unauthenticated");
  ASSERT_EQ(SignInAttempt("analyst", good).status, 201);

  // Ten consecutive failures (waiting out each delay) lock the account for 15 minutes.
  for (int i = 0; i < 10; ++i) {
    SCOPED_TRACE(i);
    ExpectProblem(SignInAttempt("analyst", "bad-password-000"), 401, "unauthenticated");
    if (i < 9) app.clock().Advance(minutes(5));
  }
  auto r = SignInAttempt("analyst", good);
  ExpectProblem(r, 429, "resource_exhausted");
  EXPECT_NE(JsonBody(r).value("detail", "").find("locked"), std::string::npos) << r.body;
  app.clock().Advance(minutes(14));
  ExpectProblem(SignInAttempt("analyst", good), 429, "resource_exhausted");
  app.clock().Advance(minutes(1) + seconds(1));
  EXPECT_EQ(SignInAttempt("analyst", good).status, 201);

  // Every refused attempt is audited too: one while slowed, two while locked.
  const auto refused =
      app.Query("SELECT detail FROM audit_event WHERE action = 'session.sign_in_refused'");
  ASSERT_EQ(refused.size(), 3u);
  EXPECT_EQ(refused[0].at("detail"), "slowed");
  EXPECT_EQ(refused[1].at("detail"), "locked");
}

TEST_F(HttpApiTest, AnAdminCanUnlockALockedAccount) {
  for (int i = 0; i < 10; ++i) {
    (void)SignInAttempt("curator", "bad-password-000");
    app.clock().Advance(minutes(5));
  }
  ASSERT_EQ(SignInAttempt("curator", TestApp::Password("curator")).status, 429);
  const Session admin = app.SignIn("admin");
  auto r = app.CallAs(admin, "GET", "/api/v1/staff/" + app.StaffIdOf("curator"));
  EXPECT_FALSE(JsonBody(r)["locked_until"].is_null()) << r.body;
  r = app.CallAs(admin, "PATCH", "/api/v1/staff/" + app.StaffIdOf("curator"),
                 R"({"unlock": true})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(JsonBody(r)["locked_until"].is_null());
  EXPECT_EQ(SignInAttempt("curator", TestApp::Password("curator")).status, 201);
}

// --- Sessions
// -------------------------------------------------------------------------------------

TEST_F(HttpApiTest, IdleSessionExpiresAndItsCookieIsCleared) {
  const Session s = app.SignIn("supervisor");
  app.clock().Advance(minutes(61));
  auto r = app.CallAs(s, "GET", "/api/v1/me");
  ExpectProblem(r, 401, "unauthenticated");
  EXPECT_NE(JsonBody(r).value("detail", "").find("expired"), std::string::npos) << r.body;
  ASSERT_EQ(SetCookieValue(r, "reskill_session"), "");
  EXPECT_NE(SetCookieHeader(r, "reskill_session").find("Max-Age=0"), std::string::npos);

  // A web page answers with the sign-in page and the "session ended" message.
  r = app.CallAs(s, "GET", "/");
  EXPECT_EQ(r.status, 401);
  EXPECT_NE(r.body.find("Your session has ended"), std::string::npos) << r.body;
  EXPECT_EQ(SetCookieValue(r, "reskill_session"), "");
}

TEST_F(HttpApiTest, ActivityKeepsASessionAliveUntilItsAbsoluteLifetime) {
  const Session s = app.SignIn("supervisor");
  // Activity every 50 minutes keeps the 60-minute idle timer from running out...
  for (int i = 0; i < 9; ++i) {
    app.clock().Advance(minutes(50));
    ASSERT_EQ(app.CallAs(s, "GET", "/api/v1/me").status, 200) << "after " << (i + 1) * 50 << " min";
  }
  // ...but not past the absolute lifetime of 8 hours (now 7 h 30 min + 40 min).
  app.clock().Advance(minutes(40));
  EXPECT_EQ(app.CallAs(s, "GET", "/api/v1/me").status, 401);
}

TEST_F(HttpApiTest, SignOutEndsTheSession) {
  const Session s = app.SignIn("curator");
  auto r = app.CallAs(s, "DELETE", "/api/v1/sessions/current");
  ASSERT_EQ(r.status, 204) << r.body;
  EXPECT_EQ(SetCookieValue(r, "reskill_session"), "");
  EXPECT_EQ(app.CallAs(s, "GET", "/api/v1/me").status, 401);
  EXPECT_EQ(app.Query("SELECT * FROM staff_session").size(), 0u);
  EXPECT_EQ(app.Query("SELECT * FROM audit_event WHERE action = 'session.sign_out'").size(), 1u);
}

// --- CSRF ----------------------------------------------------------------------------------------

TEST_F(HttpApiTest, CookieRequestsWithoutTheCsrfTokenChangeNothing) {
  const Session admin = app.SignIn("admin");
  const std::string create =
      R"({"email": "x@demo.test", "display_name": "X", "roles": ["analyst"], "password": "a-long-enough-password"})";
  const TableSnapshot before = app.Snapshot();
  for (const std::string& token : {std::string(), std::string("wrong"), admin.csrf + "x"}) {
    SCOPED_TRACE("csrf=" + token);
    Headers extra = {{"X-CSRF-Token", token}};
    auto r = app.CallAs(admin, "POST", "/api/v1/staff", create, extra);
    ExpectProblem(r, 403, "permission_denied", "_csrf");
    r = app.CallAs(admin, "PATCH", "/api/v1/staff/" + app.StaffIdOf("analyst"),
                   R"({"disabled": true})", extra);
    ExpectProblem(r, 403, "permission_denied", "_csrf");
    r = app.CallAs(admin, "DELETE", "/api/v1/sessions/current", "", extra);
    ExpectProblem(r, 403, "permission_denied", "_csrf");
    // A web form gets an HTML 403.
    r = app.CallAs(
        admin, "POST", "/admin/staff",
        "email=y%40demo.test&display_name=Y&roles=analyst&password=a-long-enough-password",
        {{"Content-Type", "application/x-www-form-urlencoded"}, {"X-CSRF-Token", token}});
    EXPECT_EQ(r.status, 403);
    EXPECT_TRUE(r.content_type.starts_with("text/html"));
  }
  EXPECT_TRUE(SameData(before, app.Snapshot()));
  // The right token in the form field works.
  auto r = app.Call(
      "POST", "/admin/staff",
      "_csrf=" + http::PercentEncode(admin.csrf) +
          "&email=y%40demo.test&display_name=Y&roles=analyst&password=a-long-enough-password",
      {{"Content-Type", "application/x-www-form-urlencoded"},
       {"Cookie", "reskill_session=" + admin.cookie}});
  EXPECT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(app.Snapshot().RowCount("staff_user"), before.RowCount("staff_user") + 1);
}

TEST_F(HttpApiTest, AnonymousSignInFormNeedsTheDoubleSubmitCookie) {
  auto page = app.Call("GET", "/signin");
  ASSERT_EQ(page.status, 200);
  const auto csrf = SetCookieValue(page, "reskill_csrf");
  ASSERT_TRUE(csrf.has_value() && !csrf->empty());
  EXPECT_NE(page.body.find(*csrf), std::string::npos) << "the form carries the token";
  const std::string form = "tenant=demo&email=admin%40demo.test&password=" +
                           http::PercentEncode(TestApp::Password("admin"));

  auto r = app.Call("POST", "/signin", form, kForm);
  EXPECT_EQ(r.status, 403);
  r = app.Call("POST", "/signin", form + "&_csrf=" + *csrf,
               {{"Content-Type", "application/x-www-form-urlencoded"},
                {"Cookie", "reskill_csrf=another-value"}});
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(app.Query("SELECT * FROM staff_session").size(), 0u);

  r = app.Call(
      "POST", "/signin", form + "&_csrf=" + *csrf + "&next=%2Fadmin%2Fstaff",
      {{"Content-Type", "application/x-www-form-urlencoded"}, {"Cookie", "reskill_csrf=" + *csrf}});
  EXPECT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(r.Header("Location"), "/admin/staff");
  EXPECT_TRUE(SetCookieValue(r, "reskill_session").has_value());
}

TEST_F(HttpApiTest, SignInRedirectsOnlyToLocalPaths) {
  auto page = app.Call("GET", "/signin");
  const std::string csrf = *SetCookieValue(page, "reskill_csrf");
  for (const char* next : {"https%3A%2F%2Fevil.example%2F", "%2F%2Fevil.example", "%2F%5Cevil"}) {
    SCOPED_TRACE(next);
    auto r = app.Call("POST", "/signin",
                      "tenant=demo&email=admin%40demo.test&password=" +
                          http::PercentEncode(TestApp::Password("admin")) + "&_csrf=" + csrf +
                          "&next=" + next,
                      {{"Content-Type", "application/x-www-form-urlencoded"},
                       {"Cookie", "reskill_csrf=" + csrf}});
    EXPECT_EQ(r.status, 303);
    EXPECT_EQ(r.Header("Location"), "/");
  }
}

// --- API tokens ----------------------------------------------------------------------------------

TEST_F(HttpApiTest, BearerTokensWorkWithoutCsrfUntilRevoked) {
  const IssuedToken token = app.ApiToken("counselor");
  ASSERT_TRUE(token.secret.starts_with("rsk_" + app.TenantIdOf("demo") + "_")) << token.secret;
  for (const auto& row : app.Query("SELECT token_hash FROM api_token")) {
    EXPECT_EQ(token.secret.find(row.at("token_hash")), std::string::npos);
  }
  auto r = app.CallWithToken(token.secret, "GET", "/api/v1/me");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(JsonBody(r)["auth"], "api_token");
  // State-changing calls need no CSRF token with a bearer token.
  r = app.CallWithToken(token.secret, "PATCH", "/api/v1/me", R"({"locale": "es"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(JsonBody(r)["locale"], "es");

  r = app.CallWithToken(token.secret, "GET", "/api/v1/tokens");
  ASSERT_EQ(r.status, 200);
  ASSERT_EQ(JsonBody(r)["items"].size(), 1u);
  EXPECT_EQ(JsonBody(r)["items"][0]["id"], token.id);
  EXPECT_FALSE(JsonBody(r)["items"][0].contains("token")) << "the secret is shown only once";
  EXPECT_EQ(r.body.find(token.secret.substr(20)), std::string::npos);

  r = app.CallWithToken(token.secret, "DELETE", "/api/v1/tokens/" + token.id);
  ASSERT_EQ(r.status, 204) << r.body;
  ExpectProblem(app.CallWithToken(token.secret, "GET", "/api/v1/me"), 401, "unauthenticated");
}

TEST_F(HttpApiTest, MalformedAuthorizationIsRefused) {
  const IssuedToken token = app.ApiToken("admin");
  for (const std::string& auth :
       {std::string("Basic YWRtaW46YWRtaW4="), std::string("Bearer"), std::string("Bearer "),
        std::string("Bearer rsk_"), std::string("Bearer rsk_x_y"), token.secret,
        "Bearer " + token.secret + "x", "Bearer rsk_0_" + token.secret.substr(4)}) {
    SCOPED_TRACE(auth);
    ExpectProblem(app.Call("GET", "/api/v1/me", "", {{"Authorization", auth}}), 401,
                  "unauthenticated");
  }
}

TEST_F(HttpApiTest, ExpiredTokenIsRefused) {
  const Session s = app.SignIn("analyst");
  auto r = app.CallAs(s, "POST", "/api/v1/tokens", R"({"name": "short", "expires_in_days": 1})");
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string secret = JsonBody(r)["token"];
  EXPECT_EQ(app.CallWithToken(secret, "GET", "/api/v1/me").status, 200);
  app.clock().Advance(std::chrono::hours(24));
  EXPECT_EQ(app.CallWithToken(secret, "GET", "/api/v1/me").status, 401);
}

TEST_F(HttpApiTest, OnlyTheOwnerOrAnAdminRevokesAToken) {
  const IssuedToken curator = app.ApiToken("curator");
  const Session analyst = app.SignIn("analyst");
  ExpectProblem(app.CallAs(analyst, "DELETE", "/api/v1/tokens/" + curator.id), 404, "not_found");
  EXPECT_EQ(app.CallWithToken(curator.secret, "GET", "/api/v1/me").status, 200);
  const Session admin = app.SignIn("admin");
  EXPECT_EQ(app.CallAs(admin, "DELETE", "/api/v1/tokens/" + curator.id).status, 204);
  EXPECT_EQ(app.CallWithToken(curator.secret, "GET", "/api/v1/me").status, 401);
  // Revoking twice is harmless.
  EXPECT_EQ(app.CallAs(admin, "DELETE", "/api/v1/tokens/" + curator.id).status, 204);
}

// --- Staff administration ------------------------------------------------------------------------

TEST_F(HttpApiTest, AdminCreatesReadsAndChangesStaff) {
  const Session admin = app.SignIn("admin");
  auto r = app.CallAs(admin, "POST", "/api/v1/staff",
                      R"({"email": "  Maria@Demo.TEST ", "display_name": " Maria Lopez ",
                          "roles": ["counselor", "analyst"], "locale": "es",
                          "password": "a-long-enough-password"})");
  ASSERT_EQ(r.status, 201) << r.body;
  const Json created = JsonBody(r);
  const std::string id = created["id"];
  EXPECT_EQ(r.Header("Location"), "/api/v1/staff/" + id);
  EXPECT_EQ(created["email"], "maria@demo.test");
  EXPECT_EQ(created["display_name"], "Maria Lopez");
  EXPECT_EQ(created["roles"], Json::array({"counselor", "analyst"}));
  EXPECT_FALSE(created.contains("password"));
  EXPECT_FALSE(created.contains("password_hash"));
  EXPECT_EQ(r.body.find("argon2"), std::string::npos);

  r = app.CallAs(admin, "GET", "/api/v1/staff/" + id);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(JsonBody(r), created);

  ExpectProblem(
      app.CallAs(admin, "POST", "/api/v1/staff",
                 R"({"email": "maria@demo.test", "display_name": "Dup", "roles": ["curator"],
                               "password": "a-long-enough-password"})"),
      409, "already_exists", "email");

  r = app.CallAs(admin, "PATCH", "/api/v1/staff/" + id,
                 R"({"roles": ["supervisor"], "display_name": "M. Lopez"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(JsonBody(r)["roles"], Json::array({"supervisor"}));
  EXPECT_EQ(JsonBody(r)["display_name"], "M. Lopez");

  // The new user signs in with the new roles.
  r = app.Call("POST", "/api/v1/sessions",
               SignInBody("demo", "maria@demo.test", "a-long-enough-password"), kJson);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(JsonBody(r)["user"]["roles"], Json::array({"supervisor"}));

  ExpectProblem(app.CallAs(admin, "PATCH", "/api/v1/staff/" + id, R"({"roles": []})"), 400,
                "invalid_argument", "roles");
  ExpectProblem(app.CallAs(admin, "PATCH", "/api/v1/staff/" + id, R"({"roles": ["root"]})"), 400,
                "invalid_argument", "roles[0]");
  ExpectProblem(app.CallAs(admin, "GET", "/api/v1/staff/123"), 404, "not_found");
  ExpectProblem(app.CallAs(admin, "GET", "/api/v1/staff/abc"), 404, "not_found");
}

TEST_F(HttpApiTest, TheLastAdminCannotRemoveTheirOwnAdminRole) {
  const Session admin = app.SignIn("admin");
  const std::string self = app.StaffIdOf("admin");
  const TableSnapshot before = app.Snapshot();
  ExpectProblem(app.CallAs(admin, "PATCH", "/api/v1/staff/" + self, R"({"roles": ["analyst"]})"),
                409, "failed_precondition", "roles");
  ExpectProblem(app.CallAs(admin, "PATCH", "/api/v1/staff/" + self, R"({"disabled": true})"), 409,
                "failed_precondition");
  EXPECT_TRUE(SameData(before, app.Snapshot()));

  // With a second admin it is allowed.
  auto r = app.CallAs(admin, "PATCH", "/api/v1/staff/" + app.StaffIdOf("supervisor"),
                      R"({"roles": ["supervisor", "admin"]})");
  ASSERT_EQ(r.status, 200) << r.body;
  r = app.CallAs(admin, "PATCH", "/api/v1/staff/" + self, R"({"roles": ["analyst"]})");
  ASSERT_EQ(r.status, 200) << r.body;
  // The former admin's own session now lacks the role.
  ExpectProblem(app.CallAs(admin, "GET", "/api/v1/staff"), 403, "permission_denied");
}

TEST_F(HttpApiTest, DisablingAUserEndsTheirSessionsAndTokens) {
  const Session counselor = app.SignIn("counselor");
  const IssuedToken token = app.ApiToken("counselor");
  ASSERT_EQ(app.CallAs(counselor, "GET", "/api/v1/me").status, 200);
  const Session admin = app.SignIn("admin");
  const std::string id = app.StaffIdOf("counselor");
  auto r = app.CallAs(admin, "PATCH", "/api/v1/staff/" + id, R"({"disabled": true})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(JsonBody(r)["disabled"], true);
  EXPECT_TRUE(app.Query("SELECT * FROM staff_session WHERE staff_id = " + id).empty());
  EXPECT_EQ(app.CallAs(counselor, "GET", "/api/v1/me").status, 401);
  EXPECT_EQ(app.CallWithToken(token.secret, "GET", "/api/v1/me").status, 401);
  ExpectProblem(SignInAttempt("counselor", TestApp::Password("counselor")), 401, "unauthenticated");

  ASSERT_EQ(app.CallAs(admin, "PATCH", "/api/v1/staff/" + id, R"({"disabled": false})").status,
            200);
  EXPECT_EQ(SignInAttempt("counselor", TestApp::Password("counselor")).status, 201);
}

TEST_F(HttpApiTest, ChangingAPasswordEndsTheUsersSessions) {
  const Session analyst = app.SignIn("analyst");
  const Session admin = app.SignIn("admin");
  auto r = app.CallAs(admin, "PATCH", "/api/v1/staff/" + app.StaffIdOf("analyst"),
                      R"({"password": "a-brand-new-password"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(app.CallAs(analyst, "GET", "/api/v1/me").status, 401);
  EXPECT_EQ(SignInAttempt("analyst", TestApp::Password("analyst")).status, 401);
  EXPECT_EQ(SignInAttempt("analyst", "a-brand-new-password").status, 201);
}

// --- Audit log -----------------------------------------------------------------------------------

TEST_F(HttpApiTest, AuditRecordsWhoDidWhatFromWhichRequestWithoutPersonalValues) {
  auto r = app.Call("POST", "/api/v1/sessions",
                    SignInBody("demo", TestApp::Email("admin"), TestApp::Password("admin")),
                    {{"Content-Type", "application/json"}, {"X-Request-Id", "req-sign-in-1"}});
  ASSERT_EQ(r.status, 201);
  Session admin{"admin", "demo", *SetCookieValue(r, "reskill_session"), JsonBody(r)["csrf_token"]};
  (void)app.Call("POST", "/api/v1/sessions",
                 SignInBody("demo", "typo-user@demo.test", "a-secret-guess-123"),
                 {{"Content-Type", "application/json"}, {"X-Request-Id", "req-failed-1"}});
  r = app.CallAs(
      admin, "POST", "/api/v1/staff",
      R"({"email": "person@demo.test", "display_name": "Person Name", "roles": ["curator"],
                     "password": "person-secret-password"})",
      {{"X-Request-Id", "req-create-1"}});
  ASSERT_EQ(r.status, 201);
  const std::string new_id = JsonBody(r)["id"];

  r = app.CallAs(admin, "GET", "/api/v1/audit?action=staff.create&limit=1");
  ASSERT_EQ(r.status, 200) << r.body;
  const Json item = JsonBody(r)["items"][0];
  EXPECT_EQ(item["action"], "staff.create");
  EXPECT_EQ(item["request_id"], "req-create-1");
  EXPECT_EQ(item["actor_kind"], "staff");
  EXPECT_EQ(item["actor_id"], app.StaffIdOf("admin"));
  EXPECT_EQ(item["target_type"], "staff");
  EXPECT_EQ(item["target_id"], new_id);
  EXPECT_EQ(item["outcome"], "ok");

  r = app.CallAs(admin, "GET", "/api/v1/audit?action=session.");
  const Json sessions = JsonBody(r)["items"];
  bool saw_sign_in = false;
  bool saw_failure = false;
  for (const auto& e : sessions) {
    saw_sign_in =
        saw_sign_in || (e["action"] == "session.sign_in" && e["request_id"] == "req-sign-in-1");
    saw_failure =
        saw_failure || (e["action"] == "session.sign_in_failed" &&
                        e["request_id"] == "req-failed-1" && e["actor_kind"] == "anonymous");
  }
  EXPECT_TRUE(saw_sign_in) << r.body;
  EXPECT_TRUE(saw_failure) << r.body;

  // No column of any audit row holds an e-mail address, a password or a display name.
  const std::vector<std::string> secrets = {"@",
                                            "typo-user",
                                            "a-secret-guess-123",
                                            "person-secret-password",
                                            "Person Name",
                                            TestApp::Password("admin")};
  const auto rows = app.Query("SELECT * FROM audit_event");
  ASSERT_GE(rows.size(), 9u);
  for (const auto& row : rows) {
    for (const auto& [column, value] : row) {
      for (const auto& secret : secrets) {
        EXPECT_EQ(value.find(secret), std::string::npos) << column << "=" << value;
      }
    }
  }
}

TEST_F(HttpApiTest, AuditPagingKeepsTheFilters) {
  const Session admin = app.SignIn("admin");
  for (int i = 0; i < 3; ++i) {
    auto r = app.CallAs(admin, "PATCH", "/api/v1/staff/" + app.StaffIdOf("analyst"),
                        Json{{"display_name", "Analyst " + std::to_string(i)}}.dump());
    ASSERT_EQ(r.status, 200);
  }
  const std::string target = app.StaffIdOf("analyst");
  std::string next = "/api/v1/audit?limit=2&target_type=staff&target_id=" + target;
  std::vector<std::string> seen;
  for (int page = 0; page < 5 && !next.empty(); ++page) {
    auto r = app.CallAs(admin, "GET", next);
    ASSERT_EQ(r.status, 200) << r.body;
    const Json body = JsonBody(r);
    for (const auto& e : body["items"]) {
      EXPECT_EQ(e["target_id"], target) << "page " << page << ": " << e.dump();
      seen.push_back(e["action"]);
    }
    next = body.value("next", "");
  }
  // staff.create (seed) and three staff.update, newest first.
  EXPECT_EQ(seen, (std::vector<std::string>{"staff.update", "staff.update", "staff.update",
                                            "staff.create"}));
}

TEST_F(HttpApiTest, AuditQueryParametersAreValidated) {
  const Session admin = app.SignIn("admin");
  ExpectProblem(app.CallAs(admin, "GET", "/api/v1/audit?limit=0"), 400, "invalid_argument",
                "limit");
  ExpectProblem(app.CallAs(admin, "GET", "/api/v1/audit?limit=501"), 400, "invalid_argument",
                "limit");
  ExpectProblem(app.CallAs(admin, "GET", "/api/v1/audit?limit=10x"), 400, "invalid_argument",
                "limit");
  ExpectProblem(app.CallAs(admin, "GET", "/api/v1/audit?limit=99999999999999999999"), 400,
                "invalid_argument", "limit");
  ExpectProblem(app.CallAs(admin, "GET", "/api/v1/audit?before=abc"), 400, "invalid_argument",
                "before");
}

// --- Protocol ------------------------------------------------------------------------------------

TEST_F(HttpApiTest, RequestIdIsEchoedWhenSaneAndGeneratedOtherwise) {
  auto r = app.Call("GET", "/healthz", "", {{"X-Request-Id", "abc-123_X.y"}});
  EXPECT_EQ(r.Header("X-Request-Id"), "abc-123_X.y");
  for (const std::string& bad :
       {std::string("has space"), std::string("<script>"), std::string(65, 'a'), std::string(),
        std::string("a\r\nSet-Cookie: x=1")}) {
    SCOPED_TRACE(bad);
    r = app.Call("GET", "/healthz", "", {{"X-Request-Id", bad}});
    const std::string id(r.Header("X-Request-Id").value_or(""));
    EXPECT_EQ(id.size(), 16u) << id;
    EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos) << id;
  }
  r = app.Call("GET", "/no/such/thing");
  EXPECT_EQ(r.Header("X-Request-Id").value_or("").size(), 16u);
  EXPECT_EQ(JsonBody(r)["request_id"], *r.Header("X-Request-Id"));
  EXPECT_NE(app.Call("GET", "/healthz").Header("X-Request-Id"),
            app.Call("GET", "/healthz").Header("X-Request-Id"));
}

TEST_F(HttpApiTest, HeadIsServedLikeGetWithoutABody) {
  auto get = app.Call("GET", "/healthz");
  auto head = app.Call("HEAD", "/healthz");
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
  EXPECT_EQ(head.content_type, get.content_type);
  // The length the GET's content has (RFC 9110 §9.3.2); the server writes it as is.
  EXPECT_EQ(head.Header("Content-Length"), std::to_string(get.body.size()));
  EXPECT_FALSE(get.Header("Content-Length"));
  const Session s = app.SignIn("analyst");
  head = app.CallAs(s, "HEAD", "/api/v1/me");
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
  EXPECT_EQ(app.Call("HEAD", "/api/v1/me").status, 401);
  head = app.Call("HEAD", "/static/app.css");
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
  EXPECT_EQ(head.Header("Content-Length"),
            std::to_string(app.Call("GET", "/static/app.css").body.size()));
}

TEST_F(HttpApiTest, WrongMethodGets405WithAllow) {
  auto r = app.Call("DELETE", "/healthz");
  ExpectProblem(r, 405, "method_not_allowed");
  EXPECT_EQ(r.Header("Allow"), "GET, HEAD");
  r = app.Call("PUT", "/api/v1/staff", "{}", kJson);
  ExpectProblem(r, 405, "method_not_allowed");
  EXPECT_EQ(r.Header("Allow"), "GET, HEAD, POST");
  r = app.Call("GET", "/api/v1/sessions");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.Header("Allow"), "POST");
  r = app.Call("BREW", "/api/v1/me");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.Header("Allow"), "GET, HEAD, PATCH");
}

TEST_F(HttpApiTest, UnknownRoutesGet404InTheRightFormat) {
  ExpectProblem(app.Call("GET", "/api/v1/nothing-here"), 404, "not_found");
  auto r = app.Call("GET", "/nothing-here", "", {{"Accept", "text/html,application/xhtml+xml"}});
  EXPECT_EQ(r.status, 404);
  EXPECT_TRUE(r.content_type.starts_with("text/html"));
  EXPECT_EQ(app.Call("GET", "/static/nope.css").status, 404);
  EXPECT_EQ(app.Call("GET", "/static/../app.css").status, 404);
}

TEST_F(HttpApiTest, OversizedBodiesAreRefusedBeforeAnythingElse) {
  const std::string big = R"({"name": ")" + std::string(100 * 1024, 'x') + R"("})";
  const Session s = app.SignIn("admin");
  const TableSnapshot before = app.Snapshot();
  ExpectProblem(app.CallAs(s, "POST", "/api/v1/tokens", big), 413, "body_too_large");
  ExpectProblem(app.Call("POST", "/api/v1/sessions", big, kJson), 413, "body_too_large");
  EXPECT_TRUE(SameData(before, app.Snapshot()));
  // Exactly at the limit is fine (and then fails validation for its own reasons).
  const std::string at_limit = R"({"name": ")" + std::string(64 * 1024 - 12, 'x') + R"("})";
  ASSERT_EQ(at_limit.size(), 64u * 1024u);
  ExpectProblem(app.CallAs(s, "POST", "/api/v1/tokens", at_limit), 400, "invalid_argument", "name");
}

TEST_F(HttpApiTest, ReadyzReportsTheDatabase) {
  auto r = app.Call("GET", "/readyz");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(JsonBody(r), (Json{{"status", "ready"}, {"database", "sqlite"}}));
  EXPECT_EQ(JsonBody(app.Call("GET", "/healthz")), (Json{{"status", "ok"}}));
}

TEST_F(HttpApiTest, MetricsCountRequestsPerRoute) {
  for (int i = 0; i < 3; ++i) ASSERT_EQ(app.Call("GET", "/healthz").status, 200);
  ASSERT_EQ(app.Call("GET", "/does-not-exist").status, 404);
  ASSERT_EQ(app.Call("GET", "/api/v1/me").status, 401);
  auto r = app.Call("GET", "/metrics");
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(r.content_type.starts_with("text/plain"));
  const auto has = [&](const std::string& line) {
    return r.body.find(line + "\n") != std::string::npos;
  };
  EXPECT_TRUE(has(R"(reskill_http_requests_total{route="healthz",method="GET",status="2xx"} 3)"))
      << r.body;
  EXPECT_TRUE(has(R"(reskill_http_requests_total{route="unmatched",method="ANY",status="4xx"} 1)"))
      << r.body;
  EXPECT_TRUE(has(R"(reskill_http_requests_total{route="get_me",method="GET",status="4xx"} 1)"))
      << r.body;
  EXPECT_TRUE(has(R"(reskill_http_request_duration_seconds_count{route="healthz",method="GET"} 3)"))
      << r.body;
  EXPECT_TRUE(has(
      R"(reskill_http_request_duration_seconds_bucket{route="healthz",method="GET",le="+Inf"} 3)"))
      << r.body;
}

// --- Web shell -----------------------------------------------------------------------------------

TEST_F(HttpApiTest, AcceptLanguagePicksTheCatalog) {
  struct Case {
    const char* header;
    const char* expected;
  };
  for (const Case& c :
       {Case{"es", "Iniciar sesión"}, Case{"es-MX,es;q=0.9,en;q=0.8", "Iniciar sesión"},
        Case{"en;q=0.5, es;q=0.9", "Iniciar sesión"}, Case{"fr, en;q=0.1", "Sign in"},
        Case{"fr", "Sign in"}, Case{"es;q=abc, en", "Sign in"}}) {
    SCOPED_TRACE(c.header);
    auto r = app.Call("GET", "/signin", "", {{"Accept-Language", c.header}});
    ASSERT_EQ(r.status, 200);
    EXPECT_NE(r.body.find(c.expected), std::string::npos);
  }
}

TEST_F(HttpApiTest, TheUsersLocalePreferenceWinsOverTheBrowser) {
  const Session s = app.SignIn("counselor");
  ASSERT_EQ(app.CallAs(s, "PATCH", "/api/v1/me", R"({"locale": "es"})").status, 200);
  auto r = app.CallAs(s, "GET", "/", "", {{"Accept-Language", "en"}});
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("Inicio"), std::string::npos);
  EXPECT_NE(r.body.find("Cerrar sesión"), std::string::npos);
}

TEST_F(HttpApiTest, NavigationFollowsTheRoles) {
  const Session admin = app.SignIn("admin");
  const Session analyst = app.SignIn("analyst");
  auto r = app.CallAs(admin, "GET", "/");
  EXPECT_NE(r.body.find("href=\"/admin/staff\""), std::string::npos);
  EXPECT_NE(r.body.find("href=\"/admin/audit\""), std::string::npos);
  r = app.CallAs(analyst, "GET", "/");
  EXPECT_EQ(r.body.find("href=\"/admin/staff\""), std::string::npos);
  EXPECT_EQ(r.body.find("href=\"/admin/audit\""), std::string::npos);
  EXPECT_NE(r.body.find("href=\"/settings\""), std::string::npos);
}

TEST_F(HttpApiTest, HostileDisplayNamesAreEscapedInHtml) {
  const Session admin = app.SignIn("admin");
  const std::string hostile = R"(<script>alert("x")</script> & 'quote' <img src=x onerror=y>)";
  auto r = app.CallAs(admin, "PATCH", "/api/v1/staff/" + app.StaffIdOf("curator"),
                      Json{{"display_name", hostile}}.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(JsonBody(r)["display_name"], hostile) << "JSON returns the text as stored";

  for (const std::string& page :
       {std::string("/admin/staff"), "/admin/staff/" + app.StaffIdOf("curator")}) {
    SCOPED_TRACE(page);
    r = app.CallAs(admin, "GET", page);
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.body.find("<script>"), std::string::npos);
    EXPECT_EQ(r.body.find("<img"), std::string::npos);
    EXPECT_NE(r.body.find("&lt;script&gt;"), std::string::npos);
  }
  // The curator's own pages too (the layout shows the display name).
  const Session curator = app.SignIn("curator");
  r = app.CallAs(curator, "GET", "/settings");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body.find("<script>"), std::string::npos);
  EXPECT_NE(r.body.find("&lt;script&gt;"), std::string::npos);
  EXPECT_NE(r.Header("Content-Security-Policy").value_or("").find("script-src 'self'"),
            std::string::npos);
}

TEST_F(HttpApiTest, WebStaffFormRejectsInvalidInputWithoutStoringIt) {
  const Session admin = app.SignIn("admin");
  const TableSnapshot before = app.Snapshot();
  const Headers form = {{"Content-Type", "application/x-www-form-urlencoded"}};
  for (const std::string& body :
       {std::string("email=bad%FF%FE%40demo.test&display_name=X&roles=analyst&password=a-long-"
                    "enough-password"),
        std::string("email=x%40demo.test&display_name=%FF%FE&roles=analyst&password=a-long-enough-"
                    "password"),
        std::string("email=x%40demo.test&display_name=X&password=a-long-enough-password"),
        std::string("email=x%40demo.test&display_name=X&roles=analyst&password=short")}) {
    SCOPED_TRACE(body);
    auto r = app.CallAs(admin, "POST", "/admin/staff", body, form);
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_TRUE(r.content_type.starts_with("text/html"));
    EXPECT_NE(r.body.find("role=\"alert\""), std::string::npos);
  }
  EXPECT_TRUE(SameData(before, app.Snapshot()));
}

}  // namespace
}  // namespace reskill::test
