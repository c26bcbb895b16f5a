// The scheduled jobs Reskill runs: the registry both `reskill serve` (scheduler) and
// `reskill jobs` (CLI) use.
#pragma once

#include "app/jobs/job.hpp"

namespace reskill::app {

/// Adds every standard job to `registry`.
void AddStandardJobs(JobRegistry& registry);

}  // namespace reskill::app
