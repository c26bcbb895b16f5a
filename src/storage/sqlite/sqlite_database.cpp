#include "storage/sqlite/sqlite_database.hpp"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <span>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include <sqlite3.h>

namespace reskill {
std::span<const EmbeddedFile> EmbeddedSqliteMigrations();
}

namespace reskill::storage {

std::span<const EmbeddedFile> SqliteMigrations() {
  return EmbeddedSqliteMigrations();
}

namespace {

Status FromSqlite(sqlite3* db, int rc, std::string_view what) {
  const int ext = sqlite3_extended_errcode(db);
  std::string detail = std::string(what) + ": " + sqlite3_errmsg(db);
  switch (rc & 0xFF) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return Unavailable("the database is busy; try again", detail);
    case SQLITE_CONSTRAINT:
      if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY) {
        return Status(ErrorCode::kAlreadyExists, "record already exists", {}, detail);
      }
      return Status(ErrorCode::kFailedPrecondition, "the change breaks a data rule", {}, detail);
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN: return Unavailable("the database cannot be written", detail);
    default: return Internal(detail);
  }
}

class SqliteConnection final : public SqlConnection {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  sqlite3* handle() const { return db_; }
  ~SqliteConnection() override {
    for (auto& [key, stmt] : statements_) sqlite3_finalize(stmt);
    for (auto& [key, stmt] : dynamic_statements_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  StatusOr<SqlRows> Query(const NamedQuery& query,
                          std::initializer_list<SqlValue> params) override {
    RESKILL_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, Prepare(query, params));
    return Rows(stmt, query.name);
  }

  StatusOr<SqlRows> QueryDynamic(const std::string& sql,
                                 std::span<const SqlValue> params) override {
    constexpr std::string_view kWhat = "dynamic query";
    RESKILL_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, PrepareDynamic(sql, kWhat));
    RESKILL_RETURN_IF_ERROR(Bind(stmt, params, kWhat));
    return Rows(stmt, kWhat);
  }

