// The xAPI statements resource over HTTP (through the group-commit writer, as served): POST and
// PUT with their refusals (bad IFIs naming the property, version header, conflicting ids, voiding a
// voiding statement, all-or-nothing batches, identical re-sends), GET by id and voided id with
// Last-Modified and X-Experience-API-Consistent-Through, the query parameters, `more` paging,
// since/until, ascending, format=ids, attachments=true, HEAD, scopes and statements/read/mine.
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "domain/xapi_platform/encoding.hpp"
#include "support/jws_signer.hpp"
#include "support/test_app.hpp"

namespace reskill::test {
namespace {

using domain::xapi_platform::Base64Encode;

constexpr const char* kCourse = "http://lms.example.com/course/7";
constexpr const char* kCompleted = "http://adlnet.gov/expapi/verbs/completed";

std::string Id(int n) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "7d1e0c3a-0000-4000-8000-%012d", n);
  return buf;
}

std::string Q(std::string_view text) {
  return http::PercentEncode(text);
}

Json Stmt(int n, const std::string& email = "ann@example.com") {
  return {{"id", Id(n)},
          {"actor", {{"objectType", "Agent"}, {"name", "Ann"}, {"mbox", "mailto:" + email}}},
          {"verb", {{"id", kCompleted}, {"display", {{"en-US", "completed"}, {"es", "completó"}}}}},
          {"object",
           {{"id", kCourse}, {"definition", {{"name", {{"en-US", "Course"}, {"es", "Curso"}}}}}}}};
}

class XapiStatementsTest : public ::testing::Test {
 protected:
  void SetUp() override { auth_ = NewClient({"all"}); }

  std::string NewClient(const std::vector<std::string>& scopes, std::string_view tenant = "demo") {
    const Session admin = app.SignIn("admin", tenant);
    auto r = app.CallAs(admin, "POST", "/api/v1/lrs-clients",
                        Json{{"name", "lms"}, {"scopes", scopes}}.dump());
    EXPECT_EQ(r.status, 201) << r.body;
    const Json j = JsonBody(r);
    return "Basic " + Base64Encode(j.value("key", "") + ":" + j.value("secret", ""));
  }

  http::Response X(std::string_view method, const std::string& target, std::string body = "",
                   Headers headers = {}, std::string version = "1.0.3") {
    headers.emplace_back("Authorization", auth_);
    if (!version.empty()) headers.emplace_back("X-Experience-API-Version", version);
    if (!body.empty()) headers.emplace_back("Content-Type", "application/json");
    return app.Call(method, target, std::move(body), std::move(headers));
  }

  http::Response Post(const Json& body) { return X("POST", "/xapi/statements", body.dump()); }

  // A signed statement refused for its signature: 400 naming the signature attachment.
  static void ExpectSignatureRefused(const http::Response& r) {
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(JsonBody(r).value("field", ""), "statement.attachments[0]") << r.body;
  }

  // POSTs a statement with its JWS signature as the multipart's second part.
  http::Response PostSigned(const Json& statement, const std::string& jws,
                            const std::string& version) {
    std::string body = "--B\r\nContent-Type: application/json\r\n\r\n" + statement.dump() +
                       "\r\n--B\r\nContent-Type: application/octet-stream\r\n"
                       "Content-Transfer-Encoding: binary\r\nX-Experience-API-Hash: " +
                       domain::xapi_platform::Sha256Hex(jws) + "\r\n\r\n" + jws + "\r\n--B--\r\n";
    return app.Call("POST", "/xapi/statements", body,
                    {{"Content-Type", "multipart/mixed; boundary=B"},
                     {"Authorization", auth_},
                     {"X-Experience-API-Version", version}});
  }

  // Every statement id a query returns, following `more` links.
  std::vector<std::string> AllIds(const std::string& query, int* pages = nullptr) {
    std::vector<std::string> out;
    std::string next = "/xapi/statements" + query;
    int n = 0;
    while (!next.empty() && n < 50) {
      auto r = X("GET", next);
      EXPECT_EQ(r.status, 200) << r.body;
      if (r.status != 200) break;
      const Json j = JsonBody(r);
      for (const auto& s : j["statements"]) out.push_back(s.value("id", ""));
      next = j.value("more", "");
      ++n;
    }
    if (pages) *pages = n;
    return out;
  }

  TestApp app;
  std::string auth_;
};

