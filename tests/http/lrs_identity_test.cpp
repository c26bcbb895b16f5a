// The LRS identity mapping and provider activity through HTTP, as an agency uses them: learners
// no client was matched to, listed for caseworkers and resolved to a client (journal, audit),
// 403 for analysts and 404 for unknown actors or clients outside the caseload; a LinkedIn
// Learning report imported through the API (400 with line and column for a bad file, nothing
// stored), and the client's activity timeline in JSON and on its page, audited.
#include <string>

#include <gtest/gtest.h>

#include "app/catalog/course_catalog.hpp"
#include "app/ports/database.hpp"
#include "domain/xapi_platform/encoding.hpp"
#include "support/test_app.hpp"

namespace reskill::test {
namespace {

struct Seeded {
  std::string program;
  std::string client;       // in the counselor's caseload
  std::string participant;  // its participant id
  std::string other;        // the supervisor's client, outside the counselor's caseload
};

Seeded Seed(TestApp& app) {
  Seeded s;
  app::Principal sys;
  sys.kind = domain::audit::ActorKind::kSystem;
  sys.actor_id = "test";
  sys.tenant_id = TenantId(std::stoll(app.TenantIdOf("demo")));
  domain::catalog::Provider provider;
  provider.slug = "linkedin-learning";
  provider.name = "LinkedIn Learning";
  provider.license_types = {domain::catalog::LicenseType::kSeat};
  auto p = app::catalog::ManageProviders(app.context()).Create(sys, provider, {"seed"});
  EXPECT_TRUE(p.ok());
  if (!p.ok()) return s;
  auto r = app.CallAs(app.SignIn("admin"), "POST", "/api/v1/programs",
                      R"({"name": "Dislocated workers", "display_name": "Skills Academy",
                          "provider_ids": [")" +
                          std::to_string(p->id.value()) + R"("]})");
  EXPECT_EQ(r.status, 201) << r.body;
  s.program = JsonBody(r).value("id", "");
  const auto create = [&](const std::string& role, const std::string& number) {
    auto c = app.CallAs(app.SignIn(role), "POST", "/api/v1/clients",
                        R"({"program_id": ")" + s.program +
                            R"(", "given_name": "Ana", "family_name": "Ruiz",
                            "case_number": ")" +
                            number + R"("})");
    EXPECT_EQ(c.status, 201) << c.body;
    return JsonBody(c);
  };
  const Json mine = create("counselor", "CW-1");
  s.client = mine.value("id", "");
  s.participant = mine.value("participant_id", "");
  s.other = create("supervisor", "CW-2").value("id", "");
  return s;
}

void AddActor(TestApp& app, std::int64_t id, const std::string& ifi) {
  app::XapiActorRecord a;
  a.tenant_id = TenantId(std::stoll(app.TenantIdOf("demo")));
  a.id = id;
  a.ifi = ifi;
  a.first_seen_at = TestApp::StartTime();
  ASSERT_TRUE(app.context()
                  .db
                  .Run(app::TxMode::kWrite,
                       [&](app::UnitOfWork& uow) { return uow.actor_identities().Insert(a); })
                  .ok());
}