  // Steps `stmt` to the end and returns its rows.
  StatusOr<SqlRows> Rows(sqlite3_stmt* stmt, std::string_view what) {
    SqlRows rows;
    const int columns = sqlite3_column_count(stmt);
    while (true) {
      const int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) {
        Status st = FromSqlite(db_, rc, what);
        sqlite3_reset(stmt);
        return st;
      }
      SqlRow row;
      row.values.reserve(static_cast<std::size_t>(columns));
      for (int c = 0; c < columns; ++c) {
        switch (sqlite3_column_type(stmt, c)) {
          case SQLITE_NULL: row.values.emplace_back(std::monostate{}); break;
          case SQLITE_INTEGER:
            row.values.emplace_back(std::int64_t{sqlite3_column_int64(stmt, c)});
            break;
          case SQLITE_FLOAT: row.values.emplace_back(sqlite3_column_double(stmt, c)); break;
          default: {
            const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
            row.values.emplace_back(std::string(
                text ? text : "", static_cast<std::size_t>(sqlite3_column_bytes(stmt, c))));
          }
        }
      }
      rows.push_back(std::move(row));
    }
    sqlite3_reset(stmt);
    return rows;
  }

  StatusOr<std::int64_t> Execute(const NamedQuery& query,
                                 std::initializer_list<SqlValue> params) override {
    RESKILL_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, Prepare(query, params));
    return Step(stmt, query.name);
  }

  StatusOr<std::int64_t> ExecuteDynamic(const std::string& sql,
                                        std::span<const SqlValue> params) override {
    constexpr std::string_view kWhat = "dynamic statement";
    RESKILL_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, PrepareDynamic(sql, kWhat));
    RESKILL_RETURN_IF_ERROR(Bind(stmt, params, kWhat));
    return Step(stmt, kWhat);
  }

  StatusOr<sqlite3_stmt*> PrepareDynamic(const std::string& sql, std::string_view what) {
    auto it = dynamic_statements_.find(sql);
    if (it != dynamic_statements_.end()) return it->second;
    // Bounded: a caller that builds many distinct texts loses its cache, not memory.
    if (dynamic_statements_.size() >= kMaxDynamicStatements) {
      for (auto& [key, cached] : dynamic_statements_) sqlite3_finalize(cached);
      dynamic_statements_.clear();
    }
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return FromSqlite(db_, rc, what);
    dynamic_statements_.emplace(sql, stmt);
    return stmt;
  }

  Status ExecuteScript(std::string_view sql) override {
    char* err = nullptr;
    const std::string text(sql);
    const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
      Status st = FromSqlite(db_, rc, "script");
      sqlite3_free(err);
      return st;
    }
    return Status::Ok();
  }

  Status Begin(app::TxMode mode) override {
    // BEGIN IMMEDIATE takes the write lock up front, so two writers never deadlock on upgrade.
    return ExecuteScript(mode == app::TxMode::kWrite ? "BEGIN IMMEDIATE" : "BEGIN");
  }
  Status Commit() override { return ExecuteScript("COMMIT"); }
  Status Rollback() override {
    if (sqlite3_get_autocommit(db_)) return Status::Ok();
    return ExecuteScript("ROLLBACK");
  }
  Status LockForMigration() override { return Status::Ok(); }

  StatusOr<std::vector<std::pair<std::string, std::vector<std::string>>>> DescribeSchema()
      override {
    // Ordinary tables only: FTS5 virtual tables and their shadow tables (migration 0003) are
    // SQLite's search index, which PostgreSQL keeps as a GIN index instead (pragma_table_list
    // types them 'virtual' and 'shadow'; SQLite >= 3.37).
    static constexpr NamedQuery kTables{"describe_tables",
                                        "SELECT name FROM pragma_table_list WHERE schema = 'main' "
                                        "AND type = 'table' AND name NOT LIKE 'sqlite_%' "
                                        "ORDER BY name"};
    static constexpr NamedQuery kColumns{"describe_columns",
                                         "SELECT name FROM pragma_table_info(?) ORDER BY name"};
    RESKILL_ASSIGN_OR_RETURN(auto tables, Query(kTables, {}));
    std::vector<std::pair<std::string, std::vector<std::string>>> out;
    for (const auto& t : tables) {
      RESKILL_ASSIGN_OR_RETURN(auto cols, Query(kColumns, {t.Text(0)}));
      std::vector<std::string> names;
      for (const auto& c : cols) names.push_back(c.Text(0));
      out.emplace_back(t.Text(0), std::move(names));
    }
    return out;
  }

 private:
  StatusOr<sqlite3_stmt*> Prepare(const NamedQuery& query, std::initializer_list<SqlValue> params) {
    sqlite3_stmt* stmt = nullptr;
    auto it = statements_.find(query.sql.data());
    if (it != statements_.end()) {
      stmt = it->second;
    } else {
      const int rc = sqlite3_prepare_v3(db_, query.sql.data(), static_cast<int>(query.sql.size()),
                                        SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
      if (rc != SQLITE_OK) return FromSqlite(db_, rc, query.name);
      statements_.emplace(query.sql.data(), stmt);
    }
    RESKILL_RETURN_IF_ERROR(
        Bind(stmt, std::span<const SqlValue>(params.begin(), params.size()), query.name));
    return stmt;
  }

  // Runs a statement to completion; the number of rows it changed.
  StatusOr<std::int64_t> Step(sqlite3_stmt* stmt, std::string_view what) {
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    }
    if (rc != SQLITE_DONE) {
      Status st = FromSqlite(db_, rc, what);
      sqlite3_reset(stmt);
      return st;
    }
    sqlite3_reset(stmt);
    return std::int64_t{sqlite3_changes(db_)};
  }

  Status Bind(sqlite3_stmt* stmt, std::span<const SqlValue> params, std::string_view what) {
    sqlite3_clear_bindings(stmt);
    if (static_cast<int>(params.size()) != sqlite3_bind_parameter_count(stmt)) {
      return Internal(std::string(what) + ": parameter count mismatch");
    }
    int i = 1;
    for (const SqlValue& p : params) {
      int rc = SQLITE_OK;
      if (std::holds_alternative<std::monostate>(p)) {
        rc = sqlite3_bind_null(stmt, i);
      } else if (const auto* n = std::get_if<std::int64_t>(&p)) {
        rc = sqlite3_bind_int64(stmt, i, *n);
      } else if (const auto* d = std::get_if<double>(&p)) {
        rc = sqlite3_bind_double(stmt, i, *d);
      } else {
        const auto& s = std::get<std::string>(p);
        rc = sqlite3_bind_text64(stmt, i, s.data(), s.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
      }
      if (rc != SQLITE_OK) return FromSqlite(db_, rc, what);
      ++i;
    }
    return Status::Ok();
  }

  static constexpr std::size_t kMaxDynamicStatements = 64;

  sqlite3* db_;
  // Keyed by the address of the query text, which has static storage in the catalog.
  std::unordered_map<const char*, sqlite3_stmt*> statements_;
  // ExecuteDynamic's statements, keyed by their text; at most kMaxDynamicStatements.
  std::unordered_map<std::string, sqlite3_stmt*> dynamic_statements_;
};

