// Storage contract tests of the reminder and reclaim jobs (app/jobs/reminder_jobs.hpp) over the
// programs tables (0005), the LRS learning facts (0007) and the outbox and ledger (0006): who gets
// which e-mail in which language, journal entries, the reclaim list and revocation by policy,
// nothing sent twice on a rerun or in a later week of the same inactive spell; on SQLite (always)
// and PostgreSQL when RESKILL_TEST_PG_DSN is set.
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "app/context.hpp"
#include "app/jobs/reminder_jobs.hpp"
#include "app/jobs/standard_jobs.hpp"
#include "app/ports/licence_sweep.hpp"
#include "app/programs/clients.hpp"
#include "app/programs/licences.hpp"
#include "platform/platform.hpp"
#include "storage/test_engines.hpp"

namespace reskill::storage {
namespace {

using app::JobRunReport;
using app::TxMode;
using app::UnitOfWork;
using std::chrono::days;

Timestamp Utc(int y, unsigned m, unsigned d, int hour = 0) {
  const auto day =
      std::chrono::sys_days(std::chrono::year(y) / std::chrono::month(m) / std::chrono::day(d));
  return std::chrono::time_point_cast<std::chrono::milliseconds>(day) + std::chrono::hours(hour);
}

constexpr int kTenant = 7;
constexpr int kProvider = 500;
constexpr int kListProgram = 600;
constexpr int kRevokeProgram = 601;
constexpr int kPool = 700;
constexpr int kRevokePool = 701;

class ReminderJobsTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (const auto why = testing::SkipReason(GetParam()); !why.empty()) GTEST_SKIP() << why;
    ASSERT_TRUE(platform::InitCrypto().ok());
    auto engine = testing::MakeEngine(GetParam(), "reminders");
    ASSERT_TRUE(engine.ok()) << engine.status().ToString();
    engine_ = std::move(engine).value();
    auto applied = engine_->db().Migrate();
    ASSERT_TRUE(applied.ok()) << applied.status().ToString() << " "
                              << applied.status().internal_detail();
    passwords_ = std::make_unique<platform::SodiumPasswordHasher>(1, 8192);
    ctx_ = std::make_unique<app::AppContext>(
        app::AppContext{engine_->db(), clock_, ids_, *passwords_, tokens_, contacts_, {}});
    app::AddStandardJobs(registry_);
    Exec(
        fmt::format("INSERT INTO tenant (tenant_id, slug, name, created_at) VALUES ({}, 'alpha', "
                    "'Alpha', 0)",
                    kTenant));
    Exec(
        fmt::format("INSERT INTO provider (tenant_id, id, slug, name, license_types, created_at, "
                    "updated_at) VALUES ({}, {}, 'learnhub', 'LearnHub', 'seat', 0, 0)",
                    kTenant, kProvider));
    for (auto [program, mode] : {std::pair{kListProgram, "list"}, {kRevokeProgram, "revoke"}}) {
      Exec(fmt::format(
          "INSERT INTO program (tenant_id, id, name, display_name, starts_at, reclaim_mode, "
          "created_at, updated_at) VALUES ({}, {}, 'Welfare-to-work {}', 'Skills Forward', 0, "
          "'{}', 0, 0)",
          kTenant, program, program, mode));
    }
    Exec(
        fmt::format("INSERT INTO licence_pool (tenant_id, id, program_id, provider_id, "
                    "licence_type, name, seats, created_at, updated_at) VALUES ({0}, {1}, {2}, "
                    "{4}, 'seat', 'Seats', 100, 0, 0), ({0}, {3}, {5}, {4}, 'seat', 'Seats', "
                    "100, 0, 0)",
                    kTenant, kPool, kListProgram, kRevokePool, kProvider, kRevokeProgram));
  }

  void Exec(const std::string& sql) {
    Status st = engine_->RawExec(sql);
    ASSERT_TRUE(st.ok()) << st.ToString() << " " << st.internal_detail() << "\n" << sql;
  }

  std::string Quote(const std::string& s) { return "'" + s + "'"; }

