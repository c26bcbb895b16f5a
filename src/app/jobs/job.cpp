#include "app/jobs/job.hpp"

#include <charconv>
#include <chrono>

#include <fmt/format.h>

namespace reskill::app {

namespace {

using std::chrono::days;
using std::chrono::sys_days;
using std::chrono::year_month_day;

sys_days DayOf(Timestamp t) {
  return std::chrono::floor<days>(t);
}

Timestamp StartOf(sys_days d) {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(sys_days(d));
}

// ISO 8601: weeks start on Monday; week 1 holds the year's first Thursday.
sys_days MondayOf(sys_days d) {
  const std::chrono::weekday wd{d};
  return d - days((wd.c_encoding() + 6) % 7);
}

sys_days IsoWeekOneMonday(int iso_year) {
  const sys_days jan4 = sys_days(
      year_month_day(std::chrono::year(iso_year), std::chrono::January, std::chrono::day(4)));
  return MondayOf(jan4);
}

bool ParseInt(std::string_view text, int& out) {
  const auto r = std::from_chars(text.data(), text.data() + text.size(), out);
  return r.ec == std::errc() && r.ptr == text.data() + text.size();
}

}  // namespace

std::string PeriodOf(Cadence cadence, Timestamp at) {
  const sys_days d = DayOf(at);
  const year_month_day ymd(d);
  switch (cadence) {
    case Cadence::kDaily:
      return fmt::format("{:04d}-{:02d}-{:02d}", static_cast<int>(ymd.year()),
                         static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    case Cadence::kMonthly:
      return fmt::format("{:04d}-{:02d}", static_cast<int>(ymd.year()),
                         static_cast<unsigned>(ymd.month()));
    case Cadence::kWeekly: {
      // The ISO year is the year of the week's Thursday.
      const sys_days thursday = MondayOf(d) + days(3);
      const int iso_year = static_cast<int>(year_month_day(thursday).year());
      const int week = static_cast<int>((MondayOf(d) - IsoWeekOneMonday(iso_year)).count() / 7) + 1;
      return fmt::format("{:04d}-W{:02d}", iso_year, week);
    }
  }
  return {};
}

std::optional<PeriodRange> ParsePeriod(Cadence cadence, std::string_view p) {
  int y = 0, m = 0, d = 0, w = 0;
  switch (cadence) {
    case Cadence::kDaily: {
      if (p.size() != 10 || p[4] != '-' || p[7] != '-' || !ParseInt(p.substr(0, 4), y) ||
          !ParseInt(p.substr(5, 2), m) || !ParseInt(p.substr(8, 2), d)) {
        return std::nullopt;
      }
      const year_month_day ymd(std::chrono::year(y), std::chrono::month(static_cast<unsigned>(m)),
                               std::chrono::day(static_cast<unsigned>(d)));
      if (!ymd.ok()) return std::nullopt;
      return PeriodRange{StartOf(sys_days(ymd)), StartOf(sys_days(ymd) + days(1))};
    }
    case Cadence::kMonthly: {
      if (p.size() != 7 || p[4] != '-' || !ParseInt(p.substr(0, 4), y) ||
          !ParseInt(p.substr(5, 2), m) || m < 1 || m > 12) {
        return std::nullopt;
      }
      const auto first =
          std::chrono::year(y) / std::chrono::month(static_cast<unsigned>(m)) / std::chrono::day(1);
      const auto next = first + std::chrono::months(1);
      return PeriodRange{StartOf(sys_days(first)), StartOf(sys_days(next))};
    }
    case Cadence::kWeekly: {
      if (p.size() != 8 || p[4] != '-' || p[5] != 'W' || !ParseInt(p.substr(0, 4), y) ||
          !ParseInt(p.substr(6, 2), w) || w < 1 || w > 53) {
        return std::nullopt;
      }
      const sys_days monday = IsoWeekOneMonday(y) + days(7 * (w - 1));
      // Week 53 exists only in years that have it.
      if (PeriodOf(Cadence::kWeekly, StartOf(monday)) != p) return std::nullopt;
      return PeriodRange{StartOf(monday), StartOf(monday + days(7))};
    }
  }
  return std::nullopt;
}

ActivityWindow WindowOf(Timestamp from, Timestamp to) {
  return {PeriodOf(Cadence::kDaily, from), PeriodOf(Cadence::kDaily, to)};
}

StatusOr<bool> JobRunContext::MarkItem(UnitOfWork& uow, std::int64_t item,
                                       std::string_view outcome) const {
  return uow.job_ledger().MarkItem(tenant, job, period, item, outcome, ctx.clock.Now());
}

std::string JobRunContext::DedupeKey(std::int64_t item) const {
  return job + ":" + period + ":" + std::to_string(item);
}

void JobRegistry::Add(std::unique_ptr<Job> job) {
  jobs_.push_back(std::move(job));
}

Job* JobRegistry::Find(std::string_view name) const {
  for (const auto& j : jobs_) {
    if (j->name() == name) return j.get();
  }
  return nullptr;
}

StatusOr<std::vector<JobRunReport>> RunJob::Run(Job& job, const JobRunOptions& options) {
  const Timestamp now = ctx_.clock.Now();
  const std::string period = options.period ? *options.period : job.DuePeriod(now);
  const auto range = ParsePeriod(job.cadence(), period);
  if (!range) {
    return InvalidArgument("\"" + period + "\" is not a period of job " + std::string(job.name()) +
                               " (expected e.g. " + PeriodOf(job.cadence(), now) + ")",
                           "period");
  }
  std::vector<TenantId> tenants;
  if (options.tenant) {
    tenants.push_back(*options.tenant);
  } else {
    RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
      RESKILL_ASSIGN_OR_RETURN(auto all, uow.tenants().List());
      for (const auto& t : all) tenants.push_back(t.id);
      return Status::Ok();
    }));
  }
  std::vector<JobRunReport> reports;
  for (TenantId tenant : tenants) {
    RESKILL_ASSIGN_OR_RETURN(auto report, RunForTenant(job, tenant, period, *range, options));
    reports.push_back(std::move(report));
  }
  return reports;
}

