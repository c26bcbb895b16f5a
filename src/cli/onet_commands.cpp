// `reskill` subcommands of this feature (see cli/command.hpp for how registrars work).
#include "cli/command.hpp"

namespace reskill::cli {

std::vector<RegisteredCommand> AddOnetCommands(CommandGroups& /*groups*/) {
  return {};
}

}  // namespace reskill::cli