TEST(LrsIdentityHttpTest, CaseworkersListAndResolveUnmatchedLearners) {
  TestApp app;
  const Seeded s = Seed(app);
  AddActor(app, 9001, "mbox:mailto:learner@provider.example");
  AddActor(app, 9002, "account:https://lms.example|u-77");
  const Session counselor = app.SignIn("counselor");
  auto r = app.CallAs(counselor, "GET", "/api/v1/lrs/unmatched-actors?limit=1");
  ASSERT_EQ(r.status, 200) << r.body;
  Json body = JsonBody(r);
  EXPECT_EQ(body["total"], 2);
  ASSERT_EQ(body["items"].size(), 1u);
  EXPECT_EQ(body["items"][0]["id"], "9001");
  EXPECT_EQ(body["items"][0]["ifi"], "mbox:mailto:learner@provider.example");
  EXPECT_EQ(body["next_after"], "9001");
  EXPECT_EQ(app.CallAs(app.SignIn("analyst"), "GET", "/api/v1/lrs/unmatched-actors").status, 403);
  EXPECT_EQ(app.CallAs(counselor, "GET", "/api/v1/lrs/unmatched-actors?limit=0").status, 400);

  const Session analyst = app.SignIn("analyst");
  const TableSnapshot before = app.Snapshot();
  const auto resolve = [&](const Session& as, const std::string& actor, const std::string& who) {
    return app.CallAs(as, "POST", "/api/v1/lrs/unmatched-actors/" + actor + "/resolve",
                      R"({"client": ")" + who + R"("})");
  };
  EXPECT_EQ(resolve(counselor, "424242", "CW-1").status, 404);
  EXPECT_EQ(resolve(counselor, "9001", "CW-2").status, 404);  // outside the caseload
  EXPECT_EQ(resolve(counselor, "9001", "CW-404").status, 404);
  EXPECT_EQ(resolve(analyst, "9001", "CW-1").status, 403);
  EXPECT_TRUE(SameData(before, app.Snapshot()));

  r = resolve(counselor, "9001", "CW-1");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(JsonBody(r)["client_id"], s.client);
  EXPECT_EQ(resolve(counselor, "9001", "CW-1").status, 409);
  // The page: the form re-renders with the error for a client outside the caseload, then
  // resolves by participant id.
  const Headers form = {{"Content-Type", "application/x-www-form-urlencoded"}};
  r = app.CallAs(counselor, "GET", "/lrs/unmatched");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("account:https://lms.example|u-77"), std::string::npos);
  EXPECT_NE(r.body.find("action=\"/lrs/unmatched/9002\""), std::string::npos);
  r = app.CallAs(counselor, "POST", "/lrs/unmatched/9002", "client=CW-2", form);
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(r.body.find("role=\"alert\""), std::string::npos);
  r = app.CallAs(counselor, "POST", "/lrs/unmatched/9002", "client=" + s.participant, form);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("/clients/" + s.client), std::string::npos);
  EXPECT_EQ(app.CallAs(app.SignIn("analyst"), "GET", "/lrs/unmatched").status, 403);
  const auto mapped = app.Query("SELECT id, client_id FROM xapi_actor ORDER BY id");
  ASSERT_EQ(mapped.size(), 2u);
  EXPECT_EQ(mapped[0].at("client_id"), s.client);
  EXPECT_EQ(mapped[1].at("client_id"), s.client);
  const auto audit =
      app.Query("SELECT target_id, detail FROM audit_event WHERE action = 'lrs.actor.resolve'");
  ASSERT_EQ(audit.size(), 2u);
  EXPECT_EQ(audit[0].at("target_id"), s.client);
  const auto journal = app.Query("SELECT text FROM journal_entry WHERE client_id = " + s.client);
  bool found = false;
  for (const auto& j : journal) {
    found |= j.at("text").find("resolved to this client") != std::string::npos;
    EXPECT_EQ(j.at("text").find("learner@provider.example"), std::string::npos);
  }
  EXPECT_TRUE(found);
}

