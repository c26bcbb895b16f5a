// The in-process HTTP test fixture: a migrated SQLite database in a temporary file, a FakeClock, a
// fast Argon2id hasher and the real HttpApp, seeded with tenant "demo" (one staff user per role)
// and tenant "other" (one admin). Tests call HttpApp::Handle() directly, without sockets.
// Not thread-safe: one TestApp belongs to one test.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "app/context.hpp"
#include "app/ports/clock.hpp"
#include "http/http_app.hpp"
#include "http/request.hpp"

namespace reskill::test {

using Json = nlohmann::json;
/// Request headers as (name, value); names may use any case (Call lower-cases them).
using Headers = std::vector<std::pair<std::string, std::string>>;

/// The staff roles, in the order the tests iterate them.
inline constexpr std::string_view kStaffRoles[] = {"admin", "supervisor", "counselor", "analyst",
                                                   "curator"};

/// A signed-in browser session: the value of the `reskill_session` cookie and its CSRF token.
struct Session {
  std::string role;
  std::string tenant;
  std::string cookie;
  std::string csrf;
};

/// An API token created through POST /api/v1/tokens; `secret` is the bearer value.
struct IssuedToken {
  std::string id;
  std::string secret;
};

/// Every row of every table, for "nothing changed" assertions. Each row is rendered as
/// "column=value|…" and rows are sorted, so two snapshots compare equal exactly when the stored
/// data is the same. Excluded: columns that authenticating a request may legitimately refresh
/// (staff_session.last_seen_at, api_token.last_used_at, lrs_client.last_used_at); everything else,
/// the audit log included, must stay as it was after a refused request.
struct TableSnapshot {
  std::map<std::string, std::vector<std::string>> tables;

  /// Rows in `table` (0 when the table does not exist).
  std::size_t RowCount(const std::string& table) const;
  friend bool operator==(const TableSnapshot&, const TableSnapshot&) = default;
};

/// Success when `before` and `after` hold the same data; otherwise a failure that lists the rows
/// added and removed per table. Use as EXPECT_TRUE(SameData(before, after)).
::testing::AssertionResult SameData(const TableSnapshot& before, const TableSnapshot& after);

/// Fixture options.
struct TestAppOptions {
  /// HttpOptions::max_body_bytes; small so oversized-body tests stay fast. Default 64 KiB.
  long long max_body_bytes = 64 * 1024;
};

class TestApp {
 public:
  /// The FakeClock's start: 2026-11-23T09:00:00Z.
  static Timestamp StartTime();

  /// Builds and seeds a fresh application. Throws std::runtime_error (which gtest reports as a
  /// test failure) when the database cannot be created or seeded.
  explicit TestApp(TestAppOptions options = {});
  ~TestApp();
  TestApp(const TestApp&) = delete;
  TestApp& operator=(const TestApp&) = delete;

  /// Sends one request. `target` is "/path?query" (the path is percent-decoded, the query
  /// parsed). No cookies or tokens are added.
  http::Response Call(std::string_view method, std::string_view target, std::string body = "",
                      Headers headers = {});
  /// Sends a fully built request (for tests that need exact control).
  http::Response Send(const http::Request& request);

  /// Signs `role` of `tenant` in through POST /api/v1/sessions. Fails the test (ADD_FAILURE) and
  /// returns an empty session when sign-in does not answer 201.
  Session SignIn(std::string_view role, std::string_view tenant = "demo");
  /// Calls with the session cookie, its X-CSRF-Token and Content-Type: application/json; a
  /// header of the same name in `extra` replaces the default one.
  http::Response CallAs(const Session& session, std::string_view method, std::string_view target,
                        std::string json_body = "", Headers extra = {});
  /// Calls with `Authorization: Bearer <secret>` (and Content-Type: application/json).
  http::Response CallWithToken(std::string_view secret, std::string_view method,
                               std::string_view target, std::string json_body = "",
                               Headers extra = {});
  /// Signs `role` in and creates an API token through POST /api/v1/tokens. Fails the test and
  /// returns an empty token when that does not answer 201.
  IssuedToken ApiToken(std::string_view role, std::string_view tenant = "demo");

  /// Imports reference data as the CLI would (`reskill import KIND PATH`): "onet" (an O*NET
  /// release directory in the text layout), "wages" (a BLS OEWS CSV, the year taken from its
  /// name) or "projections" (BLS Employment Projections Table 1.2 CSV). The reader's or the
  /// use case's error; kInvalidArgument for an unknown kind.
  Status Import(std::string_view kind, const std::filesystem::path& path);

  /// Every row of every table (see TableSnapshot).
  TableSnapshot Snapshot() const;
  /// Runs a read-only SQL query on a separate connection; each row maps column → text ("NULL"
  /// for NULL). Fails the test on an SQL error.
  std::vector<std::map<std::string, std::string>> Query(const std::string& sql) const;

  /// The id (decimal text) of the seeded staff user holding `role` in `tenant`.
  std::string StaffIdOf(std::string_view role, std::string_view tenant = "demo") const;
  /// The id (decimal text) of a seeded tenant ("demo" or "other").
  std::string TenantIdOf(std::string_view tenant) const;
  /// The seeded e-mail of `role` in `tenant`: "<role>@<tenant>.test".
  static std::string Email(std::string_view role, std::string_view tenant = "demo");
  /// The seeded password of every user holding `role`.
  static std::string Password(std::string_view role);

  /// The fixture's clock; Advance() it to expire sessions, locks and tokens.
  app::FakeClock& clock();
  /// The application under test (its router lists every route).
  http::HttpApp& http();
  /// The ports the use cases run on, for tests that call a use case directly.
  app::AppContext& context();
  /// The SQLite file, removed when the TestApp is destroyed.
  const std::string& db_path() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// The response body parsed as JSON; a discarded value when it is not JSON.
Json JsonBody(const http::Response& response);
/// The value that a Set-Cookie header of `response` gives cookie `name` (possibly empty, when the
/// cookie is being cleared); nullopt when no Set-Cookie names it.
std::optional<std::string> SetCookieValue(const http::Response& response, std::string_view name);
/// The full Set-Cookie header for cookie `name`, or "" when none.
std::string SetCookieHeader(const http::Response& response, std::string_view name);

}  // namespace reskill::test
