// Storage contract tests of the statements resource (statement store port + the StoreStatements
// and QueryStatements use cases): ids, stored, authority and version; immutability; voiding;
// all-or-nothing batches; group commit; the term index behind every query filter; paging;
// actors, activities and the learning facts derived on ingest. SQLite (a temporary file, always)
// and PostgreSQL when RESKILL_TEST_PG_DSN is set.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "app/lrs/query_statements.hpp"
#include "app/lrs/statement_writer.hpp"
#include "app/lrs/store_statements.hpp"
#include "platform/platform.hpp"
#include "storage/test_engines.hpp"

namespace reskill::storage {
namespace {

using app::TxMode;
using app::UnitOfWork;
using app::lrs::StatementBatch;
using app::lrs::StatementQuery;
using domain::lrs::SpecVersion;
using nlohmann::json;

constexpr const char* kCompleted = "http://adlnet.gov/expapi/verbs/completed";
constexpr const char* kProgressed = "http://adlnet.gov/expapi/verbs/progressed";
constexpr const char* kVoided = "http://adlnet.gov/expapi/verbs/voided";
constexpr const char* kCourse = "http://lms.example.com/course/42";

Timestamp At(std::int64_t offset_ms) {
  return FromUnixMillis(1'763'888'400'000 + offset_ms);  // 2025-11-23T09:00:00Z
}

std::string Id(int n) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "00000000-0000-4000-8000-%012d", n);
  return buf;
}

// A statement as a sender writes it.
json Stmt(const std::string& email, const std::string& verb, const std::string& activity,
          std::optional<int> id = std::nullopt) {
  json s = {{"actor", {{"mbox", "mailto:" + email}, {"name", email}}},
            {"verb", {{"id", verb}}},
            {"object", {{"id", activity}}}};
  if (id) s["id"] = Id(*id);
  return s;
}

json Voiding(int id, int target) {
  return {{"id", Id(id)},
          {"actor", {{"mbox", "mailto:admin@example.com"}}},
          {"verb", {{"id", kVoided}}},
          {"object", {{"objectType", "StatementRef"}, {"id", Id(target)}}}};
}

class LrsStatementsDbTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (const auto why = testing::SkipReason(GetParam()); !why.empty()) GTEST_SKIP() << why;
    ASSERT_TRUE(platform::InitCrypto().ok());
    auto engine = testing::MakeEngine(GetParam(), "lrs");
    ASSERT_TRUE(engine.ok()) << engine.status().ToString();
    engine_ = std::move(engine).value();
    auto applied = engine_->db().Migrate();
    ASSERT_TRUE(applied.ok()) << applied.status().ToString() << " "
                              << applied.status().internal_detail();
    ids_ = std::make_unique<platform::TimeOrderedIdGenerator>();
    passwords_ = std::make_unique<platform::SodiumPasswordHasher>(1, 8192);
    ctx_ = std::make_unique<app::AppContext>(
        app::AppContext{engine_->db(), clock_, *ids_, *passwords_, tokens_, contacts_, {}});
  }

  StatementBatch Batch(const json& body, std::int64_t tenant = 1, std::int64_t client = 7,
                       std::int64_t provider = 3) {
    StatementBatch b;
    b.authority.tenant = TenantId(tenant);
    b.authority.lrs_client_id = client;
    b.authority.provider_id = provider;
    b.authority.authority_json =
        R"({"objectType":"Agent","account":{"homePage":"https://reskill.invalid/xapi/clients","name":"key)" +
        std::to_string(client) + R"("}})";
    b.authority.authority_ifi =
        "account:https://reskill.invalid/xapi/clients|key" + std::to_string(client);
    auto parsed = domain::lrs::ParseStatementBatch(body.dump(), SpecVersion::k1_0);
    EXPECT_TRUE(parsed.ok()) << parsed.status().ToString();
    if (parsed.ok()) b.statements = std::move(parsed).value();
    b.is_array = body.is_array();
    return b;
  }

  StatusOr<std::vector<std::string>> Store(const json& body, std::int64_t tenant = 1,
                                           std::int64_t client = 7) {
    return app::lrs::StoreStatements(*ctx_).Run(Batch(body, tenant, client));
  }

  std::vector<std::string> Ids(StatementQuery q, std::int64_t tenant = 1) {
    auto page = app::lrs::QueryStatements(*ctx_).List(TenantId(tenant), q);
    EXPECT_TRUE(page.ok()) << page.status().ToString();
    std::vector<std::string> out;
    if (!page.ok()) return out;
    for (const auto& s : page->statements) out.push_back(json::parse(s).value("id", ""));
    return out;
  }

  // learning_day as seen through the learning-activity port (actors mapped to client 1).
  std::vector<app::ClientActivity> Activity(const std::string& from, const std::string& to) {
    EXPECT_TRUE(engine_->RawExec("UPDATE xapi_actor SET client_id = 1").ok());
    std::vector<app::ClientActivity> out;
    EXPECT_TRUE(engine_->db()
                    .Run(TxMode::kRead,
                         [&](UnitOfWork& uow) -> Status {
                           RESKILL_ASSIGN_OR_RETURN(out, uow.learning_activity().ListForClients(
                                                             TenantId(1), 0, 10, {from, to}));
                           return Status::Ok();
                         })
                    .ok());
    return out;
  }

  std::unique_ptr<testing::Engine> engine_;
  app::FakeClock clock_{At(0)};
  std::unique_ptr<platform::TimeOrderedIdGenerator> ids_;
  std::unique_ptr<platform::SodiumPasswordHasher> passwords_;
  platform::SodiumSecretTokens tokens_;
  platform::SodiumContactCipher contacts_{platform::ContactKey{}};
  std::unique_ptr<app::AppContext> ctx_;
};

TEST_P(LrsStatementsDbTest, AssignsIdStoredTimestampAuthorityAndVersion) {
  auto ids = Store(json::array({Stmt("ann@example.com", kCompleted, kCourse, 1),
                                Stmt("bob@example.com", kCompleted, kCourse)}));
  ASSERT_TRUE(ids.ok()) << ids.status().ToString();
  ASSERT_EQ(ids->size(), 2u);
  EXPECT_EQ((*ids)[0], Id(1));
  EXPECT_TRUE(domain::lrs::IsUuid((*ids)[1]));
  EXPECT_EQ((*ids)[1][14], '4');  // a version 4 UUID

  auto got = app::lrs::QueryStatements(*ctx_).Get(TenantId(1), (*ids)[1], false, 0);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  const json body = json::parse(got->body);
  EXPECT_EQ(body["id"], (*ids)[1]);
  EXPECT_EQ(body["stored"], "2025-11-23T09:00:00.000Z");
  EXPECT_EQ(body["timestamp"], body["stored"]);
  EXPECT_EQ(body["version"], "1.0.0");
  EXPECT_EQ(body["authority"]["account"]["name"], "key7");
  EXPECT_EQ(body["actor"]["mbox"], "mailto:bob@example.com");
  EXPECT_EQ(got->stored, At(0));
  // Another tenant does not see it.
  EXPECT_EQ(app::lrs::QueryStatements(*ctx_).Get(TenantId(2), (*ids)[1], false, 0).status().code(),
            ErrorCode::kNotFound);
}

TEST_P(LrsStatementsDbTest, IdenticalResendSucceedsAndDifferentContentConflicts) {
  json s = Stmt("ann@example.com", kCompleted, kCourse, 1);
  s["timestamp"] = "2025-11-22T10:00:00Z";
  ASSERT_TRUE(Store(s).ok());
  clock_.Advance(std::chrono::minutes(1));
  // Open edX re-sends forever: the same statement (timestamp written another way) is accepted.
  json again = s;
  again["timestamp"] = "2025-11-22T11:00:00+01:00";
  auto r = Store(again);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(*r, std::vector<std::string>{Id(1)});
  EXPECT_EQ(Ids({}).size(), 1u);

  json changed = s;
  changed["verb"]["id"] = kProgressed;
  r = Store(json::array({Stmt("new@example.com", kCompleted, kCourse, 2), changed}));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kConflict);
  EXPECT_EQ(r.status().field(), "statement[1].id");
  // All or nothing: the valid statement of the refused batch is not stored.
  EXPECT_EQ(Ids({}), std::vector<std::string>{Id(1)});

  // Two statements with one id in a batch are refused.
  r = Store(json::array({Stmt("a@example.com", kCompleted, kCourse, 3),
                         Stmt("a@example.com", kCompleted, kCourse, 3)}));
  EXPECT_EQ(r.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.status().field(), "statement[1].id");
}

