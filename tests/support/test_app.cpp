#include "support/test_app.hpp"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <set>
#include <stdexcept>

#include <sqlite3.h>
#include <unistd.h>

#include "app/catalog/import_labour_market.hpp"
#include "app/catalog/import_onet.hpp"
#include "app/lrs/statement_writer.hpp"
#include "app/staff_admin.hpp"
#include "app/xapi_platform/lrs_credential_cache.hpp"
#include "common/strings.hpp"
#include "http/web/templates.hpp"
#include "importers/bls_reader.hpp"
#include "importers/onet_reader.hpp"
#include "platform/jws_verifier.hpp"
#include "platform/platform.hpp"
#include "storage/sqlite/sqlite_database.hpp"

namespace reskill::test {

namespace {

using domain::programs::ParseRole;
using domain::programs::RoleSet;

// Columns that authenticating a request may refresh (the idle timer of a session, the "last used"
// time of a token); a refused request may touch them, so "nothing changed" ignores them.
bool IsVolatileColumn(std::string_view table, std::string_view column) {
  return (table == "staff_session" && column == "last_seen_at") ||
         (table == "api_token" && column == "last_used_at") ||
         (table == "lrs_client" && column == "last_used_at");
}

void Check(const Status& st, std::string_view what) {
  if (!st.ok()) throw std::runtime_error(std::string(what) + ": " + st.ToString());
}

// A read-only connection to the fixture's database file, closed on scope exit.
class ReadConnection {
 public:
  explicit ReadConnection(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
      const std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close_v2(db_);
      db_ = nullptr;
      throw std::runtime_error("cannot open " + path + ": " + message);
    }
  }
  ~ReadConnection() { sqlite3_close_v2(db_); }
  ReadConnection(const ReadConnection&) = delete;
  ReadConnection& operator=(const ReadConnection&) = delete;

  // Runs `sql` and calls `row(columns, values)` per row; NULL becomes std::nullopt.
  template <typename F>
  void Each(const std::string& sql, F&& row) const {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
      throw std::runtime_error("cannot prepare \"" + sql + "\": " + sqlite3_errmsg(db_));
    }
    const int n = sqlite3_column_count(stmt);
    std::vector<std::string> columns;
    for (int c = 0; c < n; ++c) columns.emplace_back(sqlite3_column_name(stmt, c));
    int rc = SQLITE_OK;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      std::vector<std::optional<std::string>> values;
      for (int c = 0; c < n; ++c) {
        if (sqlite3_column_type(stmt, c) == SQLITE_NULL) {
          values.emplace_back(std::nullopt);
        } else {
          const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
          values.emplace_back(
              std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt, c))));
        }
      }
      row(columns, values);
    }
    const std::string error = rc == SQLITE_DONE ? "" : sqlite3_errmsg(db_);
    sqlite3_finalize(stmt);
    if (!error.empty()) throw std::runtime_error("query \"" + sql + "\" failed: " + error);
  }

 private:
  sqlite3* db_ = nullptr;
};

std::string TempDbPath() {
  static std::atomic<int> counter{0};
  return (std::filesystem::temp_directory_path() /
          ("reskill_http_test_" + std::to_string(::getpid()) + "_" + std::to_string(++counter) +
           ".db"))
      .string();
}

void RemoveDbFiles(const std::string& path) {
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    std::filesystem::remove(path + suffix, ec);
  }
}

}  // namespace

std::size_t TableSnapshot::RowCount(const std::string& table) const {
  auto it = tables.find(table);
  return it == tables.end() ? 0 : it->second.size();
}

::testing::AssertionResult SameData(const TableSnapshot& before, const TableSnapshot& after) {
  if (before == after) return ::testing::AssertionSuccess();
  std::string diff;
  std::set<std::string> names;
  for (const auto& [name, rows] : before.tables) names.insert(name);
  for (const auto& [name, rows] : after.tables) names.insert(name);
  static const std::vector<std::string> kNone;
  for (const auto& name : names) {
    auto b = before.tables.find(name);
    auto a = after.tables.find(name);
    const auto& old_rows = b == before.tables.end() ? kNone : b->second;
    const auto& new_rows = a == after.tables.end() ? kNone : a->second;
    if (old_rows == new_rows) continue;
    diff += "table " + name + ":\n";
    for (const auto& r : old_rows) {
      if (!std::binary_search(new_rows.begin(), new_rows.end(), r)) diff += "  - " + r + "\n";
    }
    for (const auto& r : new_rows) {
      if (!std::binary_search(old_rows.begin(), old_rows.end(), r)) diff += "  + " + r + "\n";
    }
  }
  return ::testing::AssertionFailure() << "the stored data changed:\n" << diff;
}

