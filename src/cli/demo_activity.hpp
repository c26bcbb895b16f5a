// Seeds the demo agency's provider activity for the quick start: a LinkedIn Learning Learner
// Summary for the last 30 days imported for two demo clients (with one row no client matches),
// so client pages show an activity timeline, and one learner the LRS could not match, so the
// "Unmatched learners" page has someone to resolve; and xAPI statements from those clients for
// the statement viewer, one of them voided and one whose voiding statement arrived before it.
// Invented data only.
#pragma once

#include <ostream>

#include "app/context.hpp"

namespace reskill::cli {

/// Seeds the activity above for `tenant` (after SeedDemoPrograms), printing one line per step.
Status SeedDemoActivity(app::AppContext& ctx, TenantId tenant, std::ostream& out);

}  // namespace reskill::cli