  // A client with one licence; returns the licence id (= client id + 1000).
  int Client(int id, const std::string& state, const std::string& locale = "en",
             std::optional<Timestamp> activated = std::nullopt,
             std::optional<Timestamp> invite_expires = std::nullopt, int program = kListProgram) {
    const std::string email = fmt::format("client{}@example.org", id);
    Exec(fmt::format(
        "INSERT INTO client (tenant_id, id, participant_id, program_id, given_name_sealed, "
        "family_name_sealed, email_sealed, preferred_language, created_at, updated_at) VALUES "
        "({}, {}, 'P-{}', {}, {}, {}, {}, '{}', 0, 0)",
        kTenant, id, id, program, Quote(contacts_.Seal(locale == "es" ? "Lucía" : "Ann")),
        Quote(contacts_.Seal("Doe")), Quote(contacts_.Seal(email)), locale));
    const auto opt = [](const std::optional<Timestamp>& t) {
      return t ? std::to_string(ToUnixMillis(*t)) : std::string("NULL");
    };
    Exec(fmt::format(
        "INSERT INTO licence (tenant_id, id, client_id, program_id, provider_id, pool_id, state, "
        "requested_at, issued_at, invite_expires_at, activated_at, updated_at) VALUES "
        "({}, {}, {}, {}, {}, {}, '{}', 0, 0, {}, {}, 0)",
        kTenant, id + 1000, id, program, kProvider, program == kListProgram ? kPool : kRevokePool,
        state, opt(invite_expires), opt(activated)));
    return id + 1000;
  }

  // Learning activity of `client` on `day` (one actor per client), with `completed` items.
  void Activity(int client, Timestamp day, int completed = 1, int provider = kProvider) {
    const int actor = client + 5000;
    if (!actors_.contains(actor)) {
      Exec(
          fmt::format("INSERT INTO xapi_actor (tenant_id, id, ifi, client_id, first_seen_at) "
                      "VALUES ({}, {}, 'account:https://lms|{}', {}, 0)",
                      kTenant, actor, actor, client));
      actors_.insert(actor);
    }
    Exec(
        fmt::format("INSERT INTO learning_day (tenant_id, actor_id, provider_id, day, seconds, "
                    "completed, first_activity_at, last_activity_at, source) VALUES ({}, {}, {}, "
                    "'{}', 600, {}, {}, {}, 'measured')",
                    kTenant, actor, provider, app::PeriodOf(app::Cadence::kDaily, day), completed,
                    ToUnixMillis(day), ToUnixMillis(day) + 1000));
  }

  JobRunReport RunJob(const std::string& name, std::optional<std::string> period = {}) {
    app::Job* job = registry_.Find(name);
    EXPECT_NE(job, nullptr) << name;
    app::JobRunOptions options;
    options.period = period;
    auto reports = app::RunJob(*ctx_).Run(*job, options);
    EXPECT_TRUE(reports.ok()) << reports.status().ToString();
    EXPECT_EQ(reports->size(), 1u);
    const JobRunReport r = reports->front();
    EXPECT_NE(r.outcome, JobRunReport::Outcome::kFailed)
        << r.error.ToString() << " " << r.error.internal_detail();
    return r;
  }

  // Queued e-mails: dedupe key → the opened e-mail.
  std::map<std::string, app::Email> Outbox() {
    std::map<std::string, app::Email> out;
    EXPECT_TRUE(engine_->db()
                    .Run(TxMode::kRead,
                         [&](UnitOfWork& uow) -> Status {
                           RESKILL_ASSIGN_OR_RETURN(auto all,
                                                    uow.outbox().List(TenantId(kTenant), 1000, {}));
                           for (const auto& m : all) {
                             RESKILL_ASSIGN_OR_RETURN(auto text, contacts_.Open(m.envelope));
                             RESKILL_ASSIGN_OR_RETURN(auto email, app::ParseEmail(text));
                             out[m.dedupe_key] = email;
                           }
                           return Status::Ok();
                         })
                    .ok());
    return out;
  }