TEST_P(LrsStatementsDbTest, VoidingHidesTheTargetAndCannotTargetAVoidingStatement) {
  ASSERT_TRUE(Store(Stmt("ann@example.com", kCompleted, kCourse, 1)).ok());
  ASSERT_TRUE(Store(Stmt("ann@example.com", kProgressed, kCourse, 2)).ok());
  ASSERT_TRUE(Store(Voiding(10, 1)).ok());
  app::lrs::QueryStatements q(*ctx_);
  EXPECT_EQ(q.Get(TenantId(1), Id(1), false, 0).status().code(), ErrorCode::kNotFound);
  EXPECT_TRUE(q.Get(TenantId(1), Id(1), true, 0).ok());
  EXPECT_EQ(q.Get(TenantId(1), Id(2), true, 0).status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(Ids({}), (std::vector<std::string>{Id(10), Id(2)}));
  // The voiding statement matches what its target matched (Communication 2.1.3).
  StatementQuery by_agent;
  by_agent.agent_ifi = "mbox:mailto:ann@example.com";
  EXPECT_EQ(Ids(by_agent), (std::vector<std::string>{Id(10), Id(2)}));

  auto r = Store(Voiding(11, 10));
  EXPECT_EQ(r.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.status().field(), "statement.object.id");
  r = Store(json::array({Voiding(12, 2), Voiding(13, 12)}));
  EXPECT_EQ(r.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.status().field(), "statement[1].object.id");
  EXPECT_TRUE(q.Get(TenantId(1), Id(2), false, 0).ok());  // nothing of that batch was stored
  // A voiding statement whose target is unknown is accepted.
  EXPECT_TRUE(Store(Voiding(14, 99)).ok());
}

// Regression (issue 5, docs/lrs.md "Voiding"): a target stored after its voiding statement used
// to stay visible and counted.
TEST_P(LrsStatementsDbTest, TargetArrivingAfterItsVoidingStatementIsStoredVoided) {
  app::lrs::QueryStatements q(*ctx_);
  ASSERT_TRUE(Store(Voiding(10, 1)).ok());  // target unknown yet
  json late = Stmt("ann@example.com", kCompleted, kCourse, 1);
  late["timestamp"] = "2025-11-20T10:00:00Z";
  late["result"] = {{"duration", "PT30M"}, {"completion", true}};
  json kept = Stmt("ann@example.com", kProgressed, kCourse, 2);
  kept["timestamp"] = "2025-11-20T11:00:00Z";
  kept["result"] = {{"duration", "PT10M"}};
  ASSERT_TRUE(Store(late).ok());
  ASSERT_TRUE(Store(kept).ok());
  EXPECT_EQ(q.Get(TenantId(1), Id(1), false, 0).status().code(), ErrorCode::kNotFound);
  EXPECT_TRUE(q.Get(TenantId(1), Id(1), true, 0).ok());
  EXPECT_EQ(Ids({}), (std::vector<std::string>{Id(2), Id(10)}));
  // The voiding statement now matches what its late target matches (Communication 2.1.3).
  StatementQuery by_agent;
  by_agent.agent_ifi = "mbox:mailto:ann@example.com";
  EXPECT_EQ(Ids(by_agent), (std::vector<std::string>{Id(2), Id(10)}));
  StatementQuery by_verb;
  by_verb.verb = kCompleted;
  EXPECT_EQ(Ids(by_verb), (std::vector<std::string>{Id(10)}));
  // The voided target counted nothing; the other statement counts.
  auto act = Activity("2025-11-20", "2025-11-21");
  ASSERT_EQ(act.size(), 1u);
  EXPECT_EQ(act[0].seconds, 10 * 60);
  EXPECT_EQ(act[0].items, 0);
  // An identical re-send of the target stays a no-op and stays voided.
  ASSERT_TRUE(Store(late).ok());
  EXPECT_EQ(q.Get(TenantId(1), Id(1), false, 0).status().code(), ErrorCode::kNotFound);
  // A second voiding statement for it takes nothing back twice.
  ASSERT_TRUE(Store(Voiding(11, 1)).ok());
  EXPECT_EQ(Activity("2025-11-20", "2025-11-21")[0].seconds, 10 * 60);

  // In one batch: the voiding statement first, its target after it.
  ASSERT_TRUE(
      Store(json::array({Voiding(20, 3), Stmt("bob@example.com", kCompleted, kCourse, 3)})).ok());
  EXPECT_EQ(q.Get(TenantId(1), Id(3), false, 0).status().code(), ErrorCode::kNotFound);
  EXPECT_TRUE(q.Get(TenantId(1), Id(3), true, 0).ok());

  // A later "target" that is itself a voiding statement is not voided (a voiding statement
  // cannot be voided): it is stored and voids its own target; the earlier one has no effect.
  ASSERT_TRUE(Store(Voiding(30, 31)).ok());
  ASSERT_TRUE(Store(Voiding(31, 2)).ok());
  EXPECT_TRUE(q.Get(TenantId(1), Id(31), false, 0).ok());
  EXPECT_TRUE(q.Get(TenantId(1), Id(2), true, 0).ok());
  EXPECT_EQ(Activity("2025-11-20", "2025-11-21")[0].seconds, 0);

  // Voiding is per tenant: another tenant's voiding statement does not touch this one.
  ASSERT_TRUE(Store(Voiding(40, 41), 2).ok());
  ASSERT_TRUE(Store(Stmt("ann@example.com", kCompleted, kCourse, 41)).ok());
  EXPECT_TRUE(q.Get(TenantId(1), Id(41), false, 0).ok());
}

// A copy gives a StatementRef the terms its target holds, own and copied, found by probing the
// terms the target's chain of StatementRefs can have (not by reading the tenant's whole index):
// chains, two statements naming each other, and a target whose body no longer parses.
TEST_P(LrsStatementsDbTest, StatementRefsGetTheTermsTheirTargetsHoldDownTheChain) {
  auto ref = [](int id, const std::string& email, int target) {
    json s = Stmt(email, kProgressed, kCourse, id);
    s["object"] = {{"objectType", "StatementRef"}, {"id", Id(target)}};
    return s;
  };
  json first = Stmt("ann@example.com", kCompleted, "http://lms.example.com/lesson/1", 1);
  first["context"] = {{"instructor", {{"mbox", "mailto:teacher@example.com"}}}};
  ASSERT_TRUE(Store(first).ok());
  ASSERT_TRUE(Store(ref(2, "bob@example.com", 1)).ok());  // 2 → 1, target first
  ASSERT_TRUE(Store(ref(3, "cy@example.com", 2)).ok());   // 3 → 2 → 1
  ASSERT_TRUE(Store(ref(4, "dee@example.com", 5)).ok());  // 4 → 5, target later
  ASSERT_TRUE(Store(ref(5, "eve@example.com", 3)).ok());  // 5 → 3 → 2 → 1; then copied to 4
  ASSERT_TRUE(Store(ref(6, "fay@example.com", 7)).ok());  // 6 ↔ 7 name each other
  ASSERT_TRUE(Store(ref(7, "gus@example.com", 6)).ok());

  auto by = [](const std::string& email, bool related) {
    StatementQuery q;
    q.agent_ifi = "mbox:mailto:" + email;
    q.related_agents = related;
    return q;
  };
  EXPECT_EQ(Ids(by("ann@example.com", false)),
            (std::vector<std::string>{Id(5), Id(4), Id(3), Id(2), Id(1)}));
  StatementQuery lesson;
  lesson.activity = "http://lms.example.com/lesson/1";
  EXPECT_EQ(Ids(lesson), (std::vector<std::string>{Id(5), Id(4), Id(3), Id(2), Id(1)}));
  // A related agent of the target stays related (not direct) in every copy.
  EXPECT_TRUE(Ids(by("teacher@example.com", false)).empty());
  EXPECT_EQ(Ids(by("teacher@example.com", true)),
            (std::vector<std::string>{Id(5), Id(4), Id(3), Id(2), Id(1)}));
  // Each StatementRef also matches what the statements after it on the chain hold.
  EXPECT_EQ(Ids(by("bob@example.com", false)),
            (std::vector<std::string>{Id(5), Id(4), Id(3), Id(2)}));
  EXPECT_EQ(Ids(by("eve@example.com", false)), (std::vector<std::string>{Id(5), Id(4)}));
  EXPECT_EQ(Ids(by("dee@example.com", false)), (std::vector<std::string>{Id(4)}));
  // 7 got 6's terms on arrival, and 6 got 7's (its target arrived after it).
  EXPECT_EQ(Ids(by("fay@example.com", false)), (std::vector<std::string>{Id(7), Id(6)}));
  EXPECT_EQ(Ids(by("gus@example.com", false)), (std::vector<std::string>{Id(7), Id(6)}));

  // A stored body that no longer parses (stored before a rule that now refuses it; here made
  // unreadable by hand): its terms cannot be derived, so the copy reads its index rows instead.
  ASSERT_TRUE(Store(Stmt("hal@example.com", kCompleted, kCourse, 8)).ok());
  ASSERT_TRUE(engine_
                  ->RawExec("UPDATE xapi_statement SET body = substr(body, 1, length(body) - 1) "
                            "|| ',\"unknown\":1}' WHERE statement_id = '" +
                            Id(8) + "'")
                  .ok());
  ASSERT_TRUE(Store(ref(9, "ivy@example.com", 8)).ok());
  EXPECT_EQ(Ids(by("hal@example.com", false)), (std::vector<std::string>{Id(9), Id(8)}));
}

TEST_P(LrsStatementsDbTest, FiltersUseTheTermIndex) {
  const std::string reg = "6f1c2a7e-1d1b-4c1e-9a51-0f5f7f0d2b11";
  json with_context = Stmt("ann@example.com", kProgressed, "http://lms.example.com/lesson/1", 1);
  with_context["context"] = {{"registration", reg},
                             {"instructor", {{"mbox", "mailto:teacher@example.com"}}},
                             {"contextActivities", {{"parent", json::array({{{"id", kCourse}}})}}}};
  ASSERT_TRUE(Store(with_context).ok());
  ASSERT_TRUE(Store(Stmt("ann@example.com", kCompleted, kCourse, 2)).ok());
  ASSERT_TRUE(Store(Stmt("bob@example.com", kCompleted, kCourse, 3), 1, 8).ok());

  StatementQuery q;
  q.agent_ifi = "mbox:mailto:ann@example.com";
  EXPECT_EQ(Ids(q), (std::vector<std::string>{Id(2), Id(1)}));
  q.verb = kCompleted;
  EXPECT_EQ(Ids(q), (std::vector<std::string>{Id(2)}));

  StatementQuery teacher;
  teacher.agent_ifi = "mbox:mailto:teacher@example.com";
  EXPECT_TRUE(Ids(teacher).empty());
  teacher.related_agents = true;
  EXPECT_EQ(Ids(teacher), (std::vector<std::string>{Id(1)}));

  StatementQuery course;
  course.activity = kCourse;
  EXPECT_EQ(Ids(course), (std::vector<std::string>{Id(3), Id(2)}));
  course.related_activities = true;
  EXPECT_EQ(Ids(course), (std::vector<std::string>{Id(3), Id(2), Id(1)}));
  course.registration = reg;
  EXPECT_EQ(Ids(course), (std::vector<std::string>{Id(1)}));

  // The authority is a related agent; statements/read/mine limits to the client's own.
  StatementQuery authority;
  authority.agent_ifi = "account:https://reskill.invalid/xapi/clients|key8";
  authority.related_agents = true;
  EXPECT_EQ(Ids(authority), (std::vector<std::string>{Id(3)}));
  StatementQuery mine;
  mine.only_lrs_client = 8;
  EXPECT_EQ(Ids(mine), (std::vector<std::string>{Id(3)}));
  EXPECT_EQ(app::lrs::QueryStatements(*ctx_).Get(TenantId(1), Id(1), false, 8).status().code(),
            ErrorCode::kNotFound);
  EXPECT_TRUE(Ids({}, 2).empty());
}

TEST_P(LrsStatementsDbTest, PagesFollowTheCursorAndTimeWindows) {
  for (int i = 1; i <= 7; ++i) {
    ASSERT_TRUE(Store(Stmt("ann@example.com", kProgressed, kCourse, i)).ok());
    clock_.Advance(std::chrono::seconds(10));
  }
  app::lrs::QueryStatements query(*ctx_);
  StatementQuery q;
  q.limit = 3;
  q.agent_ifi = "mbox:mailto:ann@example.com";
  std::vector<std::string> seen;
  for (int page = 0; page < 5; ++page) {
    auto p = query.List(TenantId(1), q);
    ASSERT_TRUE(p.ok());
    for (const auto& s : p->statements) seen.push_back(json::parse(s)["id"]);
    if (!p->next_cursor) break;
    q.cursor = p->next_cursor;
  }
  EXPECT_EQ(seen, (std::vector<std::string>{Id(7), Id(6), Id(5), Id(4), Id(3), Id(2), Id(1)}));

  StatementQuery asc;
  asc.ascending = true;
  asc.limit = 2;
  asc.since = At(10'000);  // exclusive: statement 2 was stored at exactly this time
  asc.until = At(40'000);  // inclusive
  seen.clear();
  for (int page = 0; page < 5; ++page) {
    auto p = query.List(TenantId(1), asc);
    ASSERT_TRUE(p.ok());
    for (const auto& s : p->statements) seen.push_back(json::parse(s)["id"]);
    if (!p->next_cursor) break;
    asc.cursor = p->next_cursor;
  }
  EXPECT_EQ(seen, (std::vector<std::string>{Id(3), Id(4), Id(5)}));
}

TEST_P(LrsStatementsDbTest, GroupCommitIsolatesRefusedBatches) {
  ASSERT_TRUE(Store(Stmt("ann@example.com", kCompleted, kCourse, 1)).ok());
  json conflicting = Stmt("ann@example.com", kProgressed, kCourse, 1);
  std::vector<StatementBatch> group;
  group.push_back(Batch(Stmt("bob@example.com", kCompleted, kCourse, 2)));
  group.push_back(
      Batch(json::array({Stmt("cy@example.com", kCompleted, kCourse, 3), conflicting})));
  group.push_back(Batch(Stmt("dee@example.com", kCompleted, kCourse, 4), 2));
  auto results = app::lrs::StoreStatements(*ctx_).RunGroup(group);
  ASSERT_EQ(results.size(), 3u);
  EXPECT_TRUE(results[0].ok());
  EXPECT_EQ(results[1].status().code(), ErrorCode::kConflict);
  EXPECT_TRUE(results[2].ok());
  EXPECT_EQ(Ids({}), (std::vector<std::string>{Id(2), Id(1)}));
  EXPECT_EQ(Ids({}, 2), (std::vector<std::string>{Id(4)}));
}

TEST_P(LrsStatementsDbTest, AGroupFailingInTheDatabaseIsRetriedBatchByBatch) {
  // A rule only the database knows, so the batch passes every check of StoreStatements and fails
  // at its INSERT: on PostgreSQL inside the group's pipeline, reported by a later command.
  constexpr const char* kForbidden = "http://example.com/verbs/forbidden";
  const std::string rule =
      GetParam() == "postgres"
          ? "ALTER TABLE xapi_statement ADD CONSTRAINT probe_forbidden CHECK (verb_iri <> "
            "'http://example.com/verbs/forbidden')"
          : "CREATE TRIGGER probe_forbidden BEFORE INSERT ON xapi_statement "
            "WHEN NEW.verb_iri = 'http://example.com/verbs/forbidden' "
            "BEGIN SELECT RAISE(ABORT, 'forbidden verb'); END";
  ASSERT_TRUE(engine_->RawExec(rule).ok());
  std::vector<StatementBatch> group;
  group.push_back(Batch(json::array({Stmt("ann@example.com", kCompleted, kCourse, 1),
                                     Stmt("bob@example.com", kCompleted, kCourse, 2)})));
  group.push_back(Batch(json::array({Stmt("cy@example.com", kCompleted, kCourse, 3),
                                     Stmt("dee@example.com", kForbidden, kCourse, 4)})));
  group.push_back(Batch(Stmt("eve@example.com", kProgressed, kCourse, 5)));
  auto results = app::lrs::StoreStatements(*ctx_).RunGroup(group);
  ASSERT_EQ(results.size(), 3u);
  EXPECT_TRUE(results[0].ok()) << results[0].status().ToString();
  EXPECT_EQ(results[1].status().code(), ErrorCode::kFailedPrecondition)
      << results[1].status().ToString() << " " << results[1].status().internal_detail();
  EXPECT_TRUE(results[2].ok()) << results[2].status().ToString();
  // Nothing of the failed batch, not even its valid first statement or its learning facts.
  EXPECT_EQ(Ids({}), (std::vector<std::string>{Id(5), Id(2), Id(1)}));
  const auto activity = Activity("2025-11-01", "2025-11-30");
  ASSERT_EQ(activity.size(), 1u);
  EXPECT_EQ(activity.front().items, 2);
}

TEST_P(LrsStatementsDbTest, LearningFactsAreDerivedOnIngestAndRetractedByVoiding) {
  json a = Stmt("ann@example.com", kProgressed, kCourse, 1);
  a["timestamp"] = "2025-11-20T10:00:00Z";
  a["result"] = {{"duration", "PT30M"}};
  json b = Stmt("ann@example.com", kCompleted, kCourse, 2);
  b["timestamp"] = "2025-11-20T11:00:00Z";
  b["result"] = {{"duration", "PT15M"}, {"completion", true}};
  json c = Stmt("ann@example.com", kCompleted, "http://lms.example.com/course/43", 3);
  c["timestamp"] = "2025-11-21T09:00:00Z";
  ASSERT_TRUE(Store(json::array({a, b})).ok());
  ASSERT_TRUE(Store(c).ok());
  auto act = Activity("2025-11-20", "2025-11-21");
  ASSERT_EQ(act.size(), 1u);
  EXPECT_EQ(act[0].provider_id, 3);
  EXPECT_EQ(act[0].seconds, 45 * 60);
  EXPECT_EQ(act[0].items, 1);
  EXPECT_EQ(act[0].last_activity_at, *domain::lrs::ParseXapiTimestamp("2025-11-21T09:00:00Z"));
  // An identical re-send counts nothing twice.
  ASSERT_TRUE(Store(json::array({a, b})).ok());
  EXPECT_EQ(Activity("2025-11-20", "2025-11-21")[0].seconds, 45 * 60);
  // Voiding the completion takes its numbers back.
  ASSERT_TRUE(Store(Voiding(10, 2)).ok());
  act = Activity("2025-11-20", "2025-11-21");
  EXPECT_EQ(act[0].seconds, 30 * 60);
  EXPECT_EQ(act[0].items, 0);
}

TEST_P(LrsStatementsDbTest, ActivityDefinitionsMergeAndActorsKeepTheirName) {
  json first = Stmt("ann@example.com", kProgressed, kCourse, 1);
  first["object"]["definition"] = {{"name", {{"en-US", "Course"}}},
                                   {"type", "http://adlnet.gov/expapi/activities/course"}};
  json second = Stmt("ann@example.com", kProgressed, kCourse, 2);
  second["object"]["definition"] = {{"name", {{"es", "Curso"}}}};
  ASSERT_TRUE(Store(first).ok());
  ASSERT_TRUE(Store(second).ok());
  std::optional<std::string> def;
  ASSERT_TRUE(engine_->db()
                  .Run(TxMode::kRead,
                       [&](UnitOfWork& uow) -> Status {
                         RESKILL_ASSIGN_OR_RETURN(
                             def, uow.statements().FindActivityDefinition(TenantId(1), kCourse));
                         return Status::Ok();
                       })
                  .ok());
  ASSERT_TRUE(def.has_value());
  EXPECT_EQ(json::parse(*def), json::parse(R"({"name":{"en-US":"Course","es":"Curso"},
                             "type":"http://adlnet.gov/expapi/activities/course"})"));
}

TEST_P(LrsStatementsDbTest, GroupWritesTheLearningDaysAndDefinitionsOfManyActorsAtOnce) {
  // 70 actors' learning days in one group: more rows than one multi-row upsert holds (64, on
  // PostgreSQL); activity definitions read for the whole group before it writes.
  ASSERT_TRUE(Store(Stmt("ann@example.com", kProgressed, kCourse, 1)).ok());
  std::vector<StatementBatch> group;
  for (int b = 0; b < 7; ++b) {
    json batch = json::array();
    for (int i = 0; i < 10; ++i) {
      const int n = 100 + b * 10 + i;
      json st = Stmt("p" + std::to_string(n) + "@example.com", kProgressed,
                     i % 2 ? kCourse : "http://lms.example.com/course/" + std::to_string(n), n);
      st["timestamp"] = "2025-11-20T10:00:00Z";
      st["result"] = {{"duration", "PT1M"}};
      st["object"]["definition"] = {{"name", {{"en-US", "Course " + std::to_string(n)}}}};
      batch.push_back(st);
    }
    group.push_back(Batch(batch));
  }
  auto results = app::lrs::StoreStatements(*ctx_).RunGroup(group);
  for (const auto& r : results) ASSERT_TRUE(r.ok()) << r.status().ToString();
  auto act = Activity("2025-11-20", "2025-11-21");
  ASSERT_EQ(act.size(), 1u);
  EXPECT_EQ(act[0].seconds, 70 * 60);
  std::vector<std::pair<std::string, std::string>> defs;
  ASSERT_TRUE(engine_->db()
                  .Run(TxMode::kRead,
                       [&](UnitOfWork& uow) -> Status {
                         RESKILL_ASSIGN_OR_RETURN(
                             defs, uow.statements().FindActivityDefinitions(
                                       TenantId(1), {kCourse, "http://lms.example.com/course/100",
                                                     "http://lms.example.com/course/101"}));
                         return Status::Ok();
                       })
                  .ok());
  std::sort(defs.begin(), defs.end());  // course/100 before course/42
  ASSERT_EQ(defs.size(), 2u);
  EXPECT_EQ(defs[0].first, "http://lms.example.com/course/100");
  EXPECT_EQ(json::parse(defs[0].second)["name"]["en-US"], "Course 100");
  EXPECT_EQ(defs[1].first, kCourse);
  EXPECT_EQ(json::parse(defs[1].second)["name"]["en-US"], "Course 169");
}

TEST_P(LrsStatementsDbTest, WriterAcknowledgesConcurrentRequestsAfterCommit) {
  ASSERT_TRUE(Store(Stmt("ann@example.com", kCompleted, kCourse, 1)).ok());
  app::lrs::StatementWriter writer(*ctx_);
  writer.Start();
  constexpr int kThreads = 6;
  constexpr int kPerThread = 15;
  std::atomic<int> ok{0};
  std::atomic<int> conflicts{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const int n = 100 + t * kPerThread + i;
        // Every fifth request re-uses statement 1's id with other content: refused alone.
        json body = i % 5 == 4 ? Stmt("ann@example.com", kProgressed, kCourse, 1)
                               : json::array({Stmt("p" + std::to_string(t) + "@example.com",
                                                   kCompleted, kCourse, n)});
        auto r = writer.Write(Batch(body));
        if (r.ok()) {
          // Acknowledged means committed: another transaction sees it at once.
          auto got = app::lrs::QueryStatements(*ctx_).Get(TenantId(1), (*r)[0], false, 0);
          if (got.ok()) ++ok;
        } else if (r.status().code() == ErrorCode::kConflict) {
          ++conflicts;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(ok.load(), kThreads * kPerThread * 4 / 5);
  EXPECT_EQ(conflicts.load(), kThreads * kPerThread / 5);
  EXPECT_LE(writer.ConsistentThrough(), clock_.Now());
  writer.Stop();
  // Stopped: writes are stored in the caller's thread.
  EXPECT_TRUE(writer.Write(Batch(Stmt("late@example.com", kCompleted, kCourse, 999))).ok());
  StatementQuery all;
  all.limit = 500;
  EXPECT_EQ(Ids(all).size(), static_cast<std::size_t>(1 + kThreads * kPerThread * 4 / 5 + 1));
}

// The deferred term index (docs/adr/0014-deferred-term-index.md). A writer whose index is only
// written when asked: neither by size nor by age within a test.
app::lrs::StatementWriterOptions LazyIndex() {
  app::lrs::StatementWriterOptions o;
  o.index_flush_statements = 1'000'000;
  o.index_flush_after = std::chrono::hours(1);
  return o;
}

class DeferredIndexDbTest : public LrsStatementsDbTest {
 protected:
  std::int64_t Watermark(std::int64_t tenant = 1) {
    std::int64_t out = -1;
    EXPECT_TRUE(engine_->db()
                    .Run(TxMode::kRead,
                         [&](UnitOfWork& uow) -> Status {
                           RESKILL_ASSIGN_OR_RETURN(
                               out, uow.statements().TermWatermark(TenantId(tenant)));
                           return Status::Ok();
                         })
                    .ok());
    return out;
  }
  std::int64_t MaxSeq(std::int64_t tenant = 1) {
    std::int64_t out = -1;
    EXPECT_TRUE(engine_->db()
                    .Run(TxMode::kRead,
                         [&](UnitOfWork& uow) -> Status {
                           RESKILL_ASSIGN_OR_RETURN(out, uow.statements().MaxSeq(TenantId(tenant)));
                           return Status::Ok();
                         })
                    .ok());
    return out;
  }
  static StatementQuery ByAgent(const std::string& email) {
    StatementQuery q;
    q.agent_ifi = "mbox:mailto:" + email;
    return q;
  }
  // Every learning_day row of the tenant, one line each, named by the actor's IFI (actors are
  // mapped to clients numbered by IFI order, so two tenants with the same actors compare).
  std::vector<std::string> Days(std::int64_t tenant) {
    EXPECT_TRUE(
        engine_
            ->RawExec("UPDATE xapi_actor SET client_id = (SELECT COUNT(*) FROM xapi_actor b "
                      "WHERE b.tenant_id = xapi_actor.tenant_id AND b.ifi <= xapi_actor.ifi)")
            .ok());
    std::vector<std::string> out;
    EXPECT_TRUE(engine_->db()
                    .Run(TxMode::kRead,
                         [&](UnitOfWork& uow) -> Status {
                           for (std::int64_t client = 1; client <= 20; ++client) {
                             RESKILL_ASSIGN_OR_RETURN(auto days,
                                                      uow.activity_imports().ListClientDays(
                                                          TenantId(tenant), ClientId(client), 50));
                             for (const auto& d : days) {
                               out.push_back(
                                   std::to_string(client) + " " + d.day + " p" +
                                   std::to_string(d.provider_id) + " " + d.source + " s" +
                                   std::to_string(d.seconds) + " " + std::to_string(d.started) +
                                   "/" + std::to_string(d.progressed) + "/" +
                                   std::to_string(d.completed) + "/" + std::to_string(d.passed) +
                                   " last " + FormatIso8601(d.last_activity_at));
                             }
                           }
                           return Status::Ok();
                         })
                    .ok());
    return out;
  }
};

// A statement with a time and a duration, so that it adds to a learning day.
json Timed(const std::string& email, const std::string& verb, int id, const std::string& at,
           const std::string& duration) {
  json s = Stmt(email, verb, kCourse, id);
  s["timestamp"] = at;
  s["result"] = {{"duration", duration}};
  return s;
}

TEST_P(DeferredIndexDbTest, TermsAreWrittenByAFlushAndTheWatermarkFollows) {
  ASSERT_TRUE(Store(Stmt("ann@example.com", kCompleted, kCourse, 1)).ok());
  // Stored synchronously: terms in the same transaction, the watermark caught up.
  EXPECT_EQ(Ids(ByAgent("ann@example.com")), std::vector<std::string>{Id(1)});
  EXPECT_EQ(Watermark(), MaxSeq());
  const std::int64_t before = Watermark();

  app::lrs::StatementWriter writer(*ctx_, LazyIndex());
  writer.Start();
  ASSERT_TRUE(writer
                  .Write(Batch(json::array({Stmt("bob@example.com", kCompleted, kCourse, 2),
                                            Stmt("cy@example.com", kProgressed, kCourse, 3)})))
                  .ok());
  // Committed, not indexed: found by id and without filters, not through the index yet (this
  // context does not know the writer, so its queries do not wait).
  EXPECT_TRUE(app::lrs::QueryStatements(*ctx_).Get(TenantId(1), Id(2), false, 0).ok());
  EXPECT_EQ(Ids({}).size(), 3u);
  EXPECT_TRUE(Ids(ByAgent("bob@example.com")).empty());
  EXPECT_EQ(Watermark(), before);

  writer.AwaitIndex();
  EXPECT_EQ(Ids(ByAgent("bob@example.com")), std::vector<std::string>{Id(2)});
  StatementQuery by_verb;
  by_verb.verb = kProgressed;
  EXPECT_EQ(Ids(by_verb), std::vector<std::string>{Id(3)});
  EXPECT_EQ(Watermark(), MaxSeq());

  // Stop() writes what is pending.
  ASSERT_TRUE(writer.Write(Batch(Stmt("dee@example.com", kCompleted, kCourse, 4))).ok());
  writer.Stop();
  EXPECT_EQ(Ids(ByAgent("dee@example.com")), std::vector<std::string>{Id(4)});
  EXPECT_EQ(Watermark(), MaxSeq());
}

TEST_P(DeferredIndexDbTest, QueriesWaitForTheIndexOfWhatWasCommittedBefore) {
  auto options = LazyIndex();
  options.index_wait = std::chrono::minutes(5);  // a timeout would show as a hung test
  app::lrs::StatementWriter writer(*ctx_, options);
  writer.Start();
  ctx_->statement_writer = &writer;
  for (int i = 0; i < 20; ++i) {
    const std::string email = "learner" + std::to_string(i) + "@example.com";
    ASSERT_TRUE(writer.Write(Batch(Stmt(email, kCompleted, kCourse, 100 + i))).ok());
    // POST, then GET ?agent= at once: the query asks the writer to write the index and waits.
    const auto start = std::chrono::steady_clock::now();
    EXPECT_EQ(Ids(ByAgent(email)), std::vector<std::string>{Id(100 + i)});
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(30));
  }
  StatementQuery course;
  course.activity = kCourse;
  course.limit = 100;
  EXPECT_EQ(Ids(course).size(), 20u);
  ctx_->statement_writer = nullptr;
}

TEST_P(DeferredIndexDbTest, ConsistentThroughIsNeverAheadOfTheIndex) {
  {
    app::lrs::StatementWriter writer(*ctx_, LazyIndex());
    writer.Start();
    EXPECT_EQ(writer.ConsistentThrough(), clock_.Now());
    ASSERT_TRUE(writer.Write(Batch(Stmt("ann@example.com", kCompleted, kCourse, 1))).ok());
    clock_.Advance(std::chrono::seconds(10));
    // Asking for it writes the index: the statement is then claimed, and found by agent.
    EXPECT_EQ(writer.ConsistentThrough(), clock_.Now());
    EXPECT_EQ(Ids(ByAgent("ann@example.com")), std::vector<std::string>{Id(1)});
  }
  // A writer that cannot write its index (here: never does) does not claim what it holds.
  auto options = LazyIndex();
  options.never_flush_index_for_testing = true;
  options.index_wait = std::chrono::milliseconds(10);
  app::lrs::StatementWriter writer(*ctx_, options);
  writer.Start();
  ASSERT_TRUE(writer.Write(Batch(Stmt("bob@example.com", kCompleted, kCourse, 2))).ok());
  auto got = app::lrs::QueryStatements(*ctx_).Get(TenantId(1), Id(2), false, 0);
  ASSERT_TRUE(got.ok());
  clock_.Advance(std::chrono::seconds(10));
  EXPECT_TRUE(Ids(ByAgent("bob@example.com")).empty());
  EXPECT_LT(writer.ConsistentThrough(), got->stored);
  writer.Stop();
}

// A server killed before its writer wrote the index: the next start derives the terms from the
// stored bodies, with the copies of StatementRefs, and they match what a synchronous store writes.
TEST_P(DeferredIndexDbTest, RecoveryIndexesCommittedStatementsAtTheNextStart) {
  const std::string reg = "6f1c2a7e-1d1b-4c1e-9a51-0f5f7f0d2b11";
  json with_context = Stmt("ann@example.com", kProgressed, "http://lms.example.com/lesson/1", 1);
  with_context["context"] = {{"registration", reg},
                             {"instructor", {{"mbox", "mailto:teacher@example.com"}}},
                             {"contextActivities", {{"parent", json::array({{{"id", kCourse}}})}}}};
  json ref = Stmt("bob@example.com", kProgressed, kCourse, 5);
  ref["object"] = {{"objectType", "StatementRef"}, {"id", Id(2)}};
  const std::vector<json> bodies = {
      with_context,
      Stmt("ann@example.com", kCompleted, kCourse, 2),
      Voiding(20, 3),  // before its target
      Stmt("bob@example.com", kCompleted, kCourse, 3),
      ref,  // names statement 2, stored before it
      json::array({Stmt("cy@example.com", kCompleted, kCourse, 6), Voiding(21, 6)}),
  };
  // Tenant 2: stored synchronously, terms and all, as the reference.
  for (const json& b : bodies) ASSERT_TRUE(Store(b, 2).ok());
  {
    auto options = LazyIndex();
    options.never_flush_index_for_testing = true;
    options.index_wait = std::chrono::milliseconds(10);
    app::lrs::StatementWriter killed(*ctx_, options);
    killed.Start();
    for (const json& b : bodies) ASSERT_TRUE(killed.Write(Batch(b, 1)).ok());
    killed.Stop();  // as if killed: the terms were never written
  }
  EXPECT_TRUE(Ids(ByAgent("ann@example.com")).empty());
  EXPECT_LT(Watermark(), MaxSeq());

  app::lrs::StatementWriter restarted(*ctx_, LazyIndex());
  restarted.Start();  // indexes before it takes any request
  EXPECT_EQ(Watermark(), MaxSeq());
  EXPECT_EQ(restarted.ConsistentThrough(), clock_.Now());

  std::vector<StatementQuery> queries;
  for (const char* who : {"ann@example.com", "bob@example.com", "cy@example.com",
                          "teacher@example.com", "admin@example.com"}) {
    queries.push_back(ByAgent(who));
    queries.back().related_agents = true;
    queries.push_back(ByAgent(who));
  }
  StatementQuery authority;
  authority.agent_ifi = "account:https://reskill.invalid/xapi/clients|key7";
  authority.related_agents = true;
  queries.push_back(authority);
  for (const char* verb : {kCompleted, kProgressed, kVoided}) {
    queries.emplace_back();
    queries.back().verb = verb;
  }
  StatementQuery course;
  course.activity = kCourse;
  queries.push_back(course);
  course.related_activities = true;
  queries.push_back(course);
  queries.emplace_back();
  queries.back().registration = reg;
  for (std::size_t i = 0; i < queries.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(Ids(queries[i], 1), Ids(queries[i], 2));
  }
  // Spot checks: the filters find what they should, voided statements stay hidden, and the
  // voiding statement matches what its target matched.
  EXPECT_EQ(Ids(ByAgent("ann@example.com")), (std::vector<std::string>{Id(5), Id(2), Id(1)}));
  EXPECT_EQ(Ids(ByAgent("bob@example.com")), (std::vector<std::string>{Id(5), Id(20)}));
  EXPECT_EQ(Ids(ByAgent("cy@example.com")), std::vector<std::string>{Id(21)});
  EXPECT_EQ(Ids(queries.back()), std::vector<std::string>{Id(1)});
  restarted.Stop();
}

TEST_P(DeferredIndexDbTest, SynchronousStoresFirstDeriveWhatAStoppedWriterLeftUnwritten) {
  {
    auto options = LazyIndex();
    options.never_flush_index_for_testing = true;
    options.index_wait = std::chrono::milliseconds(10);
    app::lrs::StatementWriter killed(*ctx_, options);
    killed.Start();
    ASSERT_TRUE(
        killed.Write(Batch(Timed("ann@example.com", kCompleted, 1, "2025-11-20T10:00:00Z", "PT5M")))
            .ok());
    killed.Stop();
  }
  EXPECT_LT(Watermark(), MaxSeq());
  EXPECT_TRUE(Activity("2025-11-20", "2025-11-21").empty());
  // The CLI stores synchronously: ann's terms and facts come first, in the same transaction, and
  // the watermark then covers both statements.
  ASSERT_TRUE(Store(Timed("bob@example.com", kCompleted, 2, "2025-11-20T11:00:00Z", "PT7M")).ok());
  EXPECT_EQ(Watermark(), MaxSeq());
  EXPECT_EQ(Ids(ByAgent("ann@example.com")), std::vector<std::string>{Id(1)});
  EXPECT_EQ(Ids(ByAgent("bob@example.com")), std::vector<std::string>{Id(2)});
  auto act = Activity("2025-11-20", "2025-11-21");
  ASSERT_EQ(act.size(), 1u);
  EXPECT_EQ(act[0].seconds, 12 * 60);
  EXPECT_EQ(act[0].items, 2);
  // A restart finds nothing left to derive: nothing counts twice.
  app::lrs::StatementWriter restarted(*ctx_, LazyIndex());
  restarted.Start();
  restarted.Stop();
  act = Activity("2025-11-20", "2025-11-21");
  ASSERT_EQ(act.size(), 1u);
  EXPECT_EQ(act[0].seconds, 12 * 60);
  EXPECT_EQ(act[0].items, 2);
  ASSERT_TRUE(Store(Stmt("cy@example.com", kCompleted, kCourse, 3)).ok());
  EXPECT_EQ(Watermark(), MaxSeq());
}

TEST_P(DeferredIndexDbTest, LearningFactsAreWrittenWithTheIndexOneRowPerLearnerAndDay) {
  app::lrs::StatementWriter writer(*ctx_, LazyIndex());
  writer.Start();
  for (int i = 0; i < 6; ++i) {
    json s = Timed("ann@example.com", i % 2 ? kCompleted : kProgressed, 1 + i,
                   "2025-11-20T10:0" + std::to_string(i) + ":00Z", "PT10M");
    ASSERT_TRUE(writer.Write(Batch(s)).ok());
  }
  ASSERT_TRUE(writer.Write(Batch(Voiding(20, 2))).ok());  // a completion, 10 minutes
  // Committed; the facts wait with the index (this context does not know the writer).
  EXPECT_TRUE(Activity("2025-11-20", "2025-11-21").empty());
  writer.AwaitIndex();
  auto act = Activity("2025-11-20", "2025-11-21");
  ASSERT_EQ(act.size(), 1u);
  EXPECT_EQ(act[0].seconds, 50 * 60);
  EXPECT_EQ(act[0].items, 2);
  EXPECT_EQ(act[0].last_activity_at, *domain::lrs::ParseXapiTimestamp("2025-11-20T10:05:00Z"));
  EXPECT_EQ(Days(1).size(), 1u);  // one learning_day row for six statements
  ASSERT_TRUE(
      writer.Write(Batch(Timed("ann@example.com", kCompleted, 7, "2025-11-20T11:00:00Z", "PT1M")))
          .ok());
  writer.Stop();  // writes what it holds
  EXPECT_EQ(Activity("2025-11-20", "2025-11-21")[0].seconds, 51 * 60);
}

// Facts derived live, partly flushed and partly lost with a killed writer, then re-derived at the
// next start, equal those of the same statements stored synchronously, voiding included.
TEST_P(DeferredIndexDbTest, RecoveryDerivesTheLearningFactsOnceAsTheLivePathDid) {
  const std::vector<json> flushed = {
      Timed("ann@example.com", kCompleted, 1, "2025-11-20T10:00:00Z", "PT10M"),
      Timed("ann@example.com", kProgressed, 2, "2025-11-20T10:30:00Z", "PT20M"),
      Timed("bob@example.com", kCompleted, 3, "2025-11-20T11:00:00Z", "PT30M"),
      Voiding(30, 9),  // its target arrives in the lost part
  };
  const std::vector<json> lost = {
      Timed("ann@example.com", kCompleted, 4, "2025-11-20T12:00:00Z", "PT40M"),
      Voiding(20, 1),  // target flushed before: its 10 minutes are taken back
      Voiding(21, 1),  // a second voiding statement takes nothing back again
      json::array({Timed("cy@example.com", kCompleted, 5, "2025-11-21T09:00:00Z", "PT50M"),
                   Voiding(22, 5)}),  // voided in its own batch
      Timed("dee@example.com", kCompleted, 9, "2025-11-21T10:00:00Z", "PT60M"),  // voided before
      json::array({Voiding(23, 6),
                   Timed("bob@example.com", kProgressed, 6, "2025-11-21T11:00:00Z", "PT70M")}),
      Timed("bob@example.com", kProgressed, 7, "2025-11-21T12:00:00Z", "PT80M"),
  };
  for (const auto* part : {&flushed, &lost}) {
    for (const json& b : *part) ASSERT_TRUE(Store(b, 2).ok());
  }
  {
    app::lrs::StatementWriter writer(*ctx_, LazyIndex());
    writer.Start();
    for (const json& b : flushed) ASSERT_TRUE(writer.Write(Batch(b, 1)).ok());
    writer.Stop();
  }
  {
    auto options = LazyIndex();
    options.never_flush_index_for_testing = true;
    options.index_wait = std::chrono::milliseconds(10);
    app::lrs::StatementWriter killed(*ctx_, options);
    killed.Start();
    for (const json& b : lost) ASSERT_TRUE(killed.Write(Batch(b, 1)).ok());
    killed.Stop();  // as if killed
  }
  const std::vector<std::string> reference = Days(2);
  // ann; bob on two days; cy's row of zeros (voided in its batch); dee and statement 6 (voided on
  // arrival) count nothing.
  ASSERT_EQ(reference.size(), 4u);
  EXPECT_NE(Days(1), reference);
  app::lrs::StatementWriter restarted(*ctx_, LazyIndex());
  restarted.Start();
  restarted.Stop();
  EXPECT_EQ(Days(1), reference);
  // ann: 20 + 40 minutes, her first completion taken back once.
  EXPECT_NE(std::find_if(reference.begin(), reference.end(),
                         [](const std::string& d) {
                           return d.find("2025-11-20 p3 measured s3600 0/1/1/0") !=
                                  std::string::npos;
                         }),
            reference.end());
}

// A flush written in parts (each term's rows in one part, a transaction each; the last part with
// the copies, the facts and the watermark) indexes as one flush did, and a writer killed between
// two parts leaves rows above the watermark that the next start's recovery finds and completes.
TEST_P(DeferredIndexDbTest, AFlushInPartsIndexesAsOneAndAKillBetweenPartsIsRecovered) {
  // Every index row of a tenant as "statement id, term, direct" (seqs differ between tenants).
  const auto index_of = [&](std::int64_t tenant) {
    std::vector<std::string> out;
    const std::vector<SqlValue> params{tenant};
    EXPECT_TRUE(
        engine_->db()
            .RunSql(TxMode::kRead,
                    [&](SqlConnection& conn) -> Status {
                      RESKILL_ASSIGN_OR_RETURN(
                          auto rows, conn.QueryDynamic(
                                         "SELECT s.statement_id, d.term, x.direct "
                                         "FROM xapi_statement_term x "
                                         "JOIN xapi_term d ON d.tenant_id = x.tenant_id AND "
                                         "d.id = x.term_id "
                                         "JOIN xapi_statement s ON s.tenant_id = x.tenant_id AND "
                                         "s.seq = x.seq WHERE x.tenant_id = ? "
                                         "ORDER BY s.statement_id, d.term",
                                         params));
                      for (const auto& r : rows) {
                        out.push_back(r.Text(0) + " " + r.Text(1) + " " + std::to_string(r.Int(2)));
                      }
                      return Status::Ok();
                    })
            .ok());
    return out;
  };
  std::vector<json> first;
  std::vector<json> second;
  const std::vector<std::string> people = {"ann", "bob", "cy", "dee", "eve"};
  for (int i = 1; i <= 40; ++i) {
    json s =
        Timed(people[i % 5] + "@example.com", i % 3 ? kProgressed : kCompleted, i,
              "2025-11-2" + std::to_string(i % 3) + "T10:00:00Z", "PT" + std::to_string(i) + "M");
    s["context"] = {{"registration", "6f1c2a7e-1d1b-4c1e-9a51-" + Id(i).substr(24)}};
    (i <= 20 ? first : second).push_back(s);
  }
  first.push_back(Voiding(101, 3));
  second.push_back(Voiding(102, 25));
  second.push_back(Voiding(103, 45));  // its target arrives after it
  second.push_back(Timed("ann@example.com", kCompleted, 45, "2025-11-21T12:00:00Z", "PT5M"));
  for (const auto* part : {&first, &second}) {
    for (const json& b : *part) ASSERT_TRUE(Store(b, 2).ok());
  }

  auto options = LazyIndex();
  options.index_flush_part_rows = 8;  // about 40 parts for the first half
  {
    app::lrs::StatementWriter writer(*ctx_, options);
    writer.Start();
    for (const json& b : first) ASSERT_TRUE(writer.Write(Batch(b, 1)).ok());
    writer.Stop();  // writes the index, in parts
  }
  const std::vector<std::string> after_first = index_of(1);
  EXPECT_EQ(Watermark(1), MaxSeq(1));
  EXPECT_GT(after_first.size(), 100u);
  {
    auto killed_options = options;
    killed_options.max_flush_parts_for_testing = 5;  // killed after five parts of the next flush
    killed_options.index_wait = std::chrono::milliseconds(10);
    app::lrs::StatementWriter killed(*ctx_, killed_options);
    killed.Start();
    for (const json& b : second) ASSERT_TRUE(killed.Write(Batch(b, 1)).ok());
    killed.Stop();
  }
  // Five parts are written: rows of the second half, above a watermark that did not move.
  EXPECT_GT(index_of(1).size(), after_first.size());
  EXPECT_LT(Watermark(1), MaxSeq(1));
  EXPECT_NE(index_of(1), index_of(2));
  EXPECT_NE(Days(1), Days(2));

  app::lrs::StatementWriter restarted(*ctx_, options);
  restarted.Start();
  restarted.Stop();
  EXPECT_EQ(Watermark(1), MaxSeq(1));
  EXPECT_EQ(index_of(1), index_of(2));
  EXPECT_EQ(Days(1), Days(2));
  StatementQuery ann_completed = ByAgent("ann@example.com");
  ann_completed.verb = kCompleted;
  EXPECT_EQ(Ids(ann_completed, 1), Ids(ann_completed, 2));
}

// The writer remembers actors and definitions between groups (WriterCache): merges and renames
// across groups still land, and what was stored while it was stopped is read again.
TEST_P(DeferredIndexDbTest, TheWriterCacheKeepsMergesAndNamesRight) {
  const auto with = [](json s, const json& name, const std::string& actor_name) {
    s["object"]["definition"] = {{"name", name}};
    s["actor"]["name"] = actor_name;
    return s;
  };
  const auto stored = [&](std::string& definition, std::string& name) {
    ASSERT_TRUE(
        engine_->db()
            .Run(TxMode::kRead,
                 [&](UnitOfWork& uow) -> Status {
                   RESKILL_ASSIGN_OR_RETURN(
                       auto def, uow.statements().FindActivityDefinition(TenantId(1), kCourse));
                   definition = def.value_or("");
                   RESKILL_ASSIGN_OR_RETURN(
                       auto actors,
                       uow.statements().FindActors(TenantId(1), {"mbox:mailto:ann@example.com"}));
                   name = actors.empty() ? "" : actors.front().name;
                   return Status::Ok();
                 })
            .ok());
  };
  app::lrs::StatementWriter writer(*ctx_, LazyIndex());
  writer.Start();
  const json en = {{"en-US", "Course"}};
  ASSERT_TRUE(
      writer.Write(Batch(with(Stmt("ann@example.com", kProgressed, kCourse, 1), en, "Ann"))).ok());
  ASSERT_TRUE(writer
                  .Write(Batch(with(Stmt("ann@example.com", kProgressed, kCourse, 2),
                                    {{"es", "Curso"}}, "Ann B.")))
                  .ok());
  // The first definition again, after another was merged: merged again (it changes nothing).
  ASSERT_TRUE(
      writer.Write(Batch(with(Stmt("ann@example.com", kProgressed, kCourse, 3), en, "Ann B.")))
          .ok());
  std::string definition, name;
  stored(definition, name);
  EXPECT_EQ(json::parse(definition), json::parse(R"({"name":{"en-US":"Course","es":"Curso"}})"));
  EXPECT_EQ(name, "Ann B.");
  writer.Stop();
  // Stored without the writer: a new name and a changed definition.
  ASSERT_TRUE(Store(with(Stmt("ann@example.com", kProgressed, kCourse, 4), {{"en-US", "Course 2"}},
                         "Annie"))
                  .ok());
  writer.Start();
  // The writer's earlier view (name "Ann B.", "Course" merged last) would skip both writes.
  ASSERT_TRUE(
      writer.Write(Batch(with(Stmt("ann@example.com", kProgressed, kCourse, 5), en, "Ann B.")))
          .ok());
  writer.Stop();
  stored(definition, name);
  EXPECT_EQ(json::parse(definition), json::parse(R"({"name":{"en-US":"Course","es":"Curso"}})"));
  EXPECT_EQ(name, "Ann B.");
}

TEST_P(DeferredIndexDbTest, AStatementRefTargetArrivingInALaterFlushGetsItsCopies) {
  app::lrs::StatementWriter writer(*ctx_, LazyIndex());
  writer.Start();
  ctx_->statement_writer = &writer;
  json ref = Stmt("bob@example.com", kProgressed, kCourse, 5);
  ref["object"] = {{"objectType", "StatementRef"}, {"id", Id(1)}};
  ASSERT_TRUE(writer.Write(Batch(ref)).ok());
  ASSERT_TRUE(writer.Write(Batch(Voiding(20, 2))).ok());
  writer.AwaitIndex();  // the StatementRefs are indexed before their targets arrive
  ASSERT_TRUE(writer.Write(Batch(Stmt("ann@example.com", kCompleted, kCourse, 1))).ok());
  ASSERT_TRUE(writer.Write(Batch(Stmt("ann@example.com", kCompleted, kCourse, 2))).ok());
  // Statement 2 arrived voided; the StatementRef and the voiding statement match ann's filter.
  EXPECT_EQ(Ids(ByAgent("ann@example.com")), (std::vector<std::string>{Id(1), Id(20), Id(5)}));
  EXPECT_EQ(app::lrs::QueryStatements(*ctx_).Get(TenantId(1), Id(2), false, 0).status().code(),
            ErrorCode::kNotFound);
  ctx_->statement_writer = nullptr;
  writer.Stop();
}

// Integer term ids (migration 0020, docs/adr/0017-integer-term-ids.md): the term dictionary, the
// cache of committed ids, and queries over an index converted from text keys.

TEST(TermIdCacheTest, StaysWithinItsBoundAndKeepsTheTermsInUse) {
  TermIdCache cache(8);
  cache.PutAll({{1, "a|hot", 1}});
  for (std::int64_t i = 0; i < 1000; ++i) {
    cache.PutAll({{1, "r|" + std::to_string(i), 100 + i}});
    ASSERT_LE(cache.size(), 8u);
    // The hot term is asked for all along: it survives every turnover.
    ASSERT_EQ(cache.FindAll({{1, "a|hot"}}).front(), std::optional<std::int64_t>(1)) << i;
  }
  const auto found = cache.FindAll({{1, "r|999"}, {1, "r|0"}, {2, "a|hot"}, {1, "a|hot"}});
  EXPECT_EQ(found[0], std::optional<std::int64_t>(1099));  // the newest stays
  EXPECT_EQ(found[1], std::nullopt);                       // the oldest went
  EXPECT_EQ(found[2], std::nullopt);                       // another tenant's term
  EXPECT_EQ(found[3], std::optional<std::int64_t>(1));
  cache.Reset(2);
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_EQ(cache.capacity(), 2u);
}

// A statement row for the store port, with its own terms.
app::NewStatement IndexedStatement(int n, std::vector<domain::lrs::Term> terms) {
  app::NewStatement s;
  const std::int64_t ms = 1'763'888'400'000 + n;
  s.seq = ms << app::kStatementSeqShift | n;
  s.statement_id = Id(n);
  s.stored = FromUnixMillis(ms);
  s.timestamp = s.stored;
  s.actor_id = 1;
  s.verb_iri = kCompleted;
  s.lrs_client_id = 7;
  s.body = json{{"id", Id(n)}}.dump();
  s.terms = std::move(terms);
  return s;
}

// Seqs of a page of `f`, through the store port.
std::vector<std::int64_t> PageSeqs(SqlDatabase& db, std::int64_t tenant,
                                   const app::StatementFilter& f) {
  std::vector<std::int64_t> out;
  Status st = db.Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto rows, uow.statements().List(TenantId(tenant), f));
    out.clear();
    for (const auto& r : rows) out.push_back(r.seq);
    return Status::Ok();
  });
  EXPECT_TRUE(st.ok()) << st.ToString();
  return out;
}

class TermIdsDbTest : public LrsStatementsDbTest {
 protected:
  std::vector<std::int64_t> Seqs(const app::StatementFilter& f, std::int64_t tenant = 1) {
    return PageSeqs(engine_->db(), tenant, f);
  }
  static app::StatementFilter Agent(const std::string& term) {
    app::StatementFilter f;
    f.agent = term;
    return f;
  }
};

// A transaction that inserted dictionary rows and rolled back must not leave their ids in the
// cache: the next transaction may give the same id to another term.
TEST_P(TermIdsDbTest, ARolledBackTransactionLeavesNoCachedId) {
  Status failed = engine_->db().Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    RESKILL_RETURN_IF_ERROR(
        uow.statements().Insert(TenantId(1), IndexedStatement(1, {{"a|x", true}})));
    return Internal("rolled back on purpose");
  });
  ASSERT_EQ(failed.code(), ErrorCode::kInternal);
  EXPECT_EQ(engine_->db().term_id_cache().FindAll({{1, "a|x"}}).front(), std::nullopt);
  EXPECT_TRUE(Seqs(Agent("a|x")).empty());

  // The dictionary is empty again: "a|y" takes the id "a|x" had in the rolled-back transaction.
  const auto y = IndexedStatement(2, {{"a|y", true}});
  const auto x = IndexedStatement(3, {{"a|x", true}});
  for (const auto* s : {&y, &x}) {
    ASSERT_TRUE(engine_->db()
                    .Run(TxMode::kWrite,
                         [&](UnitOfWork& uow) -> Status {
                           return uow.statements().Insert(TenantId(1), *s);
                         })
                    .ok());
  }
  EXPECT_EQ(Seqs(Agent("a|y")), std::vector<std::int64_t>{y.seq});
  EXPECT_EQ(Seqs(Agent("a|x")), std::vector<std::int64_t>{x.seq});
  // Committed ids are cached, and they are the dictionary's.
  const auto cached = engine_->db().term_id_cache().FindAll({{1, "a|x"}, {1, "a|y"}});
  ASSERT_TRUE(cached[0] && cached[1]);
  EXPECT_NE(*cached[0], *cached[1]);

  // The same through the deferred index: a failed flush, then a good one.
  const auto z = IndexedStatement(4, {});
  ASSERT_TRUE(
      engine_->db()
          .Run(TxMode::kWrite,
               [&](UnitOfWork& uow) -> Status { return uow.statements().Insert(TenantId(1), z); })
          .ok());
  failed = engine_->db().Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    RESKILL_RETURN_IF_ERROR(uow.statements().InsertTerms({{1, "v|z", z.seq, true}}));
    return Internal("rolled back on purpose");
  });
  ASSERT_EQ(failed.code(), ErrorCode::kInternal);
  EXPECT_EQ(engine_->db().term_id_cache().FindAll({{1, "v|z"}}).front(), std::nullopt);
  ASSERT_TRUE(engine_->db()
                  .Run(TxMode::kWrite,
                       [&](UnitOfWork& uow) -> Status {
                         return uow.statements().InsertTerms(
                             {{1, "o|w", z.seq, true}, {1, "v|z", z.seq, true}});
                       })
                  .ok());
  app::StatementFilter by_verb;
  by_verb.verb = "v|z";
  EXPECT_EQ(Seqs(by_verb), std::vector<std::int64_t>{z.seq});
  app::StatementFilter by_activity;
  by_activity.activity = "o|w";
  EXPECT_EQ(Seqs(by_activity), std::vector<std::int64_t>{z.seq});
}

