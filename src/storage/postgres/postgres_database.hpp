// The PostgreSQL adapter (production engine) over libpq: prepared statements per connection,
// text-format parameters, SQLSTATE-based error classification, a lazily filled connection pool.
// Thread-safe: each transaction runs on its own pooled connection.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "common/embedded.hpp"
#include "storage/sql/sql_database.hpp"

namespace reskill::storage {

struct PostgresOptions {
  /// libpq connection string or URI, e.g. "postgresql://reskill@db:5432/reskill". May hold a
  /// password: it never appears in a Status public message or in internal detail.
  std::string url;
  /// Connections opened at most (lazily, on demand); callers beyond this wait. Default 8.
  int pool_size = 8;
};

/// Connects once to check that the server answers, then returns the database (the pool opens
/// further connections on demand). kInvalidArgument (field "database.url") for an empty or
/// malformed URL; kUnavailable when the server cannot be reached or refuses the login.
/// The result owns the pool; thread-safe.
StatusOr<std::unique_ptr<SqlDatabase>> OpenPostgresDatabase(const PostgresOptions& options);

/// The migrations for PostgreSQL (src/storage/migrations/postgres), embedded; static storage.
std::span<const EmbeddedFile> PostgresMigrations();

/// Rewrites the '?' placeholders of portable catalog SQL as $1..$n, leaving '?' inside quoted
/// literals, quoted identifiers and "--" comments alone. Stores the count in `*count` when given.
/// Pure; thread-safe.
std::string ToPostgresPlaceholders(std::string_view sql, int* count = nullptr);

/// Test-only: runs `sql` (several statements allowed, no parameters) on a fresh connection
/// outside any pool, e.g. "DROP SCHEMA public CASCADE; CREATE SCHEMA public;". Errors are
/// classified as in the adapter (kAlreadyExists, kFailedPrecondition, kUnavailable, kInternal).
Status ExecutePostgresScriptForTesting(const PostgresOptions& options, std::string_view sql);

}  // namespace reskill::storage
