// Contract tests of SqlConnection::ExecuteDynamicPipelined and FlushPipeline (the bulk writes of
// the statement writer): pipelined statements commit with their transaction, are seen by the
// transaction's later reads, and a failed one (a duplicate key, a row breaking a rule, a lost
// connection) fails the whole transaction, named, with nothing of it committed. SQLite (runs
// them at once) and PostgreSQL (libpq pipeline mode) when RESKILL_TEST_PG_DSN is set.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "storage/test_engines.hpp"

namespace reskill::storage {
namespace {

using app::TxMode;

const std::string kInsertTwo = "INSERT INTO pipeline_probe (id, note) VALUES (?, ?), (?, ?)";
const std::string kInsertOne = "INSERT INTO pipeline_probe (id, note) VALUES (?, ?)";

class SqlPipelineDbTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (const auto why = testing::SkipReason(GetParam()); !why.empty()) GTEST_SKIP() << why;
    auto engine = testing::MakeEngine(GetParam(), "pipeline");
    ASSERT_TRUE(engine.ok()) << engine.status().ToString();
    engine_ = std::move(engine).value();
    ASSERT_TRUE(engine_
                    ->RawExec("CREATE TABLE pipeline_probe (id BIGINT NOT NULL PRIMARY KEY, "
                              "note TEXT NOT NULL)")
                    .ok());
  }

  SqlDatabase& db() { return engine_->db(); }

  // The ids in pipeline_probe, ascending, read in a transaction of their own.
  std::vector<std::int64_t> Ids() {
    std::vector<std::int64_t> out;
    const std::vector<SqlValue> none;
    EXPECT_TRUE(
        db().RunSql(TxMode::kRead,
                    [&](SqlConnection& conn) -> Status {
                      RESKILL_ASSIGN_OR_RETURN(
                          auto rows,
                          conn.QueryDynamic("SELECT id FROM pipeline_probe ORDER BY id", none));
                      for (const auto& r : rows) out.push_back(r.Int(0));
                      return Status::Ok();
                    })
            .ok());
    return out;
  }

  std::unique_ptr<testing::Engine> engine_;
};

TEST_P(SqlPipelineDbTest, PipelinedStatementsCommitWithTheTransactionAndAreSeenByItsReads) {
  std::int64_t seen = -1;
  Status st = db().RunSql(TxMode::kWrite, [&](SqlConnection& conn) -> Status {
    for (std::int64_t i = 0; i < 3; ++i) {
      const std::vector<SqlValue> row{2 * i + 1, std::string("a"), 2 * i + 2, std::string("b")};
      RESKILL_RETURN_IF_ERROR(conn.ExecuteDynamicPipelined(kInsertTwo, row, "probe_insert"));
    }
    // A read in the same transaction waits for the pipelined inserts and sees them.
    const std::vector<SqlValue> params{std::int64_t{0}};
    RESKILL_ASSIGN_OR_RETURN(
        auto rows, conn.QueryDynamic("SELECT COUNT(*) FROM pipeline_probe WHERE id > ?", params));
    seen = rows.front().Int(0);
    const std::vector<SqlValue> last{std::int64_t{7}, std::string("c")};
    RESKILL_RETURN_IF_ERROR(conn.ExecuteDynamicPipelined(kInsertOne, last, "probe_insert"));
    return conn.FlushPipeline();
  });
  ASSERT_TRUE(st.ok()) << st.ToString() << " " << st.internal_detail();
  EXPECT_EQ(seen, 6);
  EXPECT_EQ(Ids(), (std::vector<std::int64_t>{1, 2, 3, 4, 5, 6, 7}));
}

TEST_P(SqlPipelineDbTest, AFailedPipelinedStatementRollsBackTheWholeTransactionAndIsNamed) {
  ASSERT_TRUE(engine_->RawExec("INSERT INTO pipeline_probe (id, note) VALUES (2, 'kept')").ok());
  Status st = db().RunSql(TxMode::kWrite, [&](SqlConnection& conn) -> Status {
    const std::vector<SqlValue> before{std::int64_t{10}, std::string("direct")};
    RESKILL_RETURN_IF_ERROR(conn.ExecuteDynamic(kInsertOne, before).status());
    // The second pipelined statement repeats id 2; the first and the third are valid.
    for (std::int64_t id : {1, 2, 3}) {
      const std::vector<SqlValue> row{id, std::string("new")};
      RESKILL_RETURN_IF_ERROR(conn.ExecuteDynamicPipelined(kInsertOne, row, "probe_insert"));
    }
    return Status::Ok();  // the failure, if not reported yet, comes with the COMMIT
  });
  EXPECT_EQ(st.code(), ErrorCode::kAlreadyExists) << st.ToString();
  EXPECT_NE(st.internal_detail().find("probe_insert"), std::string::npos) << st.internal_detail();
  if (GetParam() == "postgres") {
    // Sent first: the three inserts, then the COMMIT.
    EXPECT_NE(st.internal_detail().find("pipeline command 2 of 4"), std::string::npos)
        << st.internal_detail();
  }
  EXPECT_EQ(Ids(), (std::vector<std::int64_t>{2}));
}

