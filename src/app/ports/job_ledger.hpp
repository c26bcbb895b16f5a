// The ledger of scheduled job runs: one run per (tenant, job, period) and, per run, one row per
// item acted on, written in the same transaction as the item's effect. A JobLedger belongs to
// one UnitOfWork (one thread, one transaction), like every repository.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/ids.hpp"
#include "common/status.hpp"
#include "common/time.hpp"

namespace reskill::app {

/// Stored as 'running', 'done', 'failed' (do not rename).
enum class JobRunStatus { kRunning, kDone, kFailed };

struct JobRun {
  TenantId tenant_id;
  std::string job;     ///< e.g. "remind-not-activated"
  std::string period;  ///< e.g. "2026-W48", "2026-11", "2026-11-23"
  JobRunStatus status = JobRunStatus::kRunning;
  Timestamp started_at;
  std::optional<Timestamp> finished_at;
  std::int64_t items = 0;  ///< Ledger rows so far.
  int attempts = 1;        ///< How many times the run was started (a restart after a crash adds 1).
  Timestamp lease_until;
  std::string last_error;
};

class JobLedger {
 public:
  virtual ~JobLedger() = default;
  virtual StatusOr<std::optional<JobRun>> FindRun(TenantId tenant, std::string_view job,
                                                  std::string_view period) = 0;
  /// Inserts a new run; false, and nothing written, when the run exists.
  virtual StatusOr<bool> InsertRun(const JobRun& run) = 0;
  /// Starts `run` (as read by FindRun) again: running, attempts + 1, the lease to `lease_until`.
  /// False when another runner changed it since it was read.
  virtual StatusOr<bool> RestartRun(const JobRun& run, Timestamp lease_until) = 0;
  /// Extends the lease and records the items done so far.
  virtual Status RenewRun(TenantId tenant, std::string_view job, std::string_view period,
                          Timestamp lease_until, std::int64_t items) = 0;
  virtual Status FinishRun(TenantId tenant, std::string_view job, std::string_view period,
                           JobRunStatus status, Timestamp at, std::string_view error) = 0;
  /// Records `item` as done in the caller's transaction. False, and nothing written, when the
  /// ledger already holds it: the caller must then skip the item's effect.
  virtual StatusOr<bool> MarkItem(TenantId tenant, std::string_view job, std::string_view period,
                                  std::int64_t item, std::string_view outcome, Timestamp at) = 0;
  /// The outcome recorded for `item` in the run of (job, period); nullopt when the ledger does
  /// not hold it.
  virtual StatusOr<std::optional<std::string>> ItemOutcome(TenantId tenant, std::string_view job,
                                                           std::string_view period,
                                                           std::int64_t item) = 0;
  virtual StatusOr<std::int64_t> CountItems(TenantId tenant, std::string_view job,
                                            std::string_view period) = 0;
  /// The tenant's runs, most recently started first.
  virtual StatusOr<std::vector<JobRun>> ListRuns(TenantId tenant, int limit) = 0;
};

std::string_view JobRunStatusName(JobRunStatus status);
std::optional<JobRunStatus> ParseJobRunStatus(std::string_view name);

}  // namespace reskill::app
