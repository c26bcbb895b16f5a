#include "storage/postgres/postgres_database.hpp"

#include <algorithm>
#include <charconv>
#include <condition_variable>
#include <cstdio>
#include <map>
#include <mutex>
#include <span>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <libpq-fe.h>

namespace reskill {
std::span<const EmbeddedFile> EmbeddedPostgresMigrations();
}

namespace reskill::storage {

std::span<const EmbeddedFile> PostgresMigrations() {
  return EmbeddedPostgresMigrations();
}

std::string ToPostgresPlaceholders(std::string_view sql, int* count) {
  enum class State { kCode, kString, kIdentifier, kLineComment };
  State state = State::kCode;
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    switch (state) {
      case State::kCode:
        if (c == '?') {
          out += '$';
          out += std::to_string(++n);
          continue;
        }
        if (c == '\'') state = State::kString;
        if (c == '"') state = State::kIdentifier;
        if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') state = State::kLineComment;
        break;
      case State::kString:
        // A doubled quote ('') leaves and re-enters the literal, which is exactly right.
        if (c == '\'') state = State::kCode;
        break;
      case State::kIdentifier:
        if (c == '"') state = State::kCode;
        break;
      case State::kLineComment:
        if (c == '\n') state = State::kCode;
        break;
    }
    out += c;
  }
  if (count != nullptr) *count = n;
  return out;
}

namespace {

// PostgreSQL type OIDs (pg_type.dat); stable across server versions.
constexpr Oid kBoolOid = 16;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kFloat4Oid = 700;
constexpr Oid kFloat8Oid = 701;
constexpr Oid kNumericOid = 1700;

// Arbitrary, fixed key of the advisory lock that serialises migrators across processes.
constexpr std::int64_t kMigrationLockKey = 7277001;

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

std::string TrimNewlines(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) {
    text.pop_back();
  }
  return text;
}

// Every spelling of the password that could surface in libpq's messages: the decoded value from
// the parsed connection string and, in case parsing failed, the raw userinfo of a URI or the
// raw value of a "password=" keyword.
std::vector<std::string> PasswordsIn(const std::string& url) {
  std::vector<std::string> out;
  char* err = nullptr;
  if (PQconninfoOption* opts = PQconninfoParse(url.c_str(), &err)) {
    for (PQconninfoOption* o = opts; o->keyword != nullptr; ++o) {
      if (std::string_view(o->keyword) == "password" && o->val != nullptr && *o->val != '\0') {
        out.emplace_back(o->val);
      }
    }
    PQconninfoFree(opts);
  }
  PQfreemem(err);
  const auto scheme = url.find("://");
  if (scheme != std::string::npos) {
    const auto start = scheme + 3;
    const auto end = url.find_first_of("/?", start);
    const auto authority =
        url.substr(start, end == std::string::npos ? std::string::npos : end - start);
    const auto at = authority.rfind('@');
    const auto colon = authority.find(':');
    if (at != std::string::npos && colon != std::string::npos && colon < at) {
      out.push_back(authority.substr(colon + 1, at - colon - 1));
    }
  }
  for (std::size_t pos = url.find("password="); pos != std::string::npos;
       pos = url.find("password=", pos + 1)) {
    const auto start = pos + 9;
    const auto end = url.find_first_of(" &", start);
    out.push_back(url.substr(start, end == std::string::npos ? std::string::npos : end - start));
  }
  std::erase_if(out, [](const std::string& p) { return p.empty(); });
  return out;
}

std::string Redact(std::string text, const std::vector<std::string>& secrets) {
  for (const auto& secret : secrets) {
    for (auto pos = text.find(secret); pos != std::string::npos; pos = text.find(secret, pos)) {
      text.replace(pos, secret.size(), "***");
      pos += 3;
    }
  }
  return text;
}

bool IsConnectionState(std::string_view sqlstate) {
  // Class 08 (connection exception), and the server shutting down or starting up (57P01-57P03).
  return sqlstate.starts_with("08") || sqlstate == "57P01" || sqlstate == "57P02" ||
         sqlstate == "57P03";
}