TEST_F(XapiStatementsTest, PostThenGetByIdWithTheLrsProperties) {
  auto r = Post(Stmt(1));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(JsonBody(r), Json::array({Id(1)}));
  Json no_id = Stmt(2);
  no_id.erase("id");
  r = Post(Json::array({no_id}));
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string assigned = JsonBody(r)[0];
  EXPECT_EQ(assigned.size(), 36u);

  r = X("GET", "/xapi/statements?statementId=" + Id(1));
  ASSERT_EQ(r.status, 200) << r.body;
  const Json s = JsonBody(r);
  EXPECT_EQ(s["id"], Id(1));
  EXPECT_EQ(s["stored"], "2026-11-23T09:00:00.000Z");
  EXPECT_EQ(s["timestamp"], s["stored"]);
  EXPECT_EQ(s["version"], "1.0.0");
  EXPECT_EQ(s["authority"]["objectType"], "Agent");
  EXPECT_EQ(s["actor"]["mbox"], "mailto:ann@example.com");
  EXPECT_EQ(r.Header("Last-Modified").value_or(""), "Mon, 23 Nov 2026 09:00:00 GMT");
  EXPECT_EQ(r.Header("X-Experience-API-Consistent-Through").value_or(""),
            "2026-11-23T09:00:00.000Z");
  EXPECT_EQ(r.Header("X-Experience-API-Version").value_or(""), "1.0.3");

  r = X("HEAD", "/xapi/statements?statementId=" + Id(1));
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(r.body.empty());
  EXPECT_EQ(X("GET", "/xapi/statements?statementId=" + Id(99)).status, 404);
  EXPECT_EQ(X("GET", "/xapi/statements?statementId=" + assigned).status, 200);

  // 2.0 requests get 2.0 answers and statements stored as 2.0.0.
  Json two = Stmt(3);
  r = X("POST", "/xapi/statements", two.dump(), {}, "2.0.0");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Header("X-Experience-API-Version").value_or(""), "2.0.0");
  EXPECT_EQ(JsonBody(X("GET", "/xapi/statements?statementId=" + Id(3)))["version"], "2.0.0");
}

TEST_F(XapiStatementsTest, VersionHeaderIsRequired) {
  auto r = X("POST", "/xapi/statements", Stmt(1).dump(), {}, "");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(JsonBody(r).value("field", ""), "X-Experience-API-Version");
  r = X("POST", "/xapi/statements", Stmt(1).dump(), {}, "0.95");
  EXPECT_EQ(r.status, 400);
  r = X("GET", "/xapi/statements", "", {}, "1.1.0");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(X("GET", "/xapi/statements?statementId=" + Id(1)).status, 404);  // nothing stored
}

TEST_F(XapiStatementsTest, BadStatementsAreRefusedNamingThePropertyAndStoreNothing) {
  Json bad_mbox = Stmt(2);
  bad_mbox["actor"]["mbox"] = "ann@example.com";
  auto r = Post(Json::array({Stmt(1), bad_mbox, Stmt(3)}));
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(JsonBody(r).value("field", ""), "statement[1].actor.mbox");
  Json two_ifis = Stmt(4);
  two_ifis["actor"]["openid"] = "http://openid.example.com/ann";
  r = Post(two_ifis);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(JsonBody(r).value("field", ""), "statement.actor");
  Json bad_sha1 = Stmt(5);
  bad_sha1["actor"] = {{"mbox_sha1sum", "xyz"}};
  r = Post(bad_sha1);
  EXPECT_EQ(JsonBody(r).value("field", ""), "statement.actor.mbox_sha1sum");
  EXPECT_EQ(X("POST", "/xapi/statements", "{\"actor\":").status, 400);
  EXPECT_EQ(X("POST", "/xapi/statements?statementId=" + Id(9), Stmt(9).dump()).status, 400);
  EXPECT_TRUE(AllIds("").empty());
}

TEST_F(XapiStatementsTest, PutNeedsAMatchingIdAndStatementsAreImmutable) {
  auto r = X("PUT", "/xapi/statements", Stmt(1).dump());
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(JsonBody(r).value("field", ""), "statementId");
  r = X("PUT", "/xapi/statements?statementId=" + Id(2), Stmt(1).dump());
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(JsonBody(r).value("field", ""), "statement.id");
  r = X("PUT", "/xapi/statements?statementId=not-a-uuid", Stmt(1).dump());
  EXPECT_EQ(JsonBody(r).value("field", ""), "statementId");

  Json no_id = Stmt(1);
  no_id.erase("id");
  r = X("PUT", "/xapi/statements?statementId=" + Id(1), no_id.dump());
  ASSERT_EQ(r.status, 204) << r.body;
  EXPECT_TRUE(r.body.empty());
  // Re-sending the identical statement succeeds, whatever the resource used (Open edX re-sends).
  app.clock().Advance(std::chrono::minutes(1));
  EXPECT_EQ(X("PUT", "/xapi/statements?statementId=" + Id(1), Stmt(1).dump()).status, 204);
  r = Post(Json::array({Stmt(1)}));
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(JsonBody(r), Json::array({Id(1)}));

  Json changed = Stmt(1);
  changed["verb"]["id"] = "http://adlnet.gov/expapi/verbs/passed";
  r = X("PUT", "/xapi/statements?statementId=" + Id(1), changed.dump());
  EXPECT_EQ(r.status, 409) << r.body;
  r = Post(Json::array({Stmt(2), changed}));
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(JsonBody(r).value("field", ""), "statement[1].id");
  EXPECT_EQ(AllIds(""), std::vector<std::string>{Id(1)});  // statement 2 was not stored
  // Two statements with one id in one batch.
  r = Post(Json::array({Stmt(3), Stmt(3)}));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(JsonBody(r).value("field", ""), "statement[1].id");
}

