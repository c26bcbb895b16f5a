// Storage contract tests of the LRS identity mapping (app/lrs/identity.hpp) and the provider
// report imports (app/lrs/activity_import.hpp) over xapi_actor and learning_day (0007), the
// programs tables (0005) and activity_import_total (0015): mapping by participant id and by
// verified e-mail only, back-fill making earlier facts visible to the reminder jobs' reader,
// staff resolution, both report layouts, re-imports that never count twice, and bad files that
// store nothing; on SQLite (always) and PostgreSQL when RESKILL_TEST_PG_DSN is set.
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "app/context.hpp"
#include "app/jobs/standard_jobs.hpp"
#include "app/lrs/activity_import.hpp"
#include "app/lrs/identity.hpp"
#include "app/lrs/store_statements.hpp"
#include "app/programs/clients.hpp"
#include "common/strings.hpp"
#include "platform/platform.hpp"
#include "storage/test_engines.hpp"

namespace reskill::storage {
namespace {

using app::TxMode;
using app::UnitOfWork;

constexpr int kTenant = 7;
constexpr int kLinkedIn = 500;
constexpr int kCoursera = 501;
constexpr int kProgram = 600;

class LrsIdentityTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (const auto why = testing::SkipReason(GetParam()); !why.empty()) GTEST_SKIP() << why;
    ASSERT_TRUE(platform::InitCrypto().ok());
    auto engine = testing::MakeEngine(GetParam(), "lrs_identity");
    ASSERT_TRUE(engine.ok()) << engine.status().ToString();
    engine_ = std::move(engine).value();
    auto applied = engine_->db().Migrate();
    ASSERT_TRUE(applied.ok()) << applied.status().ToString() << " "
                              << applied.status().internal_detail();
    passwords_ = std::make_unique<platform::SodiumPasswordHasher>(1, 8192);
    ctx_ = std::make_unique<app::AppContext>(
        app::AppContext{engine_->db(), clock_, ids_, *passwords_, tokens_, contacts_, {}});
    system_ = app::programs::SystemActor(TenantId(kTenant), "test");
    Exec(fmt::format(
        "INSERT INTO tenant (tenant_id, slug, name, created_at) VALUES ({}, 'alpha', 'Alpha', 0)",
        kTenant));
    for (auto [id, slug] : {std::pair{kLinkedIn, "linkedin-learning"}, {kCoursera, "coursera"}}) {
      Exec(
          fmt::format("INSERT INTO provider (tenant_id, id, slug, name, license_types, "
                      "created_at, updated_at) VALUES ({}, {}, '{}', '{}', 'seat', 0, 0)",
                      kTenant, id, slug, slug));
    }
    Exec(fmt::format(
        "INSERT INTO program (tenant_id, id, name, display_name, starts_at, created_at, "
        "updated_at) VALUES ({}, {}, 'Welfare-to-work', 'Skills Forward', 0, 0, 0)",
        kTenant, kProgram));
    Client(10, "P-AAAAA2", "ana@example.org", true, "CW-10");
    Client(20, "P-BBBBB3", "bo@example.org", false, "CW-20");
    Client(30, "P-CCCCC4", "cy@example.org", true, "CW-30");
  }

  void Exec(const std::string& sql) {
    Status st = engine_->RawExec(sql);
    ASSERT_TRUE(st.ok()) << st.ToString() << " " << st.internal_detail() << "\n" << sql;
  }

  void Client(int id, const std::string& participant, const std::string& email, bool verified,
              const std::string& case_number) {
    Exec(fmt::format(
        "INSERT INTO client (tenant_id, id, participant_id, program_id, given_name_sealed, "
        "family_name_sealed, email_sealed, email_index, email_verified_at, case_number, "
        "created_at, updated_at) VALUES ({}, {}, '{}', {}, '{}', '{}', '{}', '{}', {}, '{}', 0, "
        "0)",
        kTenant, id, participant, kProgram, contacts_.Seal("Ann"), contacts_.Seal("Doe"),
        contacts_.Seal(email), contacts_.BlindIndex(NormalizeEmail(email)),
        verified ? "1000" : "NULL", case_number));
  }