StatusOr<JobRunReport> RunJob::RunForTenant(Job& job, TenantId tenant, const std::string& period,
                                            const PeriodRange& range,
                                            const JobRunOptions& options) {
  JobRunReport report{tenant, std::string(job.name()), period};
  const Timestamp now = ctx_.clock.Now();
  // Take the run: new, or resumed when it failed or its runner's lease ran out (a crash).
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    report.outcome = JobRunReport::Outcome::kDone;
    RESKILL_ASSIGN_OR_RETURN(auto existing, uow.job_ledger().FindRun(tenant, job.name(), period));
    if (!existing) {
      JobRun run{tenant, std::string(job.name()), period, JobRunStatus::kRunning, now, {}, 0,
                 1,      now + options.lease,     {}};
      RESKILL_ASSIGN_OR_RETURN(bool inserted, uow.job_ledger().InsertRun(run));
      report.attempt = 1;
      if (!inserted) report.outcome = JobRunReport::Outcome::kBusy;
      return Status::Ok();
    }
    if (existing->status == JobRunStatus::kDone) {
      report.outcome = JobRunReport::Outcome::kAlreadyDone;
      return Status::Ok();
    }
    if (existing->status == JobRunStatus::kRunning && existing->lease_until > now &&
        !options.ignore_lease) {
      report.outcome = JobRunReport::Outcome::kBusy;
      return Status::Ok();
    }
    JobRun restarted = *existing;
    restarted.started_at = now;
    RESKILL_ASSIGN_OR_RETURN(bool taken,
                             uow.job_ledger().RestartRun(restarted, now + options.lease));
    report.attempt = existing->attempts + 1;
    if (!taken) report.outcome = JobRunReport::Outcome::kBusy;
    return Status::Ok();
  }));
  if (report.outcome != JobRunReport::Outcome::kDone) return report;

  JobRunContext run{ctx_, tenant, std::string(job.name()), period, range, now, {}};
  run.progress = [&](std::int64_t items) {
    return ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) {
      return uow.job_ledger().RenewRun(tenant, run.job, period, ctx_.clock.Now() + options.lease,
                                       items);
    });
  };
  StatusOr<std::int64_t> done = Internal("the job did not run");
  // The job boundary: a job that throws fails its run, not the runner.
  try {
    done = job.Run(run);
  } catch (const std::exception& e) {
    done = Internal(std::string("job threw: ") + e.what());
  }
  const JobRunStatus final_status = done.ok() ? JobRunStatus::kDone : JobRunStatus::kFailed;
  const std::string error = done.ok() ? "" : done.status().public_message();
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) {
    return uow.job_ledger().FinishRun(tenant, run.job, period, final_status, ctx_.clock.Now(),
                                      error);
  }));
  if (done.ok()) {
    report.items = *done;
  } else {
    report.outcome = JobRunReport::Outcome::kFailed;
    report.error = done.status();
  }
  return report;
}

std::string_view JobRunStatusName(JobRunStatus status) {
  switch (status) {
    case JobRunStatus::kRunning: return "running";
    case JobRunStatus::kDone: return "done";
    case JobRunStatus::kFailed: return "failed";
  }
  return "failed";
}

std::optional<JobRunStatus> ParseJobRunStatus(std::string_view name) {
  if (name == "running") return JobRunStatus::kRunning;
  if (name == "done") return JobRunStatus::kDone;
  if (name == "failed") return JobRunStatus::kFailed;
  return std::nullopt;
}

}  // namespace reskill::app