// More distinct terms than the cache holds (many learners and registrations): evicted ids are read
// back from the dictionary, never inserted twice, and every query still finds its statements.
TEST_P(TermIdsDbTest, ATermCacheSmallerThanTheDictionaryKeepsQueriesRight) {
  engine_->db().term_id_cache().Reset(4);
  app::lrs::StatementWriter writer(*ctx_, LazyIndex());
  writer.Start();
  constexpr int kLearners = 40;
  for (int round = 0; round < 3; ++round) {
    json batch = json::array();
    for (int i = 0; i < kLearners; ++i) {
      json st = Stmt("learner" + std::to_string(i) + "@example.com", kCompleted, kCourse,
                     1 + round * kLearners + i);
      char reg[40];
      std::snprintf(reg, sizeof reg, "6f1c2a7e-1d1b-4c1e-9a51-%012d", round * kLearners + i);
      st["context"] = {{"registration", reg}};
      batch.push_back(st);
    }
    ASSERT_TRUE(writer.Write(Batch(batch)).ok());
    writer.AwaitIndex();
    EXPECT_LE(engine_->db().term_id_cache().size(), 4u);
  }
  writer.Stop();
  for (int i = 0; i < kLearners; ++i) {
    SCOPED_TRACE(i);
    StatementQuery q;
    q.agent_ifi = "mbox:mailto:learner" + std::to_string(i) + "@example.com";
    EXPECT_EQ(Ids(q), (std::vector<std::string>{Id(1 + 2 * kLearners + i), Id(1 + kLearners + i),
                                                Id(1 + i)}));
  }
  StatementQuery course;
  course.activity = kCourse;
  course.limit = 500;
  EXPECT_EQ(Ids(course).size(), static_cast<std::size_t>(3 * kLearners));
}

