// The xAPI document resources over HTTP: state, activity profile and agent profile — parameters
// and their errors, ETags (SHA-1 of the content, quoted), If-Match / If-None-Match (412), 409 for
// a profile PUT without either header, JSON merge on POST, HEAD, Last-Modified, content types,
// version-header rules, bearer tokens, scopes and tenant isolation.
#include <string>

#include <gtest/gtest.h>

#include "domain/xapi_platform/encoding.hpp"
#include "support/test_app.hpp"

namespace reskill::test {
namespace {

using domain::xapi_platform::Base64Encode;
using domain::xapi_platform::Sha1Hex;

constexpr const char* kActivity = "http://example.com/activities/course-1";
constexpr const char* kAgent = R"({"objectType":"Agent","mbox":"mailto:learner@example.com"})";

std::string Q(std::string_view text) {
  return http::PercentEncode(text);
}

std::string StateUrl(const std::string& extra = "") {
  return "/xapi/activities/state?activityId=" + Q(kActivity) + "&agent=" + Q(kAgent) + extra;
}

class XapiDocumentsTest : public ::testing::Test {
 protected:
  void SetUp() override { auth_ = NewClient({"all"}); }

  std::string NewClient(const std::vector<std::string>& scopes, std::string_view tenant = "demo") {
    const Session admin = app.SignIn("admin", tenant);
    auto r = app.CallAs(admin, "POST", "/api/v1/lrs-clients",
                        Json{{"name", "docs"}, {"scopes", scopes}}.dump());
    EXPECT_EQ(r.status, 201) << r.body;
    const Json j = JsonBody(r);
    return "Basic " + Base64Encode(j.value("key", "") + ":" + j.value("secret", ""));
  }

  http::Response X(std::string_view method, const std::string& target, std::string body = "",
                   Headers headers = {}, std::string version = "1.0.3") {
    headers.emplace_back("Authorization", auth_);
    if (!version.empty()) headers.emplace_back("X-Experience-API-Version", version);
    return app.Call(method, target, std::move(body), std::move(headers));
  }

  TestApp app;
  std::string auth_;
};

TEST_F(XapiDocumentsTest, StatePutGetRoundTripsBytesContentTypeAndEtag) {
  const std::string url = StateUrl("&stateId=bookmark");
  auto r = X("PUT", url, "page 7", {{"Content-Type", "text/plain"}});
  ASSERT_EQ(r.status, 204) << r.body;
  EXPECT_EQ(r.Header("X-Experience-API-Version").value_or(""), "1.0.3");

  r = X("GET", url);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body, "page 7");
  EXPECT_EQ(r.content_type, "text/plain");
  EXPECT_EQ(r.Header("ETag").value_or(""), "\"" + Sha1Hex("page 7") + "\"");
  EXPECT_EQ(r.Header("Last-Modified").value_or(""), "Mon, 23 Nov 2026 09:00:00 GMT");

  r = X("HEAD", url);
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(r.body.empty());
  EXPECT_EQ(r.Header("ETag").value_or(""), "\"" + Sha1Hex("page 7") + "\"");