// Turns a failed libpq call into a Status. `res` may be null (out of memory or lost connection).
// The internal detail holds SQLSTATE, the primary message and the constraint name, but not the
// DETAIL line, which can quote column values (e-mail addresses) that must not reach the logs.
Status FromPostgres(PGconn* conn, const PGresult* res, std::string_view what) {
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  const std::string sqlstate = state ? state : "";
  std::string message;
  if (const char* primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : nullptr) {
    message = primary;
  } else if (res != nullptr && *PQresultErrorMessage(res) != '\0') {
    message = TrimNewlines(PQresultErrorMessage(res));
  } else {
    message = TrimNewlines(PQerrorMessage(conn));
  }
  std::string detail = std::string(what) + ": ";
  if (!sqlstate.empty()) detail += "[" + sqlstate + "] ";
  detail += message;
  if (const char* constraint = res ? PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME) : nullptr) {
    detail += std::string(" (constraint ") + constraint + ")";
  }

  if (PQstatus(conn) == CONNECTION_BAD || IsConnectionState(sqlstate)) {
    return Unavailable("the database is unreachable; try again", detail);
  }
  if (sqlstate == "23505") {
    return Status(ErrorCode::kAlreadyExists, "record already exists", {}, detail);
  }
  // 23000 is what the append-only trigger raises (integrity_constraint_violation).
  if (sqlstate == "23503" || sqlstate == "23514" || sqlstate == "23502" || sqlstate == "23000") {
    return Status(ErrorCode::kFailedPrecondition, "the change breaks a data rule", {}, detail);
  }
  // Serialization failure, deadlock, lock not available: the whole transaction can be retried.
  if (sqlstate == "40001" || sqlstate == "40P01" || sqlstate == "55P03") {
    return Unavailable("the database is busy; try again", detail);
  }
  return Internal(detail);
}

// Parameters in libpq's text format: NULL as a null pointer, integers in decimal, doubles with
// 17 significant digits (exact round trip), text as is. Holds the texts the pointers point into.
class TextParams {
 public:
  explicit TextParams(std::span<const SqlValue> params) {
    text_.reserve(params.size());
    pointers_.reserve(params.size());
    for (const SqlValue& p : params) {
      if (std::holds_alternative<std::monostate>(p)) {
        text_.emplace_back();
      } else if (const auto* n = std::get_if<std::int64_t>(&p)) {
        text_.push_back(std::to_string(*n));
      } else if (const auto* d = std::get_if<double>(&p)) {
        char buf[40];
        std::snprintf(buf, sizeof buf, "%.17g", *d);
        text_.emplace_back(buf);
      } else {
        text_.push_back(std::get<std::string>(p));
      }
    }
    // Pointers are taken only after `text_` stops growing.
    for (std::size_t i = 0; i < params.size(); ++i) {
      pointers_.push_back(std::holds_alternative<std::monostate>(params[i]) ? nullptr
                                                                            : text_[i].c_str());
    }
  }
  TextParams(const TextParams&) = delete;
  TextParams& operator=(const TextParams&) = delete;
  const char* const* pointers() const { return pointers_.data(); }

 private:
  std::vector<std::string> text_;
  std::vector<const char*> pointers_;
};

// Notices ("relation already exists, skipping" from CREATE TABLE IF NOT EXISTS) are expected
// and carry nothing actionable; libpq would otherwise print them to stderr.
void IgnoreNotice(void* /*arg*/, const char* /*message*/) {}

class PostgresConnection final : public SqlConnection {
 public:
  explicit PostgresConnection(PGconn* conn) : conn_(conn) {
    PQsetNoticeProcessor(conn_, IgnoreNotice, nullptr);
  }
  ~PostgresConnection() override { PQfinish(conn_); }
  PostgresConnection(const PostgresConnection&) = delete;
  PostgresConnection& operator=(const PostgresConnection&) = delete;

