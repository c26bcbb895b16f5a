// Seeds the demo clients' career profiles for the quick start (after the demo programs): two
// clients with the jobs they held, one of them with a training plan toward a gateway job
// assigned as a learning path — through the same use cases as the API.
#pragma once

#include <iosfwd>

#include "app/context.hpp"

namespace reskill::cli {

/// kNotFound when the demo clients are missing; use-case errors as they come.
Status SeedDemoPathways(app::AppContext& ctx, TenantId tenant, std::ostream& out);

}  // namespace reskill::cli