// WAL checkpoints of the write connection, off the writing thread (docs/lrs.md, Performance).
// A checkpoint copies the pages the WAL holds into the database file and syncs both; run from
// the committing connection (SQLite's autocheckpoint) it stalls the statement writer for the
// copy and two fdatasync calls. Here the write connection's WAL hook only wakes this thread
// once kBackgroundPages frames are waiting, and this thread runs a PASSIVE checkpoint on a
// connection of its own, which never blocks a writer. A passive checkpoint cannot backfill
// frames committed while it runs, so under steady writes the WAL would not restart; once it
// holds kWriterPages frames the write connection checkpoints the (small) rest itself while it
// holds the write lock, and the next transaction restarts the WAL from its beginning.
// Thread-safe: the hook runs on whichever thread commits through the write connection.
class Checkpointer {
 public:
  static constexpr int kBackgroundPages = 20'000;  // 80 MB of 4 KB pages
  static constexpr int kWriterPages = 60'000;      // the WAL's bound, about 240 MB

  explicit Checkpointer(std::string path) : path_(std::move(path)) {}
  ~Checkpointer() {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    cv_.notify_one();
    if (thread_.joinable()) thread_.join();
  }
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  // Makes `db` (the write connection) hand its checkpoints to this object.
  void Attach(sqlite3* db) { sqlite3_wal_hook(db, &Checkpointer::Hook, this); }

 private:
  // sqlite3_wal_hook callback, after each COMMIT: `frames` is the size of the WAL in frames.
  static int Hook(void* self_ptr, sqlite3* db, const char* schema, int frames) {
    auto* self = static_cast<Checkpointer*>(self_ptr);
    std::unique_lock lock(self->mu_);
    if (frames < self->last_frames_) {  // the WAL restarted
      self->backfilled_ = 0;
      self->writer_checkpoint_at_ = 0;
    }
    self->last_frames_ = frames;
    // Past the bound, once per kBackgroundPages frames (a reader may keep the WAL from
    // restarting after one such checkpoint; the next one then retries).
    if (frames >= kWriterPages && frames - self->writer_checkpoint_at_ >= kBackgroundPages) {
      self->writer_checkpoint_at_ = frames;
      lock.unlock();
      // The writer holds no transaction here; a checkpoint already running elsewhere makes this
      // one return SQLITE_BUSY at once, and a later commit tries again.
      int log = 0;
      int done = 0;
      sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_PASSIVE, &log, &done);
      return SQLITE_OK;
    }
    if (frames - self->backfilled_ < kBackgroundPages || self->wanted_) return SQLITE_OK;
    self->wanted_ = true;
    if (!self->thread_.joinable()) self->thread_ = std::thread([self] { self->Loop(); });
    lock.unlock();
    self->cv_.notify_one();
    return SQLITE_OK;
  }

  void Loop() {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) !=
        SQLITE_OK) {
      sqlite3_close_v2(db);
      return;  // the write connection's own bound (kWriterPages) still checkpoints
    }
    // This connection never commits, so it never checkpoints on its own either. It reads once
    // so that its pager opens the WAL: a checkpoint on a connection that has not read yet
    // finds no WAL and does nothing.
    sqlite3_exec(db, "PRAGMA wal_autocheckpoint = 0; SELECT COUNT(*) FROM sqlite_schema;", nullptr,
                 nullptr, nullptr);
    std::unique_lock lock(mu_);
    for (;;) {
      cv_.wait(lock, [&] { return stopping_ || wanted_; });
      if (stopping_) break;
      lock.unlock();
      int log = 0;
      int done = 0;
      const int rc = sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_PASSIVE, &log, &done);
      lock.lock();
      wanted_ = false;
      // A WAL that restarted meanwhile counts from zero again (the hook sees it shrink).
      if (rc == SQLITE_OK && done >= 0 && log <= last_frames_) backfilled_ = done;
    }
    lock.unlock();
    sqlite3_close_v2(db);
  }

  const std::string path_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::thread thread_;            // started by the first hook call that wants a checkpoint
  bool stopping_ = false;         // guarded by mu_
  bool wanted_ = false;           // guarded by mu_
  int last_frames_ = 0;           // guarded by mu_; the WAL size the last commit reported
  int backfilled_ = 0;            // guarded by mu_; frames the last background checkpoint copied
  int writer_checkpoint_at_ = 0;  // guarded by mu_; WAL size at the write connection's last one
};

class SqlitePool final : public ConnectionPool {
 public:
  explicit SqlitePool(SqliteOptions options) : options_(std::move(options)) {
    if (options_.path == ":memory:") options_.pool_size = 1;  // each connection would be its own DB
  }