  std::vector<std::string> Journal(int client) {
    std::vector<std::string> out;
    EXPECT_TRUE(engine_->db()
                    .Run(TxMode::kRead,
                         [&](UnitOfWork& uow) -> Status {
                           RESKILL_ASSIGN_OR_RETURN(
                               auto all,
                               uow.programs().ListJournal(TenantId(kTenant), ClientId(client)));
                           for (const auto& e : all) out.push_back(e.text);
                           return Status::Ok();
                         })
                    .ok());
    return out;
  }

  std::optional<domain::programs::Licence> Licence(int id) {
    std::optional<domain::programs::Licence> out;
    EXPECT_TRUE(engine_->db()
                    .Run(TxMode::kRead,
                         [&](UnitOfWork& uow) -> Status {
                           RESKILL_ASSIGN_OR_RETURN(
                               out, uow.programs().FindLicence(TenantId(kTenant), LicenceId(id)));
                           return Status::Ok();
                         })
                    .ok());
    return out;
  }

  std::unique_ptr<testing::Engine> engine_;
  const Timestamp now_ = Utc(2026, 11, 23, 6);  // a Monday: 2026-W48
  app::FakeClock clock_{now_};
  platform::TimeOrderedIdGenerator ids_;
  std::unique_ptr<platform::SodiumPasswordHasher> passwords_;
  platform::SodiumSecretTokens tokens_;
  platform::SodiumContactCipher contacts_{platform::ContactKey{}};
  std::unique_ptr<app::AppContext> ctx_;
  app::JobRegistry registry_;
  std::set<int> actors_;
};

TEST_P(ReminderJobsTest, LapsedInvitationsExpireAndAreListedForReinvite) {
  const int lapsed = Client(1, "issued", "en", std::nullopt, now_ - days(1));
  const int open = Client(2, "issued", "en", std::nullopt, now_ + days(3));
  auto r = RunJob("expire-invitations");
  EXPECT_EQ(r.period, "2026-11-23");
  EXPECT_EQ(r.items, 1);
  EXPECT_EQ(Licence(lapsed)->state, domain::programs::LicenceState::kExpired);
  EXPECT_EQ(Licence(open)->state, domain::programs::LicenceState::kIssued);
  ASSERT_EQ(Journal(1).size(), 1u);
  EXPECT_NE(Journal(1)[0].find("expired unused on 2026-11-22"), std::string::npos) << Journal(1)[0];
  EXPECT_TRUE(Outbox().empty()) << "expiry sends nothing";
  // The re-invite list holds it; the pool counts no seat for it.
  app::programs::LicenceFilter filter;
  filter.lapsed_only = true;
  auto listed = app::programs::ManageLicences(*ctx_).List(
      app::programs::SystemActor(TenantId(kTenant), "test"), filter);
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front().licence.id, LicenceId(lapsed));
  EXPECT_EQ(listed->front().licence.state, domain::programs::LicenceState::kExpired);
  // Three days later the other one lapses too: on read it shows expired before the job runs.
  clock_.Advance(days(4));
  auto view = app::programs::ManageLicences(*ctx_).Get(
      app::programs::SystemActor(TenantId(kTenant), "test"), LicenceId(open));
  ASSERT_TRUE(view.ok());
  EXPECT_EQ(view->licence.state, domain::programs::LicenceState::kExpired);
  EXPECT_EQ(RunJob("expire-invitations").items, 1);
  EXPECT_EQ(Licence(open)->state, domain::programs::LicenceState::kExpired);
}

