#include "storage/sql/career_profile_repository.hpp"

namespace reskill::storage {

StatusOr<std::optional<app::StoredCareerProfile>> SqlCareerProfileRepository::Find(
    TenantId tenant, ClientId client) {
  RESKILL_ASSIGN_OR_RETURN(
      auto rows, conn_.Query(q_.Get("select_career_profile"), {tenant.value(), client.value()}));
  if (rows.empty()) return std::optional<app::StoredCareerProfile>();
  const SqlRow& r = rows.front();
  app::StoredCareerProfile p;
  p.tenant_id = TenantId(r.Int(0));
  p.client_id = ClientId(r.Int(1));
  p.document = r.Text(2);
  p.current_code = r.Text(3);
  p.updated_at = r.Time(4);
  p.updated_by = r.Text(5);
  return std::optional<app::StoredCareerProfile>(std::move(p));
}

Status SqlCareerProfileRepository::Put(const app::StoredCareerProfile& p) {
  return conn_
      .Execute(q_.Get("upsert_career_profile"),
               {p.tenant_id.value(), p.client_id.value(), p.document, p.current_code,
                TimeValue(p.updated_at), p.updated_by})
      .status();
}

}  // namespace reskill::storage