struct TestApp::Impl {
  explicit Impl(TestAppOptions opts)
      : options(opts), path(TempDbPath()), clock(TestApp::StartTime()), passwords(1, 8) {}

  TestAppOptions options;
  std::string path;
  app::FakeClock clock;
  platform::TimeOrderedIdGenerator ids;
  platform::SodiumPasswordHasher passwords;  // the minimum cost: fast, still real Argon2id
  platform::SodiumSecretTokens tokens;
  platform::SodiumContactCipher contacts{platform::ContactKey{}};  // a fixed test key
  std::unique_ptr<storage::SqlDatabase> db;
  app::LrsCredentialCache lrs_credentials;  // as the server has one
  std::unique_ptr<app::AppContext> context;
  http::Templates templates;
  platform::OpensslJwsVerifier jws;
  std::unique_ptr<app::lrs::StatementWriter> statements;  // stopped before the database goes
  std::unique_ptr<http::HttpApp> http;
  std::map<std::string, std::string> tenant_ids;  // slug → id
  std::map<std::string, std::string> staff_ids;   // "<tenant>/<role>" → id
};

Timestamp TestApp::StartTime() {
  static const Timestamp kStart = *ParseIso8601("2026-11-23T09:00:00Z");
  return kStart;
}

TestApp::TestApp(TestAppOptions options) : impl_(std::make_unique<Impl>(options)) {
  Check(platform::InitCrypto(), "InitCrypto");
  Impl& s = *impl_;
  RemoveDbFiles(s.path);
  auto db = storage::OpenSqliteDatabase({.path = s.path, .pool_size = 2});
  Check(db.status(), "OpenSqliteDatabase");
  s.db = std::move(db).value();
  Check(s.db->Migrate().status(), "Migrate");
  s.context = std::make_unique<app::AppContext>(app::AppContext{
      *s.db, s.clock, s.ids, s.passwords, s.tokens, s.contacts, app::SecurityPolicy{}});
  s.context->lrs_credentials = &s.lrs_credentials;

  app::Principal seeder;
  seeder.kind = domain::audit::ActorKind::kSystem;
  seeder.actor_id = "test-seed";
  const app::RequestInfo request{"test-seed"};
  const auto add_tenant = [&](const std::string& slug, const std::string& name,
                              std::vector<std::string_view> roles) {
    auto tenant = app::AddTenant(*s.context).Run(slug, name, request);
    Check(tenant.status(), "AddTenant " + slug);
    s.tenant_ids[slug] = std::to_string(tenant->id.value());
    for (auto role : roles) {
      app::NewStaffUser user;
      user.email = Email(role, slug);
      user.display_name = "Demo " + std::string(role);
      user.roles = RoleSet{*ParseRole(role)};
      user.password = Password(role);
      auto created = app::AddStaffUser(*s.context).Run(seeder, tenant->id, user, request);
      Check(created.status(), "AddStaffUser " + user.email);
      s.staff_ids[slug + "/" + std::string(role)] = std::to_string(created->id.value());
    }
  };
  add_tenant("demo", "Demo Workforce Agency",
             std::vector<std::string_view>(std::begin(kStaffRoles), std::end(kStaffRoles)));
  add_tenant("other", "Other Agency", {"admin"});

  http::HttpOptions http_options;
  http_options.max_body_bytes = options.max_body_bytes;
  http_options.access_log = false;
  http_options.default_locale = "en";
  http_options.default_tenant = "demo";
  http_options.version = "test";
  s.statements = std::make_unique<app::lrs::StatementWriter>(*s.context);
  s.statements->Start();
  s.context->statement_writer = s.statements.get();
  http::Services services{*s.context, http_options, s.templates};
  services.statements = s.statements.get();
  services.jws = &s.jws;
  s.http = std::make_unique<http::HttpApp>(std::move(services));
}

