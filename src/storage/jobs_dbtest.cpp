// Storage contract tests of the job ledger (migration 0006) and of the job runner over it: runs
// keyed by (tenant, job, period), the per-item ledger written with each item's effect, a run that
// fails half-way resumed without repeating or skipping an item, leases; on SQLite (always) and on
// PostgreSQL when RESKILL_TEST_PG_DSN is set (scripts/with-postgres.sh).
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "app/context.hpp"
#include "app/jobs/job.hpp"
#include "platform/platform.hpp"
#include "storage/test_engines.hpp"

namespace reskill::storage {
namespace {

using app::Cadence;
using app::JobRunReport;
using app::TxMode;
using app::UnitOfWork;

Timestamp Utc(int y, unsigned m, unsigned d, int hour = 0) {
  const auto day =
      std::chrono::sys_days(std::chrono::year(y) / std::chrono::month(m) / std::chrono::day(d));
  return std::chrono::time_point_cast<std::chrono::milliseconds>(day) + std::chrono::hours(hour);
}

TEST(JobPeriods, NamesFollowIso8601) {
  EXPECT_EQ(app::PeriodOf(Cadence::kDaily, Utc(2026, 11, 23, 5)), "2026-11-23");
  EXPECT_EQ(app::PeriodOf(Cadence::kMonthly, Utc(2026, 11, 23)), "2026-11");
  EXPECT_EQ(app::PeriodOf(Cadence::kWeekly, Utc(2026, 11, 23)), "2026-W48");
  // ISO weeks that straddle a year: 2021-01-03 is in 2020-W53; 2024-12-30 is in 2025-W01.
  EXPECT_EQ(app::PeriodOf(Cadence::kWeekly, Utc(2021, 1, 3)), "2020-W53");
  EXPECT_EQ(app::PeriodOf(Cadence::kWeekly, Utc(2024, 12, 30)), "2025-W01");
  auto week = app::ParsePeriod(Cadence::kWeekly, "2026-W48");
  ASSERT_TRUE(week);
  EXPECT_EQ(week->start, Utc(2026, 11, 23));
  EXPECT_EQ(week->end, Utc(2026, 11, 30));
  auto month = app::ParsePeriod(Cadence::kMonthly, "2026-12");
  ASSERT_TRUE(month);
  EXPECT_EQ(month->start, Utc(2026, 12, 1));
  EXPECT_EQ(month->end, Utc(2027, 1, 1));
  auto day = app::ParsePeriod(Cadence::kDaily, "2024-02-29");
  ASSERT_TRUE(day);
  EXPECT_EQ(day->end, Utc(2024, 3, 1));
  EXPECT_FALSE(app::ParsePeriod(Cadence::kDaily, "2023-02-29"));
  EXPECT_FALSE(app::ParsePeriod(Cadence::kWeekly, "2025-W53"));  // 2025 has 52 weeks
  EXPECT_TRUE(app::ParsePeriod(Cadence::kWeekly, "2026-W53"));
  EXPECT_TRUE(app::ParsePeriod(Cadence::kWeekly, "2020-W53"));
  EXPECT_FALSE(app::ParsePeriod(Cadence::kMonthly, "2026-13"));
  EXPECT_FALSE(app::ParsePeriod(Cadence::kMonthly, "2026-11-01"));
  EXPECT_FALSE(app::ParsePeriod(Cadence::kWeekly, "2026-11"));
}

// A job over items 1..n whose effect is a queued e-mail per item; it can be told to fail after
// some batches (a crash half-way, as far as the database can tell).
class CountingJob final : public app::Job {
 public:
  explicit CountingJob(int items) : items_(items) {}
  std::string_view name() const override { return "test-counting"; }
  std::string_view summary() const override { return "queues one e-mail per item"; }
  Cadence cadence() const override { return Cadence::kWeekly; }

