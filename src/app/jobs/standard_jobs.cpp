#include "app/jobs/standard_jobs.hpp"

namespace reskill::app {

void AddStandardJobs(JobRegistry& registry) {
  (void)registry;
}

}  // namespace reskill::app
