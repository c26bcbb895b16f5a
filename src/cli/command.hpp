// How a feature adds `reskill` subcommands without touching cli.cpp: a registrar creates its
// CLI11 subcommands under the given parent and returns the action to run when one was chosen.
// Actions run after configuration is loaded; they open the database only when they need it.
#pragma once

#include <functional>
#include <iosfwd>
#include <memory>
#include <vector>

#include "app/context.hpp"
#include "app/ports/mailer.hpp"
#include "config/config.hpp"

namespace CLI {
class App;
}

namespace reskill::cli {

/// What an action may use. `open()` opens and migrates the database once and returns the app
/// context (kUnavailable etc. when it cannot).
struct CommandEnv {
  std::function<StatusOr<app::AppContext*>()> open;
  std::istream& in;
  std::ostream& out;
  std::ostream& err;
  /// The transport named by mail.transport (null when it is "off"); kInvalidArgument for
  /// incomplete settings.
  std::function<StatusOr<std::unique_ptr<app::Mailer>>()> make_mailer;
  const config::Config* config = nullptr;  ///< The loaded configuration (never null in actions).
};

/// An action returns the process exit code (use ExitCodeFor / Fail from cli/exit_codes.hpp).
using CommandAction = std::function<int(CommandEnv&)>;

struct RegisteredCommand {
  CLI::App* command;  ///< Owned by the parent CLI::App.
  CommandAction action;
};

/// The parents registrars attach to.
struct CommandGroups {
  CLI::App& root;
  CLI::App& import_group;  ///< `reskill import …`
  CLI::App& export_group;  ///< `reskill export …`
};

/// Prints "reskill: <message> (field)" to `err` and returns the exit code for the status.
int Fail(std::ostream& err, const Status& st);

// Registrars, one per feature (each defined in its own file of src/cli/).
std::vector<RegisteredCommand> AddOnetCommands(CommandGroups& groups);  // onet_commands.cpp
std::vector<RegisteredCommand> AddLabourMarketCommands(
    CommandGroups& groups);  // labour_market_commands.cpp
std::vector<RegisteredCommand> AddCourseCatalogCommands(
    CommandGroups& groups);                                            // course_commands.cpp
std::vector<RegisteredCommand> AddLrsCommands(CommandGroups& groups);  // lrs_commands.cpp
/// lrs_identity_commands.cpp (after AddLrsCommands: it adds to `reskill lrs`)
std::vector<RegisteredCommand> AddLrsIdentityCommands(CommandGroups& groups);
/// programs_commands.cpp
std::vector<RegisteredCommand> AddProgramsCommands(CommandGroups& groups);
std::vector<RegisteredCommand> AddPathwayCommands(CommandGroups& groups);  // pathways_commands.cpp
std::vector<RegisteredCommand> AddMailCommands(CommandGroups& groups);     // mail_commands.cpp
std::vector<RegisteredCommand> AddJobsCommands(CommandGroups& groups);     // jobs_commands.cpp

}  // namespace reskill::cli