  void Actor(std::int64_t id, const std::string& ifi, const std::string& type = "Agent") {
    app::XapiActorRecord a;
    a.tenant_id = TenantId(kTenant);
    a.id = id;
    a.ifi = ifi;
    a.object_type = type;
    a.first_seen_at = FromUnixMillis(1000);
    ASSERT_TRUE(
        engine_->db()
            .Run(TxMode::kWrite, [&](UnitOfWork& uow) { return uow.actor_identities().Insert(a); })
            .ok());
  }

  void Day(std::int64_t actor, const std::string& day, int seconds, int completed) {
    Exec(fmt::format(
        "INSERT INTO learning_day (tenant_id, actor_id, provider_id, day, seconds, completed, "
        "first_activity_at, last_activity_at, source) VALUES ({}, {}, {}, '{}', {}, {}, 1000, "
        "2000, 'measured')",
        kTenant, actor, kLinkedIn, day, seconds, completed));
  }

  // Per client: (seconds, completions) summed over every provider, as the jobs read them.
  std::map<std::int64_t, std::pair<std::int64_t, std::int64_t>> Activity() {
    std::map<std::int64_t, std::pair<std::int64_t, std::int64_t>> out;
    Status st = engine_->db().Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
      RESKILL_ASSIGN_OR_RETURN(
          auto rows, uow.learning_activity().ListForClients(TenantId(kTenant), 0, 1'000'000,
                                                            {"2000-01-01", "2100-01-01"}));
      for (const auto& r : rows) {
        out[r.client_id].first += r.seconds;
        out[r.client_id].second += r.items;
      }
      return Status::Ok();
    });
    EXPECT_TRUE(st.ok()) << st.ToString();
    return out;
  }

  std::vector<app::ClientLearningDay> Timeline(int client) {
    auto days = app::lrs::ClientActivityTimeline(*ctx_).Run(system_, ClientId(client), {"t"});
    EXPECT_TRUE(days.ok()) << days.status().ToString();
    return days.ok() ? *days : std::vector<app::ClientLearningDay>{};
  }

  app::lrs::ActivityImportResult Import(const std::string& provider, const std::string& csv,
                                        const std::string& from = "", const std::string& to = "") {
    auto r =
        app::lrs::ImportActivityReport(*ctx_).Run(system_, {provider, "", from, to, csv}, {"t"});
    EXPECT_TRUE(r.ok()) << r.status().ToString() << " " << r.status().internal_detail();
    return r.ok() ? *r : app::lrs::ActivityImportResult{};
  }

  std::unique_ptr<testing::Engine> engine_;
  app::FakeClock clock_{FromUnixMillis(1'795'420'800'000)};  // 2026-11-23
  platform::TimeOrderedIdGenerator ids_;
  std::unique_ptr<platform::SodiumPasswordHasher> passwords_;
  platform::SodiumSecretTokens tokens_;
  platform::SodiumContactCipher contacts_{platform::ContactKey{}};
  std::unique_ptr<app::AppContext> ctx_;
  app::Principal system_;
};