TEST_F(XapiStatementsTest, VoidingHidesTheTargetAndCannotBeVoided) {
  ASSERT_EQ(Post(Json::array({Stmt(1), Stmt(2)})).status, 200);
  const Json voiding = {{"id", Id(10)},
                        {"actor", {{"mbox", "mailto:admin@example.com"}}},
                        {"verb", {{"id", "http://adlnet.gov/expapi/verbs/voided"}}},
                        {"object", {{"objectType", "StatementRef"}, {"id", Id(1)}}}};
  ASSERT_EQ(Post(voiding).status, 200);
  EXPECT_EQ(X("GET", "/xapi/statements?statementId=" + Id(1)).status, 404);
  auto r = X("GET", "/xapi/statements?voidedStatementId=" + Id(1));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(JsonBody(r)["id"], Id(1));
  EXPECT_EQ(X("GET", "/xapi/statements?voidedStatementId=" + Id(2)).status, 404);
  EXPECT_EQ(AllIds(""), (std::vector<std::string>{Id(10), Id(2)}));

  Json void_the_voiding = voiding;
  void_the_voiding["id"] = Id(11);
  void_the_voiding["object"]["id"] = Id(10);
  r = Post(void_the_voiding);
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(JsonBody(r).value("field", ""), "statement.object.id");
  EXPECT_EQ(X("GET", "/xapi/statements?statementId=" + Id(10)).status, 200);
  EXPECT_EQ(X("GET", "/xapi/statements?statementId=" + Id(11)).status, 404);
}

// Regression (docs/lrs.md "Voiding"): the target of a voiding statement may arrive after it.
TEST_F(XapiStatementsTest, TargetArrivingAfterItsVoidingStatementIsVoided) {
  const Json voiding = {{"id", Id(10)},
                        {"actor", {{"mbox", "mailto:admin@example.com"}}},
                        {"verb", {{"id", "http://adlnet.gov/expapi/verbs/voided"}}},
                        {"object", {{"objectType", "StatementRef"}, {"id", Id(1)}}}};
  ASSERT_EQ(Post(voiding).status, 200);
  auto r = X("PUT", "/xapi/statements?statementId=" + Id(1), Stmt(1).dump());
  ASSERT_EQ(r.status, 204) << r.body;
  ASSERT_EQ(Post(Stmt(2)).status, 200);
  EXPECT_EQ(X("GET", "/xapi/statements?statementId=" + Id(1)).status, 404);
  r = X("GET", "/xapi/statements?voidedStatementId=" + Id(1));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(JsonBody(r)["id"], Id(1));
  EXPECT_EQ(AllIds(""), (std::vector<std::string>{Id(2), Id(10)}));
  // Re-sending the target is still an identical, successful no-op.
  EXPECT_EQ(X("PUT", "/xapi/statements?statementId=" + Id(1), Stmt(1).dump()).status, 204);
  EXPECT_EQ(X("GET", "/xapi/statements?statementId=" + Id(1)).status, 404);

  // A late "target" that is a voiding statement itself is stored, not voided.
  Json first = voiding;
  first["id"] = Id(20);
  first["object"]["id"] = Id(21);
  ASSERT_EQ(Post(first).status, 200);
  Json second = voiding;
  second["id"] = Id(21);
  second["object"]["id"] = Id(2);
  ASSERT_EQ(Post(second).status, 200);
  EXPECT_EQ(X("GET", "/xapi/statements?statementId=" + Id(21)).status, 200);
  EXPECT_EQ(X("GET", "/xapi/statements?voidedStatementId=" + Id(2)).status, 200);
}

TEST_F(XapiStatementsTest, MoreLinksPageThroughEverythingOnce) {
  Json batch = Json::array();
  for (int i = 1; i <= 7; ++i) batch.push_back(Stmt(i));
  ASSERT_EQ(Post(batch).status, 200);
  int pages = 0;
  auto ids = AllIds("?limit=3&agent=" + Q(R"({"mbox":"mailto:ann@example.com"})"), &pages);
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(ids, (std::vector<std::string>{Id(7), Id(6), Id(5), Id(4), Id(3), Id(2), Id(1)}));
  ids = AllIds("?limit=2&ascending=true", &pages);
  EXPECT_EQ(pages, 4);
  EXPECT_EQ(ids, (std::vector<std::string>{Id(1), Id(2), Id(3), Id(4), Id(5), Id(6), Id(7)}));
  auto r = X("GET", "/xapi/statements?limit=7");
  EXPECT_EQ(JsonBody(r).value("more", "x"), "");
}

