// Storage contract tests of the learning-activity port over the LRS's contract tables
// (xapi_actor.client_id, learning_day; migration 0007): per client and provider, last activity,
// completions, active days and time in a window, for a range of client ids; on SQLite (always)
// and on PostgreSQL when RESKILL_TEST_PG_DSN is set.
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "app/jobs/job.hpp"
#include "app/ports/database.hpp"
#include "storage/test_engines.hpp"

namespace reskill::storage {
namespace {

using app::ClientActivity;
using app::TxMode;
using app::UnitOfWork;

class LearningActivityTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (const auto why = testing::SkipReason(GetParam()); !why.empty()) GTEST_SKIP() << why;
    auto engine = testing::MakeEngine(GetParam(), "activity");
    ASSERT_TRUE(engine.ok()) << engine.status().ToString();
    engine_ = std::move(engine).value();
    auto applied = engine_->db().Migrate();
    ASSERT_TRUE(applied.ok()) << applied.status().ToString();
  }

  void Actor(int tenant, int id, std::optional<int> client) {
    Exec(
        fmt::format("INSERT INTO xapi_actor (tenant_id, id, ifi, client_id, first_seen_at) "
                    "VALUES ({}, {}, 'account:https://lms.example|{}', {}, 0)",
                    tenant, id, id, client ? std::to_string(*client) : "NULL"));
  }
  void Day(int tenant, int actor, int provider, const std::string& day, int completed,
           std::int64_t last_at, int seconds = 60, const std::string& source = "measured") {
    Exec(fmt::format(
        "INSERT INTO learning_day (tenant_id, actor_id, provider_id, day, seconds, "
        "completed, first_activity_at, last_activity_at, source) VALUES "
        "({}, {}, {}, '{}', {}, {}, {}, {}, '{}')",
        tenant, actor, provider, day, seconds, completed, last_at - 1000, last_at, source));
  }
  void Exec(const std::string& sql) {
    Status st = engine_->RawExec(sql);
    ASSERT_TRUE(st.ok()) << st.ToString() << " " << st.internal_detail() << "\n" << sql;
  }
  std::vector<ClientActivity> List(int tenant, int after, int up_to, const std::string& from,
                                   const std::string& to) {
    std::vector<ClientActivity> out;
    Status st = engine_->db().Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
      RESKILL_ASSIGN_OR_RETURN(
          out, uow.learning_activity().ListForClients(TenantId(tenant), after, up_to, {from, to}));
      return Status::Ok();
    });
    EXPECT_TRUE(st.ok()) << st.ToString();
    return out;
  }

  std::unique_ptr<testing::Engine> engine_;
};