  /// True when libpq knows the connection is gone, or when a pipeline was left in an unknown
  /// state (see Abandon); such a connection is never reused.
  bool IsBad() const { return abandoned_ || PQstatus(conn_) == CONNECTION_BAD; }
  /// True outside any transaction block and pipeline (safe to hand to the next caller).
  bool IsIdle() const {
    return PQtransactionStatus(conn_) == PQTRANS_IDLE && PQpipelineStatus(conn_) == PQ_PIPELINE_OFF;
  }

  StatusOr<SqlRows> Query(const NamedQuery& query,
                          std::initializer_list<SqlValue> params) override {
    RESKILL_ASSIGN_OR_RETURN(Result res, Run(query, params));
    return RowsOf(res.get());
  }

  static SqlRows RowsOf(PGresult* res) {
    const int rows = PQntuples(res);
    const int columns = PQnfields(res);
    std::vector<Oid> types(static_cast<std::size_t>(columns));
    for (int c = 0; c < columns; ++c) types[static_cast<std::size_t>(c)] = PQftype(res, c);
    SqlRows out;
    out.reserve(static_cast<std::size_t>(rows));
    for (int r = 0; r < rows; ++r) {
      SqlRow row;
      row.values.reserve(static_cast<std::size_t>(columns));
      for (int c = 0; c < columns; ++c) {
        row.values.push_back(Convert(res, r, c, types[static_cast<std::size_t>(c)]));
      }
      out.push_back(std::move(row));
    }
    return out;
  }

  StatusOr<std::int64_t> Execute(const NamedQuery& query,
                                 std::initializer_list<SqlValue> params) override {
    RESKILL_ASSIGN_OR_RETURN(Result res, Run(query, params));
    return AffectedRows(res.get());
  }

  Status ExecuteDynamicPipelined(const std::string& sql, std::span<const SqlValue> params,
                                 std::string_view what) override {
    // Bounded: results the server sends back wait in libpq's buffer until read, and a long
    // pipeline would report its first error late.
    if (pipeline_.size() >= kMaxPipelined) RESKILL_RETURN_IF_ERROR(FlushPipeline());
    RESKILL_ASSIGN_OR_RETURN(const Prepared* prepared, PrepareDynamic(sql, what));
    RESKILL_RETURN_IF_ERROR(EnterPipeline());
    return Send(*prepared, params, what);
  }

  StatusOr<std::vector<SqlRows>> QueryEachDynamic(
      const std::string& sql, std::span<const std::vector<SqlValue>> param_sets) override {
    constexpr std::string_view kWhat = "dynamic query";
    std::vector<SqlRows> out;
    if (param_sets.empty()) return out;
    // Prepared: a probe of one key has one sensible plan, generic or not.
    RESKILL_ASSIGN_OR_RETURN(const Prepared* prepared, PrepareDynamic(sql, kWhat));
    RESKILL_RETURN_IF_ERROR(EnterPipeline());
    for (const auto& params : param_sets) {
      RESKILL_RETURN_IF_ERROR(Send(*prepared, params, kWhat, true));
    }
    std::vector<Result> results;
    RESKILL_RETURN_IF_ERROR(Collect(&results));
    out.reserve(results.size());
    for (const Result& r : results) out.push_back(RowsOf(r.get()));
    return out;
  }

  Status FlushPipeline() override {
    if (!InPipeline()) return Status::Ok();
    return Collect(nullptr);
  }