TEST_F(XapiStatementsTest, SinceAndUntilSelectByStoredTime) {
  for (int i = 1; i <= 4; ++i) {
    ASSERT_EQ(Post(Stmt(i)).status, 200);
    app.clock().Advance(std::chrono::minutes(1));
  }
  // Statement i was stored at 09:0(i-1):00.
  EXPECT_EQ(AllIds("?since=" + Q("2026-11-23T09:01:00Z")),
            (std::vector<std::string>{Id(4), Id(3)}));
  EXPECT_EQ(AllIds("?until=" + Q("2026-11-23T09:01:00Z")),
            (std::vector<std::string>{Id(2), Id(1)}));
  EXPECT_EQ(AllIds("?ascending=true&since=" + Q("2026-11-23T09:00:30Z") +
                   "&until=" + Q("2026-11-23T10:02:00+01:00")),
            (std::vector<std::string>{Id(2), Id(3)}));
  // Times far outside what the store's keys hold still answer correctly.
  EXPECT_EQ(AllIds("?since=" + Q("1900-01-01T00:00:00Z") + "&until=" + Q("9999-12-31T23:59:59Z")),
            (std::vector<std::string>{Id(4), Id(3), Id(2), Id(1)}));
  EXPECT_TRUE(AllIds("?since=" + Q("9999-01-01T00:00:00Z")).empty());
  EXPECT_TRUE(AllIds("?until=" + Q("1960-01-01T00:00:00Z")).empty());
  auto r = X("GET", "/xapi/statements?since=yesterday");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(JsonBody(r).value("field", ""), "since");
}

TEST_F(XapiStatementsTest, FiltersAndFormats) {
  Json other = Stmt(2, "bob@example.com");
  other["verb"]["id"] = "http://adlnet.gov/expapi/verbs/progressed";
  other["context"] = {{"registration", "6f1c2a7e-1d1b-4c1e-9a51-0f5f7f0d2b11"}};
  ASSERT_EQ(Post(Json::array({Stmt(1), other})).status, 200);
  EXPECT_EQ(AllIds("?verb=" + Q(kCompleted)), std::vector<std::string>{Id(1)});
  EXPECT_EQ(AllIds("?activity=" + Q(kCourse)), (std::vector<std::string>{Id(2), Id(1)}));
  EXPECT_EQ(AllIds("?registration=6F1C2A7E-1D1B-4C1E-9A51-0F5F7F0D2B11"),
            std::vector<std::string>{Id(2)});
  EXPECT_EQ(
      AllIds("?agent=" + Q(R"({"mbox":"mailto:bob@example.com"})") + "&verb=" + Q(kCompleted)),
      std::vector<std::string>{});

  auto r = X("GET", "/xapi/statements?format=ids&statementId=" + Id(1));
  ASSERT_EQ(r.status, 200) << r.body;
  Json s = JsonBody(r);
  EXPECT_EQ(s["actor"], Json({{"objectType", "Agent"}, {"mbox", "mailto:ann@example.com"}}));
  EXPECT_EQ(s["verb"], Json({{"id", kCompleted}}));
  EXPECT_EQ(s["object"], Json({{"id", kCourse}}));
  r = X("GET", "/xapi/statements?format=canonical&statementId=" + Id(1), "",
        {{"Accept-Language", "es, en-US;q=0.5"}});
  s = JsonBody(r);
  EXPECT_EQ(s["verb"]["display"], Json({{"es", "completó"}}));
  EXPECT_EQ(s["object"]["definition"]["name"], Json({{"es", "Curso"}}));
  EXPECT_EQ(JsonBody(X("GET", "/xapi/statements?format=ids"))["statements"][0]["verb"],
            Json({{"id", "http://adlnet.gov/expapi/verbs/progressed"}}));

  r = X("GET", "/xapi/statements?attachments=true");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.content_type.starts_with("multipart/mixed; boundary=")) << r.content_type;
  EXPECT_NE(r.body.find("Content-Type: application/json"), std::string::npos);
  EXPECT_TRUE(r.Header("X-Experience-API-Consistent-Through").has_value());
}

