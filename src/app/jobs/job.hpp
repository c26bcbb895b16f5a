// Scheduled jobs: what a job is, the periods runs are keyed by, and the runner. Each run is
// keyed by (tenant, job, period); each item a job acts on is recorded in the ledger in the same
// transaction as its effect, so rerunning a period — or restarting after a crash half-way — acts
// on every item exactly once. Jobs and the registry are immutable after construction; RunJobs is
// used by one thread at a time.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/context.hpp"

namespace reskill::app {

/// How often a job runs; its period names look like "2026-11-23", "2026-W48" (ISO 8601 week)
/// and "2026-11".
enum class Cadence { kDaily, kWeekly, kMonthly };

/// The UTC interval of a period: [start, end).
struct PeriodRange {
  Timestamp start;
  Timestamp end;
};

/// The period of `cadence` that contains `at`.
std::string PeriodOf(Cadence cadence, Timestamp at);
/// The interval of `period`; nullopt when it is not a period of `cadence`.
std::optional<PeriodRange> ParsePeriod(Cadence cadence, std::string_view period);

/// What a job's Run() receives.
struct JobRunContext {
  const AppContext& ctx;
  TenantId tenant;
  std::string job;
  std::string period;
  PeriodRange range;
  Timestamp now;
  /// Call after each committed batch with the items done so far: renews the run's lease.
  std::function<Status(std::int64_t items)> progress;

  /// Records `item` in the ledger inside `uow` (the transaction of the item's effect). False when
  /// the item was already done in this run: skip its effect.
  StatusOr<bool> MarkItem(UnitOfWork& uow, std::int64_t item, std::string_view outcome) const;
  /// A dedupe key for an e-mail caused by `item` in this run: "job:period:item".
  std::string DedupeKey(std::int64_t item) const;
};

class Job {
 public:
  virtual ~Job() = default;
  /// Lower-case, dash-separated, stable (stored in the ledger): "remind-not-activated".
  virtual std::string_view name() const = 0;
  /// One line for `reskill jobs list`.
  virtual std::string_view summary() const = 0;
  virtual Cadence cadence() const = 0;
  /// The period the scheduler runs at `now`: by default the one containing it (a job that judges
  /// a whole month runs for the month just ended instead).
  virtual std::string DuePeriod(Timestamp now) const { return PeriodOf(cadence(), now); }
  /// Acts on every item of `run.tenant` for `run.period` that the ledger does not hold yet, in
  /// batches, each item's ledger row in the transaction of its effect. Returns the items acted on
  /// in this call. Errors are the database's or the use cases' it calls.
  virtual StatusOr<std::int64_t> Run(const JobRunContext& run) = 0;
};

/// The jobs the application knows, by name. Built once by the composition root.
class JobRegistry {
 public:
  void Add(std::unique_ptr<Job> job);
  /// Null when there is no job of that name.
  Job* Find(std::string_view name) const;
  const std::vector<std::unique_ptr<Job>>& jobs() const { return jobs_; }

 private:
  std::vector<std::unique_ptr<Job>> jobs_;
};

/// What one run of a job for one tenant did.
struct JobRunReport {
  TenantId tenant;
  std::string job;
  std::string period;
  enum class Outcome { kDone, kAlreadyDone, kBusy, kFailed } outcome = Outcome::kDone;
  std::int64_t items = 0;  ///< Acted on in this call.
  int attempt = 0;         ///< Which start of the run this was.
  Status error;            ///< When kFailed.
};

struct JobRunOptions {
  std::optional<TenantId> tenant;     ///< Empty: every tenant.
  std::optional<std::string> period;  ///< Empty: the job's DuePeriod(now).
  /// Run even when another runner holds a live lease (the CLI: an operator restarting a run
  /// whose process died). Safe: the ledger, not the lease, prevents double effects.
  bool ignore_lease = false;
  std::chrono::seconds lease{300};
};

class RunJob {
 public:
  explicit RunJob(const AppContext& ctx) : ctx_(ctx) {}
  /// Runs `job` for each tenant (or the one in `options`): a run already done is skipped, a run
  /// that failed or was interrupted is resumed. kInvalidArgument when `options.period` is not a
  /// period of the job's cadence; database errors otherwise. A job's own failure is reported in
  /// its JobRunReport (and recorded on the run), not returned.
  StatusOr<std::vector<JobRunReport>> Run(Job& job, const JobRunOptions& options);

 private:
  StatusOr<JobRunReport> RunForTenant(Job& job, TenantId tenant, const std::string& period,
                                      const PeriodRange& range, const JobRunOptions& options);
  const AppContext& ctx_;
};

}  // namespace reskill::app