  StatusOr<SqlRows> QueryDynamic(const std::string& sql,
                                 std::span<const SqlValue> params) override {
    // Not prepared: planned for its values on every call (an unnamed statement, still one round
    // trip). A prepared IN-list lookup switches to a generic plan after five calls, planned for
    // the table as it was then: prepared while xapi_statement was empty, the statement writer's
    // lookup of 256 ids kept scanning every row of the tenant and comparing each with the whole
    // list, 170 ms a call at 17,000 statements (docs/lrs.md, "PostgreSQL: plans and pipelining").
    constexpr std::string_view kWhat = "dynamic query";
    int count = 0;
    const std::string text = ToPostgresPlaceholders(sql, &count);
    if (static_cast<std::size_t>(count) != params.size()) {
      return Internal(std::string(kWhat) + ": parameter count mismatch");
    }
    const TextParams values(params);
    if (InPipeline()) {
      // Sent behind the statements waiting in the pipeline: one round trip for all of them.
      if (PQsendQueryParams(conn_, text.c_str(), count, nullptr, values.pointers(), nullptr,
                            nullptr, 0) != 1) {
        return Abandon(FromPostgres(conn_, nullptr, kWhat));
      }
      pipeline_.push_back({std::string(kWhat), {}, true});
      std::vector<Result> own;
      RESKILL_RETURN_IF_ERROR(Collect(&own));
      return RowsOf(own.front().get());
    }
    Result res(
        PQexecParams(conn_, text.c_str(), count, nullptr, values.pointers(), nullptr, nullptr, 0));
    const ExecStatusType st = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
    if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
      return FromPostgres(conn_, res.get(), kWhat);
    }
    return RowsOf(res.get());
  }

  StatusOr<std::int64_t> ExecuteDynamic(const std::string& sql,
                                        std::span<const SqlValue> params) override {
    constexpr std::string_view kWhat = "dynamic statement";
    RESKILL_ASSIGN_OR_RETURN(const Prepared* prepared, PrepareDynamic(sql, kWhat));
    RESKILL_ASSIGN_OR_RETURN(Result res, RunPrepared(*prepared, params, kWhat));
    return AffectedRows(res.get());
  }

  Status ExecuteScript(std::string_view sql) override { return Exec(std::string(sql), "script"); }

  Status Begin(app::TxMode mode) override {
    // READ COMMITTED (the server default). READ ONLY makes a write in a read transaction fail
    // loudly here rather than pass silently, as it would on SQLite.
    return Exec(mode == app::TxMode::kWrite ? "BEGIN" : "BEGIN READ ONLY", "begin");
  }

  Status Commit() override {
    Result res;
    if (InPipeline()) {
      // COMMIT goes behind the pipelined statements, in the same round trip. If one of them
      // failed, the server skips the COMMIT, Collect reports that statement and the transaction
      // stays open in its failed state until the caller's Rollback().
      if (PQsendQueryParams(conn_, "COMMIT", 0, nullptr, nullptr, nullptr, nullptr, 0) != 1) {
        return Abandon(FromPostgres(conn_, nullptr, "commit"));
      }
      pipeline_.push_back({"commit", {}, true});
      std::vector<Result> own;
      RESKILL_RETURN_IF_ERROR(Collect(&own));
      res = std::move(own.front());
    } else {
      res.reset(PQexec(conn_, "COMMIT"));
      if (!res || PQresultStatus(res.get()) != PGRES_COMMAND_OK) {
        return FromPostgres(conn_, res.get(), "commit");
      }
    }
    // COMMIT of a transaction that already failed succeeds with the tag ROLLBACK: a statement
    // failed and the work went on regardless. Nothing was written, so this must not look OK.
    if (std::string_view(PQcmdStatus(res.get())) == "ROLLBACK") {
      return Internal("commit: the transaction was rolled back because a statement in it failed");
    }
    return Status::Ok();
  }

  Status Rollback() override {
    if (InPipeline()) {
      // What the pipelined statements did is rolled back below; only a lost connection matters.
      Status pending = Collect(nullptr);
      if (IsBad()) return pending;
    }
    if (IsIdle()) return Status::Ok();
    return Exec("ROLLBACK", "rollback");
  }

  Status LockForMigration() override {
    return Exec("SELECT pg_advisory_xact_lock(" + std::to_string(kMigrationLockKey) + ")",
                "migration lock");
  }

  StatusOr<std::vector<std::pair<std::string, std::vector<std::string>>>> DescribeSchema()
      override {
    static constexpr NamedQuery kColumns{
        "describe_columns",
        "SELECT c.table_name, c.column_name FROM information_schema.columns c "
        "JOIN information_schema.tables t "
        "ON t.table_schema = c.table_schema AND t.table_name = c.table_name "
        "WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'"};
    RESKILL_ASSIGN_OR_RETURN(auto rows, Query(kColumns, {}));
    // Sorted here, byte-wise, so the order matches SQLite's BINARY collation whatever the
    // database's collation is.
    std::map<std::string, std::vector<std::string>> tables;
    for (const auto& r : rows) tables[r.Text(0)].push_back(r.Text(1));
    std::vector<std::pair<std::string, std::vector<std::string>>> out;
    for (auto& [name, columns] : tables) {
      std::sort(columns.begin(), columns.end());
      out.emplace_back(name, std::move(columns));
    }
    return out;
  }

 private:
  struct Prepared {
    std::string name;
    int parameter_count = 0;
  };

  // A command sent in pipeline mode whose result is still to be read: what to call it in an
  // error, and for a PREPARE the statement name to forget if it fails.
  struct Step {
    std::string what;
    std::string prepared_name;
    bool keep = false;  // the caller wants its result (Collect's `kept`)
  };

  bool InPipeline() const { return PQpipelineStatus(conn_) != PQ_PIPELINE_OFF; }

  Status EnterPipeline() {
    if (InPipeline()) return Status::Ok();
    if (PQenterPipelineMode(conn_) != 1) return FromPostgres(conn_, nullptr, "pipeline");
    return Status::Ok();
  }

  // Sends one execution of a prepared statement into the pipeline.
  Status Send(const Prepared& prepared, std::span<const SqlValue> params, std::string_view what,
              bool keep = false) {
    if (static_cast<int>(params.size()) != prepared.parameter_count) {
      return Internal(std::string(what) + ": parameter count mismatch");
    }
    const TextParams values(params);
    if (PQsendQueryPrepared(conn_, prepared.name.c_str(), prepared.parameter_count,
                            values.pointers(), nullptr, nullptr, 0) != 1) {
      return Abandon(FromPostgres(conn_, nullptr, what));
    }
    pipeline_.push_back({std::string(what), {}, keep});
    return Status::Ok();
  }

  // A pipeline whose results cannot all be read (lost connection, protocol surprise) leaves the
  // connection in an unknown state: it is marked bad so that the pool closes it.
  Status Abandon(Status st) {
    abandoned_ = true;
    pipeline_.clear();
    return st;
  }

  // Ends the pipeline: sends a sync, reads the result of every command sent since it began, in
  // order, and leaves pipeline mode. Returns the first failure, naming the command and its place
  // ("pipeline command 3 of 12"); the server skips every command after a failed one (their
  // results are PGRES_PIPELINE_ABORTED) and, inside BEGIN, leaves the transaction failed, so
  // nothing of it can commit. With `kept`, the results of the steps sent with `keep` are appended
  // there, in order.
  Status Collect(std::vector<Result>* kept) {
    std::vector<Step> steps = std::move(pipeline_);
    pipeline_.clear();
    if (PQpipelineSync(conn_) != 1) return Abandon(FromPostgres(conn_, nullptr, "pipeline sync"));
    Status first;
    for (std::size_t i = 0; i < steps.size(); ++i) {
      const Step& step = steps[i];
      const std::string where = "pipeline command " + std::to_string(i + 1) + " of " +
                                std::to_string(steps.size()) + " (" + step.what + ")";
      Result res(PQgetResult(conn_));
      if (!res) {
        // Every command answers before the sync; no answer means the connection is gone.
        Status lost = FromPostgres(conn_, nullptr, where);
        return Abandon(first.ok() ? lost : first);
      }
      const ExecStatusType st = PQresultStatus(res.get());
      if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
        // A command's results end with a null result.
        if (PGresult* extra = PQgetResult(conn_)) {
          PQclear(extra);
          return Abandon(Internal(where + ": more than one result"));
        }
        if (kept != nullptr && step.keep) kept->push_back(std::move(res));
        continue;
      }
      if (!step.prepared_name.empty()) Forget(step.prepared_name);
      if (st == PGRES_PIPELINE_ABORTED) {
        // Skipped because an earlier command failed (reported already).
        if (first.ok()) first = Internal(where + ": skipped without an earlier failure");
      } else if (first.ok()) {
        first = FromPostgres(conn_, res.get(), where);
      }
      if (IsBad()) return Abandon(first);
      if (PGresult* extra = PQgetResult(conn_)) {
        PQclear(extra);
        return Abandon(first);
      }
    }
    Result sync(PQgetResult(conn_));
    if (!sync || PQresultStatus(sync.get()) != PGRES_PIPELINE_SYNC) {
      return Abandon(first.ok() ? FromPostgres(conn_, sync.get(), "pipeline sync") : first);
    }
    if (PQexitPipelineMode(conn_) != 1) {
      return Abandon(first.ok() ? FromPostgres(conn_, nullptr, "pipeline end") : first);
    }
    return first;
  }

  // Drops a statement whose PREPARE failed (or was skipped) in a pipeline from the caches.
  void Forget(const std::string& name) {
    std::erase_if(statements_, [&](const auto& e) { return e.second.name == name; });
    std::erase_if(dynamic_statements_, [&](const auto& e) { return e.second.name == name; });
  }

  StatusOr<const Prepared*> PrepareDynamic(const std::string& sql, std::string_view what) {
    const Prepared* prepared = nullptr;
    auto it = dynamic_statements_.find(sql);
    if (it != dynamic_statements_.end()) {
      prepared = &it->second;
    } else {
      // Bounded: a caller that builds many distinct texts loses its cache, not server memory.
      if (dynamic_statements_.size() >= kMaxDynamicStatements) {
        while (!dynamic_statements_.empty()) {
          auto oldest = dynamic_statements_.begin();
          RESKILL_RETURN_IF_ERROR(Exec("DEALLOCATE " + oldest->second.name, what));
          dynamic_statements_.erase(oldest);
        }
      }
      RESKILL_ASSIGN_OR_RETURN(Prepared p,
                               PrepareText("rd" + std::to_string(++dynamic_counter_), sql, what));
      prepared = &dynamic_statements_.emplace(sql, std::move(p)).first->second;
    }
    return prepared;
  }

  Status Exec(const std::string& sql, std::string_view what) {
    // PQexec is not allowed in pipeline mode: what the pipeline holds is collected first.
    RESKILL_RETURN_IF_ERROR(FlushPipeline());
    Result res(PQexec(conn_, sql.c_str()));
    const ExecStatusType st = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && st != PGRES_EMPTY_QUERY) {
      return FromPostgres(conn_, res.get(), what);
    }
    return Status::Ok();
  }

  static std::int64_t AffectedRows(PGresult* res) {
    const std::string_view tuples = PQcmdTuples(res);
    std::int64_t n = 0;
    std::from_chars(tuples.data(), tuples.data() + tuples.size(), n);
    return n;
  }

  StatusOr<Prepared> PrepareText(std::string name, std::string_view portable_sql,
                                 std::string_view what) {
    Prepared p;
    p.name = std::move(name);
    const std::string sql = ToPostgresPlaceholders(portable_sql, &p.parameter_count);
    // Parameter types are left to the server to infer from context (nullptr types).
    if (InPipeline()) {
      // Prepared in the pipeline, ahead of its first execution; forgotten again if it fails.
      if (PQsendPrepare(conn_, p.name.c_str(), sql.c_str(), p.parameter_count, nullptr) != 1) {
        return Abandon(FromPostgres(conn_, nullptr, what));
      }
      pipeline_.push_back({"prepare " + std::string(what), p.name});
      return p;
    }
    Result res(PQprepare(conn_, p.name.c_str(), sql.c_str(), p.parameter_count, nullptr));
    if (!res || PQresultStatus(res.get()) != PGRES_COMMAND_OK) {
      return FromPostgres(conn_, res.get(), what);
    }
    return p;
  }

  StatusOr<const Prepared*> Prepare(const NamedQuery& query) {
    auto it = statements_.find(query.sql.data());
    if (it != statements_.end()) return &it->second;
    RESKILL_ASSIGN_OR_RETURN(
        Prepared p, PrepareText("rq" + std::to_string(++named_counter_), query.sql, query.name));
    return &statements_.emplace(query.sql.data(), std::move(p)).first->second;
  }

  StatusOr<Result> Run(const NamedQuery& query, std::initializer_list<SqlValue> params) {
    RESKILL_ASSIGN_OR_RETURN(const Prepared* prepared, Prepare(query));
    return RunPrepared(*prepared, std::span<const SqlValue>(params.begin(), params.size()),
                       query.name);
  }

  StatusOr<Result> RunPrepared(const Prepared& prepared, std::span<const SqlValue> params,
                               std::string_view what) {
    if (static_cast<int>(params.size()) != prepared.parameter_count) {
      return Internal(std::string(what) + ": parameter count mismatch");
    }
    if (InPipeline()) {
      // Sent behind the statements waiting in the pipeline: one round trip for all of them.
      RESKILL_RETURN_IF_ERROR(Send(prepared, params, what, true));
      std::vector<Result> own;
      RESKILL_RETURN_IF_ERROR(Collect(&own));
      return std::move(own.front());
    }
    const TextParams values(params);
    Result res(PQexecPrepared(conn_, prepared.name.c_str(), prepared.parameter_count,
                              values.pointers(), nullptr, nullptr, 0));
    const ExecStatusType st = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
      return FromPostgres(conn_, res.get(), what);
    return res;
  }

  static SqlValue Convert(const PGresult* res, int r, int c, Oid type) {
    if (PQgetisnull(res, r, c)) return std::monostate{};
    const char* data = PQgetvalue(res, r, c);
    const auto len = static_cast<std::size_t>(PQgetlength(res, r, c));
    switch (type) {
      case kBoolOid: return std::int64_t{len > 0 && data[0] == 't' ? 1 : 0};
      case kInt2Oid:
      case kInt4Oid:
      case kInt8Oid: {
        std::int64_t n = 0;
        std::from_chars(data, data + len, n);
        return n;
      }
      case kFloat4Oid:
      case kFloat8Oid:
      case kNumericOid: {
        double d = 0.0;
        std::from_chars(data, data + len, d);
        return d;
      }
      default: return std::string(data, len);
    }
  }

  PGconn* conn_;
  // Keyed by the address of the query text, which has static storage in the catalog.
  std::unordered_map<const char*, Prepared> statements_;
  // ExecuteDynamic's statements, keyed by their text; at most kMaxDynamicStatements.
  std::unordered_map<std::string, Prepared> dynamic_statements_;
  std::int64_t dynamic_counter_ = 0;  // names "rd<n>" are never reused on this connection
  std::int64_t named_counter_ = 0;    // names "rq<n>" likewise
  static constexpr std::size_t kMaxDynamicStatements = 64;
  // Commands sent in pipeline mode whose results are not read yet, in order.
  std::vector<Step> pipeline_;
  // At most this many commands wait in a pipeline before ExecuteDynamicPipelined collects them.
  static constexpr std::size_t kMaxPipelined = 1024;
  bool abandoned_ = false;  // a pipeline was left half read: never reuse this connection
};

