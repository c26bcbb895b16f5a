#include "storage/test_engines.hpp"

#include <atomic>
#include <cstdlib>
#include <filesystem>

#include <sqlite3.h>
#include <unistd.h>

#include "storage/sqlite/sqlite_database.hpp"
#if RESKILL_WITH_POSTGRES
#include "storage/postgres/postgres_database.hpp"
#endif

namespace reskill::storage::testing {

std::string PgDsn() {
  const char* dsn = std::getenv("RESKILL_TEST_PG_DSN");
  return dsn ? dsn : "";
}

std::string PgSchema(std::string_view tag) {
  return "reskill_" + std::string(tag) + "_test_" + std::to_string(::getpid());
}

std::string SkipReason(const std::string& name) {
  if (name != "postgres") return "";
#if !RESKILL_WITH_POSTGRES
  return "built with RESKILL_WITH_POSTGRES=OFF";
#else
  return PgDsn().empty() ? "RESKILL_TEST_PG_DSN is not set (run under scripts/with-postgres.sh)"
                         : "";
#endif
}

namespace {

class SqliteEngine final : public Engine {
 public:
  static StatusOr<std::unique_ptr<Engine>> Create(std::string_view tag) {
    static std::atomic<int> counter{0};
    auto path = std::filesystem::temp_directory_path() /
                ("reskill_" + std::string(tag) + "_dbtest_" + std::to_string(::getpid()) + "_" +
                 std::to_string(++counter) + ".db");
    auto engine = std::unique_ptr<SqliteEngine>(new SqliteEngine(path.string()));
    engine->Remove();
    RESKILL_ASSIGN_OR_RETURN(engine->db_, OpenSqliteDatabase({.path = engine->path_}));
    return std::unique_ptr<Engine>(std::move(engine));
  }
  ~SqliteEngine() override {
    db_.reset();
    Remove();
  }
  SqlDatabase& db() override { return *db_; }

  Status RawExec(std::string_view sql) override {
    sqlite3* raw = nullptr;
    if (sqlite3_open(path_.c_str(), &raw) != SQLITE_OK) {
      sqlite3_close(raw);
      return Internal("cannot open " + path_);
    }
    sqlite3_busy_timeout(raw, 5000);
    const int rc = sqlite3_exec(raw, std::string(sql).c_str(), nullptr, nullptr, nullptr);
    const std::string message = sqlite3_errmsg(raw);
    sqlite3_close(raw);
    if (rc == SQLITE_OK) return Status::Ok();
    if ((rc & 0xFF) == SQLITE_CONSTRAINT) return FailedPrecondition("rejected: " + message);
    return Internal(message);
  }

 private:
  explicit SqliteEngine(std::string path) : path_(std::move(path)) {}
  void Remove() {
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_ + suffix, ec);
  }

  std::string path_;
  std::unique_ptr<SqlDatabase> db_;
};

#if RESKILL_WITH_POSTGRES
// The DSN with search_path set to `schema`, and application_name too, so that a test can find
// its own server sessions in pg_stat_activity.
std::string PgUrlWithSchema(const std::string& dsn, const std::string& schema) {
  if (dsn.find("://") != std::string::npos) {
    return dsn + (dsn.find('?') == std::string::npos ? "?" : "&") + "application_name=" + schema +
           "&options=-csearch_path%3D" + schema;
  }
  return dsn + " application_name=" + schema + " options='-csearch_path=" + schema + "'";
}

class PostgresEngine final : public Engine {
 public:
  static StatusOr<std::unique_ptr<Engine>> Create(const std::string& dsn, std::string_view tag) {
    const std::string schema = PgSchema(tag);
    RESKILL_RETURN_IF_ERROR(ExecutePostgresScriptForTesting(
        {.url = dsn},
        "DROP SCHEMA IF EXISTS " + schema + " CASCADE; CREATE SCHEMA " + schema + ";"));
    auto engine = std::unique_ptr<PostgresEngine>(new PostgresEngine(dsn, schema));
    RESKILL_ASSIGN_OR_RETURN(engine->db_, OpenPostgresDatabase({.url = engine->url_}));
    return std::unique_ptr<Engine>(std::move(engine));
  }
  ~PostgresEngine() override {
    db_.reset();
    (void)ExecutePostgresScriptForTesting({.url = dsn_},
                                          "DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
  }
  SqlDatabase& db() override { return *db_; }
  Status RawExec(std::string_view sql) override {
    return ExecutePostgresScriptForTesting({.url = url_}, sql);
  }

 private:
  PostgresEngine(std::string dsn, std::string schema)
      : dsn_(std::move(dsn)), schema_(std::move(schema)), url_(PgUrlWithSchema(dsn_, schema_)) {}

  std::string dsn_;
  std::string schema_;
  std::string url_;
  std::unique_ptr<SqlDatabase> db_;
};
#endif

}  // namespace

StatusOr<std::unique_ptr<Engine>> MakeEngine(const std::string& name, std::string_view tag) {
#if RESKILL_WITH_POSTGRES
  if (name == "postgres") return PostgresEngine::Create(PgDsn(), tag);
#endif
  if (name == "sqlite") return SqliteEngine::Create(tag);
  return Internal("unknown engine " + name);
}

}  // namespace reskill::storage::testing