// Communication §2.1.3 format=canonical: Activities carry the LRS's definition (merged from every
// statement), each language map reduced to the one language Accept-Language prefers.
TEST_F(XapiStatementsTest, CanonicalFormatReturnsTheLrsDefinitionInOneLanguage) {
  constexpr const char* kProgram = "http://lms.example.com/program/1";
  Json later = Stmt(2);
  later["object"]["definition"] = {{"name", {{"fr", "Cours"}}},
                                   {"description", {{"en-US", "A course"}, {"fr-CA", "Un cours"}}},
                                   {"type", "http://adlnet.gov/expapi/activities/course"}};
  later["context"] = {
      {"contextActivities",
       {{"parent",
         Json::array({{{"id", kProgram},
                       {"definition", {{"name", {{"en", "Program"}, {"es", "Programa"}}}}}}})}}}};
  ASSERT_EQ(Post(Json::array({Stmt(1), later})).status, 200);

  const auto canonical = [&](const std::string& query, const std::string& accept) {
    Headers h;
    if (!accept.empty()) h.emplace_back("Accept-Language", accept);
    auto r = X("GET", "/xapi/statements?format=canonical&" + query, "", h);
    EXPECT_EQ(r.status, 200) << r.body;
    return JsonBody(r);
  };
  // Statement 1 was sent with an English and Spanish name only: canonical is the merged one.
  Json s = canonical("statementId=" + Id(1), "fr-CA, fr;q=0.9, en;q=0.5");
  EXPECT_EQ(s["object"]["definition"],
            Json({{"name", {{"fr", "Cours"}}},
                  {"description", {{"fr-CA", "Un cours"}}},
                  {"type", "http://adlnet.gov/expapi/activities/course"}}));
  EXPECT_EQ(s["verb"]["display"], Json({{"en-US", "completed"}}));  // "en" range, q=0.5
  EXPECT_EQ(s["actor"], Stmt(1)["actor"]);                          // agents stay exact
  s = canonical("statementId=" + Id(1), "en");
  EXPECT_EQ(s["object"]["definition"]["name"], Json({{"en-US", "Course"}}));
  EXPECT_EQ(s["object"]["definition"]["description"], Json({{"en-US", "A course"}}));
  s = canonical("statementId=" + Id(1), "es;q=0, en-US;q=0.2, *;q=0.1");
  EXPECT_EQ(s["object"]["definition"]["name"], Json({{"en-US", "Course"}}));
  s = canonical("statementId=" + Id(1), "*;q=0.5, es");
  EXPECT_EQ(s["object"]["definition"]["name"], Json({{"es", "Curso"}}));
  // Nothing acceptable, or no header: still exactly one language.
  s = canonical("statementId=" + Id(1), "de");
  EXPECT_EQ(s["object"]["definition"]["name"].size(), 1u);
  EXPECT_EQ(canonical("statementId=" + Id(1), "")["verb"]["display"].size(), 1u);

  // Lists: every statement gets the canonical definition, context activities included.
  Json page = canonical("activity=" + Q(kCourse), "es-MX, es;q=0.8");
  ASSERT_EQ(page["statements"].size(), 2u);
  for (const auto& st : page["statements"]) {
    EXPECT_EQ(st["object"]["definition"]["name"], Json({{"es", "Curso"}})) << st.dump();
  }
  EXPECT_EQ(page["statements"][0]["context"]["contextActivities"]["parent"][0]["definition"],
            Json({{"name", {{"es", "Programa"}}}}));

  // exact is untouched; the activities resource answers the same merged definition in full.
  auto r = X("GET", "/xapi/statements?statementId=" + Id(1));
  EXPECT_EQ(JsonBody(r)["object"]["definition"], Stmt(1)["object"]["definition"]);
  r = X("GET", "/xapi/activities?activityId=" + Q(kCourse));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(JsonBody(r)["definition"]["name"],
            Json({{"en-US", "Course"}, {"es", "Curso"}, {"fr", "Cours"}}));
}

// A multipart/mixed request: the statements, then one part per attachment.
std::string Multipart(const Json& statements, const std::vector<std::string>& parts,
                      const std::string& hash_override = "", bool binary = true) {
  std::string body = "--B\r\nContent-Type: application/json\r\n\r\n" + statements.dump();
  for (const auto& p : parts) {
    body += "\r\n--B\r\nContent-Type: text/plain\r\n";
    if (binary) body += "Content-Transfer-Encoding: binary\r\n";
    body += "X-Experience-API-Hash: " +
            (hash_override.empty() ? domain::xapi_platform::Sha256Hex(p) : hash_override) +
            "\r\n\r\n" + p;
  }
  return body + "\r\n--B--\r\n";
}

Json WithAttachment(int n, const std::string& content) {
  Json s = Stmt(n);
  s["attachments"] = Json::array({{{"usageType", "http://example.com/attachment-usage/certificate"},
                                   {"display", {{"en-US", "Certificate"}}},
                                   {"contentType", "text/plain"},
                                   {"length", content.size()},
                                   {"sha2", domain::xapi_platform::Sha256Hex(content)}}});
  return s;
}

