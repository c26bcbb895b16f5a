#include "app/jobs/standard_jobs.hpp"

#include "app/jobs/reminder_jobs.hpp"
#include "app/lrs/mapping_job.hpp"

namespace reskill::app {

void AddStandardJobs(JobRegistry& registry) {
  // Mapping first: the reminder and reclaim jobs then see the activity of newly mapped learners.
  lrs::AddLrsMappingJob(registry);
  AddReminderJobs(registry);
}

}  // namespace reskill::app