TEST_P(ReminderJobsTest, InvitedButNotActivatedGetAWeeklyReminderWhileTheInvitationIsOpen) {
  const int open = Client(1, "issued", "en", std::nullopt, now_ + days(3));
  Client(2, "issued", "en", std::nullopt, now_ - days(1));  // lapsed: re-invite, not remind
  const int spanish = Client(3, "issued", "es", std::nullopt, now_ + days(10));
  Client(4, "activated", "en", now_ - days(3));
  auto r = RunJob("remind-not-activated");
  EXPECT_EQ(r.items, 2);
  EXPECT_EQ(r.period, "2026-W48");
  auto mail = Outbox();
  ASSERT_EQ(mail.size(), 2u);
  const auto& en = mail.at(fmt::format("remind-not-activated:2026-W48:{}", open));
  EXPECT_EQ(en.to_address, "client1@example.org");
  EXPECT_EQ(en.locale, "en");
  EXPECT_EQ(en.kind, "reminder.not_activated");
  EXPECT_EQ(en.subject, "Reminder: activate your LearnHub access");
  EXPECT_NE(en.text_body.find("valid until 2026-11-26"), std::string::npos);
  EXPECT_NE(en.text_body.find("Skills Forward"), std::string::npos);
  EXPECT_EQ(en.text_body.find("Welfare"), std::string::npos);  // never the internal name
  const auto& es = mail.at(fmt::format("remind-not-activated:2026-W48:{}", spanish));
  EXPECT_EQ(es.locale, "es");
  EXPECT_EQ(es.subject, "Recordatorio: active su acceso a LearnHub");
  EXPECT_NE(es.text_body.find("Hola Lucía:"), std::string::npos);
  EXPECT_EQ(Journal(1), std::vector<std::string>{"Weekly reminder: invitation not yet activated"});
  EXPECT_TRUE(Journal(2).empty());

  // The same week again: nothing new. The next week: reminded again.
  EXPECT_EQ(RunJob("remind-not-activated").outcome, JobRunReport::Outcome::kAlreadyDone);
  clock_.Advance(days(7));
  EXPECT_EQ(RunJob("remind-not-activated").items, 1);  // client 1's invitation has lapsed now
  EXPECT_EQ(Outbox().size(), 3u);
}

TEST_P(ReminderJobsTest, ActivatedButNeverStartedGetAWeeklyReminder) {
  const int idle = Client(1, "activated", "es", now_ - days(10));
  Client(2, "activated", "en", now_ - days(10));
  Activity(2, now_ - days(9));
  Client(3, "activated", "en", now_ - days(10));
  Activity(3, now_ - days(9), 0, /*provider=*/0);  // activity from an unknown provider counts
  Client(4, "activated", "en", now_ - days(10));
  Activity(4, now_ - days(9), 1, /*provider=*/999);  // another provider's does not
  auto r = RunJob("remind-not-started");
  EXPECT_EQ(r.items, 2);
  const auto mail = Outbox();
  ASSERT_TRUE(mail.contains(fmt::format("remind-not-started:2026-W48:{}", idle)));
  EXPECT_EQ(mail.at(fmt::format("remind-not-started:2026-W48:{}", idle)).subject,
            "Empiece su primer curso en LearnHub");
  EXPECT_TRUE(mail.contains("remind-not-started:2026-W48:1004"));
}

TEST_P(ReminderJobsTest, NudgeOncePerSpellOfInactivity) {
  const int quiet = Client(1, "activated", "en", now_ - days(60));
  Activity(1, now_ - days(20));
  Client(2, "activated", "en", now_ - days(60));
  Activity(2, now_ - days(3));
  EXPECT_EQ(RunJob("nudge-inactive").items, 1);
  auto mail = Outbox();
  ASSERT_EQ(mail.size(), 1u);
  const std::string key = fmt::format("nudge-inactive:{}:2026-11-03", quiet);
  ASSERT_TRUE(mail.contains(key));
  EXPECT_NE(mail.at(key).text_body.find("since 2026-11-03"), std::string::npos);
  EXPECT_EQ(Journal(1), std::vector<std::string>{"Nudge: no learning activity since 2026-11-03"});
  // A week later the spell goes on: the ledger records the week, but no second e-mail.
  clock_.Advance(days(7));
  RunJob("nudge-inactive");
  EXPECT_EQ(Outbox().size(), 1u);
  EXPECT_EQ(Journal(1).size(), 1u);
  // Activity, then silence again: a new spell, a new nudge (and client 2, silent since
  // 2026-11-20, gets a first one).
  Activity(1, now_ + days(8));
  clock_.Advance(days(21));
  EXPECT_EQ(RunJob("nudge-inactive").items, 2);
  mail = Outbox();
  EXPECT_EQ(mail.size(), 3u);
  EXPECT_TRUE(mail.contains(fmt::format("nudge-inactive:{}:2026-12-01", quiet)));
  EXPECT_TRUE(mail.contains("nudge-inactive:1002:2026-11-20"));
  EXPECT_EQ(Journal(1).size(), 2u);
}