TEST_P(TermIdsDbTest, AnUnknownTermAnswersAnEmptyPage) {
  ASSERT_TRUE(Store(Stmt("ann@example.com", kCompleted, kCourse, 1)).ok());
  const std::string unknown_agent = "mbox:mailto:nobody@example.com";
  for (bool ascending : {false, true}) {
    SCOPED_TRACE(ascending);
    StatementQuery q;
    q.ascending = ascending;
    q.agent_ifi = unknown_agent;
    EXPECT_TRUE(Ids(q).empty());
    // As an extra term of a known one, in each position the store checks.
    StatementQuery known_agent;
    known_agent.ascending = ascending;
    known_agent.agent_ifi = "mbox:mailto:ann@example.com";
    ASSERT_EQ(Ids(known_agent), std::vector<std::string>{Id(1)});
    StatementQuery with_verb = known_agent;
    with_verb.verb = "http://example.com/verbs/unknown";
    EXPECT_TRUE(Ids(with_verb).empty());
    StatementQuery with_activity = known_agent;
    with_activity.activity = "http://example.com/unknown";
    EXPECT_TRUE(Ids(with_activity).empty());
    StatementQuery with_registration = known_agent;
    with_registration.registration = "6f1c2a7e-1d1b-4c1e-9a51-000000000000";
    EXPECT_TRUE(Ids(with_registration).empty());
    // Another tenant's term is unknown here.
    EXPECT_TRUE(Ids(known_agent, 2).empty());
  }
}

