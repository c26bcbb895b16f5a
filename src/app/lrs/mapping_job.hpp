// The scheduled job of the LRS identity mapping: "map-lrs-actors" maps, once a day per agency,
// every unmapped xAPI actor the mapping rule can map (app/lrs/identity.hpp), so learners whose
// statements arrive under a participant-id account or a verified e-mail count for their client
// without anyone running `reskill lrs map`. Idempotent: it only ever maps unmapped actors.
#pragma once

#include "app/jobs/job.hpp"

namespace reskill::app::lrs {

/// Adds "map-lrs-actors" to `registry`.
void AddLrsMappingJob(JobRegistry& registry);

}  // namespace reskill::app::lrs