TEST_F(XapiStatementsTest, AttachmentsTravelInMultipartMixed) {
  const std::string content = "Certificate of completion\nAnn, Course 7";
  const Headers multipart{{"Content-Type", "multipart/mixed; boundary=B"}};
  auto call = [&](const std::string& method, const std::string& url, const std::string& body) {
    Headers h = multipart;
    h.emplace_back("Authorization", auth_);
    h.emplace_back("X-Experience-API-Version", "1.0.3");
    return app.Call(method, url, body, h);
  };
  // Without the part, a statement attachment lacking fileUrl is refused.
  auto r = Post(WithAttachment(1, content));
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(JsonBody(r).value("field", ""), "statement.attachments[0].sha2");
  // A wrong hash, a missing encoding header, a part no statement names, a broken body.
  r = call("POST", "/xapi/statements",
           Multipart(WithAttachment(1, content), {content}, std::string(64, 'a')));
  EXPECT_EQ(JsonBody(r).value("field", ""), "X-Experience-API-Hash") << r.body;
  r = call("POST", "/xapi/statements", Multipart(WithAttachment(1, content), {content}, "", false));
  EXPECT_EQ(JsonBody(r).value("field", ""), "Content-Transfer-Encoding") << r.body;
  r = call("POST", "/xapi/statements", Multipart(Stmt(1), {content}));
  EXPECT_EQ(r.status, 400) << r.body;
  r = call("POST", "/xapi/statements", "--B\r\nContent-Type: application/json\r\n\r\n{}");
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_TRUE(AllIds("").empty());

  r = call("POST", "/xapi/statements",
           Multipart(Json::array({WithAttachment(1, content)}), {content}));
  ASSERT_EQ(r.status, 200) << r.body;
  r = call("PUT", "/xapi/statements?statementId=" + Id(2),
           Multipart(WithAttachment(2, content), {content}));
  ASSERT_EQ(r.status, 204) << r.body;

  r = X("GET", "/xapi/statements?attachments=true&statementId=" + Id(1));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.content_type.starts_with("multipart/mixed; boundary=")) << r.content_type;
  EXPECT_NE(r.body.find("X-Experience-API-Hash: " + domain::xapi_platform::Sha256Hex(content)),
            std::string::npos);
  EXPECT_NE(r.body.find("\r\n\r\n" + content + "\r\n--"), std::string::npos) << r.body;
  // A page carries each attachment once, however many statements name it.
  r = X("GET", "/xapi/statements?attachments=true");
  ASSERT_EQ(r.status, 200);
  const std::string marker = "\r\n\r\n" + content;
  EXPECT_NE(r.body.find(marker), std::string::npos);
  EXPECT_EQ(r.body.find(marker), r.body.rfind(marker));
  // Without attachments=true, the statements alone.
  r = X("GET", "/xapi/statements?statementId=" + Id(1));
  EXPECT_EQ(r.content_type, "application/json");
}

std::string Base64Url(const std::string& data) {
  std::string b = Base64Encode(data);
  while (!b.empty() && b.back() == '=') b.pop_back();
  for (char& c : b) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  return b;
}

// A statement signed by `jws`: the signature attachment naming the JWS part.
Json Signed(Json statement, const std::string& jws) {
  statement["attachments"] =
      Json::array({{{"usageType", "http://adlnet.gov/expapi/attachments/signature"},
                    {"display", {{"en-US", "Signature"}}},
                    {"contentType", "application/octet-stream"},
                    {"length", jws.size()},
                    {"sha2", domain::xapi_platform::Sha256Hex(jws)}}});
  return statement;
}

TEST_F(XapiStatementsTest, SignedStatementsNeedAJwsOfTheSameStatement) {
  auto post = [&](const Json& statement, const std::string& jws) {
    return PostSigned(statement, jws, "1.0.3");
  };
  const Json original = Stmt(1);
  const std::string rs256 = Base64Url(R"({"alg":"RS256"})");
  const std::string good = rs256 + "." + Base64Url(original.dump()) + ".c2lnbmF0dXJl";

  Json other = original;
  other["verb"]["id"] = "http://adlnet.gov/expapi/verbs/passed";
  for (const auto& [name, jws] : std::vector<std::pair<std::string, std::string>>{
           {"another statement", rs256 + "." + Base64Url(other.dump()) + ".c2ln"},
           {"HS256", Base64Url(R"({"alg":"HS256"})") + "." + Base64Url(original.dump()) + ".c2ln"},
           {"not compact", rs256 + "." + Base64Url(original.dump())},
           {"payload not JSON", rs256 + "." + Base64Url("nope") + ".c2ln"}}) {
    SCOPED_TRACE(name);
    ExpectSignatureRefused(post(Signed(original, jws), jws));
  }
  EXPECT_TRUE(AllIds("").empty());
  auto r = post(Signed(original, good), good);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(JsonBody(r), Json::array({Id(1)}));
}