  StatusOr<Lease> Acquire() override {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return !idle_.empty() || open_ < options_.pool_size; });
    if (!idle_.empty()) {
      auto conn = std::move(idle_.back());
      idle_.pop_back();
      return Lease(*this, std::move(conn));
    }
    ++open_;
    lock.unlock();
    auto conn = Open();
    if (!conn.ok()) {
      std::lock_guard relock(mu_);
      --open_;
      cv_.notify_one();
      return conn.status();
    }
    return Lease(*this, std::move(conn).value());
  }

  StatusOr<Lease> AcquireForWrite() override {
    // An in-memory database is one connection: its pool is that connection.
    if (options_.path == ":memory:") return Acquire();
    // SQLite has one writer at a time anyway; writing through one connection keeps its page
    // cache valid between transactions (a connection discards its cache when another one has
    // committed), so the statement writer's hot index pages stay in memory
    // (bench/xapi_ingest.sh). A writer that waits longer than the busy timeout (a write
    // transaction nested in another on one thread) falls back to a pooled connection and
    // meets SQLite's busy handling as before.
    std::unique_lock lock(mu_);
    if (!writer_cv_.wait_for(lock, std::chrono::milliseconds(options_.busy_timeout_ms),
                             [&] { return !writer_busy_; })) {
      lock.unlock();
      return Acquire();
    }
    writer_busy_ = true;
    if (writer_) return Lease(*this, std::move(writer_));
    lock.unlock();
    auto conn = Open();
    lock.lock();
    if (!conn.ok()) {
      writer_busy_ = false;
      writer_cv_.notify_one();
      return conn.status();
    }
    writer_raw_ = conn->get();
    // The write connection's checkpoints run on a thread of their own (Checkpointer).
    checkpointer_.Attach(static_cast<SqliteConnection&>(**conn).handle());
    return Lease(*this, std::move(conn).value());
  }

  StatusOr<std::unique_ptr<SqlConnection>> Open() {
    sqlite3* db = nullptr;
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    const int rc = sqlite3_open_v2(options_.path.c_str(), &db, flags, nullptr);
    if (rc != SQLITE_OK) {
      std::string detail = db ? sqlite3_errmsg(db) : "out of memory";
      sqlite3_close_v2(db);
      return Unavailable("cannot open the database file", options_.path + ": " + detail);
    }
    auto conn = std::make_unique<SqliteConnection>(db);
    sqlite3_busy_timeout(db, options_.busy_timeout_ms);
    static const std::string kPragmas =
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;"
        // Reads through a shared memory map instead of pread copies, a larger page cache for
        // the statement indexes the LRS writer touches, and fewer, larger WAL checkpoints
        // (bench/xapi_ingest.sh: the ingest profile was dominated by pread/pwrite/fdatasync).
        "PRAGMA mmap_size = 268435456; PRAGMA cache_size = -16384; "
        // Connections other than the write one (Checkpointer) checkpoint at the WAL's bound.
        "PRAGMA wal_autocheckpoint = " +
        std::to_string(Checkpointer::kWriterPages) +
        "; "
        // Statement journals (the page images a multi-row statement keeps to undo itself) stay
        // in memory: spilled to a temporary file they cost two pwrite calls per page touched
        // (bench/xapi_ingest.sh: 9 pages per stored statement for its multi-row term INSERT).
        "PRAGMA temp_store = MEMORY;";
    RESKILL_RETURN_IF_ERROR(conn->ExecuteScript(kPragmas));
    return std::unique_ptr<SqlConnection>(std::move(conn));
  }

 protected:
  void Release(std::unique_ptr<SqlConnection> conn, bool broken) override {
    std::lock_guard lock(mu_);
    if (conn.get() == writer_raw_) {
      if (broken) {
        writer_raw_ = nullptr;  // closes it; the next write opens a fresh one
      } else {
        writer_ = std::move(conn);
      }
      writer_busy_ = false;
      writer_cv_.notify_one();
      return;
    }
    if (broken && options_.path != ":memory:") {
      --open_;  // closes it; a fresh one is opened on demand
    } else {
      idle_.push_back(std::move(conn));
    }
    cv_.notify_one();
  }

 private:
  SqliteOptions options_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<SqlConnection>> idle_;  // guarded by mu_
  int open_ = 0;                                      // guarded by mu_
  // The connection of write transactions (AcquireForWrite), outside pool_size.
  std::condition_variable writer_cv_;
  std::unique_ptr<SqlConnection> writer_;      // guarded by mu_; null while leased or not opened
  const SqlConnection* writer_raw_ = nullptr;  // guarded by mu_; identifies it on Release
  bool writer_busy_ = false;                   // guarded by mu_
  Checkpointer checkpointer_{options_.path};   // declared last: stops before the connections close
};

}  // namespace

StatusOr<std::unique_ptr<SqlDatabase>> OpenSqliteDatabase(const SqliteOptions& options) {
  if (options.path.empty()) return InvalidArgument("database path is empty", "database.url");
  auto pool = std::make_unique<SqlitePool>(options);
  {
    // Open one connection now so that a bad path fails at start, not at the first request.
    RESKILL_ASSIGN_OR_RETURN(auto lease, pool->Acquire());
  }
  return std::make_unique<SqlDatabase>(std::move(pool), "sqlite", SqliteMigrations());
}

}  // namespace reskill::storage
