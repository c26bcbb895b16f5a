#include "storage/sql/sql_database.hpp"

#include <algorithm>
#include <charconv>
#include <limits>
#include <optional>
#include <thread>

#include "storage/sql/repositories.hpp"

namespace reskill::storage {

int MigrationVersion(std::string_view path) {
  const auto slash = path.rfind('/');
  if (slash != std::string_view::npos) path = path.substr(slash + 1);
  int version = -1;
  const auto r = std::from_chars(path.data(), path.data() + path.size(), version);
  if (r.ec != std::errc() || r.ptr == path.data() || *r.ptr != '_') return -1;
  return version;
}

SqlDatabase::SqlDatabase(std::unique_ptr<ConnectionPool> pool, std::string engine,
                         std::span<const EmbeddedFile> migrations)
    : pool_(std::move(pool)),
      engine_(std::move(engine)),
      migrations_(migrations),
      catalog_(SqlQueryFiles(), engine_) {}

Status SqlDatabase::Run(app::TxMode mode, const std::function<Status(app::UnitOfWork&)>& work) {
  // The unit of work of the attempt that committed tells its repositories so once RunSql is done
  // (state they may share only after COMMIT; each attempt starts a fresh one).
  std::optional<SqlUnitOfWork> uow;
  Status st = RunSql(mode, [&](SqlConnection& conn) -> Status {
    uow.emplace(conn, catalog_, term_ids_);
    return work(*uow);
  });
  if (st.ok() && uow) uow->Committed();
  return st;
}

Status SqlDatabase::RunSql(app::TxMode mode, const std::function<Status(SqlConnection&)>& work) {
  constexpr int kAttempts = 5;
  Status last;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    RESKILL_ASSIGN_OR_RETURN(ConnectionPool::Lease conn, mode == app::TxMode::kWrite
                                                             ? pool_->AcquireForWrite()
                                                             : pool_->Acquire());
    Status st = conn->Begin(mode);
    if (st.ok()) {
      st = work(*conn);
      if (st.ok()) {
        st = conn->Commit();
        if (st.ok()) return st;
      }
      // A failed COMMIT has already ended the transaction on both engines; a rollback then is a
      // harmless error.
      (void)conn->Rollback();
    }
    if (st.code() != ErrorCode::kUnavailable) return st;
    // kUnavailable: busy, serialization failure or lost connection — retry with a fresh lease.
    conn.MarkBroken();
    last = st;
    std::this_thread::sleep_for(std::chrono::milliseconds(5 << attempt));
  }
  return last;
}

Status SqlDatabase::Ping() {
  RESKILL_ASSIGN_OR_RETURN(ConnectionPool::Lease conn, pool_->Acquire());
  auto rows = conn->Query(catalog_.Get("select_one"), {});
  if (!rows.ok()) conn.MarkBroken();
  return rows.status();
}

int SqlDatabase::LatestMigration() const {
  int latest = 0;
  for (const auto& m : migrations_) latest = std::max(latest, MigrationVersion(m.path));
  return latest;
}

StatusOr<std::vector<int>> SqlDatabase::Migrate() {
  return MigrateThrough(std::numeric_limits<int>::max());
}

StatusOr<std::vector<int>> SqlDatabase::MigrateThrough(int last_version) {
  std::vector<const EmbeddedFile*> ordered;
  for (const auto& m : migrations_) {
    if (MigrationVersion(m.path) < 1)
      return Internal("migration without a number: " + std::string(m.path));
    if (MigrationVersion(m.path) <= last_version) ordered.push_back(&m);
  }
  std::sort(ordered.begin(), ordered.end(), [](const EmbeddedFile* a, const EmbeddedFile* b) {
    return MigrationVersion(a->path) < MigrationVersion(b->path);
  });

  RESKILL_ASSIGN_OR_RETURN(ConnectionPool::Lease conn, pool_->Acquire());
  RESKILL_RETURN_IF_ERROR(conn->ExecuteScript(
      "CREATE TABLE IF NOT EXISTS schema_migration (version INTEGER NOT NULL PRIMARY KEY, "
      "name TEXT NOT NULL, applied_at BIGINT NOT NULL)"));
  std::vector<int> applied_now;
  for (const EmbeddedFile* m : ordered) {
    const int version = MigrationVersion(m->path);
    RESKILL_RETURN_IF_ERROR(conn->Begin(app::TxMode::kWrite));
    Status st = conn->LockForMigration();
    bool already = false;
    if (st.ok()) {
      auto rows = conn->Query(catalog_.Get("select_migration"), {std::int64_t{version}});
      st = rows.status();
      already = rows.ok() && !rows->empty();
    }
    if (st.ok() && !already) {
      st = conn->ExecuteScript(m->content);
      if (st.ok()) {
        const auto now = std::chrono::time_point_cast<std::chrono::milliseconds>(
            std::chrono::system_clock::now());
        st = conn->Execute(catalog_.Get("insert_migration"),
                           {std::int64_t{version}, std::string(m->path), ToUnixMillis(now)})
                 .status();
      }
    }
    if (st.ok()) st = conn->Commit();
    if (!st.ok()) {
      (void)conn->Rollback();
      return Status(st.code(),
                    "migration " + std::string(m->path) + " failed: " + st.public_message(), {},
                    st.internal_detail());
    }
    if (!already) applied_now.push_back(version);
  }
  return applied_now;
}

StatusOr<std::vector<std::pair<std::string, std::vector<std::string>>>>
SqlDatabase::DescribeSchema() {
  RESKILL_ASSIGN_OR_RETURN(ConnectionPool::Lease conn, pool_->Acquire());
  return conn->DescribeSchema();
}

}  // namespace reskill::storage
