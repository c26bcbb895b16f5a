// SqlDatabase: the Database port implemented once over SqlConnection — transactions with retry,
// migrations, and the repositories. Engines supply connections through a ConnectionPool.
// Thread-safe: each Run() takes its own connection from the pool.
#pragma once

#include <functional>
#include <memory>
#include <span>
#include <string>

#include "app/ports/database.hpp"
#include "common/embedded.hpp"
#include "storage/sql/query_catalog.hpp"
#include "storage/sql/sql.hpp"
#include "storage/sql/term_id_cache.hpp"

namespace reskill::storage {

/// Hands out connections; a lease returns its connection when destroyed. Thread-safe.
class ConnectionPool {
 public:
  class Lease {
   public:
    Lease(ConnectionPool& pool, std::unique_ptr<SqlConnection> conn)
        : pool_(&pool), conn_(std::move(conn)) {}
    Lease(Lease&&) = default;
    Lease& operator=(Lease&&) = default;
    ~Lease() {
      if (conn_) pool_->Release(std::move(conn_), broken_);
    }
    SqlConnection& operator*() { return *conn_; }
    SqlConnection* operator->() { return conn_.get(); }
    /// Drop the connection instead of reusing it (after a lost connection).
    void MarkBroken() { broken_ = true; }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<SqlConnection> conn_;
    bool broken_ = false;
  };

  virtual ~ConnectionPool() = default;
  /// A connection, waiting while all are in use; kUnavailable when none can be opened.
  virtual StatusOr<Lease> Acquire() = 0;
  /// A connection for a write transaction; the same as Acquire() unless the engine keeps one
  /// connection for writes (SQLite: its page cache then stays valid from one write to the next).
  virtual StatusOr<Lease> AcquireForWrite() { return Acquire(); }

 protected:
  virtual void Release(std::unique_ptr<SqlConnection> conn, bool broken) = 0;
};

class SqlDatabase : public app::Database {
 public:
  SqlDatabase(std::unique_ptr<ConnectionPool> pool, std::string engine,
              std::span<const EmbeddedFile> migrations);

  Status Run(app::TxMode mode, const std::function<Status(app::UnitOfWork&)>& work) override;
  /// Run() on the connection itself rather than through the repositories (for the storage
  /// layer's own code and tests): the same transaction, commit, rollback and retries.
  Status RunSql(app::TxMode mode, const std::function<Status(SqlConnection&)>& work);
  Status Ping() override;
  StatusOr<std::vector<int>> Migrate() override;
  /// Applies the migrations numbered up to `last_version` that are not applied yet (Migrate()
  /// applies them all); returns the versions applied now. Errors as Migrate(). For tests that
  /// build a database at an earlier schema.
  StatusOr<std::vector<int>> MigrateThrough(int last_version);
  /// The term ids of the query index known to be committed (docs/adr/0017-integer-term-ids.md),
  /// shared by this database's transactions. Thread-safe.
  TermIdCache& term_id_cache() { return term_ids_; }
  std::string_view engine() const override { return engine_; }

  /// The tables and columns of the live schema (for the schema-equality test).
  StatusOr<std::vector<std::pair<std::string, std::vector<std::string>>>> DescribeSchema();
  /// The highest migration version the binary carries.
  int LatestMigration() const;

 private:
  std::unique_ptr<ConnectionPool> pool_;
  std::string engine_;
  std::span<const EmbeddedFile> migrations_;
  QueryCatalog catalog_;
  TermIdCache term_ids_;
};

/// Parses "0001_name.sql" into 1; -1 when the name has no number.
int MigrationVersion(std::string_view path);

}  // namespace reskill::storage
