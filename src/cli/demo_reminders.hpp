// Seeds the demo agency's reminder and reclaim history for the quick start: an invitation issued
// ten days ago that lapsed, a licence activated four months ago and never used, then the
// reminder and reclaim jobs run for today, so the demo shows an expired invitation on the
// re-invite list, reminders in the outbox and a licence on the reclaim list.
#pragma once

#include <iosfwd>

#include "app/context.hpp"

namespace reskill::cli {

/// Seeds the history above for `tenant` (after SeedDemoPrograms) and runs the jobs once.
/// kFailedPrecondition when the demo programs have no pool; use-case and job errors as they come.
Status SeedDemoReminders(app::AppContext& ctx, TenantId tenant, std::ostream& out);

}  // namespace reskill::cli
