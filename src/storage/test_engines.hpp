// Test support for the storage contract suites (*_dbtest.cpp): the engines a suite runs on.
// SQLite on a temporary file always; PostgreSQL when RESKILL_TEST_PG_DSN is set, in a schema of
// its own per test process (so ctest -j can run suites side by side on one server).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "common/status.hpp"
#include "storage/sql/sql_database.hpp"

namespace reskill::storage::testing {

/// The PostgreSQL server to test against ("" when the tests run on SQLite only).
std::string PgDsn();
/// The schema this test process uses on PostgreSQL, e.g. "reskill_onet_test_1234".
std::string PgSchema(std::string_view tag);

/// Why a suite cannot run on engine `name` here ("postgres" without RESKILL_TEST_PG_DSN, or in a
/// build without PostgreSQL), or "" when it can.
std::string SkipReason(const std::string& name);

/// An engine under test: a fresh, unmigrated database, removed when the engine is destroyed.
class Engine {
 public:
  virtual ~Engine() = default;
  virtual SqlDatabase& db() = 0;
  /// Runs statements on a separate connection (what the port cannot express); kFailedPrecondition
  /// when a constraint or trigger rejects them.
  virtual Status RawExec(std::string_view sql) = 0;
};

/// "sqlite" or "postgres" (kInternal for others, or postgres in a build without it). `tag` names
/// the suite in file and schema names.
StatusOr<std::unique_ptr<Engine>> MakeEngine(const std::string& name, std::string_view tag);

}  // namespace reskill::storage::testing
