// The xAPI HTTP platform: LRS clients (admin API), HTTP Basic and OAuth 2.0 client-credentials
// authentication, the version-header rules, CORS, HEAD and the alternate request syntax, on the
// About resource and the token endpoint. (The route × caller matrix is in authz_test.cpp; the
// document resources have their own file.)
#include <string>

#include <gtest/gtest.h>

#include "domain/xapi_platform/encoding.hpp"
#include "support/test_app.hpp"

namespace reskill::test {
namespace {

using domain::xapi_platform::Base64Encode;

struct LrsCredentials {
  std::string id;
  std::string key;
  std::string secret;
  std::string Basic() const { return "Basic " + Base64Encode(key + ":" + secret); }
};

class XapiPlatformTest : public ::testing::Test {
 protected:
  LrsCredentials NewClient(Json body = Json{{"name", "LinkedIn Learning"}},
                           std::string_view tenant = "demo") {
    const Session admin = app.SignIn("admin", tenant);
    auto r = app.CallAs(admin, "POST", "/api/v1/lrs-clients", body.dump());
    EXPECT_EQ(r.status, 201) << r.body;
    const Json j = JsonBody(r);
    return {j.value("id", ""), j.value("key", ""), j.value("secret", "")};
  }

  http::Response Token(const std::string& form, Headers headers = {}) {
    headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    return app.Call("POST", "/xapi/oauth/token", form, headers);
  }

  TestApp app;
};

// --- Admin API ----------------------------------------------------------------------------------

TEST_F(XapiPlatformTest, CreatingAClientShowsTheSecretOnceAndStoresOnlyItsHash) {
  const Session admin = app.SignIn("admin");
  auto r = app.CallAs(admin, "POST", "/api/v1/lrs-clients",
                      R"({"name": "Open edX", "scopes": ["statements/write", "state"]})");
  ASSERT_EQ(r.status, 201) << r.body;
  const Json created = JsonBody(r);
  const std::string secret = created["secret"];
  const std::string key = created["key"];
  EXPECT_TRUE(key.starts_with("rlc_"));
  EXPECT_GE(secret.size(), 40u);
  EXPECT_EQ(created["scopes"], Json({"statements/write", "state"}));
  EXPECT_EQ(created["disabled"], false);
  EXPECT_TRUE(created["provider_id"].is_null());
  EXPECT_EQ(r.Header("Location").value_or(""),
            "/api/v1/lrs-clients/" + created["id"].get<std::string>());

  r = app.CallAs(admin, "GET", "/api/v1/lrs-clients");
  ASSERT_EQ(r.status, 200);
  ASSERT_EQ(JsonBody(r)["items"].size(), 1u);
  EXPECT_EQ(r.body.find(secret), std::string::npos);
  EXPECT_FALSE(JsonBody(r)["items"][0].contains("secret"));

  const auto rows = app.Query("SELECT secret_hash, scopes FROM lrs_client");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_NE(rows[0].at("secret_hash"), secret);
  EXPECT_EQ(rows[0].at("secret_hash").size(), 64u);
  EXPECT_EQ(rows[0].at("scopes"), "statements/write state");
  const auto audit =
      app.Query("SELECT action, detail FROM audit_event WHERE action LIKE 'lrs_client.%'");
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].at("action"), "lrs_client.create");
  EXPECT_EQ(audit[0].at("detail"), "scopes=statements/write state");
}

TEST_F(XapiPlatformTest, ClientsGetTheDefaultScopesWhenNoneAreNamed) {
  const Session admin = app.SignIn("admin");
  auto r = app.CallAs(admin, "POST", "/api/v1/lrs-clients", R"({"name": "Moodle"})");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(JsonBody(r)["scopes"], Json({"statements/write", "statements/read/mine"}));
}

TEST_F(XapiPlatformTest, CreatingAClientRefusesBadInputNamingTheField) {
  const Session admin = app.SignIn("admin");
  const TableSnapshot before = app.Snapshot();
  struct Case {
    const char* body;
    const char* field;
  };
  const Case cases[] = {
      {R"({"name": ""})", "name"},
      {R"({"scopes": ["all"]})", "name"},
      {R"({"name": "x", "scopes": ["all", "statements/delete"]})", "scopes[1]"},
      {R"({"name": "x", "scopes": "all"})", "scopes"},
      {R"({"name": "x", "provider": "no-such-provider"})", "provider"},
      {R"({"name": "x", "secret": "mine"})", "secret"},
  };
  for (const auto& c : cases) {
    auto r = app.CallAs(admin, "POST", "/api/v1/lrs-clients", c.body);
    EXPECT_EQ(r.status, 400) << c.body << " " << r.body;
    EXPECT_EQ(JsonBody(r).value("field", ""), c.field) << c.body;
  }
  EXPECT_TRUE(SameData(before, app.Snapshot()));
}

