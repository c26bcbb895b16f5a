// The SQLite adapter (the default, embedded engine): WAL, foreign keys on, busy timeout, one
// connection per concurrent transaction from a pool. Thread-safe.
#pragma once

#include <memory>
#include <span>
#include <string>

#include "common/embedded.hpp"
#include "storage/sql/sql_database.hpp"

namespace reskill::storage {

struct SqliteOptions {
  std::string path;            ///< File path, or ":memory:" (then the pool holds one connection).
  int pool_size = 8;           ///< Connections kept open.
  int busy_timeout_ms = 5000;  ///< How long a writer waits for the lock before kUnavailable.
};

/// Opens (creating when missing) the database file. kUnavailable when it cannot be opened.
StatusOr<std::unique_ptr<SqlDatabase>> OpenSqliteDatabase(const SqliteOptions& options);

/// The migrations for SQLite (src/storage/migrations/sqlite), embedded.
std::span<const EmbeddedFile> SqliteMigrations();

}  // namespace reskill::storage