TEST_P(ReminderJobsTest, MonthlyMinimumJudgesTheMonthJustEnded) {
  Client(1, "activated", "en", Utc(2026, 9, 1));  // no completion in October
  Client(2, "activated", "en", Utc(2026, 9, 1));
  Activity(2, Utc(2026, 10, 12), 1);
  Client(3, "activated", "en", Utc(2026, 10, 15));  // not held for the whole month
  Client(4, "activated", "es", Utc(2026, 9, 1));
  Activity(4, Utc(2026, 10, 31), 0);  // active, but nothing completed
  Activity(4, Utc(2026, 11, 2), 3);   // November does not count for October
  auto r = RunJob("monthly-minimum");
  EXPECT_EQ(r.period, "2026-10");
  EXPECT_EQ(r.items, 2);
  const auto mail = Outbox();
  EXPECT_TRUE(mail.contains("monthly-minimum:2026-10:1001"));
  EXPECT_TRUE(mail.contains("monthly-minimum:2026-10:1004"));
  EXPECT_NE(mail.at("monthly-minimum:2026-10:1004").text_body.find("completó 0 de los 1"),
            std::string::npos);
  EXPECT_EQ(Journal(1),
            std::vector<std::string>{"Monthly minimum not met in 2026-10: 0 of 1 items"});
}

// "At least one item a month to keep the licence": the first missed month warns; a licence
// warned in October that misses November too is not kept — revoked under the revoke policy,
// put on the reclaim list (and warned) under the list policy; a client who caught up in
// November is not touched, and one first missing in November is only warned.
TEST_P(ReminderJobsTest, MonthlyMinimumMissedTwiceRunningReclaimsByPolicy) {
  Client(1, "activated", "en", Utc(2026, 9, 1));                                // list policy
  Client(2, "activated", "en", Utc(2026, 9, 1), std::nullopt, kRevokeProgram);  // revoke
  Client(3, "activated", "en", Utc(2026, 9, 1), std::nullopt, kRevokeProgram);  // catches up
  Client(4, "activated", "en", Utc(2026, 9, 1), std::nullopt, kRevokeProgram);  // new miss
  Activity(4, Utc(2026, 10, 5), 1);
  Activity(3, Utc(2026, 11, 9), 2);
  EXPECT_EQ(RunJob("monthly-minimum", "2026-10").items, 3);  // 1, 2, 3 warned
  EXPECT_EQ(Licence(1002)->state, domain::programs::LicenceState::kActivated);

  EXPECT_EQ(RunJob("monthly-minimum", "2026-11").items, 3);  // 1 listed, 2 revoked, 4 warned
  EXPECT_TRUE(Licence(1001)->reclaim_listed_at.has_value());
  EXPECT_EQ(Licence(1001)->state, domain::programs::LicenceState::kActivated);
  EXPECT_EQ(Licence(1002)->state, domain::programs::LicenceState::kRevoked);
  EXPECT_EQ(Licence(1003)->state, domain::programs::LicenceState::kActivated);
  EXPECT_EQ(Licence(1004)->state, domain::programs::LicenceState::kActivated);
  EXPECT_FALSE(Licence(1004)->reclaim_listed_at.has_value());
  const auto mail = Outbox();
  ASSERT_TRUE(mail.contains("monthly-minimum:2026-11:1002"));
  EXPECT_EQ(mail.at("monthly-minimum:2026-11:1002").kind, "reclaim.revoked");
  EXPECT_NE(
      mail.at("monthly-minimum:2026-11:1002").text_body.find("In 2026-10 and again in 2026-11"),
      std::string::npos);
  ASSERT_TRUE(mail.contains("monthly-minimum:2026-11:1001"));
  EXPECT_EQ(mail.at("monthly-minimum:2026-11:1001").kind, "reminder.monthly_minimum");
  EXPECT_EQ(mail.at("monthly-minimum:2026-11:1004").kind, "reminder.monthly_minimum");
  EXPECT_FALSE(mail.contains("monthly-minimum:2026-11:1003"));
  const auto journal = Journal(1);
  EXPECT_NE(std::find(journal.begin(), journal.end(),
                      "Monthly minimum not met in 2026-11: 0 of 1 items (second month running: "
                      "on the reclaim list)"),
            journal.end());
  // Rerunning November changes nothing.
  EXPECT_EQ(RunJob("monthly-minimum", "2026-11").items, 0);
  EXPECT_EQ(Outbox().size(), mail.size());
}