TestApp::~TestApp() {
  const std::string path = impl_->path;
  impl_.reset();
  RemoveDbFiles(path);
}

http::Response TestApp::Call(std::string_view method, std::string_view target, std::string body,
                             Headers headers) {
  http::Request request;
  request.method_text = std::string(method);
  request.method = http::ParseMethod(method);
  const auto q = target.find('?');
  const auto raw_path = target.substr(0, q);
  request.path = http::PercentDecode(raw_path, false).value_or(std::string(raw_path));
  if (q != std::string_view::npos) request.query = http::ParseUrlEncoded(target.substr(q + 1));
  for (auto& [name, value] : headers) request.headers.emplace_back(ToLower(name), std::move(value));
  request.body = std::move(body);
  request.remote_address = "127.0.0.1";
  return Send(request);
}

http::Response TestApp::Send(const http::Request& request) {
  return impl_->http->Handle(request);
}

namespace {

// `defaults` followed by `extra`, where a header in `extra` replaces a default of the same name.
Headers Merge(Headers defaults, Headers extra) {
  Headers out;
  for (auto& [name, value] : defaults) {
    const bool replaced = std::any_of(extra.begin(), extra.end(), [&](const auto& e) {
      return ToLower(e.first) == ToLower(name);
    });
    if (!replaced) out.emplace_back(std::move(name), std::move(value));
  }
  for (auto& h : extra) out.push_back(std::move(h));
  return out;
}

}  // namespace

Session TestApp::SignIn(std::string_view role, std::string_view tenant) {
  const Json body = {
      {"tenant", tenant}, {"email", Email(role, tenant)}, {"password", Password(role)}};
  auto r = Call("POST", "/api/v1/sessions", body.dump(), {{"Content-Type", "application/json"}});
  Session session{std::string(role), std::string(tenant), "", ""};
  if (r.status != 201) {
    ADD_FAILURE() << "sign-in of " << role << "@" << tenant << " answered " << r.status << ": "
                  << r.body;
    return session;
  }
  session.cookie = SetCookieValue(r, http::kSessionCookie).value_or("");
  session.csrf = JsonBody(r).value("csrf_token", "");
  if (session.cookie.empty() || session.csrf.empty()) {
    ADD_FAILURE() << "sign-in of " << role << "@" << tenant << " gave no cookie or CSRF token";
  }
  return session;
}

http::Response TestApp::CallAs(const Session& session, std::string_view method,
                               std::string_view target, std::string json_body, Headers extra) {
  Headers headers = Merge({{"cookie", std::string(http::kSessionCookie) + "=" + session.cookie},
                           {"x-csrf-token", session.csrf},
                           {"content-type", "application/json"}},
                          std::move(extra));
  return Call(method, target, std::move(json_body), std::move(headers));
}

http::Response TestApp::CallWithToken(std::string_view secret, std::string_view method,
                                      std::string_view target, std::string json_body,
                                      Headers extra) {
  Headers headers = Merge(
      {{"authorization", "Bearer " + std::string(secret)}, {"content-type", "application/json"}},
      std::move(extra));
  return Call(method, target, std::move(json_body), std::move(headers));
}

IssuedToken TestApp::ApiToken(std::string_view role, std::string_view tenant) {
  const Session session = SignIn(role, tenant);
  auto r = CallAs(session, "POST", "/api/v1/tokens",
                  Json{{"name", "test token of " + std::string(role)}}.dump());
  if (r.status != 201) {
    ADD_FAILURE() << "creating a token for " << role << "@" << tenant << " answered " << r.status
                  << ": " << r.body;
    return {};
  }
  const Json body = JsonBody(r);
  return {body.value("id", ""), body.value("token", "")};
}