  r = X("GET", StateUrl("&stateId=missing"));
  EXPECT_EQ(r.status, 404);
}

TEST_F(XapiDocumentsTest, StateIdsAreListedWithSinceAndRegistration) {
  const std::string reg = "0b7c5a1e-54a1-4b55-9a1a-1b0a7f1c9d2e";
  ASSERT_EQ(X("PUT", StateUrl("&stateId=a"), "1", {{"Content-Type", "text/plain"}}).status, 204);
  app.clock().Advance(std::chrono::minutes(5));
  ASSERT_EQ(
      X("PUT", StateUrl("&stateId=b&registration=" + reg), "2", {{"Content-Type", "text/plain"}})
          .status,
      204);
  auto r = X("GET", StateUrl());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(JsonBody(r), Json({"a", "b"}));
  EXPECT_TRUE(r.Header("ETag").has_value());
  r = X("GET", StateUrl("&registration=" + reg));
  EXPECT_EQ(JsonBody(r), Json({"b"}));
  r = X("GET", StateUrl("&since=" + Q("2026-11-23T09:01:00Z")));
  EXPECT_EQ(JsonBody(r), Json({"b"}));
  r = X("GET", StateUrl("&since=yesterday"));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(JsonBody(r).value("field", ""), "since");

  // DELETE without stateId removes every state of the activity and agent.
  r = X("DELETE", StateUrl("&registration=" + reg));
  EXPECT_EQ(r.status, 204);
  EXPECT_EQ(JsonBody(X("GET", StateUrl())), Json({"a"}));
  EXPECT_EQ(X("DELETE", StateUrl()).status, 204);
  EXPECT_EQ(JsonBody(X("GET", StateUrl())), Json::array());
}

TEST_F(XapiDocumentsTest, PostMergesJsonObjectsShallowly) {
  const std::string url = StateUrl("&stateId=progress");
  const Headers json{{"Content-Type", "application/json"}};
  ASSERT_EQ(X("POST", url, R"({"a": 1, "b": {"x": 1}})", json).status, 204);
  ASSERT_EQ(X("POST", url, R"({"b": {"y": 2}, "c": 3})", json).status, 204);
  auto r = X("GET", url);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(JsonBody(r), Json::parse(R"({"a": 1, "b": {"y": 2}, "c": 3})"));
  EXPECT_EQ(r.content_type, "application/json");

  // Either side not a JSON object: 400, and the document stays as it was.
  for (const auto& [body, headers] : std::vector<std::pair<std::string, Headers>>{
           {"[1, 2]", json},
           {"not json", json},
           {R"({"d": 4})", {{"Content-Type", "text/plain"}}}}) {
    SCOPED_TRACE(body);
    EXPECT_EQ(X("POST", url, body, headers).status, 400);
  }
  ASSERT_EQ(X("PUT", StateUrl("&stateId=text"), "plain", {{"Content-Type", "text/plain"}}).status,
            204);
  EXPECT_EQ(X("POST", StateUrl("&stateId=text"), R"({"a": 1})", json).status, 400);
  EXPECT_EQ(X("GET", StateUrl("&stateId=text")).body, "plain");
  EXPECT_EQ(JsonBody(X("GET", url)), Json::parse(R"({"a": 1, "b": {"y": 2}, "c": 3})"));

  // A POST for a document that does not exist is stored as a PUT would, whatever its type;
  // JSON that is not an object is refused all the same.
  ASSERT_EQ(X("POST", StateUrl("&stateId=new"), "raw", {{"Content-Type", "text/plain"}}).status,
            204);
  auto fresh = X("GET", StateUrl("&stateId=new"));
  EXPECT_EQ(fresh.body, "raw");
  EXPECT_EQ(fresh.content_type, "text/plain");
  EXPECT_EQ(X("POST", StateUrl("&stateId=array"), "[1]", json).status, 400);
  EXPECT_EQ(X("GET", StateUrl("&stateId=array")).status, 404);
}

TEST_F(XapiDocumentsTest, ConcurrencyHeadersAreHonoured) {
  const std::string url = "/xapi/activities/profile?activityId=" + Q(kActivity) + "&profileId=p1";
  const Headers json{{"Content-Type", "application/json"}};
  auto r =
      X("PUT", url, R"({"v": 1})", {{"Content-Type", "application/json"}, {"If-None-Match", "*"}});
  ASSERT_EQ(r.status, 204) << r.body;
  const std::string etag = "\"" + Sha1Hex(R"({"v": 1})") + "\"";

  // 1.0.3 §3.1.s4.b13: a PUT over an existing profile without either header is a conflict.
  r = X("PUT", url, R"({"v": 2})", json);
  EXPECT_EQ(r.status, 409) << r.body;
  r = X("PUT", url, R"({"v": 2})", {{"Content-Type", "application/json"}, {"If-None-Match", "*"}});
  EXPECT_EQ(r.status, 412);
  r = X("PUT", url, R"({"v": 2})",
        {{"Content-Type", "application/json"}, {"If-Match", "\"" + Sha1Hex("other") + "\""}});
  EXPECT_EQ(r.status, 412);
  EXPECT_EQ(JsonBody(X("GET", url)), Json::parse(R"({"v": 1})"));

  // The right ETag, in upper case, works.
  std::string upper = etag;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  r = X("PUT", url, R"({"v": 2})", {{"Content-Type", "application/json"}, {"If-Match", upper}});
  EXPECT_EQ(r.status, 204) << r.body;

  // POST and DELETE with a stale If-Match: 412 (2.0 requires it; 1.0.3 recommends it).
  for (const char* version : {"1.0.3", "2.0.0"}) {
    SCOPED_TRACE(version);
    r = X("POST", url, R"({"w": 1})", {{"Content-Type", "application/json"}, {"If-Match", etag}},
          version);
    EXPECT_EQ(r.status, 412);
    r = X("DELETE", url, "", {{"If-Match", etag}}, version);
    EXPECT_EQ(r.status, 412);
    EXPECT_EQ(r.Header("X-Experience-API-Version").value_or(""), version);
  }
  EXPECT_EQ(JsonBody(X("GET", url)), Json::parse(R"({"v": 2})"));
  // 1.0.3 §3.1.s3: state needs no concurrency headers to be replaced; xAPI 2.0 asks for them on
  // every document resource.
  ASSERT_EQ(X("PUT", StateUrl("&stateId=s"), "1", json).status, 204);
  EXPECT_EQ(X("PUT", StateUrl("&stateId=s"), "2", json).status, 204);
  EXPECT_EQ(X("PUT", StateUrl("&stateId=s"), "3", json, "2.0.0").status, 409);
  EXPECT_EQ(X("GET", StateUrl("&stateId=s")).body, "2");
  EXPECT_EQ(
      X("PUT", StateUrl("&stateId=s"), "3",
        {{"Content-Type", "application/json"}, {"If-Match", "\"" + Sha1Hex("2") + "\""}}, "2.0.0")
          .status,
      204);
  EXPECT_EQ(X("PUT", StateUrl("&stateId=s2"), "1", json, "2.0.0").status, 204);
}

TEST_F(XapiDocumentsTest, AgentProfilesAreKeyedByTheAgentsIdentifier) {
  const std::string a1 = R"({"mbox":"mailto:learner@example.com"})";
  const std::string a2 =
      R"({"objectType":"Agent","name":"Other name","mbox":"mailto:learner@example.com"})";
  const std::string url = "/xapi/agents/profile?agent=" + Q(a1) + "&profileId=prefs";
  ASSERT_EQ(X("PUT", url, R"({"lang": "es"})",
              {{"Content-Type", "application/json"}, {"If-None-Match", "*"}})
                .status,
            204);
  auto r = X("GET", "/xapi/agents/profile?agent=" + Q(a2) + "&profileId=prefs");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(JsonBody(r)["lang"], "es");
  r = X("GET", "/xapi/agents/profile?agent=" + Q(a1));
  EXPECT_EQ(JsonBody(r), Json({"prefs"}));
  EXPECT_EQ(X("DELETE", "/xapi/agents/profile?agent=" + Q(a1)).status, 400);
  EXPECT_EQ(X("DELETE", url).status, 204);
  EXPECT_EQ(X("GET", url).status, 404);
}

TEST_F(XapiDocumentsTest, BadParametersAreRefusedNamingTheParameter) {
  struct Case {
    std::string method;
    std::string target;
    const char* field;
  };
  const std::string act = "activityId=" + Q(kActivity);
  const std::string agent = "&agent=" + Q(kAgent);
  const std::vector<Case> cases{
      {"GET", "/xapi/activities/state?" + act.substr(0) + "&stateId=x", "agent"},
      {"GET", "/xapi/activities/state?stateId=x" + agent, "activityId"},
      {"GET", "/xapi/activities/state?activityId=not-an-iri&stateId=x" + agent, "activityId"},
      {"GET", "/xapi/activities/state?" + act + "&agent=" + Q("{\"mbox\": \"not-mailto\"}"),
       "agent.mbox"},
      {"GET", "/xapi/activities/state?" + act + "&agent=" + Q("{not json"), "agent"},
      {"GET", "/xapi/activities/state?" + act + "&agent=" + Q(R"({"name": "no ifi"})"), "agent"},
      {"GET",
       "/xapi/activities/state?" + act +
           "&agent=" + Q(R"({"objectType":"Group","mbox":"mailto:g@example.com"})"),
       "agent"},
      {"GET", "/xapi/activities/state?" + act + agent + "&registration=not-a-uuid", "registration"},
      {"GET", "/xapi/activities/state?" + act + agent + "&StateId=x", "StateId"},
      {"GET", "/xapi/activities/state?" + act + agent + "&limit=5", "limit"},
      {"PUT", "/xapi/activities/state?" + act + agent, "stateId"},
      {"PUT",
       "/xapi/activities/state?" + act + agent + "&stateId=x&since=" + Q("2026-01-01T00:00:00Z"),
       "since"},
      {"GET", "/xapi/activities/profile?profileId=p", "activityId"},
      {"DELETE", "/xapi/activities/profile?" + act, "profileId"},
      {"GET", "/xapi/agents/profile?profileId=p", "agent"},
      {"GET", "/xapi/agents/profile?profileId=p" + agent + "&activityId=" + Q(kActivity),
       "activityId"},
  };
  const TableSnapshot before = app.Snapshot();
  for (const auto& c : cases) {
    SCOPED_TRACE(c.method + " " + c.target);
    auto r = X(c.method, c.target, c.method == "PUT" ? "x" : "", {{"Content-Type", "text/plain"}});
    EXPECT_EQ(r.status, 400) << r.body;
    const std::string field = JsonBody(r).value("field", "");
    EXPECT_TRUE(field.starts_with(c.field)) << field << " " << r.body;
  }
  EXPECT_TRUE(SameData(before, app.Snapshot()));
}

TEST_F(XapiDocumentsTest, TheVersionHeaderIsRequiredAndEchoed) {
  const std::string url = StateUrl("&stateId=v");
  auto r = X("GET", url, "", {}, "");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(JsonBody(r).value("field", ""), "X-Experience-API-Version");
  EXPECT_EQ(r.Header("X-Experience-API-Version").value_or(""), "2.0.0");
  for (const char* bad : {"0.95", "1.1.0", "3.0.0", "banana"}) {
    r = X("GET", url, "", {}, bad);
    EXPECT_EQ(r.status, 400) << bad;
  }
  ASSERT_EQ(X("PUT", url, "x", {{"Content-Type", "text/plain"}}, "1.0").status, 204);
  for (const auto& [sent, echoed] : std::vector<std::pair<std::string, std::string>>{
           {"1.0.0", "1.0.3"}, {"1.0.2", "1.0.3"}, {"1.0.3", "1.0.3"}, {"2.0.0", "2.0.0"}}) {
    r = X("GET", url, "", {}, sent);
    EXPECT_EQ(r.status, 200) << sent;
    EXPECT_EQ(r.Header("X-Experience-API-Version").value_or(""), echoed) << sent;
  }
}

TEST_F(XapiDocumentsTest, ScopesAndBearerTokensDecideAccess) {
  const std::string url = StateUrl("&stateId=s");
  ASSERT_EQ(X("PUT", url, "x", {{"Content-Type", "text/plain"}}).status, 204);
  auth_ = NewClient({"statements/write"});
  const TableSnapshot before = app.Snapshot();
  EXPECT_EQ(X("GET", url).status, 403);
  EXPECT_EQ(X("PUT", url, "y", {{"Content-Type", "text/plain"}}).status, 403);
  EXPECT_EQ(X("DELETE", url).status, 403);
  EXPECT_TRUE(SameData(before, app.Snapshot()));

  auth_ = NewClient({"all/read"});
  EXPECT_EQ(X("GET", url).status, 200);
  EXPECT_EQ(X("DELETE", url).status, 403);

  // An OAuth token narrowed to `state` works as a bearer token; a token of `profile` does not.
  const std::string basic = NewClient({"state", "profile"});
  for (const auto& [scope, want] :
       std::vector<std::pair<std::string, int>>{{"state", 200}, {"profile", 403}}) {
    auto t =
        app.Call("POST", "/xapi/oauth/token", "grant_type=client_credentials&scope=" + scope,
                 {{"Content-Type", "application/x-www-form-urlencoded"}, {"Authorization", basic}});
    ASSERT_EQ(t.status, 200) << t.body;
    auth_ = "Bearer " + JsonBody(t)["access_token"].get<std::string>();
    EXPECT_EQ(X("GET", url).status, want) << scope;
  }
}

TEST_F(XapiDocumentsTest, DocumentsAreIsolatedPerAgency) {
  const std::string url = StateUrl("&stateId=secret");
  ASSERT_EQ(X("PUT", url, "demo data", {{"Content-Type", "text/plain"}}).status, 204);
  auth_ = NewClient({"all"}, "other");
  EXPECT_EQ(X("GET", url).status, 404);
  EXPECT_EQ(JsonBody(X("GET", StateUrl())), Json::array());
  EXPECT_EQ(X("DELETE", StateUrl()).status, 204);
  auth_ = NewClient({"all"});
  EXPECT_EQ(X("GET", url).body, "demo data");
}

TEST_F(XapiDocumentsTest, AlternateSyntaxReachesTheDocumentResources) {
  const std::string form = "Authorization=" + Q(auth_) + "&X-Experience-API-Version=1.0.3" +
                           "&Content-Type=application%2Fjson&activityId=" + Q(kActivity) +
                           "&agent=" + Q(kAgent) + "&stateId=alt&content=" + Q(R"({"k": 1})");
  auto r = app.Call("POST", "/xapi/activities/state?method=PUT", form,
                    {{"Content-Type", "application/x-www-form-urlencoded"}});
  ASSERT_EQ(r.status, 204) << r.body;
  r = X("GET", StateUrl("&stateId=alt"));
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(JsonBody(r), Json::parse(R"({"k": 1})"));
  EXPECT_EQ(r.content_type, "application/json");
}

TEST_F(XapiDocumentsTest, ActivitiesResourceAnswersAnActivityObject) {
  auto r = X("GET", "/xapi/activities?activityId=" + Q(kActivity));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(JsonBody(r)["objectType"], "Activity");
  EXPECT_EQ(JsonBody(r)["id"], kActivity);
  EXPECT_TRUE(r.Header("ETag").has_value());
  r = X("HEAD", "/xapi/activities?activityId=" + Q(kActivity));
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(r.body.empty());
  for (const auto& [target, field] : std::vector<std::pair<std::string, std::string>>{
           {"/xapi/activities", "activityId"},
           {"/xapi/activities?activityId=not-an-iri", "activityId"},
           {"/xapi/activities?activityId=" + Q(kActivity) + "&agent=" + Q(kAgent), "agent"}}) {
    r = X("GET", target);
    EXPECT_EQ(r.status, 400) << target;
    EXPECT_EQ(JsonBody(r).value("field", ""), field) << target;
  }
}

TEST_F(XapiDocumentsTest, AgentsResourceAnswersAPersonObject) {
  const std::string agent =
      R"({"objectType":"Agent","name":"Ana","account":{"homePage":"https://lms.example","name":"ana7"}})";
  auto r = X("GET", "/xapi/agents?agent=" + Q(agent));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(JsonBody(r), Json::parse(R"({"objectType":"Person","name":["Ana"],
      "account":[{"homePage":"https://lms.example","name":"ana7"}]})"));
  r = X("GET", "/xapi/agents?agent=" + Q(kAgent), "", {}, "2.0.0");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(JsonBody(r)["mbox"], Json({"mailto:learner@example.com"}));
  EXPECT_FALSE(JsonBody(r).contains("name"));
  for (const std::string& bad :
       {std::string(R"({"name":"no identifier"})"),
        std::string(R"({"objectType":"Group","mbox":"mailto:team@example.com"})"),
        std::string(R"({"mbox":"mailto:a@example.com","openid":"http://a.example"})"),
        std::string("not json")}) {
    r = X("GET", "/xapi/agents?agent=" + Q(bad));
    EXPECT_EQ(r.status, 400) << bad;
    EXPECT_TRUE(JsonBody(r).value("field", "").starts_with("agent")) << bad << r.body;
  }
  EXPECT_EQ(X("GET", "/xapi/agents").status, 400);
}

}  // namespace
}  // namespace reskill::test