// Issue 5 (xAPI Data 2.6): a JWS whose header carries x5c must verify with the first
// certificate's key, or the statement is refused naming the signature attachment; a JWS without
// x5c is checked as before (structure, algorithm, payload) but its signature value is not.
TEST_F(XapiStatementsTest, Issue5SignaturesVerifyWithTheirX5cCertificate) {
  auto post = [&](const Json& statement, const std::string& jws) {
    return PostSigned(statement, jws, "2.0.0");
  };
  const test::JwsSigner signer;
  const test::JwsSigner stranger;
  const Json original = Stmt(21);
  const std::string payload = original.dump();
  const std::string valid = signer.Sign(payload, "RS256");
  // The same header and payload, the signature of another key (the x5c names the signer's).
  const std::string input = valid.substr(0, valid.rfind('.'));
  const std::string foreign = input + "." + test::Base64UrlEncode(stranger.SignRaw("RS256", input));
  std::string tampered = valid;
  tampered[input.size() + 5] = tampered[input.size() + 5] == 'A' ? 'B' : 'A';
  const std::string cert = Base64Encode(signer.CertificateDer());
  for (const auto& [name, jws] : std::vector<std::pair<std::string, std::string>>{
           {"tampered signature", tampered},
           {"signed by another key", foreign},
           {"HS256 with x5c", Base64UrlEncode(R"({"alg":"HS256","x5c":[")" + cert + "\"]}") + "." +
                                  Base64UrlEncode(payload) + ".c2ln"},
           {"x5c not an array", Base64UrlEncode(R"({"alg":"RS256","x5c":")" + cert + "\"}") + "." +
                                    Base64UrlEncode(payload) + ".c2ln"},
           {"x5c not a certificate", Base64UrlEncode(R"({"alg":"RS256","x5c":["bm9wZQ=="]})") +
                                         "." + Base64UrlEncode(payload) + ".c2ln"},
           {"signature not base64url", input + ".***"}}) {
    SCOPED_TRACE(name);
    ExpectSignatureRefused(post(Signed(original, jws), jws));
  }
  EXPECT_TRUE(AllIds("").empty());
  auto r = post(Signed(original, valid), valid);
  ASSERT_EQ(r.status, 200) << r.body;
  // RS512, and a JWS without x5c whose signature value the LRS cannot check (as before).
  const Json second = Stmt(22);
  const std::string rs512 = signer.Sign(second.dump(), "RS512");
  r = post(Signed(second, rs512), rs512);
  EXPECT_EQ(r.status, 200) << r.body;
  const Json third = Stmt(23);
  const std::string no_x5c =
      Base64UrlEncode(R"({"alg":"RS256"})") + "." + Base64UrlEncode(third.dump()) + ".c2ln";
  r = post(Signed(third, no_x5c), no_x5c);
  EXPECT_EQ(r.status, 200) << r.body;
}