TEST_P(LrsIdentityTest, MapsByParticipantIdOrVerifiedEmailAndBackFillsEarlierFacts) {
  Actor(101, "account:https://lms.example|p-aaaaa2");  // participant id, any case
  Actor(102, "mbox:mailto:Ana@Example.org");           // verified e-mail of client 10
  Actor(103, "mbox:mailto:bo@example.org");            // client 20's address, not verified
  Actor(104, "mbox_sha1sum:ebd31e95054c018b10727ccffd2ef2ec3a016ee9");
  Actor(105, "account:https://lms.example|P-ZZZZZ9");  // nobody's participant id
  Actor(106, "mbox:mailto:cy@example.org", "Group");   // groups never map
  Day(101, "2026-10-01", 600, 1);
  Day(103, "2026-10-02", 300, 2);
  EXPECT_TRUE(Activity().empty());

  auto summary = app::lrs::MapUnmappedActors(*ctx_).Run(system_, {"t"});
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->examined, 5);
  EXPECT_EQ(summary->mapped, 2);
  EXPECT_EQ(summary->remaining, 3);
  auto activity = Activity();
  ASSERT_EQ(activity.size(), 1u);
  EXPECT_EQ(activity[10], std::make_pair(std::int64_t{600}, std::int64_t{1}));

  // Client 20 verifies the address: its actor maps, and its earlier day counts.
  Exec(fmt::format("UPDATE client SET email_verified_at = 5000 WHERE tenant_id = {} AND id = 20",
                   kTenant));
  Status st = engine_->db().Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto c, uow.programs().FindClient(TenantId(kTenant), ClientId(20)));
    RESKILL_ASSIGN_OR_RETURN(int n, app::lrs::MapActorsForClient(*ctx_, uow, *c));
    EXPECT_EQ(n, 1);
    return Status::Ok();
  });
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(Activity()[20], std::make_pair(std::int64_t{300}, std::int64_t{2}));

  // What is left for staff: the sha1sum and the unknown account, by id.
  auto page = app::lrs::ListUnmatchedActors(*ctx_).Run(system_, 0, 1, {"t"});
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->total, 2);
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].id, 104);
  EXPECT_EQ(page->next_after, 104);
  page = app::lrs::ListUnmatchedActors(*ctx_).Run(system_, 104, 10, {"t"});
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].id, 105);
  EXPECT_EQ(page->next_after, 0);
}

TEST_P(LrsIdentityTest, StatementsMapNewActorsOnIngest) {
  // StoreStatements maps a new actor to the client it identifies in the ingest transaction.
  app::lrs::StatementBatch b;
  b.authority.tenant = TenantId(kTenant);
  b.authority.lrs_client_id = 1;
  b.authority.provider_id = kLinkedIn;
  b.authority.authority_json =
      R"({"objectType":"Agent","account":{"homePage":"https://reskill.invalid/xapi/clients","name":"k"}})";
  b.authority.authority_ifi = "account:https://reskill.invalid/xapi/clients|k";
  const std::string json = R"([
    {"actor":{"account":{"homePage":"https://lms.example","name":"p-aaaaa2"}},
     "verb":{"id":"http://adlnet.gov/expapi/verbs/completed"},"object":{"id":"https://lms.example/c/1"}},
    {"actor":{"mbox":"mailto:bo@example.org"},
     "verb":{"id":"http://adlnet.gov/expapi/verbs/completed"},"object":{"id":"https://lms.example/c/1"}},
    {"actor":{"mbox":"mailto:cy@example.org"},
     "verb":{"id":"http://adlnet.gov/expapi/verbs/completed"},"object":{"id":"https://lms.example/c/1"}}])";
  auto parsed = domain::lrs::ParseStatementBatch(json, domain::lrs::SpecVersion::k1_0);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  b.statements = std::move(parsed).value();
  auto stored = app::lrs::StoreStatements(*ctx_).Run(std::move(b));
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  std::map<std::string, std::optional<ClientId>> mapped;
  ASSERT_TRUE(engine_->db()
                  .Run(TxMode::kRead,
                       [&](UnitOfWork& uow) -> Status {
                         for (const char* ifi :
                              {"account:https://lms.example|p-aaaaa2", "mbox:mailto:bo@example.org",
                               "mbox:mailto:cy@example.org"}) {
                           RESKILL_ASSIGN_OR_RETURN(
                               auto a, uow.actor_identities().FindByIfi(TenantId(kTenant), ifi));
                           if (!a) return Internal(std::string("no actor ") + ifi);
                           mapped[ifi] = a->client_id;
                         }
                         return Status::Ok();
                       })
                  .ok());
  EXPECT_EQ(mapped["account:https://lms.example|p-aaaaa2"], ClientId(10));  // participant id
  EXPECT_EQ(mapped["mbox:mailto:bo@example.org"], std::nullopt);            // e-mail not verified
  EXPECT_EQ(mapped["mbox:mailto:cy@example.org"], ClientId(30));            // verified e-mail
}