// A database filled at schema 0019 (text terms), then migrated: every query answers as before,
// and new statements share the converted terms' ids.
class TermIdsMigrationDbTest : public ::testing::TestWithParam<std::string> {
 protected:
  struct Row {
    std::int64_t tenant;
    std::int64_t seq;
    bool voided;
    std::int64_t client;
    std::vector<domain::lrs::Term> terms;
  };

  void SetUp() override {
    if (const auto why = testing::SkipReason(GetParam()); !why.empty()) GTEST_SKIP() << why;
    auto engine = testing::MakeEngine(GetParam(), "termids");
    ASSERT_TRUE(engine.ok()) << engine.status().ToString();
    engine_ = std::move(engine).value();
    auto applied = engine_->db().MigrateThrough(19);
    ASSERT_TRUE(applied.ok()) << applied.status().ToString();
    ASSERT_EQ(applied->back(), 19);
  }

  // A deterministic mix: 5 agents, 3 verbs, 4 activities, 2 registrations, direct or related,
  // some voided, two clients, two tenants sharing term texts.
  static std::vector<Row> Fill() {
    std::vector<Row> rows;
    std::uint32_t r = 12345;
    auto next = [&](std::uint32_t n) {
      r = r * 1103515245u + 12345u;
      return (r >> 16) % n;
    };
    for (int n = 1; n <= 90; ++n) {
      Row row;
      row.tenant = n % 3 == 0 ? 2 : 1;
      row.seq = (1'763'888'400'000 + n) << app::kStatementSeqShift | n;
      row.voided = next(10) == 0;
      row.client = next(2) == 0 ? 7 : 8;
      row.terms.push_back({"a|mbox:mailto:l" + std::to_string(next(5)) + "@example.com", true});
      if (next(2) == 0) {
        row.terms.push_back({"a|mbox:mailto:l" + std::to_string(next(5)) + "@example.com", false});
      }
      row.terms.push_back({"v|http://example.com/verbs/" + std::to_string(next(3)), true});
      row.terms.push_back({"o|http://example.com/act/" + std::to_string(next(4)), next(3) != 0});
      if (next(3) == 0) row.terms.push_back({"r|reg-" + std::to_string(next(2)), true});
      // One row per (term, seq): the first kind of a term wins, as the index's key allows.
      std::vector<domain::lrs::Term> unique;
      for (auto& t : row.terms) {
        if (std::none_of(unique.begin(), unique.end(),
                         [&](const domain::lrs::Term& u) { return u.term == t.term; })) {
          unique.push_back(t);
        }
      }
      row.terms = std::move(unique);
      rows.push_back(std::move(row));
    }
    return rows;
  }

