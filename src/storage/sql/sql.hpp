// The engine-neutral SQL layer: values, rows, named queries and the connection interface that the
// SQLite and PostgreSQL adapters implement. Repositories are written once against it.
// A SqlConnection is used by one thread at a time.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "app/ports/database.hpp"
#include "common/status.hpp"
#include "common/time.hpp"

namespace reskill::storage {

/// NULL, INTEGER/BIGINT/BOOLEAN (as 0/1), REAL/DOUBLE, TEXT.
using SqlValue = std::variant<std::monostate, std::int64_t, double, std::string>;

SqlValue OptionalTime(const std::optional<Timestamp>& t);
SqlValue TimeValue(Timestamp t);

/// One result row; accessors convert NULL to the type's zero value or nullopt.
struct SqlRow {
  std::vector<SqlValue> values;

  bool IsNull(std::size_t i) const { return std::holds_alternative<std::monostate>(values.at(i)); }
  std::int64_t Int(std::size_t i) const;
  double Real(std::size_t i) const;
  std::string Text(std::size_t i) const;
  bool Bool(std::size_t i) const { return Int(i) != 0; }
  Timestamp Time(std::size_t i) const { return FromUnixMillis(Int(i)); }
  std::optional<Timestamp> OptTime(std::size_t i) const;
};

using SqlRows = std::vector<SqlRow>;

/// A query from the catalog (storage/sql/queries/*.sql). `sql` uses '?' placeholders; adapters
/// translate them. The text has static storage, so its address identifies the prepared statement.
struct NamedQuery {
  std::string_view name;
  std::string_view sql;
};

class SqlConnection {
 public:
  virtual ~SqlConnection() = default;
  /// Runs a query and returns every row. Errors: kAlreadyExists (unique key), kFailedPrecondition
  /// (foreign key, check, append-only trigger), kUnavailable (busy, lost connection), kInternal.
  virtual StatusOr<SqlRows> Query(const NamedQuery& query,
                                  std::initializer_list<SqlValue> params) = 0;
  /// Runs a statement and returns the number of rows it changed; errors as Query().
  virtual StatusOr<std::int64_t> Execute(const NamedQuery& query,
                                         std::initializer_list<SqlValue> params) = 0;
  /// Runs a statement whose text is built at run time ('?' placeholders), such as a multi-row
  /// INSERT of n rows, and returns the number of rows it changed; errors as Query(). Prepared
  /// statements are cached per connection by text (a few dozen at most), so callers must build
  /// few distinct texts. Never put values into `sql`: bind them through `params`.
  virtual StatusOr<std::int64_t> ExecuteDynamic(const std::string& sql,
                                                std::span<const SqlValue> params) = 0;
  /// A query whose text is built at run time (an IN list of n values); rows and errors as
  /// Query(). SQLite caches it as ExecuteDynamic() (the two share one cache per connection);
  /// PostgreSQL plans it for its values on every call instead (a generic plan of an IN list can
  /// be far worse than the plan for the values at hand).
  virtual StatusOr<SqlRows> QueryDynamic(const std::string& sql,
                                         std::span<const SqlValue> params) = 0;
  /// ExecuteDynamic() for a statement whose row count the caller does not need (one multi-row
  /// INSERT of a bulk write). PostgreSQL only sends it (libpq pipeline mode); the next call of
  /// this connection that waits for the server (any other call, FlushPipeline(), Commit())
  /// sends its own command behind it and first reads the results of everything sent. A failed
  /// pipelined statement is returned by that call, naming `what` and its place in the pipeline
  /// ("pipeline command 3 of 12 (what)"), with the code Query() would give it; the server skips
  /// everything after it, so the transaction cannot commit. SQLite runs it at once.
  virtual Status ExecuteDynamicPipelined(const std::string& sql, std::span<const SqlValue> params,
                                         std::string_view what) {
    Status st = ExecuteDynamic(sql, params).status();
    if (st.ok()) return st;
    return st.WithDetail(std::string(what) + ": " + st.internal_detail());
  }
  /// Runs one query text ('?' placeholders) once per parameter set and returns each run's rows,
  /// in order: a lookup of many keys as one probe each. PostgreSQL sends them all before reading
  /// any answer (pipeline mode: one round trip, and each probe uses the key's index whatever the
  /// table's statistics say, where an IN list's plan depends on them); SQLite runs them one by
  /// one. Errors as Query(); caching as ExecuteDynamic().
  virtual StatusOr<std::vector<SqlRows>> QueryEachDynamic(
      const std::string& sql, std::span<const std::vector<SqlValue>> param_sets) {
    std::vector<SqlRows> out;
    out.reserve(param_sets.size());
    for (const auto& params : param_sets) {
      RESKILL_ASSIGN_OR_RETURN(auto rows, QueryDynamic(sql, params));
      out.push_back(std::move(rows));
    }
    return out;
  }
  /// Waits for everything ExecuteDynamicPipelined() sent: OK, or the first failure as described
  /// there. OK at once when nothing is pending (always on SQLite).
  virtual Status FlushPipeline() { return Status::Ok(); }
  /// Runs several statements without parameters (migrations).
  virtual Status ExecuteScript(std::string_view sql) = 0;
  virtual Status Begin(app::TxMode mode) = 0;
  virtual Status Commit() = 0;
  virtual Status Rollback() = 0;
  /// Serialises concurrent migrators (an advisory lock on PostgreSQL; a no-op on SQLite,
  /// where the write transaction already excludes other writers).
  virtual Status LockForMigration() = 0;
  /// Every user table and its columns, sorted, for the schema-equality test.
  virtual StatusOr<std::vector<std::pair<std::string, std::vector<std::string>>>>
  DescribeSchema() = 0;
};

}  // namespace reskill::storage
