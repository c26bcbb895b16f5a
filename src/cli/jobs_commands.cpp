// `reskill` subcommands of the scheduled jobs (see cli/command.hpp for how registrars work):
//   reskill jobs list [--tenant SLUG]                          — the jobs; an agency's recent runs
//   reskill jobs run NAME [--period P] [--tenant SLUG] [--force] — run one job now
#include <memory>
#include <ostream>
#include <string>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "app/jobs/standard_jobs.hpp"
#include "cli/command.hpp"
#include "log/log.hpp"

namespace reskill::cli {

namespace {

struct Options {
  std::string name;
  std::string period;
  std::string tenant;
  bool force = false;
};

std::string_view CadenceName(app::Cadence c) {
  switch (c) {
    case app::Cadence::kDaily: return "daily";
    case app::Cadence::kWeekly: return "weekly";
    case app::Cadence::kMonthly: return "monthly";
  }
  return "";
}

StatusOr<std::optional<app::Tenant>> TenantBySlug(app::AppContext& ctx, const std::string& slug) {
  std::optional<app::Tenant> tenant;
  RESKILL_RETURN_IF_ERROR(ctx.db.Run(app::TxMode::kRead, [&](app::UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(tenant, uow.tenants().FindBySlug(slug));
    return Status::Ok();
  }));
  if (!tenant) {
    return NotFound("no agency with slug \"" + slug + "\"; create it with `reskill tenant add`");
  }
  return tenant;
}

int List(CommandEnv& env, const Options& o) {
  app::JobRegistry registry;
  app::AddStandardJobs(registry);
  auto ctx = env.open();
  if (!ctx.ok()) return Fail(env.err, ctx.status());
  const Timestamp now = (*ctx)->clock.Now();
  env.out << "job\tcadence\tdue period\tsummary\n";
  for (const auto& job : registry.jobs()) {
    env.out << job->name() << "\t" << CadenceName(job->cadence()) << "\t" << job->DuePeriod(now)
            << "\t" << job->summary() << "\n";
  }
  if (o.tenant.empty()) return 0;
  auto tenant = TenantBySlug(**ctx, o.tenant);
  if (!tenant.ok()) return Fail(env.err, tenant.status());
  std::vector<app::JobRun> runs;
  Status st = (*ctx)->db.Run(app::TxMode::kRead, [&](app::UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(runs, uow.job_ledger().ListRuns((*tenant)->id, 50));
    return Status::Ok();
  });
  if (!st.ok()) return Fail(env.err, st);
  env.out << "\nrecent runs in " << o.tenant << ":\njob\tperiod\tstatus\titems\tattempts\tstarted\t"
          << "finished\terror\n";
  for (const auto& r : runs) {
    env.out << r.job << "\t" << r.period << "\t" << app::JobRunStatusName(r.status) << "\t"
            << r.items << "\t" << r.attempts << "\t" << FormatIso8601(r.started_at) << "\t"
            << (r.finished_at ? FormatIso8601(*r.finished_at) : "-") << "\t"
            << (r.last_error.empty() ? "-" : r.last_error) << "\n";
  }
  return 0;
}

int Run(CommandEnv& env, const Options& o) {
  app::JobRegistry registry;
  app::AddStandardJobs(registry);
  app::Job* job = registry.Find(o.name);
  if (job == nullptr) {
    std::string names;
    for (const auto& j : registry.jobs())
      names += (names.empty() ? "" : ", ") + std::string(j->name());
    return Fail(env.err, NotFound("no job \"" + o.name + "\"; jobs: " + names));
  }
  auto ctx = env.open();
  if (!ctx.ok()) return Fail(env.err, ctx.status());
  app::JobRunOptions options;
  if (!o.period.empty()) options.period = o.period;
  options.ignore_lease = o.force;
  if (!o.tenant.empty()) {
    auto tenant = TenantBySlug(**ctx, o.tenant);
    if (!tenant.ok()) return Fail(env.err, tenant.status());
    options.tenant = (*tenant)->id;
  }
  log::ContextScope scope("job:" + o.name);
  auto reports = app::RunJob(**ctx).Run(*job, options);
  if (!reports.ok()) return Fail(env.err, reports.status());
  int code = 0;
  for (const auto& r : *reports) {
    using O = app::JobRunReport::Outcome;
    switch (r.outcome) {
      case O::kDone:
        env.out << fmt::format("{} {} tenant {}: done, {} item(s) acted on (attempt {})\n", r.job,
                               r.period, r.tenant.value(), r.items, r.attempt);
        break;
      case O::kAlreadyDone:
        env.out << fmt::format("{} {} tenant {}: already done\n", r.job, r.period,
                               r.tenant.value());
        break;
      case O::kBusy:
        env.out << fmt::format(
            "{} {} tenant {}: another runner holds this run; --force runs it anyway\n", r.job,
            r.period, r.tenant.value());
        break;
      case O::kFailed: code = Fail(env.err, r.error); break;
    }
    RESKILL_LOG_INFO("job.run", "job={} period={} tenant={} items={} attempt={} ok={}", r.job,
                     r.period, r.tenant.value(), r.items, r.attempt, r.outcome != O::kFailed);
  }
  return code;
}

}  // namespace

std::vector<RegisteredCommand> AddJobsCommands(CommandGroups& groups) {
  auto o = std::make_shared<Options>();
  auto* jobs = groups.root.add_subcommand("jobs", "Scheduled jobs: reminders, reclaim");
  jobs->require_subcommand(1);
  auto* list = jobs->add_subcommand("list", "List the jobs (and an agency's recent runs)");
  list->add_option("--tenant", o->tenant, "Agency slug: also show its recent runs");
  auto* run = jobs->add_subcommand(
      "run", "Run a job now for its due period (or --period); a finished run is not repeated");
  run->add_option("name", o->name, "Job name (see `reskill jobs list`)")->required();
  run->add_option("--period", o->period, "Period: 2026-11-23, 2026-W48 or 2026-11 by cadence");
  run->add_option("--tenant", o->tenant, "Agency slug (default: every agency)");
  run->add_flag("--force", o->force,
                "Run even if another runner holds the run's lease (e.g. after a crash); safe, "
                "items already done are skipped");
  return {{list, [o](CommandEnv& env) { return List(env, *o); }},
          {run, [o](CommandEnv& env) { return Run(env, *o); }}};
}

}  // namespace reskill::cli