TEST_P(SqlPipelineDbTest, ARowBreakingARuleFailsTheTransactionWithItsCode) {
  Status st = db().RunSql(TxMode::kWrite, [&](SqlConnection& conn) -> Status {
    const std::vector<SqlValue> good{std::int64_t{1}, std::string("a"), std::int64_t{2},
                                     std::string("b")};
    RESKILL_RETURN_IF_ERROR(conn.ExecuteDynamicPipelined(kInsertTwo, good, "probe_insert"));
    // NULL into a NOT NULL column, in the second row of a two-row INSERT.
    const std::vector<SqlValue> bad{std::int64_t{3}, std::string("c"), std::int64_t{4},
                                    std::monostate{}};
    RESKILL_RETURN_IF_ERROR(conn.ExecuteDynamicPipelined(kInsertTwo, bad, "probe_insert_bad"));
    return conn.FlushPipeline();
  });
  EXPECT_EQ(st.code(), ErrorCode::kFailedPrecondition) << st.ToString();
  EXPECT_NE(st.internal_detail().find("probe_insert_bad"), std::string::npos)
      << st.internal_detail();
  EXPECT_TRUE(Ids().empty());
}

TEST_P(SqlPipelineDbTest, TheTransactionGoesOnAfterAFlushedPipeline) {
  // Pipeline, read, pipeline again, prepare a new text inside a pipeline: one transaction.
  Status st = db().RunSql(TxMode::kWrite, [&](SqlConnection& conn) -> Status {
    const std::vector<SqlValue> one{std::int64_t{1}, std::string("a")};
    RESKILL_RETURN_IF_ERROR(conn.ExecuteDynamicPipelined(kInsertOne, one, "probe_insert"));
    RESKILL_RETURN_IF_ERROR(conn.FlushPipeline());
    RESKILL_RETURN_IF_ERROR(conn.FlushPipeline());  // nothing pending: OK at once
    const std::vector<SqlValue> two{std::int64_t{2}, std::string("b")};
    RESKILL_RETURN_IF_ERROR(conn.ExecuteDynamicPipelined(kInsertOne, two, "probe_insert"));
    const std::vector<SqlValue> three{std::int64_t{3}, std::string("c"), std::int64_t{4},
                                      std::string("d")};
    return conn.ExecuteDynamicPipelined(kInsertTwo, three, "probe_insert");
  });
  ASSERT_TRUE(st.ok()) << st.ToString() << " " << st.internal_detail();
  EXPECT_EQ(Ids(), (std::vector<std::int64_t>{1, 2, 3, 4}));
}

TEST_P(SqlPipelineDbTest, AStatementThatCannotBePreparedInAPipelineIsReportedAndForgotten) {
  const std::string broken = "INSERT INTO pipeline_probe (id, no_such_column) VALUES (?, ?)";
  Status st = db().RunSql(TxMode::kWrite, [&](SqlConnection& conn) -> Status {
    const std::vector<SqlValue> one{std::int64_t{1}, std::string("a")};
    RESKILL_RETURN_IF_ERROR(conn.ExecuteDynamicPipelined(kInsertOne, one, "probe_insert"));
    RESKILL_RETURN_IF_ERROR(conn.ExecuteDynamicPipelined(broken, one, "probe_broken"));
    return conn.FlushPipeline();
  });
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.internal_detail().find("probe_broken"), std::string::npos) << st.internal_detail();
  EXPECT_TRUE(Ids().empty());
  // The failed text is not taken for prepared on the next transaction (which may get the same
  // connection): it fails again the same way rather than with "prepared statement does not exist".
  Status again = db().RunSql(TxMode::kWrite, [&](SqlConnection& conn) -> Status {
    const std::vector<SqlValue> one{std::int64_t{1}, std::string("a")};
    RESKILL_RETURN_IF_ERROR(conn.ExecuteDynamicPipelined(kInsertOne, one, "probe_insert"));
    RESKILL_RETURN_IF_ERROR(conn.ExecuteDynamicPipelined(broken, one, "probe_broken"));
    return conn.FlushPipeline();
  });
  EXPECT_EQ(again.code(), st.code()) << again.ToString() << " " << again.internal_detail();
  EXPECT_NE(again.internal_detail().find("no_such_column"), std::string::npos)
      << again.internal_detail();
  EXPECT_TRUE(Ids().empty());
}

