// Loads the demo catalogue (data/demo/: a mini O*NET release, BLS-layout wages and projections,
// providers, courses, learning paths and collections) into the demo agency, through the same
// readers and use cases as the `reskill import …` commands.
#pragma once

#include <filesystem>
#include <iosfwd>

#include "app/context.hpp"

namespace reskill::cli {

/// Imports everything under `dir` for `tenant`, printing one line per step to `out`.
/// kNotFound when `dir` lacks a file; reader and use-case errors as they come (nothing of the
/// failing step is written; earlier steps stay).
Status SeedDemoCatalog(app::AppContext& ctx, TenantId tenant, const std::filesystem::path& dir,
                       std::ostream& out);

}  // namespace reskill::cli
