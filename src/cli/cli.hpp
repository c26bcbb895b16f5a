// The `reskill` command line: serve | migrate | demo | tenant add | user add | config
// show|check|docs | version. Parses flags (CLI11), loads configuration, and calls use cases. The
// composition root supplies the adapters through Platform, so this layer never sees a concrete
// database or server.
#pragma once

#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "app/context.hpp"
#include "app/ports/mailer.hpp"
#include "config/config.hpp"

namespace reskill::cli {

/// What the composition root provides.
struct Platform {
  /// Opens the database named by config.database (SQLite path or postgresql:// URL).
  std::function<StatusOr<std::unique_ptr<app::Database>>(const config::Config&)> open_database;
  /// Builds the app ports around an open database (clock, ids, hashing, tokens). shared_ptr:
  /// its type-erased deleter also destroys the adapters the context refers to.
  std::function<StatusOr<std::shared_ptr<app::AppContext>>(app::Database&, const config::Config&)>
      make_context;
  /// The mail transport named by config.mail (null when mail.transport is "off").
  std::function<StatusOr<std::unique_ptr<app::Mailer>>(const config::Config&)> make_mailer;
  /// Serves HTTP until SIGTERM/SIGINT.
  std::function<Status(app::AppContext&, const config::Config&)> serve;
  std::vector<std::string> environment;  ///< "NAME=value" entries
  std::string version;
};

/// Runs the command in argv; returns the process exit code. Output to `out`, errors to `err`,
/// passwords read from `in`.
int Run(int argc, char** argv, const Platform& platform, std::istream& in, std::ostream& out,
        std::ostream& err);

}  // namespace reskill::cli