TEST_P(LearningActivityTest, SumsActorsMappedToEachClientPerProviderInTheWindow) {
  Actor(1, 101, 10);  // client 10 has two identities (an LMS account and an e-mail)
  Actor(1, 102, 10);
  Actor(1, 103, 20);
  Actor(1, 104, std::nullopt);  // not mapped to a client
  Actor(2, 201, 10);            // another tenant's client 10
  Day(1, 101, 5, "2026-10-01", 1, 1000);
  Day(1, 102, 5, "2026-10-02", 2, 3000);
  Day(1, 102, 5, "2026-10-02", 1, 2500, 60, "self_reported");
  Day(1, 101, 0, "2026-10-03", 0, 4000);
  Day(1, 101, 5, "2026-09-30", 9, 500);  // before the window
  Day(1, 103, 6, "2026-10-31", 1, 7000);
  Day(1, 103, 6, "2026-11-01", 1, 8000);  // the window's end is exclusive
  Day(1, 104, 5, "2026-10-05", 4, 9000);
  Day(2, 201, 5, "2026-10-05", 4, 9000);

  const auto all = List(1, 0, 1000, "2026-10-01", "2026-11-01");
  ASSERT_EQ(all.size(), 3u);  // (10, 0), (10, 5), (20, 6)
  EXPECT_EQ(all[0].client_id, 10);
  EXPECT_EQ(all[0].provider_id, 0);
  EXPECT_EQ(all[0].items, 0);
  EXPECT_EQ(ToUnixMillis(all[0].last_activity_at), 4000);
  EXPECT_EQ(all[1].client_id, 10);
  EXPECT_EQ(all[1].provider_id, 5);
  EXPECT_EQ(all[1].items, 4);
  EXPECT_EQ(all[1].active_days, 2);
  EXPECT_EQ(all[1].seconds, 180);
  EXPECT_EQ(ToUnixMillis(all[1].last_activity_at), 3000);
  EXPECT_EQ(all[2].client_id, 20);
  EXPECT_EQ(all[2].provider_id, 6);
  EXPECT_EQ(all[2].items, 1);  // the 2026-11-01 completion is after the window
  EXPECT_EQ(all[2].active_days, 1);
  EXPECT_EQ(ToUnixMillis(all[2].last_activity_at), 8000);  // last activity ever

  // Activity outside the window still shows, with zero counts.
  const auto later = List(1, 0, 1000, "2026-12-01", "2027-01-01");
  ASSERT_EQ(later.size(), 3u);
  EXPECT_EQ(later[1].items, 0);
  EXPECT_EQ(later[1].active_days, 0);
  EXPECT_EQ(later[1].seconds, 0);
  EXPECT_EQ(ToUnixMillis(later[1].last_activity_at), 3000);

  // Client ranges are (after, up_to].
  EXPECT_EQ(List(1, 10, 20, "2026-10-01", "2026-11-01").size(), 1u);
  EXPECT_EQ(List(1, 0, 10, "2026-10-01", "2026-11-01").size(), 2u);
  EXPECT_TRUE(List(1, 20, 1000, "2026-10-01", "2026-11-01").empty());
  EXPECT_TRUE(List(3, 0, 1000, "2026-01-01", "2027-01-01").empty());
}

// The last activity is read from learning_last, which triggers keep in step with learning_day
// whoever writes it: a day updated with later activity moves it, a deleted day (a correction)
// takes it back to the days that remain, and an actor without days has none.
TEST_P(LearningActivityTest, LastActivityFollowsUpdatesAndDeletesOfLearningDays) {
  Actor(1, 101, 10);
  Day(1, 101, 5, "2026-10-01", 1, 1000);
  Day(1, 101, 5, "2026-10-02", 0, 2000);
  auto rows = List(1, 0, 1000, "2026-10-01", "2026-11-01");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(ToUnixMillis(rows[0].last_activity_at), 2000);

  Exec(
      "UPDATE learning_day SET last_activity_at = 5000, seconds = seconds + 60 "
      "WHERE tenant_id = 1 AND actor_id = 101 AND day = '2026-10-02'");
  rows = List(1, 0, 1000, "2026-10-01", "2026-11-01");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(ToUnixMillis(rows[0].last_activity_at), 5000);
  EXPECT_EQ(rows[0].seconds, 180);

  Exec("DELETE FROM learning_day WHERE tenant_id = 1 AND actor_id = 101 AND day = '2026-10-02'");
  rows = List(1, 0, 1000, "2026-10-01", "2026-11-01");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(ToUnixMillis(rows[0].last_activity_at), 1000);
  EXPECT_EQ(rows[0].active_days, 1);

  Exec("DELETE FROM learning_day WHERE tenant_id = 1 AND actor_id = 101");
  EXPECT_TRUE(List(1, 0, 1000, "2026-10-01", "2026-11-01").empty());
}

TEST(LearningActivityWindow, CoversWholeDays) {
  const auto w =
      app::WindowOf(FromUnixMillis(1'790'000'000'000), FromUnixMillis(1'795'412'849'000));
  EXPECT_EQ(w.from_day, "2026-09-21");
  EXPECT_EQ(w.to_day, "2026-11-23");
}

INSTANTIATE_TEST_SUITE_P(Engines, LearningActivityTest, ::testing::Values("sqlite", "postgres"),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

}  // namespace
}  // namespace reskill::storage