Status TestApp::Import(std::string_view kind, const std::filesystem::path& path) {
  app::Principal importer;
  importer.kind = domain::audit::ActorKind::kSystem;
  importer.actor_id = "test-import";
  const app::RequestInfo request{"test-import"};
  const app::AppContext& ctx = *impl_->context;
  if (kind == "onet") {
    RESKILL_ASSIGN_OR_RETURN(auto read, importers::ReadOnetRelease(path));
    return app::ImportOnetRelease(ctx).Run(importer, std::move(read.data), request).status();
  }
  if (kind == "wages") {
    RESKILL_ASSIGN_OR_RETURN(auto read, importers::ReadOewsWagesFile(path, {}));
    return app::ImportWages(ctx).Run(importer, read.records, request).status();
  }
  if (kind == "projections") {
    RESKILL_ASSIGN_OR_RETURN(auto read, importers::ReadProjectionsFile(path));
    return app::ImportProjections(ctx)
        .Run(importer, read.period, read.projections, request)
        .status();
  }
  return InvalidArgument("unknown import kind \"" + std::string(kind) +
                         "\"; use onet, wages or projections");
}

TableSnapshot TestApp::Snapshot() const {
  TableSnapshot snapshot;
  ReadConnection conn(impl_->path);
  std::vector<std::string> tables;
  conn.Each(
      // Ordinary tables: a full-text index (virtual and shadow tables) follows its documents.
      "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' "
      "AND name NOT LIKE 'sqlite_%' ORDER BY name",
      [&](const auto&, const auto& values) { tables.push_back(*values[0]); });
  for (const auto& table : tables) {
    auto& rows = snapshot.tables[table];
    conn.Each("SELECT * FROM \"" + table + "\"", [&](const auto& columns, const auto& values) {
      std::string row;
      for (std::size_t c = 0; c < columns.size(); ++c) {
        if (IsVolatileColumn(table, columns[c])) continue;
        if (!row.empty()) row += '|';
        row += columns[c] + "=" + (values[c] ? *values[c] : "NULL");
      }
      rows.push_back(std::move(row));
    });
    std::sort(rows.begin(), rows.end());
  }
  return snapshot;
}

std::vector<std::map<std::string, std::string>> TestApp::Query(const std::string& sql) const {
  std::vector<std::map<std::string, std::string>> out;
  try {
    ReadConnection conn(impl_->path);
    conn.Each(sql, [&](const auto& columns, const auto& values) {
      std::map<std::string, std::string> row;
      for (std::size_t c = 0; c < columns.size(); ++c) {
        row[columns[c]] = values[c] ? *values[c] : "NULL";
      }
      out.push_back(std::move(row));
    });
  } catch (const std::runtime_error& e) {
    ADD_FAILURE() << e.what();
  }
  return out;
}

std::string TestApp::StaffIdOf(std::string_view role, std::string_view tenant) const {
  auto it = impl_->staff_ids.find(std::string(tenant) + "/" + std::string(role));
  if (it == impl_->staff_ids.end()) {
    ADD_FAILURE() << "no seeded " << role << " in tenant " << tenant;
    return "0";
  }
  return it->second;
}

std::string TestApp::TenantIdOf(std::string_view tenant) const {
  auto it = impl_->tenant_ids.find(std::string(tenant));
  if (it == impl_->tenant_ids.end()) {
    ADD_FAILURE() << "no seeded tenant " << tenant;
    return "0";
  }
  return it->second;
}

std::string TestApp::Email(std::string_view role, std::string_view tenant) {
  return std::string(role) + "@" + std::string(tenant) + ".test";
}

std::string TestApp::Password(std::string_view role) {
  return "pass-phrase-of-" + std::string(role);
}

app::FakeClock& TestApp::clock() {
  return impl_->clock;
}
http::HttpApp& TestApp::http() {
  return *impl_->http;
}
app::AppContext& TestApp::context() {
  return *impl_->context;
}
const std::string& TestApp::db_path() const {
  return impl_->path;
}

Json JsonBody(const http::Response& response) {
  return Json::parse(response.body, nullptr, false);
}

std::string SetCookieHeader(const http::Response& response, std::string_view name) {
  const std::string prefix = std::string(name) + "=";
  for (const auto& [k, v] : response.headers) {
    if (ToLower(k) == "set-cookie" && v.starts_with(prefix)) return v;
  }
  return "";
}

std::optional<std::string> SetCookieValue(const http::Response& response, std::string_view name) {
  const std::string header = SetCookieHeader(response, name);
  if (header.empty()) return std::nullopt;
  const auto start = name.size() + 1;
  const auto end = header.find(';', start);
  return header.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

}  // namespace reskill::test