TEST_P(LrsIdentityTest, TheDailyJobMapsNewActorsOnce) {
  app::JobRegistry registry;
  app::AddStandardJobs(registry);
  app::Job* job = registry.Find("map-lrs-actors");
  ASSERT_NE(job, nullptr);
  Actor(201, "account:https://www.linkedin.com|P-CCCCC4");
  Actor(202, "mbox:mailto:nobody@example.org");
  Day(201, "2026-11-20", 1200, 1);
  app::JobRunOptions options;
  options.tenant = TenantId(kTenant);
  auto reports = app::RunJob(*ctx_).Run(*job, options);
  ASSERT_TRUE(reports.ok()) << reports.status().ToString();
  ASSERT_EQ(reports->size(), 1u);
  EXPECT_EQ(reports->front().outcome, app::JobRunReport::Outcome::kDone);
  EXPECT_EQ(reports->front().items, 1);
  EXPECT_EQ(Activity()[30], std::make_pair(std::int64_t{1200}, std::int64_t{1}));
  reports = app::RunJob(*ctx_).Run(*job, options);
  ASSERT_TRUE(reports.ok());
  EXPECT_EQ(reports->front().outcome, app::JobRunReport::Outcome::kAlreadyDone);
}

TEST_P(LrsIdentityTest, StaffResolveAnActorByCaseNumberOrParticipantId) {
  Actor(105, "account:https://lms.example|learner-17");
  Actor(107, "openid:https://id.example/u/9");
  Day(105, "2026-10-03", 900, 1);
  auto client = app::lrs::ResolveActor(*ctx_).Run(system_, 105, " CW-30 ", {"t"});
  ASSERT_TRUE(client.ok()) << client.status().ToString();
  EXPECT_EQ(client->id.value(), 30);
  EXPECT_EQ(Activity()[30], std::make_pair(std::int64_t{900}, std::int64_t{1}));
  EXPECT_EQ(app::lrs::ResolveActor(*ctx_).Run(system_, 105, "CW-10", {"t"}).status().code(),
            ErrorCode::kConflict);
  EXPECT_EQ(app::lrs::ResolveActor(*ctx_).Run(system_, 999, "CW-10", {"t"}).status().code(),
            ErrorCode::kNotFound);
  EXPECT_EQ(app::lrs::ResolveActor(*ctx_).Run(system_, 107, "CW-99", {"t"}).status().code(),
            ErrorCode::kNotFound);
  EXPECT_EQ(app::lrs::ResolveActor(*ctx_).Run(system_, 107, "", {"t"}).status().code(),
            ErrorCode::kInvalidArgument);
  ASSERT_TRUE(app::lrs::ResolveActor(*ctx_).Run(system_, 107, "p-bbbbb3", {"t"}).ok());
  bool journaled = false;
  Status st = engine_->db().Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto entries,
                             uow.programs().ListJournal(TenantId(kTenant), ClientId(30)));
    for (const auto& e : entries) {
      journaled |= e.text.find("resolved to this client") != std::string::npos;
      EXPECT_EQ(e.text.find("lms.example"), std::string::npos);
    }
    return Status::Ok();
  });
  ASSERT_TRUE(st.ok());
  EXPECT_TRUE(journaled);
}

const std::string kLiHead =
    "Name,Email,Unique User ID,Days Logged In,Hours Viewed,Course Views,Course Completions,"
    "Start Day (PST/PDT),End Day (PST/PDT)\n";