TEST_F(XapiStatementsTest, AlternateSyntaxStoresAndReadsStatements) {
  const std::string head = "Authorization=" + Q(auth_) +
                           "&X-Experience-API-Version=1.0.3&Content-Type=application%2Fjson";
  auto r = app.Call("POST", "/xapi/statements?method=PUT",
                    head + "&statementId=" + Id(5) + "&content=" + Q(Stmt(5).dump()),
                    {{"Content-Type", "application/x-www-form-urlencoded"}});
  ASSERT_EQ(r.status, 204) << r.body;
  r = app.Call("POST", "/xapi/statements?method=GET", head + "&statementId=" + Id(5),
               {{"Content-Type", "application/x-www-form-urlencoded"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(JsonBody(r)["id"], Id(5));
}

// 1.0.3 Communication §1.3: the request's own version header (one the LRS speaks) wins over a
// form field of that name, as the 1.0.3 conformance suite expects (its form names 0.8); the
// syntax exists only as a POST; and it is refused in 2.0 whichever side names 2.0.
TEST_F(XapiStatementsTest, AlternateSyntaxVersionRules) {
  const Headers form_1_0{{"Content-Type", "application/x-www-form-urlencoded"},
                         {"Authorization", auth_},
                         {"X-Experience-API-Version", "1.0.3"}};
  auto r = app.Call(
      "POST", "/xapi/statements?method=PUT",
      "statementId=" + Id(6) + "&X-Experience-API-Version=0.8&content=" + Q(Stmt(6).dump()),
      form_1_0);
  ASSERT_EQ(r.status, 204) << r.body;
  EXPECT_EQ(r.Header("X-Experience-API-Version").value_or(""), "1.0.3");
  EXPECT_EQ(X("GET", "/xapi/statements?statementId=" + Id(6)).status, 200);

  // Without a usable header the form's version counts: 0.8 is refused.
  Headers no_header{{"Content-Type", "application/x-www-form-urlencoded"},
                    {"Authorization", auth_}};
  r = app.Call(
      "POST", "/xapi/statements?method=PUT",
      "statementId=" + Id(7) + "&X-Experience-API-Version=0.8&content=" + Q(Stmt(7).dump()),
      no_header);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(JsonBody(r).value("field", ""), "X-Experience-API-Version");

  // Not a POST: `method` is an unknown parameter of GET and PUT.
  r = app.Call("GET", "/xapi/statements?method=POST", "", form_1_0);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(JsonBody(r).value("field", ""), "method");

  // 2.0 removed the syntax: a 2.0 header, or a 2.0 form field without a usable header.
  for (const Headers& h : {Headers{{"Content-Type", "application/x-www-form-urlencoded"},
                                   {"Authorization", auth_},
                                   {"X-Experience-API-Version", "2.0.0"}},
                           no_header}) {
    r = app.Call(
        "POST", "/xapi/statements?method=PUT",
        "statementId=" + Id(8) + "&X-Experience-API-Version=2.0.0&content=" + Q(Stmt(8).dump()), h);
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(JsonBody(r).value("field", ""), "method");
    EXPECT_EQ(r.Header("X-Experience-API-Version").value_or(""), "2.0.0");
  }
  EXPECT_EQ(X("GET", "/xapi/statements?statementId=" + Id(8)).status, 404);
}

TEST_F(XapiStatementsTest, HostileBodiesAreRefusedCleanly) {
  // Deep nesting inside an extension, invalid UTF-8, wrong types, a huge body: 400/413, no 500.
  std::string deep = "1";
  for (int i = 0; i < 200; ++i) deep = "[" + deep + "]";
  Json nested = Stmt(1);
  std::string text = nested.dump();
  text.insert(text.size() - 1, R"(,"result":{"extensions":{"http://example.com/x":)" + deep + "}}");
  auto r = X("POST", "/xapi/statements", text);
  EXPECT_EQ(r.status, 400) << r.body;
  r = X("POST", "/xapi/statements",
        R"({"actor":{"mbox":"mailto:a@b.c","name":")" + std::string("\xff\xfe") + R"("}})");
  EXPECT_EQ(r.status, 400) << r.body;
  Json wrong = Stmt(2);
  wrong["verb"] = "completed";
  r = Post(wrong);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(JsonBody(r).value("field", ""), "statement.verb");
  Json many = Json::array();
  while (many.dump().size() < 80 * 1024) many.push_back(Stmt(static_cast<int>(many.size()) + 10));
  r = Post(many);
  EXPECT_EQ(r.status, 413) << r.body.substr(0, 200);
  EXPECT_TRUE(AllIds("").empty());
}

TEST_F(XapiStatementsTest, BadQueryParametersAreNamed) {
  struct Case {
    std::string query;
    std::string field;
  };
  for (const Case& c : std::vector<Case>{
           {"?agent=" + Q(R"({"mbox":"ann@example.com"})"), "agent.mbox"},
           {"?agent=notjson", "agent"},
           {"?verb=completed", "verb"},
           {"?activity=" + Q("not an iri"), "activity"},
           {"?registration=123", "registration"},
           {"?limit=-1", "limit"},
           {"?limit=ten", "limit"},
           {"?format=full", "format"},
           {"?ascending=yes", "ascending"},
           {"?related_agents=1", "related_agents"},
           {"?unknown=1", "unknown"},
           {"?Verb=" + Q(kCompleted), "Verb"},
           {"?limit=1&limit=2", "limit"},
           {"?statementId=" + Id(1) + "&agent=" + Q(R"({"mbox":"mailto:a@b.c"})"), "agent"},
           {"?statementId=" + Id(1) + "&voidedStatementId=" + Id(2), "voidedStatementId"},
           {"?statementId=abc", "statementId"},
           {"?cursor=abc", "cursor"}}) {
    SCOPED_TRACE(c.query);
    auto r = X("GET", "/xapi/statements" + c.query);
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(JsonBody(r).value("field", ""), c.field) << r.body;
  }
}

TEST_F(XapiStatementsTest, ScopesAndReadMine) {
  const std::string all = auth_;
  ASSERT_EQ(Post(Stmt(1)).status, 200);
  auth_ = NewClient({"statements/write", "statements/read/mine"});
  ASSERT_EQ(Post(Stmt(2)).status, 200);
  EXPECT_EQ(AllIds(""), std::vector<std::string>{Id(2)});
  EXPECT_EQ(X("GET", "/xapi/statements?statementId=" + Id(1)).status, 404);
  EXPECT_EQ(X("GET", "/xapi/statements?statementId=" + Id(2)).status, 200);
  auth_ = NewClient({"xapi:read"});
  EXPECT_EQ(Post(Stmt(3)).status, 403);
  EXPECT_EQ(AllIds(""), (std::vector<std::string>{Id(2), Id(1)}));
  auth_ = NewClient({"state"});
  EXPECT_EQ(X("GET", "/xapi/statements").status, 403);
  // Another agency sees nothing of this one.
  auth_ = NewClient({"all"}, "other");
  EXPECT_TRUE(AllIds("").empty());
  EXPECT_EQ(X("GET", "/xapi/statements?statementId=" + Id(1)).status, 404);
  auth_ = all;
}

}  // namespace
}  // namespace reskill::test
