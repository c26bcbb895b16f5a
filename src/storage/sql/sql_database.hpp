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
};

/// Parses "0001_name.sql" into 1; -1 when the name has no number.
int MigrationVersion(std::string_view path);

}  // namespace reskill::storage