TEST_P(ReminderJobsTest, IdleLicencesGoOnTheReclaimListOrAreRevokedByPolicy) {
  Client(1, "activated", "en", now_ - days(200));
  Activity(1, now_ - days(100));
  Client(2, "activated", "en", now_ - days(200), std::nullopt, kRevokeProgram);
  Activity(2, now_ - days(95));
  Client(3, "activated", "en", now_ - days(95));  // never active, activated 95 days ago
  Client(4, "activated", "en", now_ - days(200));
  Activity(4, now_ - days(30));
  auto r = RunJob("reclaim-inactive");
  EXPECT_EQ(r.items, 3);
  EXPECT_TRUE(Licence(1001)->reclaim_listed_at.has_value());
  EXPECT_EQ(Licence(1001)->state, domain::programs::LicenceState::kActivated);
  EXPECT_EQ(Licence(1002)->state, domain::programs::LicenceState::kRevoked);
  EXPECT_EQ(Licence(1002)->revoke_reason, "inactivity");
  EXPECT_TRUE(Licence(1003)->reclaim_listed_at.has_value());
  EXPECT_FALSE(Licence(1004)->reclaim_listed_at.has_value());
  const auto mail = Outbox();
  ASSERT_EQ(mail.size(), 1u);  // only the revoked client is told
  EXPECT_EQ(mail.begin()->second.kind, "reclaim.revoked");
  EXPECT_EQ(mail.begin()->second.subject, "Your LearnHub access has ended");
  // The next day: listed licences are not listed again, the revoked one is gone.
  clock_.Advance(days(1));
  EXPECT_EQ(RunJob("reclaim-inactive").items, 0);
}

// Each program is judged by its own policy, every actor mapped to the client counts, and only the
// licence's provider (or an unknown one) does.
TEST_P(ReminderJobsTest, NudgesFollowEachProgramsPolicyAndEveryActorOfTheClient) {
  Exec(fmt::format("UPDATE program SET nudge_after_days = 30 WHERE tenant_id = {} AND id = {}",
                   kTenant, kRevokeProgram));
  Client(1, "activated", "en", now_ - days(200));
  Activity(1, now_ - days(20));  // idle 20 days, program nudges after 14
  Client(2, "activated", "en", now_ - days(200), std::nullopt, kRevokeProgram);
  Activity(2, now_ - days(20));  // idle 20 days, program nudges after 30
  Client(3, "activated", "en", now_ - days(200), std::nullopt, kRevokeProgram);
  Activity(3, now_ - days(40));
  Client(4, "activated", "en", now_ - days(200));
  Activity(4, now_ - days(20));
  // A second account of client 4, active two days ago.
  Exec(
      fmt::format("INSERT INTO xapi_actor (tenant_id, id, ifi, client_id, first_seen_at) VALUES "
                  "({}, 9004, 'mbox:mailto:second@example.org', 4, 0)",
                  kTenant));
  Exec(
      fmt::format("INSERT INTO learning_day (tenant_id, actor_id, provider_id, day, seconds, "
                  "completed, first_activity_at, last_activity_at, source) VALUES ({}, 9004, {}, "
                  "'{}', 600, 0, {}, {}, 'measured')",
                  kTenant, kProvider, app::PeriodOf(app::Cadence::kDaily, now_ - days(2)),
                  ToUnixMillis(now_ - days(2)), ToUnixMillis(now_ - days(2))));
  Client(5, "activated", "en", now_ - days(200));
  Activity(5, now_ - days(20));
  Activity(5, now_ - days(2), 1, /*provider=*/999);  // another provider's activity does not count
  EXPECT_EQ(RunJob("nudge-inactive").items, 3);
  EXPECT_EQ(Journal(1).size(), 1u);
  EXPECT_TRUE(Journal(2).empty());
  ASSERT_EQ(Journal(3).size(), 1u);
  EXPECT_EQ(Journal(3)[0], "Nudge: no learning activity since 2026-10-14");
  EXPECT_TRUE(Journal(4).empty());
  ASSERT_EQ(Journal(5).size(), 1u);
  EXPECT_EQ(Journal(5)[0], "Nudge: no learning activity since 2026-11-03");
}