TEST_P(LrsIdentityTest, LinkedInLearningReimportsNeverCountTwice) {
  const std::string first = kLiHead +
                            "Ana Doe,ana@example.org,P-AAAAA2,2,1:00:00,2,0,2026-10-01,2026-10-15\n"
                            "Cy Doe,CY@example.org,,1,0:30:00,1,0,2026-10-01,2026-10-15\n"
                            "Bo Doe,bo@example.org,,1,0:20:00,1,0,2026-10-01,2026-10-15\n"
                            "Zed,zed@example.org,P-ZZZZZ9,1,0:20:00,1,0,2026-10-01,2026-10-15\n";
  auto r = Import("linkedin-learning", first);
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(r.rows, 4);
  EXPECT_EQ(r.matched, 2);
  EXPECT_EQ(r.counted, 2);
  ASSERT_EQ(r.unmatched.size(), 2u);
  EXPECT_EQ(r.unmatched[0].line, 4);
  EXPECT_NE(r.unmatched[0].reason.find("not verified"), std::string::npos);
  EXPECT_EQ(r.unmatched[1].line, 5);
  EXPECT_EQ(r.unmatched[1].reason.find("zed"), std::string::npos);  // no contact data
  auto activity = Activity();
  EXPECT_EQ(activity[10], std::make_pair(std::int64_t{3600}, std::int64_t{0}));
  EXPECT_EQ(activity[30], std::make_pair(std::int64_t{1800}, std::int64_t{0}));
  EXPECT_FALSE(activity.contains(20));

  // The same file again: nothing more.
  r = Import("linkedin-learning", first);
  EXPECT_EQ(r.matched, 2);
  EXPECT_EQ(r.counted, 0);
  EXPECT_EQ(Activity(), activity);

  // A later, overlapping report from the same start: only the growth, on its end day.
  r = Import("linkedin-learning",
             kLiHead + "Ana Doe,ana@example.org,P-AAAAA2,3,1:30:00,3,1,2026-10-01,2026-10-31\n");
  EXPECT_EQ(r.counted, 1);
  activity = Activity();
  EXPECT_EQ(activity[10], std::make_pair(std::int64_t{5400}, std::int64_t{1}));
  // And the earlier report once more, after it: nothing goes back or twice.
  r = Import("linkedin-learning", first);
  EXPECT_EQ(r.counted, 0);
  EXPECT_EQ(Activity(), activity);
  // An overlapping report with another start is refused for the row, not counted.
  r = Import("linkedin-learning",
             kLiHead + "Ana Doe,ana@example.org,P-AAAAA2,9,9:00:00,9,2,2026-10-15,2026-11-15\n");
  EXPECT_EQ(r.counted, 0);
  ASSERT_EQ(r.skipped.size(), 1u);
  EXPECT_EQ(r.skipped[0].line, 2);
  EXPECT_EQ(Activity(), activity);

  const auto days = Timeline(10);
  ASSERT_EQ(days.size(), 2u);
  EXPECT_EQ(days[0].day, "2026-10-31");
  EXPECT_EQ(days[0].seconds, 1800);
  EXPECT_EQ(days[0].completed, 1);
  EXPECT_EQ(days[0].source, "measured");
  EXPECT_EQ(days[0].provider_name, "linkedin-learning");
  EXPECT_EQ(days[1].day, "2026-10-15");
}

TEST_P(LrsIdentityTest, LinkedInLearningReportWithoutPeriodColumnsTakesTheGivenPeriod) {
  const std::string file =
      "Name,Email,Unique User ID,Days Logged In,Hours Viewed,Course Views,Course Completions\n"
      "Ana Doe,ana@example.org,P-AAAAA2,2,0:45:00,2,0\n";
  auto r = Import("linkedin-learning", file);
  ASSERT_EQ(r.errors.size(), 1u);
  r = Import("linkedin-learning", file, "2026-11-01", "2026-11-15");
  EXPECT_EQ(r.counted, 1);
  ASSERT_EQ(Timeline(10).size(), 1u);
  EXPECT_EQ(Timeline(10)[0].day, "2026-11-15");
}

