// Seeds the demo agency's program data for the quick start: a program whose provider-facing name
// hides its population, a unit with its counselor and supervisor, licence pools, and invented
// clients in every licence state, with consents, assigned paths, an activity plan and journal
// entries — all through the same use cases as the API.
#pragma once

#include <iosfwd>

#include "app/context.hpp"

namespace reskill::cli {

/// Seeds programs data for `tenant` (after the demo catalogue), printing one line per step.
/// kFailedPrecondition when the catalogue has no provider; use-case errors as they come.
Status SeedDemoPrograms(app::AppContext& ctx, TenantId tenant, std::ostream& out);

}  // namespace reskill::cli