// Connects; the password never reaches the Status (see PasswordsIn).
StatusOr<std::unique_ptr<PostgresConnection>> Connect(const PostgresOptions& options) {
  // Keywords before "dbname" are defaults that the expanded URL overrides.
  const char* const keywords[] = {"connect_timeout", "client_encoding", "fallback_application_name",
                                  "dbname", nullptr};
  const char* const values[] = {"10", "UTF8", "reskill", options.url.c_str(), nullptr};
  PGconn* conn = PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
  if (conn == nullptr)
    return Unavailable("cannot connect to the PostgreSQL server", "out of memory");
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string detail = Redact(TrimNewlines(PQerrorMessage(conn)), PasswordsIn(options.url));
    PQfinish(conn);
    return Unavailable("cannot connect to the PostgreSQL server", "connect: " + detail);
  }
  return std::make_unique<PostgresConnection>(conn);
}

class PostgresPool final : public ConnectionPool {
 public:
  explicit PostgresPool(PostgresOptions options) : options_(std::move(options)) {}

  StatusOr<Lease> Acquire() override {
    std::unique_ptr<PostgresConnection> stale;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return !idle_.empty() || open_ < options_.pool_size; });
      if (!idle_.empty()) {
        auto conn = std::move(idle_.back());
        idle_.pop_back();
        if (!conn->IsBad()) return Lease(*this, std::move(conn));
        // Lost while idle (server restart): reopen in the same slot, outside the lock.
        stale = std::move(conn);
      } else {
        ++open_;
      }
    }
    stale.reset();
    auto conn = Connect(options_);
    if (!conn.ok()) {
      std::lock_guard relock(mu_);
      --open_;
      cv_.notify_one();
      return conn.status();
    }
    return Lease(*this, std::unique_ptr<SqlConnection>(std::move(conn).value()));
  }

 protected:
  void Release(std::unique_ptr<SqlConnection> released, bool broken) override {
    // Every connection this pool hands out is a PostgresConnection.
    std::unique_ptr<PostgresConnection> conn(static_cast<PostgresConnection*>(released.release()));
    // A connection left inside a transaction block would leak that transaction to the next user.
    const bool drop = broken || conn->IsBad() || !conn->IsIdle();
    {
      std::lock_guard lock(mu_);
      if (drop) {
        --open_;
      } else {
        idle_.push_back(std::move(conn));
      }
      cv_.notify_one();
    }
    // A dropped connection is closed here, outside the lock (PQfinish talks to the server).
  }

 private:
  PostgresOptions options_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<PostgresConnection>> idle_;  // guarded by mu_
  int open_ = 0;                                           // guarded by mu_
};