  // The rows as the 0019 schema held them.
  static std::string Sql019(const std::vector<Row>& rows) {
    std::string sql;
    for (const Row& row : rows) {
      const std::string seq = std::to_string(row.seq);
      sql +=
          "INSERT INTO xapi_statement (seq, tenant_id, statement_id, stored, timestamp, "
          "actor_id, verb_iri, ref_target, is_voiding, voided, lrs_client_id, provider_id, "
          "has_attachments, body) VALUES (" +
          seq + ", " + std::to_string(row.tenant) + ", '" + Id(static_cast<int>(row.seq & 0xFFF)) +
          "', " + std::to_string(row.seq >> app::kStatementSeqShift) + ", " +
          std::to_string(row.seq >> app::kStatementSeqShift) + ", 1, 'v', NULL, 0, " +
          (row.voided ? "1" : "0") + ", " + std::to_string(row.client) + ", 0, 0, '{}');\n";
      for (const auto& t : row.terms) {
        sql += "INSERT INTO xapi_statement_term (tenant_id, term, seq, direct) VALUES (" +
               std::to_string(row.tenant) + ", '" + t.term + "', " + seq + ", " +
               (t.direct ? "1" : "0") + ");\n";
      }
    }
    for (std::int64_t tenant : {1, 2}) {
      std::int64_t top = 0;
      for (const Row& row : rows) {
        if (row.tenant == tenant) top = std::max(top, row.seq);
      }
      sql += "INSERT INTO xapi_term_watermark (tenant_id, seq) VALUES (" + std::to_string(tenant) +
             ", " + std::to_string(top) + ");\n";
    }
    return sql;
  }

