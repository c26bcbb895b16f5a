// The reminder and reclaim jobs over a program's licences (issue 4, item 9). Each sweeps the
// tenant's licences in pages ordered by client (app/ports/licence_sweep.hpp), reads the clients'
// learning activity for the same client range (app/ports/learning_activity.hpp), and for every
// licence the rule selects writes, in one transaction per page, the ledger row, the e-mail (in
// the client's language, through the outbox) and the journal entry, or the reclaim. Stateless;
// thread-safe.
//   expire-invitations    daily    issued, invitation lapsed: expired (seat free, re-invite list)
//   remind-not-activated  weekly   issued (invitation open) but not activated
//   remind-not-started    weekly   activated, no learning activity ever
//   nudge-inactive        weekly   activated, no activity for the program's nudge_after_days
//                                  (once per inactive spell: the e-mail is keyed by the last day)
//   monthly-minimum       monthly  activated for the whole month, fewer completions than the
//                                  program's min_items_per_month: a warning to keep the licence;
//                                  missed again the next month: revoked or on the reclaim list
//                                  (the program's reclaim_mode)
//   reclaim-inactive      daily    activated, no activity for reclaim_after_days: on the reclaim
//                                  list, or revoked (seat freed) when reclaim_mode is 'revoke'
#pragma once

#include "app/jobs/job.hpp"

namespace reskill::app {

/// Adds the six jobs above to `registry`.
void AddReminderJobs(JobRegistry& registry);

/// Licences read and written per transaction by the jobs above.
inline constexpr int kReminderPageSize = 2000;

}  // namespace reskill::app
