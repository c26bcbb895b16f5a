// The learning-activity port over SqlConnection, once for both engines
// (queries/learning_activity.sql). Each object lives for one transaction on one thread.
#pragma once

#include "app/ports/learning_activity.hpp"
#include "storage/sql/query_catalog.hpp"
#include "storage/sql/sql.hpp"

namespace reskill::storage {

class SqlLearningActivityReader final : public app::LearningActivityReader {
 public:
  SqlLearningActivityReader(SqlConnection& conn, const QueryCatalog& q) : conn_(conn), q_(q) {}

  StatusOr<std::vector<app::ClientActivity>> ListForClients(
      TenantId tenant, std::int64_t after_client, std::int64_t up_to_client,
      const app::ActivityWindow& window) override;

 private:
  SqlConnection& conn_;
  const QueryCatalog& q_;
};

}  // namespace reskill::storage