  // What a query must answer, from the rows themselves.
  static std::vector<std::int64_t> Expected(const std::vector<Row>& rows, std::int64_t tenant,
                                            const app::StatementFilter& f) {
    auto has = [](const Row& row, const std::string& term, bool any) {
      return std::any_of(row.terms.begin(), row.terms.end(), [&](const domain::lrs::Term& t) {
        return t.term == term && (t.direct || any);
      });
    };
    std::vector<std::int64_t> out;
    for (const Row& row : rows) {
      if (row.tenant != tenant || row.seq <= f.after_seq || row.seq >= f.before_seq) continue;
      if (row.voided && !f.include_voided) continue;
      if (f.only_lrs_client != 0 && row.client != f.only_lrs_client) continue;
      if (!f.agent.empty() && !has(row, f.agent, f.related_agents)) continue;
      if (!f.verb.empty() && !has(row, f.verb, true)) continue;
      if (!f.activity.empty() && !has(row, f.activity, f.related_activities)) continue;
      if (!f.registration.empty() && !has(row, f.registration, true)) continue;
      out.push_back(row.seq);
    }
    std::sort(out.begin(), out.end());
    if (!f.ascending) std::reverse(out.begin(), out.end());
    if (out.size() > static_cast<std::size_t>(f.limit))
      out.resize(static_cast<std::size_t>(f.limit));
    return out;
  }

