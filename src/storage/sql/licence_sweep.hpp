// The reminder jobs' licence sweep over SqlConnection, once for both engines
// (queries/reminders.sql). Each object lives for one transaction on one thread.
#pragma once

#include "app/ports/licence_sweep.hpp"
#include "storage/sql/query_catalog.hpp"
#include "storage/sql/sql.hpp"

namespace reskill::storage {

class SqlLicenceSweep final : public app::LicenceSweep {
 public:
  SqlLicenceSweep(SqlConnection& conn, const QueryCatalog& q) : conn_(conn), q_(q) {}

  StatusOr<std::vector<app::SweepLicence>> ListPage(TenantId tenant, ProgramId program,
                                                    std::string_view state,
                                                    const app::SweepFilter& filter,
                                                    std::int64_t after_client,
                                                    std::int64_t after_licence, int limit) override;

 private:
  SqlConnection& conn_;
  const QueryCatalog& q_;
};

}  // namespace reskill::storage
