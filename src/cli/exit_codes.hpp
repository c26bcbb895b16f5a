// The one mapping from ErrorCode to the process exit code of `reskill` commands.
#pragma once

#include "common/status.hpp"

namespace reskill::cli {

/// 0 for OK; a distinct non-zero code per error class (documented in `reskill --help`).
int ExitCodeFor(ErrorCode code);

/// Exit code for command-line usage errors (unknown flag, missing argument).
inline constexpr int kUsageExitCode = 2;

}  // namespace reskill::cli