  // Filters over every kind of term, alone and combined, with windows, limits and both orders.
  static std::vector<app::StatementFilter> Filters(const std::vector<Row>& rows) {
    std::vector<app::StatementFilter> out;
    for (int i = 0; i < 6; ++i) {  // l5 is in no statement
      for (bool related : {false, true}) {
        app::StatementFilter f;
        f.agent = "a|mbox:mailto:l" + std::to_string(i) + "@example.com";
        f.related_agents = related;
        out.push_back(f);
        f.verb = "v|http://example.com/verbs/" + std::to_string(i % 3);
        out.push_back(f);
        f.activity = "o|http://example.com/act/" + std::to_string(i % 4);
        f.related_activities = related;
        out.push_back(f);
        f.registration = "r|reg-" + std::to_string(i % 2);
        out.push_back(f);
      }
    }
    for (int i = 0; i < 4; ++i) {
      app::StatementFilter f;
      f.activity = "o|http://example.com/act/" + std::to_string(i);
      out.push_back(f);
      f.related_activities = true;
      out.push_back(f);
      f.verb = "v|http://example.com/verbs/" + std::to_string(i % 3);
      out.push_back(f);
    }
    app::StatementFilter reg;
    reg.registration = "r|reg-1";
    out.push_back(reg);
    const std::size_t plain = out.size();
    for (std::size_t i = 0; i < plain; ++i) {
      app::StatementFilter f = out[i];
      f.ascending = true;
      f.limit = 3;
      out.push_back(f);
      f = out[i];
      f.after_seq = rows[20].seq;
      f.before_seq = rows[70].seq;
      out.push_back(f);
      f.include_voided = true;
      f.only_lrs_client = 8;
      out.push_back(f);
    }
    return out;
  }

  std::vector<std::int64_t> Seqs(std::int64_t tenant, const app::StatementFilter& f) {
    return PageSeqs(engine_->db(), tenant, f);
  }

  void ExpectEveryQuery(const std::vector<Row>& rows) {
    std::size_t non_empty = 0;
    const auto filters = Filters(rows);
    for (std::size_t i = 0; i < filters.size(); ++i) {
      for (std::int64_t tenant : {1, 2}) {
        SCOPED_TRACE(::testing::Message() << "filter " << i << " tenant " << tenant);
        const auto expected = Expected(rows, tenant, filters[i]);
        EXPECT_EQ(Seqs(tenant, filters[i]), expected);
        if (!expected.empty()) ++non_empty;
      }
    }
    // The data set exercises the filters: most of them find something.
    EXPECT_GT(non_empty, filters.size());
  }

  std::unique_ptr<testing::Engine> engine_;
};

TEST_P(TermIdsMigrationDbTest, QueriesAnswerTheSameAfterTheIndexIsConverted) {
  std::vector<Row> rows = Fill();
  ASSERT_TRUE(engine_->RawExec(Sql019(rows)).ok());
  auto applied = engine_->db().Migrate();
  ASSERT_TRUE(applied.ok()) << applied.status().ToString() << " "
                            << applied.status().internal_detail();
  ASSERT_FALSE(applied->empty());
  EXPECT_EQ(applied->front(), 20);
  ExpectEveryQuery(rows);

  // Written after the migration, through the store: the converted terms keep their ids (the
  // dictionary gets only the new texts), and old and new statements are found together.
  std::vector<Row> later;
  for (int n = 91; n <= 96; ++n) {
    Row row;
    row.tenant = n % 2 == 0 ? 1 : 2;
    row.seq = (1'763'888'400'000 + n) << app::kStatementSeqShift | n;
    row.voided = false;
    row.client = 7;
    row.terms = {{"a|mbox:mailto:l" + std::to_string(n % 6) + "@example.com", true},
                 {"v|http://example.com/verbs/" + std::to_string(n % 3), true},
                 {"o|http://example.com/act/new", true}};
    later.push_back(row);
  }
  Status st = engine_->db().Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    std::vector<app::TermRow> terms;
    for (const Row& row : later) {
      app::NewStatement s = IndexedStatement(static_cast<int>(row.seq & 0xFFF), {});
      s.seq = row.seq;
      s.statement_id = Id(static_cast<int>(row.seq & 0xFFF));
      RESKILL_RETURN_IF_ERROR(uow.statements().Insert(TenantId(row.tenant), s));
      for (const auto& t : row.terms) terms.push_back({row.tenant, t.term, row.seq, t.direct});
    }
    return uow.statements().InsertTerms(terms);
  });
  ASSERT_TRUE(st.ok()) << st.ToString();
  rows.insert(rows.end(), later.begin(), later.end());
  ExpectEveryQuery(rows);
  app::StatementFilter fresh;
  fresh.activity = "o|http://example.com/act/new";
  EXPECT_EQ(Seqs(1, fresh).size(), 3u);
  // The converted terms kept their ids (1..n in text order); the one new text got n + 1.
  std::set<std::string> converted;
  for (const Row& row : rows) {
    if (row.tenant != 1 || row.seq >= later.front().seq) continue;
    for (const auto& t : row.terms) converted.insert(t.term);
  }
  const auto ids = engine_->db().term_id_cache().FindAll(
      {{1, "o|http://example.com/act/new"}, {1, *converted.begin()}});
  EXPECT_EQ(ids[0], std::optional<std::int64_t>(static_cast<std::int64_t>(converted.size()) + 1));
  EXPECT_EQ(ids[1], std::optional<std::int64_t>(1));
}

TEST_P(TermIdsMigrationDbTest, AnEmptyIndexMigratesToAnEmptyDictionary) {
  auto applied = engine_->db().Migrate();
  ASSERT_TRUE(applied.ok()) << applied.status().ToString();
  app::StatementFilter f;
  f.agent = "a|mbox:mailto:l0@example.com";
  EXPECT_TRUE(Seqs(1, f).empty());
}

INSTANTIATE_TEST_SUITE_P(Engines, TermIdsDbTest, ::testing::Values("sqlite", "postgres"),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

INSTANTIATE_TEST_SUITE_P(Engines, TermIdsMigrationDbTest, ::testing::Values("sqlite", "postgres"),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

INSTANTIATE_TEST_SUITE_P(Engines, DeferredIndexDbTest, ::testing::Values("sqlite", "postgres"),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

INSTANTIATE_TEST_SUITE_P(Engines, LrsStatementsDbTest, ::testing::Values("sqlite", "postgres"),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

}  // namespace
}  // namespace reskill::storage