TEST_F(XapiPlatformTest, AClientCanBelongToACatalogueProvider) {
  const Session admin = app.SignIn("admin");
  auto r = app.CallAs(
      admin, "POST", "/api/v1/providers",
      R"({"slug": "linkedin-learning", "name": "LinkedIn Learning", "license_types": ["seat"]})");
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string provider_id = JsonBody(r)["id"];
  r = app.CallAs(admin, "POST", "/api/v1/lrs-clients",
                 R"({"name": "LinkedIn", "provider": "linkedin-learning"})");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(JsonBody(r)["provider_id"], provider_id);
}

TEST_F(XapiPlatformTest, DisablingAClientEndsItsCredentialsAndTokensAndIsAudited) {
  const LrsCredentials c = NewClient(Json{{"name", "x"}, {"scopes", {"all"}}});
  auto r = Token("grant_type=client_credentials", {{"Authorization", c.Basic()}});
  ASSERT_EQ(r.status, 200) << r.body;
  const Session admin = app.SignIn("admin");
  r = app.CallAs(admin, "PATCH", "/api/v1/lrs-clients/" + c.id, R"({"disabled": true})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(JsonBody(r)["disabled"], true);
  EXPECT_EQ(app.Query("SELECT * FROM lrs_access_token").size(), 0u);
  r = Token("grant_type=client_credentials", {{"Authorization", c.Basic()}});
  EXPECT_EQ(r.status, 401) << r.body;
  EXPECT_EQ(app.Query("SELECT * FROM audit_event WHERE action = 'lrs_client.disable'").size(), 1u);

  r = app.CallAs(admin, "PATCH", "/api/v1/lrs-clients/" + c.id, R"({"disabled": false})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Token("grant_type=client_credentials", {{"Authorization", c.Basic()}}).status, 200);

  r = app.CallAs(admin, "PATCH", "/api/v1/lrs-clients/" + c.id, R"({})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(JsonBody(r).value("field", ""), "disabled");
}

// Authentication is cached in the process (docs/lrs.md "Credentials"): a cached success never
// answers a wrong secret or token, disabling through the app ends both at once, and a change the
// app did not make (another process) counts once the cache's 10 s have passed.
TEST_F(XapiPlatformTest, CachedCredentialsNeverOutliveARevocationOrServeAWrongSecret) {
  const LrsCredentials c = NewClient(Json{{"name", "x"}, {"scopes", {"all"}}});
  auto r = Token("grant_type=client_credentials", {{"Authorization", c.Basic()}});
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string bearer = "Bearer " + JsonBody(r)["access_token"].get<std::string>();
  const auto get = [&](const std::string& authorization) {
    return app
        .Call("GET", "/xapi/statements?limit=1", "",
              {{"Authorization", authorization}, {"X-Experience-API-Version", "1.0.3"}})
        .status;
  };
  ASSERT_EQ(get(c.Basic()), 200);
  ASSERT_EQ(get(bearer), 200);
  EXPECT_EQ(get("Basic " + Base64Encode(c.key + ":" + c.secret + "x")), 401);
  EXPECT_EQ(get("Basic " + Base64Encode(c.key + ":" + c.secret.substr(1))), 401);
  EXPECT_EQ(get(bearer + "x"), 401);
  EXPECT_EQ(get(c.Basic()), 200);

  // Disabled in the store without the app (as another server process would): refused once the
  // cached entries have expired.
  const auto set_disabled = [&](bool disabled) {
    const app::AppContext& ctx = app.context();
    ASSERT_TRUE(ctx.db
                    .Run(app::TxMode::kWrite,
                         [&](app::UnitOfWork& uow) {
                           return uow.lrs_clients().SetDisabled(
                               TenantId(std::stoll(app.TenantIdOf("demo"))),
                               LrsClientId(std::stoll(c.id)), disabled);
                         })
                    .ok());
  };
  set_disabled(true);
  EXPECT_EQ(get(c.Basic()), 200);
  EXPECT_EQ(get(bearer), 200);
  app.clock().Advance(std::chrono::seconds(10));
  EXPECT_EQ(get(c.Basic()), 401);
  EXPECT_EQ(get(bearer), 401);
  set_disabled(false);
  ASSERT_EQ(get(c.Basic()), 200);
  ASSERT_EQ(get(bearer), 200);

  // Disabled through the app: refused at once.
  const Session admin = app.SignIn("admin");
  r = app.CallAs(admin, "PATCH", "/api/v1/lrs-clients/" + c.id, R"({"disabled": true})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(get(c.Basic()), 401);
  EXPECT_EQ(get(bearer), 401);
}

TEST_F(XapiPlatformTest, AnotherAgencyCannotSeeOrDisableTheClients) {
  const LrsCredentials c = NewClient();
  const Session other = app.SignIn("admin", "other");
  const TableSnapshot before = app.Snapshot();
  auto r = app.CallAs(other, "PATCH", "/api/v1/lrs-clients/" + c.id, R"({"disabled": true})");
  EXPECT_EQ(r.status, 404) << r.body;
  r = app.CallAs(other, "GET", "/api/v1/lrs-clients");
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(JsonBody(r)["items"].empty());
  EXPECT_TRUE(SameData(before, app.Snapshot()));
}

// --- OAuth 2.0 client credentials ---------------------------------------------------------------

TEST_F(XapiPlatformTest, TheTokenEndpointIssuesBearerTokensStoredOnlyAsHashes) {
  const LrsCredentials c =
      NewClient(Json{{"name", "x"}, {"scopes", {"statements/write", "state"}}});
  auto r = Token("grant_type=client_credentials", {{"Authorization", c.Basic()}});
  ASSERT_EQ(r.status, 200) << r.body;
  const Json j = JsonBody(r);
  EXPECT_EQ(j["token_type"], "Bearer");
  EXPECT_EQ(j["expires_in"], 3600);
  EXPECT_EQ(j["scope"], "statements/write state");
  const std::string token = j["access_token"];
  EXPECT_TRUE(token.starts_with("rlt_" + app.TenantIdOf("demo") + "_"));
  EXPECT_EQ(r.Header("Cache-Control").value_or(""), "no-store");
  const auto rows = app.Query("SELECT token_hash, scopes FROM lrs_access_token");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(token.find(rows[0].at("token_hash")), std::string::npos);
  EXPECT_EQ(rows[0].at("scopes"), "statements/write state");

  // A narrower scope is granted; one the client does not hold is refused.
  r = Token("grant_type=client_credentials&scope=state", {{"Authorization", c.Basic()}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(JsonBody(r)["scope"], "state");
  r = Token("grant_type=client_credentials&scope=all", {{"Authorization", c.Basic()}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(JsonBody(r)["error"], "invalid_scope");
  r = Token("grant_type=client_credentials&scope=bogus", {{"Authorization", c.Basic()}});
  EXPECT_EQ(JsonBody(r)["error"], "invalid_scope");
}

TEST_F(XapiPlatformTest, TheTokenEndpointAcceptsFormCredentials) {
  const LrsCredentials c = NewClient();
  auto r = Token("grant_type=client_credentials&client_id=" + c.key +
                 "&client_secret=" + http::PercentEncode(c.secret));
  ASSERT_EQ(r.status, 200) << r.body;
  r = Token("grant_type=client_credentials&client_id=" + c.key + "&client_secret=wrong");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(JsonBody(r)["error"], "invalid_client");
}

TEST_F(XapiPlatformTest, TheTokenEndpointRefusesBadRequests) {
  const LrsCredentials c = NewClient();
  const Headers basic{{"Authorization", c.Basic()}};
  auto r = Token("", basic);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(JsonBody(r)["error"], "invalid_request");
  r = Token("grant_type=password&username=a&password=b", basic);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(JsonBody(r)["error"], "unsupported_grant_type");
  r = app.Call("POST", "/xapi/oauth/token", R"({"grant_type": "client_credentials"})",
               {{"Content-Type", "application/json"}, {"Authorization", c.Basic()}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(JsonBody(r)["error"], "invalid_request");
  EXPECT_EQ(app.Query("SELECT * FROM lrs_access_token").size(), 0u);
}

TEST_F(XapiPlatformTest, RefusedCredentialsGet401WithAChallenge) {
  const LrsCredentials c = NewClient();
  const IssuedToken staff = app.ApiToken("admin");
  const std::string wrong_secret = "Basic " + Base64Encode(c.key + ":wrong");
  const std::string unknown_key = "Basic " + Base64Encode("rlc_nobody:" + c.secret);
  const std::string other_tenant = [&] {
    LrsCredentials o = NewClient(Json{{"name", "o"}}, "other");
    return "Basic " + Base64Encode(o.key + ":" + c.secret);
  }();
  for (const std::string& auth :
       {wrong_secret, unknown_key, other_tenant, std::string("Basic !!!"),
        std::string("Basic ") + Base64Encode("no-colon"), "Bearer " + staff.secret,
        std::string("Bearer rlt_1_forged"), std::string("Digest x")}) {
    SCOPED_TRACE(auth);
    auto r = Token("grant_type=client_credentials", {{"Authorization", auth}});
    EXPECT_EQ(r.status, 401) << r.body;
    EXPECT_NE(r.Header("WWW-Authenticate").value_or("").find("Basic"), std::string::npos);
    // No version asked for: answered as the newest.
    EXPECT_EQ(r.Header("X-Experience-API-Version").value_or(""), "2.0.0");
  }
}

TEST_F(XapiPlatformTest, AccessTokensExpireAfterAnHour) {
  const LrsCredentials c = NewClient(Json{{"name", "x"}, {"scopes", {"all"}}});
  auto r = Token("grant_type=client_credentials", {{"Authorization", c.Basic()}});
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string token = JsonBody(r)["access_token"];
  // The token endpoint itself refuses bearer tokens; the document resources accept them (their
  // tests cover use); here the stored expiry is checked.
  const auto rows = app.Query("SELECT created_at, expires_at FROM lrs_access_token");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(std::stoll(rows[0].at("expires_at")) - std::stoll(rows[0].at("created_at")), 3600000);
  r = Token("grant_type=client_credentials", {{"Authorization", "Bearer " + token}});
  EXPECT_EQ(r.status, 401);
}

// --- About, versions, CORS, HEAD, alternate syntax -------------------------------------------

TEST_F(XapiPlatformTest, AboutListsTheVersionsWithoutCredentialsOrVersionHeader) {
  auto r = app.Call("GET", "/xapi/about");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(JsonBody(r)["version"], Json({"1.0.3", "2.0.0"}));
  EXPECT_TRUE(JsonBody(r)["extensions"].is_object());
  EXPECT_EQ(r.Header("X-Experience-API-Version").value_or(""), "2.0.0");
  EXPECT_EQ(r.Header("Access-Control-Allow-Origin").value_or(""), "*");

  r = app.Call("GET", "/xapi/about", "", {{"X-Experience-API-Version", "2.0.0"}});
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("X-Experience-API-Version").value_or(""), "2.0.0");
  r = app.Call("GET", "/xapi/about", "", {{"X-Experience-API-Version", "1.0.1"}});
  EXPECT_EQ(r.Header("X-Experience-API-Version").value_or(""), "1.0.3");
  // §2.8.s5.b4: About never rejects a request for its version header.
  r = app.Call("GET", "/xapi/about", "", {{"X-Experience-API-Version", "0.95"}});
  EXPECT_EQ(r.status, 200);

  r = app.Call("HEAD", "/xapi/about", "", {{"X-Experience-API-Version", "2.0.0"}});
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(r.body.empty());
  EXPECT_EQ(r.Header("X-Experience-API-Version").value_or(""), "2.0.0");

  r = app.Call("GET", "/xapi/about?verbose=1");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(JsonBody(r).value("field", ""), "verbose");
}

TEST_F(XapiPlatformTest, EveryXapiAnswerCarriesTheVersionAndCorsHeaders) {
  for (const auto& [method, target] :
       std::vector<std::pair<std::string, std::string>>{{"GET", "/xapi/nothing-here"},
                                                        {"DELETE", "/xapi/about"},
                                                        {"POST", "/xapi/oauth/token"}}) {
    SCOPED_TRACE(method + " " + target);
    auto r = app.Call(method, target, "", {{"X-Experience-API-Version", "2.0.0"}});
    EXPECT_GE(r.status, 400);
    EXPECT_EQ(r.Header("X-Experience-API-Version").value_or(""), "2.0.0");
    EXPECT_EQ(r.Header("Access-Control-Allow-Origin").value_or(""), "*");
  }
  // Staff routes are untouched.
  EXPECT_FALSE(app.Call("GET", "/healthz").Header("X-Experience-API-Version").has_value());
}

// RFC 9110 §6.6.1: every answer carries Date (the conformance suite computes its clock margin
// from it and waits on X-Experience-API-Consistent-Through, which every xAPI read carries, even
// a 404 for a path that is no resource).
TEST_F(XapiPlatformTest, AnswersCarryADateAndXapiReadsConsistentThrough) {
  const LrsCredentials c = NewClient(Json{{"name", "x"}, {"scopes", {"all"}}});
  const Headers h{{"Authorization", c.Basic()}, {"X-Experience-API-Version", "1.0.3"}};
  auto r = app.Call("GET", "/xapi/statementsverb=http%3A%2F%2Fexample.com%2Fv", "", h);
  EXPECT_EQ(r.status, 404);
  const std::string date(r.Header("Date").value_or(""));
  EXPECT_EQ(date, "Mon, 23 Nov 2026 09:00:00 GMT");
  EXPECT_EQ(r.Header("X-Experience-API-Consistent-Through").value_or(""),
            "2026-11-23T09:00:00.000Z");
  for (const char* target : {"/xapi/statements", "/xapi/about",
                             "/xapi/activities?activityId=http%3A%2F%2Fexample.com%2Fa",
                             "/xapi/activities/profile?activityId=http%3A%2F%2Fexample.com%2Fa"}) {
    SCOPED_TRACE(target);
    for (const char* method : {"GET", "HEAD"}) {
      r = app.Call(method, target, "", h);
      EXPECT_EQ(r.status, 200) << r.body;
      EXPECT_EQ(r.Header("Date").value_or(""), date);
      EXPECT_TRUE(r.Header("X-Experience-API-Consistent-Through").has_value());
    }
  }
  // Writes carry Date but no Consistent-Through; staff routes carry Date.
  r = app.Call("PUT",
               "/xapi/activities/profile?activityId=http%3A%2F%2Fexample.com%2Fa&profileId=p", "x",
               {h[0], h[1], {"Content-Type", "text/plain"}});
  EXPECT_EQ(r.status, 204) << r.body;
  EXPECT_EQ(r.Header("Date").value_or(""), date);
  EXPECT_FALSE(r.Header("X-Experience-API-Consistent-Through").has_value());
  EXPECT_EQ(app.Call("GET", "/healthz").Header("Date").value_or(""), date);
}

TEST_F(XapiPlatformTest, PreflightRequestsAreAnsweredWithoutCredentials) {
  auto r =
      app.Call("OPTIONS", "/xapi/activities/state", "",
               {{"Origin", "https://content.example"}, {"Access-Control-Request-Method", "PUT"}});
  EXPECT_EQ(r.status, 204);
  EXPECT_NE(r.Header("Access-Control-Allow-Headers").value_or("").find("X-Experience-API-Version"),
            std::string::npos);
  EXPECT_NE(r.Header("Access-Control-Allow-Headers").value_or("").find("Authorization"),
            std::string::npos);
  EXPECT_NE(r.Header("Access-Control-Allow-Methods").value_or("").find("PUT"), std::string::npos);
  EXPECT_EQ(r.Header("Access-Control-Allow-Origin").value_or(""), "*");
}

TEST_F(XapiPlatformTest, AlternateSyntaxIsRewrittenBeforeRouting) {
  const Headers form{{"Content-Type", "application/x-www-form-urlencoded"}};
  auto r = app.Call("POST", "/xapi/about?method=GET", "X-Experience-API-Version=1.0.3", form);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(JsonBody(r)["version"], Json({"1.0.3", "2.0.0"}));

  r = app.Call("POST", "/xapi/about?method=HEAD", "X-Experience-API-Version=1.0.3", form);
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(r.body.empty());

  // Headers given as form fields count as headers: the token endpoint sees the Authorization.
  const LrsCredentials c = NewClient();
  r = app.Call("POST", "/xapi/oauth/token?method=POST",
               "Authorization=" + http::PercentEncode(c.Basic()) +
                   "&Content-Type=application%2Fx-www-form-urlencoded&content=" +
                   http::PercentEncode("grant_type=client_credentials"),
               form);
  EXPECT_EQ(r.status, 200) << r.body;
}

TEST_F(XapiPlatformTest, MalformedAlternateSyntaxIsRefused) {
  const Headers form{{"Content-Type", "application/x-www-form-urlencoded"}};
  struct Case {
    const char* target;
    std::string body;
    Headers headers;
    const char* field;
  };
  const Case cases[] = {
      {"/xapi/about?method=GET&verbose=1", "", form, "verbose"},
      {"/xapi/about?method=PATCH", "", form, "method"},
      {"/xapi/about?method=GET", "{}", {{"Content-Type", "application/json"}}, "Content-Type"},
      // xAPI 2.0 removed the syntax, whether the version comes as a header or a form field.
      {"/xapi/about?method=GET", "X-Experience-API-Version=2.0.0", form, "method"},
      {"/xapi/about?method=GET",
       "",
       {{"Content-Type", "application/x-www-form-urlencoded"},
        {"X-Experience-API-Version", "2.0.0"}},
       "method"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.target) + " " + c.body);
    auto r = app.Call("POST", c.target, c.body, c.headers);
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(JsonBody(r).value("field", ""), c.field);
    EXPECT_TRUE(r.Header("X-Experience-API-Version").has_value());
  }
}

// Communication §3.3: the answer's X-Experience-API-Version is the version the request asked
// for, also when the request is refused; with none (or one the LRS does not speak) it is 2.0.0,
// which is what a 2.0 client expects of the 400 (conformance suite 2.0, XAPI-00331).
TEST_F(XapiPlatformTest, RefusalsNameTheVersionTheRequestAskedFor) {
  const LrsCredentials c = NewClient(Json{{"name", "x"}, {"scopes", {"all"}}});
  const Headers basic{{"Authorization", c.Basic()}};
  for (const char* target :
       {"/xapi/statements", "/xapi/activities", "/xapi/agents", "/xapi/activities/state",
        "/xapi/activities/profile", "/xapi/agents/profile"}) {
    SCOPED_TRACE(target);
    for (const char* method : {"GET", "HEAD", "PUT", "POST", "DELETE"}) {
      const std::string_view t(target), m(method);
      if ((t == "/xapi/activities" || t == "/xapi/agents") && m != "GET" && m != "HEAD") continue;
      if (t == "/xapi/statements" && m == "DELETE") continue;
      SCOPED_TRACE(method);
      auto r = app.Call(method, target, "{}", {basic[0], {"Content-Type", "application/json"}});
      EXPECT_EQ(r.status, 400) << r.body;
      EXPECT_EQ(r.Header("X-Experience-API-Version").value_or(""), "2.0.0");
      if (m == "HEAD") {
        EXPECT_TRUE(r.body.empty());
      }
    }
    for (const char* bad : {"0.95", "1.0.", "2.1.0", "3.0.0"}) {
      auto r = app.Call("GET", target, "", {basic[0], {"X-Experience-API-Version", bad}});
      EXPECT_EQ(r.status, 400) << bad;
      EXPECT_EQ(r.Header("X-Experience-API-Version").value_or(""), "2.0.0") << bad;
    }
    // A refused request that asked for a version is answered in it.
    for (const auto& [sent, echoed] : std::vector<std::pair<std::string, std::string>>{
             {"1.0.0", "1.0.3"}, {"1.0.3", "1.0.3"}, {"2.0", "2.0.0"}, {"2.0.0", "2.0.0"}}) {
      auto r = app.Call("GET", std::string(target) + "?unknown=1", "",
                        {basic[0], {"X-Experience-API-Version", sent}});
      EXPECT_EQ(r.status, 400) << sent;
      EXPECT_EQ(r.Header("X-Experience-API-Version").value_or(""), echoed) << sent;
    }
  }
  // The About resource needs no header and answers as the newest version without one.
  auto r = app.Call("GET", "/xapi/about");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("X-Experience-API-Version").value_or(""), "2.0.0");

  // An alternate-syntax request that is refused is answered in the version of its form.
  const Headers form{{"Content-Type", "application/x-www-form-urlencoded"}};
  r = app.Call("POST", "/xapi/statements?method=GET&limit=1", "X-Experience-API-Version=1.0.3",
               form);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.Header("X-Experience-API-Version").value_or(""), "1.0.3");
  r = app.Call("POST", "/xapi/statements?method=GET", "X-Experience-API-Version=2.0.0", form);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.Header("X-Experience-API-Version").value_or(""), "2.0.0");
}

}  // namespace
}  // namespace reskill::test