TEST_P(LrsIdentityTest, CourseraUsageReportsCountStartsProgressCompletionsAndEstimatedHours) {
  const std::string head =
      "Name,Email,External Id,Course,Course Slug,Enrollment Time,Last Course Activity Time,"
      "Overall Progress,Estimated Learning Hours,Completed,Completion Time\n";
  const std::string first =
      head +
      "Ana,ana@example.org,P-AAAAA2,Python,python,2026-09-01 10:00:00,2026-10-05 18:30:00,45,2,"
      "No,\n"
      "Ana,ana@example.org,P-AAAAA2,SQL,sql,2026-09-02 10:00:00,,0,0,No,\n";
  auto r = Import("coursera", first);
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(r.matched, 2);
  EXPECT_EQ(r.counted, 1);
  EXPECT_EQ(Activity()[10], std::make_pair(std::int64_t{7200}, std::int64_t{0}));
  r = Import("coursera", first);
  EXPECT_EQ(r.counted, 0);
  EXPECT_EQ(Activity()[10], std::make_pair(std::int64_t{7200}, std::int64_t{0}));
  const std::string later =
      head +
      "Ana,ana@example.org,P-AAAAA2,Python,python,2026-09-01 10:00:00,2026-10-20 09:00:00,100,3,"
      "Yes,2026-10-20 09:00:00\n";
  r = Import("coursera", later);
  EXPECT_EQ(r.counted, 1);
  r = Import("coursera", later + "Ana,ana@example.org,P-AAAAA2,Python,python,,,,,,\n");
  EXPECT_EQ(r.counted, 0);
  EXPECT_EQ(Activity()[10], std::make_pair(std::int64_t{10800}, std::int64_t{1}));
  std::map<std::string, std::int64_t> by_source;
  std::int64_t started = 0;
  for (const auto& d : Timeline(10)) {
    by_source[d.source] += d.seconds;
    started += d.started;
  }
  EXPECT_EQ(by_source["estimated"], 10800);
  EXPECT_EQ(by_source["measured"], 0);
  EXPECT_EQ(started, 1);
}

TEST_P(LrsIdentityTest, ABadFileStoresNothing) {
  Import("linkedin-learning",
         kLiHead + "Ana Doe,ana@example.org,P-AAAAA2,2,1:00:00,2,0,2026-10-01,2026-10-15\n");
  const auto before = Activity();
  const auto days_before = Timeline(10).size();
  for (const std::string& bad : {
           std::string("Name,Email,Unique User ID,Days Logged In,Course Views,Course "
                       "Completions,Start Day (PST/PDT),End Day (PST/PDT)\n"
                       "Ana,ana@example.org,P-AAAAA2,2,2,0,2026-10-01,2026-10-31\n"),
           kLiHead + "Ana,ana@example.org,P-AAAAA2,2,1:00:00,2,0,2026-10-01,2026-10-31\n"
                     "Cy,cy@example.org,P-CCCCC4,two,1:00:00,2,0,2026-10-01,2026-10-31\n",
           kLiHead + "Ana,ana@example.org,P-AAAAA2,2,1:00:00,2,0,2026-10-01,2026-13-31\n",
       }) {
    auto r = Import("linkedin-learning", bad);
    ASSERT_FALSE(r.errors.empty());
    EXPECT_FALSE(r.errors[0].column.empty());
    EXPECT_EQ(r.rows, 0);
  }
  EXPECT_EQ(Activity(), before);
  EXPECT_EQ(Timeline(10).size(), days_before);
  auto wrong = app::lrs::ImportActivityReport(*ctx_).Run(system_, {"udemy", "", "", "", ""}, {});
  EXPECT_EQ(wrong.status().code(), ErrorCode::kInvalidArgument);
  auto missing = app::lrs::ImportActivityReport(*ctx_).Run(
      system_, {"coursera", "no-such-provider", "", "", "Email\n"}, {});
  EXPECT_TRUE(missing.ok());  // the header is checked first: errors, nothing stored
  EXPECT_FALSE(missing->errors.empty());
}

INSTANTIATE_TEST_SUITE_P(Engines, LrsIdentityTest, ::testing::Values("sqlite", "postgres"),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

}  // namespace
}  // namespace reskill::storage
