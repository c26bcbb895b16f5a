// The staff statement viewer over HTTP (issue 5 item 6): the /lrs/statements page and its JSON API
// list the agency's statements newest first; the agent (participant id, e-mail, account name),
// verb, activity, registration, since/until and voided filters really filter; paging follows the
// xAPI cursor; an account name under several homePages asks which identity; the detail page shows
// the statement JSON and its client; reads are audited; analysts and counselors get 403.
#include <cctype>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "domain/xapi_platform/encoding.hpp"
#include "support/test_app.hpp"

namespace reskill::test {
namespace {

constexpr const char* kCompleted = "http://adlnet.gov/expapi/verbs/completed";
constexpr const char* kProgressed = "http://adlnet.gov/expapi/verbs/progressed";
constexpr const char* kCourseA = "http://lms.example.com/course/a";
constexpr const char* kCourseB = "http://lms.example.com/course/b";
constexpr const char* kRegistration = "6f1c2a7e-1d1b-4c1e-9a51-0f5f7f0d2b11";

std::string Id(int n) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "5e1e0c3a-0000-4000-8000-%012d", n);
  return buf;
}

std::string Q(std::string_view text) {
  return http::PercentEncode(text);
}

Json Statement(int n, const Json& actor, const std::string& verb, const std::string& activity) {
  return {{"id", Id(n)},
          {"actor", actor},
          {"verb",
           {{"id", verb},
            {"display",
             {{"en-US", verb == kCompleted ? "completed" : "progressed"},
              {"es", verb == kCompleted ? "completó" : "avanzó"}}}}},
          {"object",
           {{"id", activity},
            {"definition",
             {{"name", {{"en-US", "Course " + activity.substr(activity.size() - 1)}}}}}}}};
}

// Statement ids shown on a viewer page, in order.
std::vector<std::string> ShownIds(const std::string& html) {
  std::vector<std::string> out;
  const std::string marker = "<a href=\"/lrs/statements/";
  for (auto at = html.find(marker); at != std::string::npos; at = html.find(marker, at + 1)) {
    out.push_back(html.substr(at + marker.size(), 36));
  }
  return out;
}

// The href of the "older statements" link, unescaped (&amp;), "" when none.
std::string NextLink(const std::string& html) {
  const auto rel = html.find("rel=\"next\"");
  if (rel == std::string::npos) return "";
  const auto start = html.rfind("href=\"", rel) + 6;
  std::string href = html.substr(start, html.find('"', start) - start);
  for (auto amp = href.find("&amp;"); amp != std::string::npos; amp = href.find("&amp;")) {
    href.replace(amp, 5, "&");
  }
  return href;
}

class LrsStatementsViewerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    admin_ = app.SignIn("admin");
    auto r = app.CallAs(admin_, "POST", "/api/v1/programs",
                        R"({"name": "Dislocated workers", "display_name": "Skills Academy"})");
    ASSERT_EQ(r.status, 201) << r.body;
    r = app.CallAs(app.SignIn("counselor"), "POST", "/api/v1/clients",
                   R"({"program_id": ")" + JsonBody(r).value("id", "") +
                       R"(", "given_name": "Ana", "family_name": "Ruiz", "case_number": "CW-1"})");
    ASSERT_EQ(r.status, 201) << r.body;
    client_ = JsonBody(r).value("id", "");
    participant_ = JsonBody(r).value("participant_id", "");
    r = app.CallAs(admin_, "POST", "/api/v1/lrs-clients",
                   Json{{"name", "lms"}, {"scopes", {"all"}}}.dump());
    ASSERT_EQ(r.status, 201) << r.body;
    auth_ = "Basic " + domain::xapi_platform::Base64Encode(JsonBody(r).value("key", "") + ":" +
                                                           JsonBody(r).value("secret", ""));
  }

  void Post(const Json& body) {
    auto r = app.Call("POST", "/xapi/statements", body.dump(),
                      {{"Authorization", auth_},
                       {"X-Experience-API-Version", "1.0.3"},
                       {"Content-Type", "application/json"}});
    ASSERT_EQ(r.status, 200) << r.body;
  }

  http::Response Page(const std::string& target) { return app.CallAs(admin_, "GET", target); }

  std::vector<std::string> Ids(const std::string& query) {
    auto r = Page("/lrs/statements" + query);
    EXPECT_EQ(r.status, 200) << r.body;
    return ShownIds(r.body);
  }

  // Ann (mbox), the client (account named by its participant id), and a voided statement.
  void SeedBasics() {
    const Json mapped = {
        {"name", "Ana R."},
        {"account", {{"homePage", "https://lms.example.com"}, {"name", participant_}}}};
    Json first = Statement(1, mapped, kCompleted, kCourseA);
    first["result"] = {{"score", {{"scaled", 0.85}}}, {"completion", true}, {"duration", "PT1H"}};
    Json ann =
        Statement(2, {{"mbox", "mailto:ann@example.com"}, {"name", "Ann"}}, kProgressed, kCourseB);
    ann["context"] = {{"registration", kRegistration}};
    Post(Json::array({first, ann}));
    app.clock().Advance(std::chrono::minutes(10));
    Post(Statement(3, mapped, kProgressed, kCourseA));
    Post({{"id", Id(4)},
          {"actor", {{"mbox", "mailto:admin@example.com"}}},
          {"verb", {{"id", "http://adlnet.gov/expapi/verbs/voided"}}},
          {"object", {{"objectType", "StatementRef"}, {"id", Id(2)}}}});
  }

  TestApp app;
  Session admin_;
  std::string client_;
  std::string participant_;
  std::string auth_;
};

TEST_F(LrsStatementsViewerTest, FiltersReallyFilter) {
  SeedBasics();
  EXPECT_EQ(Ids(""), (std::vector<std::string>{Id(4), Id(3), Id(1)}));
  EXPECT_EQ(Ids("?voided=1"), (std::vector<std::string>{Id(4), Id(3), Id(2), Id(1)}));
  // A row: stored time, the actor as named, the client's participant id, verb, object, result.
  auto r = Page("/lrs/statements?agent=" + participant_);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(ShownIds(r.body), (std::vector<std::string>{Id(3), Id(1)}));
  EXPECT_NE(r.body.find("Ana R. (" + participant_ + " @ https://lms.example.com)"),
            std::string::npos);
  EXPECT_NE(r.body.find("<a href=\"/clients/" + client_ + "\">" + participant_ + "</a>"),
            std::string::npos);
  EXPECT_NE(r.body.find("Course a (http://lms.example.com/course/a)"), std::string::npos);
  EXPECT_NE(r.body.find("score 85 % · completed · duration PT1H"), std::string::npos);
  EXPECT_NE(r.body.find("2026-11-23T09:00:00.000Z"), std::string::npos);
  // Lower case, as providers echo it.
  std::string lower = participant_;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  EXPECT_EQ(Ids("?agent=" + lower + "&verb=" + Q(kCompleted)), std::vector<std::string>{Id(1)});

  // Ann's statement is voided; the voiding statement matches what it matched (xAPI 2.1.3).
  EXPECT_EQ(Ids("?agent=ann%40example.com"), std::vector<std::string>{Id(4)});
  r = Page("/lrs/statements?agent=" + Q("mailto:ann@example.com") + "&voided=1");
  EXPECT_EQ(ShownIds(r.body), (std::vector<std::string>{Id(4), Id(2)}));
  EXPECT_NE(r.body.find("class=\"voided\""), std::string::npos);
  EXPECT_EQ(Ids("?agent=" + Q(R"({"mbox":"mailto:ann@example.com"})") + "&voided=1"),
            (std::vector<std::string>{Id(4), Id(2)}));
  EXPECT_EQ(Ids("?verb=" + Q(kProgressed)), (std::vector<std::string>{Id(4), Id(3)}));
  EXPECT_EQ(Ids("?activity=" + Q(kCourseB) + "&voided=1"),
            (std::vector<std::string>{Id(4), Id(2)}));
  EXPECT_EQ(Ids("?registration=" + std::string(kRegistration) + "&voided=1"),
            (std::vector<std::string>{Id(4), Id(2)}));
  // since/until by stored time; a datetime-local value is UTC.
  EXPECT_EQ(Ids("?since=2026-11-23T09%3A05"), (std::vector<std::string>{Id(4), Id(3)}));
  EXPECT_EQ(Ids("?until=" + Q("2026-11-23T09:05:00Z")), (std::vector<std::string>{Id(1)}));
  r = Page("/lrs/statements?agent=nobody-known");
  EXPECT_TRUE(ShownIds(r.body).empty());
  EXPECT_NE(r.body.find("No learner identity matches"), std::string::npos);

  // A filter that does not parse: 400, the form again with the message.
  r = Page("/lrs/statements?verb=completed&agent=ann%40example.com");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("role=\"alert\""), std::string::npos);
  EXPECT_NE(r.body.find("value=\"ann@example.com\""), std::string::npos);
  EXPECT_EQ(Page("/lrs/statements?since=yesterday").status, 400);
  EXPECT_EQ(Page("/lrs/statements?registration=nope").status, 400);
}

