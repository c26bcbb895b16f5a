#include "app/jobs/standard_jobs.hpp"

#include "app/jobs/reminder_jobs.hpp"

namespace reskill::app {

void AddStandardJobs(JobRegistry& registry) {
  AddReminderJobs(registry);
}

}  // namespace reskill::app