// The sweep's filter is applied by the store: a rule reads the licences that can be due, each with
// the client's activity with the licence's provider, and not the others.
TEST_P(ReminderJobsTest, TheSweepReadsOnlyTheLicencesAFilterLetsThrough) {
  Client(1, "activated", "en", now_ - days(200));
  Activity(1, now_ - days(20), 2);
  Activity(1, now_ - days(25), 1);
  Client(2, "activated", "en", now_ - days(200));
  Activity(2, now_ - days(3));
  Client(3, "activated", "en", now_ - days(200));  // never active
  Client(4, "issued", "en", std::nullopt, now_ + days(2));
  Client(5, "activated", "en", now_ - days(200), std::nullopt, kRevokeProgram);
  Activity(5, now_ - days(30));
  const auto sweep = [&](std::string_view state, const app::SweepFilter& filter,
                         int program = kListProgram) {
    std::vector<app::SweepLicence> out;
    Status st = engine_->db().Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
      RESKILL_ASSIGN_OR_RETURN(
          out, uow.licence_sweep().ListPage(TenantId(kTenant), ProgramId(program), state, filter, 0,
                                            0, 100));
      return Status::Ok();
    });
    EXPECT_TRUE(st.ok()) << st.ToString() << " " << st.internal_detail();
    std::vector<int> ids;
    for (const auto& l : out) ids.push_back(static_cast<int>(l.licence.value()));
    return std::pair{ids, out};
  };
  app::SweepFilter all;
  EXPECT_EQ(sweep("activated", all).first, (std::vector<int>{1001, 1002, 1003}));
  EXPECT_EQ(sweep("activated", all, kRevokeProgram).first, (std::vector<int>{1005}));
  EXPECT_EQ(sweep("issued", all).first, (std::vector<int>{1004}));
  app::SweepFilter never;
  never.quiet_since = Timestamp::min();
  EXPECT_EQ(sweep("activated", never).first, (std::vector<int>{1003}));
  app::SweepFilter idle;
  idle.some_activity = true;
  idle.quiet_since = now_ - days(14);
  idle.window = app::WindowOf(now_ - days(28), now_);
  auto [ids, rows] = sweep("activated", idle);
  ASSERT_EQ(ids, (std::vector<int>{1001}));
  EXPECT_EQ(rows[0].last_activity_at, now_ - days(20) + std::chrono::seconds(1));
  EXPECT_EQ(rows[0].items, 3);
  app::SweepFilter few;
  few.window = app::WindowOf(now_ - days(22), now_);
  few.fewer_items_than = 2;
  EXPECT_EQ(sweep("activated", few).first, (std::vector<int>{1002, 1003}));
  app::SweepFilter open;
  open.invite_expires_after = now_ + days(3);
  EXPECT_TRUE(sweep("issued", open).first.empty());
  open.invite_expires_after = now_;
  EXPECT_EQ(sweep("issued", open).first, (std::vector<int>{1004}));
}

INSTANTIATE_TEST_SUITE_P(Engines, ReminderJobsTest, ::testing::Values("sqlite", "postgres"),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

}  // namespace
}  // namespace reskill::storage