  StatusOr<std::int64_t> Run(const app::JobRunContext& run) override {
    std::int64_t done = 0;
    int batch = 0;
    for (int first = 1; first <= items_; first += kBatch) {
      if (fail_after_batches >= 0 && batch == fail_after_batches) {
        return Unavailable("simulated crash");
      }
      Status st = run.ctx.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
        for (int item = first; item < first + kBatch && item <= items_; ++item) {
          RESKILL_ASSIGN_OR_RETURN(bool fresh, run.MarkItem(uow, item, "queued"));
          if (!fresh) continue;
          app::Email e;
          e.tenant_id = run.tenant;
          e.kind = "test";
          e.dedupe_key = run.DedupeKey(item);
          e.to_address = "client" + std::to_string(item) + "@example.org";
          e.subject = "Item " + std::to_string(item);
          e.text_body = "text";
          RESKILL_ASSIGN_OR_RETURN(bool queued, app::QueueEmail(run.ctx, uow, e));
          if (!queued) return Internal("duplicate e-mail for a fresh item");
          ++done;
        }
        return Status::Ok();
      });
      RESKILL_RETURN_IF_ERROR(st);
      RESKILL_RETURN_IF_ERROR(run.progress(done));
      ++batch;
    }
    return done;
  }

  static constexpr int kBatch = 7;
  int fail_after_batches = -1;

 private:
  int items_;
};

class JobsTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (const auto why = testing::SkipReason(GetParam()); !why.empty()) GTEST_SKIP() << why;
    ASSERT_TRUE(platform::InitCrypto().ok());
    auto engine = testing::MakeEngine(GetParam(), "jobs");
    ASSERT_TRUE(engine.ok()) << engine.status().ToString();
    engine_ = std::move(engine).value();
    auto applied = db().Migrate();
    ASSERT_TRUE(applied.ok()) << applied.status().ToString() << " "
                              << applied.status().internal_detail();
    passwords_ = std::make_unique<platform::SodiumPasswordHasher>(1, 8192);
    ctx_ = std::make_unique<app::AppContext>(
        app::AppContext{db(), clock_, ids_, *passwords_, tokens_, contacts_, {}});
    alpha_ = NewTenant("alpha");
    beta_ = NewTenant("beta");
  }

  SqlDatabase& db() { return engine_->db(); }

  TenantId NewTenant(const std::string& slug) {
    app::Tenant t{TenantId(ids_.Next()), slug, "Agency " + slug, clock_.Now()};
    EXPECT_TRUE(
        db().Run(TxMode::kWrite, [&](UnitOfWork& uow) { return uow.tenants().Insert(t); }).ok());
    return t.id;
  }

  std::vector<JobRunReport> RunAll(app::Job& job, app::JobRunOptions options = {}) {
    auto reports = app::RunJob(*ctx_).Run(job, options);
    EXPECT_TRUE(reports.ok()) << reports.status().ToString();
    return reports.ok() ? *reports : std::vector<JobRunReport>{};
  }

  std::multiset<std::string> QueuedKeys(TenantId tenant) {
    std::multiset<std::string> keys;
    EXPECT_TRUE(db().Run(TxMode::kRead,
                         [&](UnitOfWork& uow) -> Status {
                           RESKILL_ASSIGN_OR_RETURN(
                               auto all, uow.outbox().List(tenant, 100000, std::nullopt));
                           for (const auto& m : all) keys.insert(m.dedupe_key);
                           return Status::Ok();
                         })
                    .ok());
    return keys;
  }

  std::unique_ptr<testing::Engine> engine_;
  app::FakeClock clock_{Utc(2026, 11, 23, 6)};
  platform::TimeOrderedIdGenerator ids_;
  std::unique_ptr<platform::SodiumPasswordHasher> passwords_;
  platform::SodiumSecretTokens tokens_;
  platform::SodiumContactCipher contacts_{platform::ContactKey{}};
  std::unique_ptr<app::AppContext> ctx_;
  TenantId alpha_, beta_;
};