Status ValidateOptions(const PostgresOptions& options) {
  if (options.url.empty()) return InvalidArgument("database URL is empty", "database.url");
  if (options.pool_size < 1)
    return InvalidArgument("pool size must be at least 1", "database.pool_size");
  char* err = nullptr;
  PQconninfoOption* opts = PQconninfoParse(options.url.c_str(), &err);
  if (opts == nullptr) {
    std::string detail = err ? TrimNewlines(err) : "out of memory";
    PQfreemem(err);
    return InvalidArgument("database URL is malformed", "database.url")
        .WithDetail(Redact(std::move(detail), PasswordsIn(options.url)));
  }
  PQconninfoFree(opts);
  return Status::Ok();
}

}  // namespace

StatusOr<std::unique_ptr<SqlDatabase>> OpenPostgresDatabase(const PostgresOptions& options) {
  RESKILL_RETURN_IF_ERROR(ValidateOptions(options));
  auto pool = std::make_unique<PostgresPool>(options);
  {
    // Open one connection now so that a wrong URL or a down server fails at start.
    RESKILL_ASSIGN_OR_RETURN(auto lease, pool->Acquire());
  }
  return std::make_unique<SqlDatabase>(std::move(pool), "postgres", PostgresMigrations());
}

Status ExecutePostgresScriptForTesting(const PostgresOptions& options, std::string_view sql) {
  RESKILL_RETURN_IF_ERROR(ValidateOptions(options));
  RESKILL_ASSIGN_OR_RETURN(auto conn, Connect(options));
  return conn->ExecuteScript(sql);
}

}  // namespace reskill::storage