TEST(LrsIdentityHttpTest, ImportedReportShowsOnTheClientTimeline) {
  TestApp app;
  const Seeded s = Seed(app);
  const std::string head =
      "Name,Email,Unique User ID,Days Logged In,Hours Viewed,Course Views,Course Completions,"
      "Start Day (PST/PDT),End Day (PST/PDT)\n";
  const Headers csv = {{"Content-Type", "text/csv"}};
  const Session supervisor = app.SignIn("supervisor");
  const TableSnapshot before = app.Snapshot();
  auto r = app.CallAs(
      supervisor, "POST", "/api/v1/lrs/activity-imports?provider=linkedin-learning",
      head + "Ana Ruiz,ana@example.org," + s.participant + ",2,1:x0:00,2,1,2026-11-01,2026-11-15\n",
      csv);
  ASSERT_EQ(r.status, 400) << r.body;
  Json body = JsonBody(r);
  ASSERT_EQ(body["errors"].size(), 1u);
  EXPECT_EQ(body["errors"][0]["line"], 2);
  EXPECT_EQ(body["errors"][0]["column"], "Hours Viewed");
  EXPECT_TRUE(SameData(before, app.Snapshot()));
  const std::string good = head + "Ana Ruiz,ana@example.org," + s.participant +
                           ",2,1:30:00,2,1,2026-11-01,2026-11-15\n"
                           "Nobody,nobody@example.org,P-ZZZZZ9,1,0:10:00,1,0,2026-11-01,"
                           "2026-11-15\n";
  EXPECT_EQ(app.CallAs(app.SignIn("counselor"), "POST",
                       "/api/v1/lrs/activity-imports?provider=linkedin-learning", good, csv)
                .status,
            403);
  r = app.CallAs(supervisor, "POST", "/api/v1/lrs/activity-imports?provider=linkedin-learning",
                 good, csv);
  ASSERT_EQ(r.status, 200) << r.body;
  body = JsonBody(r);
  EXPECT_EQ(body["matched"], 1);
  EXPECT_EQ(body["counted"], 1);
  ASSERT_EQ(body["unmatched"].size(), 1u);
  EXPECT_EQ(body["unmatched"][0]["line"], 3);
  r = app.CallAs(supervisor, "POST", "/api/v1/lrs/activity-imports?provider=linkedin-learning",
                 good, csv);
  EXPECT_EQ(JsonBody(r)["counted"], 0);

  const Session counselor = app.SignIn("counselor");
  r = app.CallAs(counselor, "GET", "/api/v1/clients/" + s.client + "/activity");
  ASSERT_EQ(r.status, 200) << r.body;
  body = JsonBody(r);
  ASSERT_EQ(body["items"].size(), 1u);
  EXPECT_EQ(body["items"][0]["day"], "2026-11-15");
  EXPECT_EQ(body["items"][0]["seconds"], 5400);
  EXPECT_EQ(body["items"][0]["completed"], 1);
  EXPECT_EQ(body["items"][0]["source"], "measured");
  EXPECT_EQ(body["items"][0]["provider"], "LinkedIn Learning");
  r = app.CallAs(counselor, "GET", "/clients/" + s.client + "/activity");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("1 h 30 min"), std::string::npos);
  EXPECT_NE(r.body.find("LinkedIn Learning"), std::string::npos);
  r = app.CallAs(counselor, "GET", "/clients/" + s.client);
  EXPECT_NE(r.body.find("/clients/" + s.client + "/activity"), std::string::npos);
  // Outside the caseload and for analysts: nothing.
  EXPECT_EQ(app.CallAs(counselor, "GET", "/api/v1/clients/" + s.other + "/activity").status, 404);
  EXPECT_EQ(
      app.CallAs(app.SignIn("analyst"), "GET", "/api/v1/clients/" + s.client + "/activity").status,
      403);
  const auto audit =
      app.Query("SELECT target_id FROM audit_event WHERE action = 'client.activity.read'");
  EXPECT_EQ(audit.size(), 2u);
}

// The statement writer adds learning facts with its deferred index (docs/lrs.md, "Learning
// facts"); the timeline read right after a POST still counts it.
TEST(LrsIdentityHttpTest, TheTimelineCountsStatementsPostedJustBefore) {
  TestApp app;
  const Seeded s = Seed(app);
  auto r = app.CallAs(app.SignIn("admin"), "POST", "/api/v1/lrs-clients",
                      Json{{"name", "lms"}, {"scopes", {"all"}}}.dump());
  ASSERT_EQ(r.status, 201) << r.body;
  const Json creds = JsonBody(r);
  const Headers xapi = {
      {"Authorization", "Basic " + domain::xapi_platform::Base64Encode(
                                       creds.value("key", "") + ":" + creds.value("secret", ""))},
      {"X-Experience-API-Version", "1.0.3"},
      {"Content-Type", "application/json"}};
  const Session counselor = app.SignIn("counselor");
  for (int i = 1; i <= 3; ++i) {
    const Json statement = {
        {"actor", {{"account", {{"homePage", "https://lms.example"}, {"name", s.participant}}}}},
        {"verb", {{"id", "http://adlnet.gov/expapi/verbs/completed"}}},
        {"object", {{"id", "https://lms.example/course/" + std::to_string(i)}}},
        {"result", {{"duration", "PT20M"}}},
        {"timestamp", "2026-11-20T10:0" + std::to_string(i) + ":00Z"}};
    r = app.Call("POST", "/xapi/statements", statement.dump(), xapi);
    ASSERT_EQ(r.status, 200) << r.body;
    r = app.CallAs(counselor, "GET", "/api/v1/clients/" + s.client + "/activity");
    ASSERT_EQ(r.status, 200) << r.body;
    const Json body = JsonBody(r);
    ASSERT_EQ(body["items"].size(), 1u) << r.body;
    EXPECT_EQ(body["items"][0]["day"], "2026-11-20");
    EXPECT_EQ(body["items"][0]["seconds"], 20 * 60 * i);
    EXPECT_EQ(body["items"][0]["completed"], i);
  }
}

}  // namespace
}  // namespace reskill::test