TEST_P(JobsTest, RunActsOnEveryItemOnceAndRerunDoesNothing) {
  CountingJob job(50);
  auto reports = RunAll(job);
  ASSERT_EQ(reports.size(), 2u);  // both tenants
  for (const auto& r : reports) {
    EXPECT_EQ(r.outcome, JobRunReport::Outcome::kDone);
    EXPECT_EQ(r.items, 50);
    EXPECT_EQ(r.period, "2026-W48");
    EXPECT_EQ(r.attempt, 1);
  }
  EXPECT_EQ(QueuedKeys(alpha_).size(), 50u);
  EXPECT_EQ(QueuedKeys(alpha_).count("test-counting:2026-W48:17"), 1u);
  auto again = RunAll(job);
  for (const auto& r : again) EXPECT_EQ(r.outcome, JobRunReport::Outcome::kAlreadyDone);
  EXPECT_EQ(QueuedKeys(alpha_).size(), 50u);
  std::optional<app::JobRun> run;
  ASSERT_TRUE(db().Run(TxMode::kRead,
                       [&](UnitOfWork& uow) -> Status {
                         RESKILL_ASSIGN_OR_RETURN(
                             run, uow.job_ledger().FindRun(alpha_, job.name(), "2026-W48"));
                         return Status::Ok();
                       })
                  .ok());
  ASSERT_TRUE(run);
  EXPECT_EQ(run->status, app::JobRunStatus::kDone);
  EXPECT_EQ(run->items, 50);
  EXPECT_TRUE(run->finished_at.has_value());
}

TEST_P(JobsTest, RunThatFailsHalfwayResumesWithoutRepeatingOrSkipping) {
  CountingJob job(50);
  job.fail_after_batches = 3;  // 21 items committed, then the "crash"
  app::JobRunOptions only_alpha;
  only_alpha.tenant = alpha_;
  auto first = RunAll(job, only_alpha);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].outcome, JobRunReport::Outcome::kFailed);
  EXPECT_EQ(QueuedKeys(alpha_).size(), 21u);
  job.fail_after_batches = -1;
  auto second = RunAll(job, only_alpha);
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].outcome, JobRunReport::Outcome::kDone);
  EXPECT_EQ(second[0].items, 29);
  EXPECT_EQ(second[0].attempt, 2);
  const auto keys = QueuedKeys(alpha_);
  EXPECT_EQ(keys.size(), 50u);
  for (int i = 1; i <= 50; ++i) {
    EXPECT_EQ(keys.count("test-counting:2026-W48:" + std::to_string(i)), 1u) << i;
  }
  EXPECT_TRUE(QueuedKeys(beta_).empty());
}

TEST_P(JobsTest, LiveLeaseMakesASecondRunnerWaitUnlessTold) {
  // A runner that died: the run is 'running' with a lease that has not ended.
  ASSERT_TRUE(db().Run(TxMode::kWrite,
                       [&](UnitOfWork& uow) -> Status {
                         app::JobRun run{alpha_,
                                         "test-counting",
                                         "2026-W48",
                                         app::JobRunStatus::kRunning,
                                         clock_.Now(),
                                         {},
                                         0,
                                         1,
                                         clock_.Now() + std::chrono::minutes(5),
                                         {}};
                         return uow.job_ledger().InsertRun(run).status();
                       })
                  .ok());
  CountingJob job(10);
  app::JobRunOptions options;
  options.tenant = alpha_;
  auto busy = RunAll(job, options);
  ASSERT_EQ(busy.size(), 1u);
  EXPECT_EQ(busy[0].outcome, JobRunReport::Outcome::kBusy);
  EXPECT_TRUE(QueuedKeys(alpha_).empty());
  clock_.Advance(std::chrono::minutes(6));
  auto resumed = RunAll(job, options);
  EXPECT_EQ(resumed[0].outcome, JobRunReport::Outcome::kDone);
  EXPECT_EQ(resumed[0].attempt, 2);
  EXPECT_EQ(QueuedKeys(alpha_).size(), 10u);
}

TEST_P(JobsTest, ExplicitPeriodIsValidated) {
  CountingJob job(3);
  app::JobRunOptions options;
  options.period = "2026-11";
  auto bad = app::RunJob(*ctx_).Run(job, options);
  EXPECT_EQ(bad.status().code(), ErrorCode::kInvalidArgument);
  options.period = "2026-W40";
  auto reports = RunAll(job, options);
  ASSERT_EQ(reports.size(), 2u);
  EXPECT_EQ(QueuedKeys(alpha_).count("test-counting:2026-W40:3"), 1u);
}

INSTANTIATE_TEST_SUITE_P(Engines, JobsTest, ::testing::Values("sqlite", "postgres"),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

}  // namespace
}  // namespace reskill::storage
