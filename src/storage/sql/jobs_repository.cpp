#include "storage/sql/jobs_repository.hpp"

namespace reskill::storage {

namespace {

using app::JobRun;
using app::JobRunStatus;

// Columns as in select_job_run.
JobRun RunFrom(const SqlRow& r) {
  JobRun run;
  run.tenant_id = TenantId(r.Int(0));
  run.job = r.Text(1);
  run.period = r.Text(2);
  run.status = app::ParseJobRunStatus(r.Text(3)).value_or(JobRunStatus::kFailed);
  run.started_at = r.Time(4);
  run.finished_at = r.OptTime(5);
  run.items = r.Int(6);
  run.attempts = static_cast<int>(r.Int(7));
  run.lease_until = r.Time(8);
  run.last_error = r.Text(9);
  return run;
}

Status ExpectOneRow(StatusOr<std::int64_t> changed) {
  if (!changed.ok()) return changed.status();
  if (*changed != 1) return NotFound("no such job run");
  return Status::Ok();
}

}  // namespace

StatusOr<std::optional<JobRun>> SqlJobLedger::FindRun(TenantId tenant, std::string_view job,
                                                      std::string_view period) {
  RESKILL_ASSIGN_OR_RETURN(auto rows,
                           conn_.Query(q_.Get("select_job_run"),
                                       {tenant.value(), std::string(job), std::string(period)}));
  if (rows.empty()) return std::optional<JobRun>();
  return std::optional<JobRun>(RunFrom(rows.front()));
}

StatusOr<bool> SqlJobLedger::InsertRun(const JobRun& run) {
  RESKILL_ASSIGN_OR_RETURN(std::int64_t changed,
                           conn_.Execute(q_.Get("insert_job_run"),
                                         {run.tenant_id.value(), run.job, run.period,
                                          TimeValue(run.started_at), TimeValue(run.lease_until)}));
  return changed == 1;
}

StatusOr<bool> SqlJobLedger::RestartRun(const JobRun& run, Timestamp lease_until) {
  RESKILL_ASSIGN_OR_RETURN(
      std::int64_t changed,
      conn_.Execute(q_.Get("restart_job_run"),
                    {TimeValue(run.started_at), TimeValue(lease_until), run.tenant_id.value(),
                     run.job, run.period, std::int64_t{run.attempts}}));
  return changed == 1;
}

Status SqlJobLedger::RenewRun(TenantId tenant, std::string_view job, std::string_view period,
                              Timestamp lease_until, std::int64_t items) {
  return ExpectOneRow(conn_.Execute(
      q_.Get("renew_job_run"),
      {TimeValue(lease_until), items, tenant.value(), std::string(job), std::string(period)}));
}

Status SqlJobLedger::FinishRun(TenantId tenant, std::string_view job, std::string_view period,
                               JobRunStatus status, Timestamp at, std::string_view error) {
  return ExpectOneRow(
      conn_.Execute(q_.Get("finish_job_run"),
                    {std::string(app::JobRunStatusName(status)), TimeValue(at), std::string(error),
                     tenant.value(), std::string(job), std::string(period)}));
}

StatusOr<bool> SqlJobLedger::MarkItem(TenantId tenant, std::string_view job,
                                      std::string_view period, std::int64_t item,
                                      std::string_view outcome, Timestamp at) {
  RESKILL_ASSIGN_OR_RETURN(std::int64_t changed,
                           conn_.Execute(q_.Get("insert_job_item"),
                                         {tenant.value(), std::string(job), std::string(period),
                                          item, std::string(outcome), TimeValue(at)}));
  return changed == 1;
}

StatusOr<std::optional<std::string>> SqlJobLedger::ItemOutcome(TenantId tenant,
                                                               std::string_view job,
                                                               std::string_view period,
                                                               std::int64_t item) {
  RESKILL_ASSIGN_OR_RETURN(
      auto rows, conn_.Query(q_.Get("select_job_item_outcome"),
                             {tenant.value(), std::string(job), std::string(period), item}));
  if (rows.empty()) return std::optional<std::string>();
  return std::optional<std::string>(rows.front().Text(0));
}

StatusOr<std::int64_t> SqlJobLedger::CountItems(TenantId tenant, std::string_view job,
                                                std::string_view period) {
  RESKILL_ASSIGN_OR_RETURN(auto rows,
                           conn_.Query(q_.Get("count_job_items"),
                                       {tenant.value(), std::string(job), std::string(period)}));
  return rows.empty() ? 0 : rows.front().Int(0);
}

StatusOr<std::vector<JobRun>> SqlJobLedger::ListRuns(TenantId tenant, int limit) {
  RESKILL_ASSIGN_OR_RETURN(
      auto rows, conn_.Query(q_.Get("select_job_runs"), {tenant.value(), std::int64_t{limit}}));
  std::vector<JobRun> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(RunFrom(r));
  return out;
}

}  // namespace reskill::storage
