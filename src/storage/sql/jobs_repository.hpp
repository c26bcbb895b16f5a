// The job ledger over SqlConnection, once for both engines (queries/jobs.sql, migration 0006).
// Each object lives for one transaction on one thread.
#pragma once

#include "app/ports/job_ledger.hpp"
#include "storage/sql/query_catalog.hpp"
#include "storage/sql/sql.hpp"

namespace reskill::storage {

class SqlJobLedger final : public app::JobLedger {
 public:
  SqlJobLedger(SqlConnection& conn, const QueryCatalog& q) : conn_(conn), q_(q) {}

  StatusOr<std::optional<app::JobRun>> FindRun(TenantId tenant, std::string_view job,
                                               std::string_view period) override;
  StatusOr<bool> InsertRun(const app::JobRun& run) override;
  StatusOr<bool> RestartRun(const app::JobRun& run, Timestamp lease_until) override;
  Status RenewRun(TenantId tenant, std::string_view job, std::string_view period,
                  Timestamp lease_until, std::int64_t items) override;
  Status FinishRun(TenantId tenant, std::string_view job, std::string_view period,
                   app::JobRunStatus status, Timestamp at, std::string_view error) override;
  StatusOr<bool> MarkItem(TenantId tenant, std::string_view job, std::string_view period,
                          std::int64_t item, std::string_view outcome, Timestamp at) override;
  StatusOr<std::optional<std::string>> ItemOutcome(TenantId tenant, std::string_view job,
                                                   std::string_view period,
                                                   std::int64_t item) override;
  StatusOr<std::int64_t> CountItems(TenantId tenant, std::string_view job,
                                    std::string_view period) override;
  StatusOr<std::vector<app::JobRun>> ListRuns(TenantId tenant, int limit) override;

 private:
  SqlConnection& conn_;
  const QueryCatalog& q_;
};

}  // namespace reskill::storage