TEST_P(SqlPipelineDbTest, QueryEachAnswersEveryKeyInOrderAndSeesPipelinedWrites) {
  std::vector<SqlRows> found;
  Status st = db().RunSql(TxMode::kWrite, [&](SqlConnection& conn) -> Status {
    const std::vector<SqlValue> rows{std::int64_t{1}, std::string("one"), std::int64_t{3},
                                     std::string("three")};
    RESKILL_RETURN_IF_ERROR(conn.ExecuteDynamicPipelined(kInsertTwo, rows, "probe_insert"));
    // Sent behind the pending insert: it sees the rows, and a missing key answers no row.
    const std::vector<std::vector<SqlValue>> keys{
        {std::int64_t{3}}, {std::int64_t{2}}, {std::int64_t{1}}, {std::int64_t{3}}};
    RESKILL_ASSIGN_OR_RETURN(
        found, conn.QueryEachDynamic("SELECT note FROM pipeline_probe WHERE id = ?", keys));
    return Status::Ok();
  });
  ASSERT_TRUE(st.ok()) << st.ToString() << " " << st.internal_detail();
  ASSERT_EQ(found.size(), 4u);
  ASSERT_EQ(found[0].size(), 1u);
  EXPECT_EQ(found[0].front().Text(0), "three");
  EXPECT_TRUE(found[1].empty());
  ASSERT_EQ(found[2].size(), 1u);
  EXPECT_EQ(found[2].front().Text(0), "one");
  ASSERT_EQ(found[3].size(), 1u);
  EXPECT_EQ(found[3].front().Text(0), "three");
}

TEST_P(SqlPipelineDbTest, AFailedPipelinedWriteIsReportedByTheNextQueryAndNothingCommits) {
  Status st = db().RunSql(TxMode::kWrite, [&](SqlConnection& conn) -> Status {
    const std::vector<SqlValue> row{std::int64_t{1}, std::string("a")};
    RESKILL_RETURN_IF_ERROR(conn.ExecuteDynamicPipelined(kInsertOne, row, "probe_insert"));
    RESKILL_RETURN_IF_ERROR(conn.ExecuteDynamicPipelined(kInsertOne, row, "probe_insert_again"));
    const std::vector<std::vector<SqlValue>> keys{{std::int64_t{1}}};
    return conn.QueryEachDynamic("SELECT note FROM pipeline_probe WHERE id = ?", keys).status();
  });
  EXPECT_EQ(st.code(), ErrorCode::kAlreadyExists) << st.ToString();
  EXPECT_NE(st.internal_detail().find("probe_insert_again"), std::string::npos)
      << st.internal_detail();
  EXPECT_TRUE(Ids().empty());
}

TEST_P(SqlPipelineDbTest, AConnectionLostMidPipelineIsUnavailableAndTheRetryCommitsOnce) {
  if (GetParam() != "postgres") GTEST_SKIP() << "an embedded database has no connection to lose";
  int attempts = 0;
  Status lost;
  Status st = db().RunSql(TxMode::kWrite, [&](SqlConnection& conn) -> Status {
    ++attempts;
    const std::vector<SqlValue> none;
    RESKILL_ASSIGN_OR_RETURN(auto rows, conn.QueryDynamic("SELECT pg_backend_pid()", none));
    const std::int64_t pid = rows.front().Int(0);
    const std::vector<SqlValue> row{std::int64_t{1}, std::string("a"), std::int64_t{2},
                                    std::string("b")};
    RESKILL_RETURN_IF_ERROR(conn.ExecuteDynamicPipelined(kInsertTwo, row, "probe_insert"));
    if (attempts > 1) return Status::Ok();
    // The server ends this session while the insert waits in the pipeline (waiting up to 5 s
    // for the backend to exit).
    EXPECT_TRUE(
        engine_->RawExec("SELECT pg_terminate_backend(" + std::to_string(pid) + ", 5000)").ok());
    const std::vector<SqlValue> more{std::int64_t{3}, std::string("c")};
    Status sent = conn.ExecuteDynamicPipelined(kInsertOne, more, "probe_insert_after");
    lost = sent.ok() ? conn.FlushPipeline() : sent;
    return lost;
  });
  EXPECT_EQ(lost.code(), ErrorCode::kUnavailable)
      << lost.ToString() << " " << lost.internal_detail();
  // SqlDatabase retries kUnavailable on a fresh connection; the rows are there once.
  ASSERT_TRUE(st.ok()) << st.ToString() << " " << st.internal_detail();
  EXPECT_EQ(attempts, 2);
  EXPECT_EQ(Ids(), (std::vector<std::int64_t>{1, 2}));
}

INSTANTIATE_TEST_SUITE_P(Engines, SqlPipelineDbTest, ::testing::Values("sqlite", "postgres"),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

}  // namespace
}  // namespace reskill::storage
