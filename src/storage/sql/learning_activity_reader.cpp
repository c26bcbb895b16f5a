#include "storage/sql/learning_activity_reader.hpp"

namespace reskill::storage {

StatusOr<std::vector<app::ClientActivity>> SqlLearningActivityReader::ListForClients(
    TenantId tenant, std::int64_t after_client, std::int64_t up_to_client,
    const app::ActivityWindow& window) {
  RESKILL_ASSIGN_OR_RETURN(auto rows, conn_.Query(q_.Get("select_learning_activity_for_clients"),
                                                  {window.from_day, window.to_day, tenant.value(),
                                                   after_client, up_to_client}));
  std::vector<app::ClientActivity> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    out.push_back({r.Int(0), r.Int(1), r.Time(2), r.Int(3), r.Int(4), r.Int(5)});
  }
  return out;
}

}  // namespace reskill::storage