TEST_F(LrsStatementsViewerTest, PagesFollowTheCursorNewestFirst) {
  Json batch = Json::array();
  for (int i = 1; i <= 57; ++i) {
    batch.push_back(
        Statement(100 + i, {{"mbox", "mailto:bulk@example.com"}}, kProgressed, kCourseA));
  }
  Post(batch);
  auto r = Page("/lrs/statements?agent=bulk%40example.com");
  ASSERT_EQ(r.status, 200);
  std::vector<std::string> seen = ShownIds(r.body);
  ASSERT_EQ(seen.size(), 50u);
  EXPECT_EQ(seen.front(), Id(157));
  const std::string next = NextLink(r.body);
  ASSERT_NE(next.find("cursor="), std::string::npos) << next;
  ASSERT_NE(next.find("agent=bulk%40example.com"), std::string::npos) << next;
  r = Page(next);
  ASSERT_EQ(r.status, 200);
  const auto rest = ShownIds(r.body);
  ASSERT_EQ(rest.size(), 7u);
  EXPECT_EQ(rest.back(), Id(101));
  EXPECT_EQ(NextLink(r.body), "");
  seen.insert(seen.end(), rest.begin(), rest.end());
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), 57u);

  // The JSON API pages the same way.
  std::vector<std::string> ids;
  std::string cursor;
  int pages = 0;
  do {
    auto a =
        app.CallAs(admin_, "GET",
                   "/api/v1/lrs/statements?limit=20" + (cursor.empty() ? "" : "&cursor=" + cursor));
    ASSERT_EQ(a.status, 200) << a.body;
    const Json j = JsonBody(a);
    for (const auto& item : j["items"]) ids.push_back(item["id"].get<std::string>());
    cursor = j["next_cursor"].is_string() ? j["next_cursor"].get<std::string>() : "";
    ++pages;
  } while (!cursor.empty() && pages < 10);
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(ids.size(), 57u);
  EXPECT_EQ(app.CallAs(admin_, "GET", "/api/v1/lrs/statements?limit=0").status, 400);
}

