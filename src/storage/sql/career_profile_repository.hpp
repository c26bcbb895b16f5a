// Clients' career profiles over SqlConnection, once for both engines (queries/pathways.sql,
// migration 0008). Each object lives for one transaction on one thread.
#pragma once

#include "app/ports/career_profiles.hpp"
#include "storage/sql/query_catalog.hpp"
#include "storage/sql/sql.hpp"

namespace reskill::storage {

class SqlCareerProfileRepository final : public app::CareerProfileRepository {
 public:
  SqlCareerProfileRepository(SqlConnection& conn, const QueryCatalog& q) : conn_(conn), q_(q) {}
  StatusOr<std::optional<app::StoredCareerProfile>> Find(TenantId tenant, ClientId client) override;
  Status Put(const app::StoredCareerProfile& profile) override;

 private:
  SqlConnection& conn_;
  const QueryCatalog& q_;
};

}  // namespace reskill::storage