TEST_F(LrsStatementsViewerTest, AnAccountNameUnderSeveralHomePagesAsksWhichIdentity) {
  Post(Json::array(
      {Statement(1, {{"account", {{"homePage", "https://a.example"}, {"name", "u-77"}}}},
                 kCompleted, kCourseA),
       Statement(2, {{"account", {{"homePage", "https://b.example"}, {"name", "u-77"}}}},
                 kCompleted, kCourseB)}));
  auto r = Page("/lrs/statements?agent=U-77");
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(ShownIds(r.body).empty());
  const auto list = r.body.find("id=\"agent-choices\"");
  ASSERT_NE(list, std::string::npos) << r.body;
  const auto start = r.body.find("href=\"", list) + 6;
  std::string href = r.body.substr(start, r.body.find('"', start) - start);
  for (auto amp = href.find("&amp;"); amp != std::string::npos; amp = href.find("&amp;")) {
    href.replace(amp, 5, "&");
  }
  EXPECT_EQ(ShownIds(Page(href).body), std::vector<std::string>{Id(1)});
  auto a = app.CallAs(admin_, "GET", "/api/v1/lrs/statements?agent=u-77");
  ASSERT_EQ(a.status, 200);
  EXPECT_EQ(JsonBody(a)["agent_choices"].size(), 2u);
  EXPECT_TRUE(JsonBody(a)["items"].empty());
}

TEST_F(LrsStatementsViewerTest, DetailShowsTheJsonAndReadsAreAudited) {
  SeedBasics();
  auto r = Page("/lrs/statements/" + Id(1));
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("id=\"statement-json\""), std::string::npos);
  EXPECT_NE(r.body.find("&quot;id&quot;: &quot;" + Id(1) + "&quot;"), std::string::npos);
  EXPECT_NE(r.body.find("/clients/" + client_), std::string::npos);
  r = Page("/lrs/statements/" + Id(2));  // voided: still shown, marked
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("This statement is voided"), std::string::npos);
  EXPECT_EQ(Page("/lrs/statements/" + Id(99)).status, 404);
  EXPECT_EQ(Page("/lrs/statements/not-a-uuid").status, 400);
  auto a = app.CallAs(admin_, "GET", "/api/v1/lrs/statements/" + Id(1));
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(JsonBody(a)["participant_id"], participant_);
  EXPECT_EQ(JsonBody(a)["statement"]["id"], Id(1));
  EXPECT_EQ(JsonBody(a)["voided"], false);

  ASSERT_EQ(Page("/lrs/statements").status, 200);
  const auto list =
      app.Query("SELECT target_id, detail FROM audit_event WHERE action = 'lrs.statements.read'");
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].at("detail"), "count=3,clients=" + client_);
  const auto one = app.Query(
      "SELECT target_id, detail FROM audit_event WHERE action = 'lrs.statement.read' "
      "ORDER BY target_id");
  ASSERT_EQ(one.size(), 3u);
  EXPECT_EQ(one[0].at("target_id"), Id(1));
  EXPECT_EQ(one[0].at("detail"), "client=" + client_);
  EXPECT_EQ(one[2].at("target_id"), Id(2));
  EXPECT_EQ(one[2].at("detail"), "client=none");
}

TEST_F(LrsStatementsViewerTest, OnlyAdminsReadEveryStatement) {
  SeedBasics();
  EXPECT_NE(Page("/").body.find("href=\"/lrs/statements\""), std::string::npos);
  for (const char* role : {"analyst", "counselor", "supervisor", "curator"}) {
    const Session s = app.SignIn(role);
    EXPECT_EQ(app.CallAs(s, "GET", "/lrs/statements").status, 403) << role;
    EXPECT_EQ(app.CallAs(s, "GET", "/lrs/statements/" + Id(1)).status, 403) << role;
    EXPECT_EQ(app.CallAs(s, "GET", "/api/v1/lrs/statements").status, 403) << role;
    EXPECT_EQ(app.CallAs(s, "GET", "/").body.find("href=\"/lrs/statements\""), std::string::npos)
        << role;
  }
  // Another agency's admin sees none of this agency's statements.
  const Session other = app.SignIn("admin", "other");
  EXPECT_TRUE(ShownIds(app.CallAs(other, "GET", "/lrs/statements").body).empty());
  EXPECT_EQ(app.CallAs(other, "GET", "/lrs/statements/" + Id(1)).status, 404);
}

}  // namespace
}  // namespace reskill::test
