#include "storage/sql/licence_sweep.hpp"

namespace reskill::storage {

StatusOr<std::vector<app::SweepLicence>> SqlLicenceSweep::ListPage(TenantId tenant,
                                                                   std::string_view state,
                                                                   std::int64_t after_client,
                                                                   std::int64_t after_licence,
                                                                   int limit) {
  RESKILL_ASSIGN_OR_RETURN(auto rows, conn_.Query(q_.Get("select_licence_sweep_page"),
                                                  {tenant.value(), std::string(state), after_client,
                                                   after_licence, std::int64_t{limit}}));
  std::vector<app::SweepLicence> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    app::SweepLicence s;
    s.licence = LicenceId(r.Int(0));
    s.client = ClientId(r.Int(1));
    s.program = ProgramId(r.Int(2));
    s.provider_id = r.Int(3);
    s.issued_at = r.OptTime(4);
    s.invite_expires_at = r.OptTime(5);
    s.activated_at = r.OptTime(6);
    s.reclaim_listed_at = r.OptTime(7);
    s.program_display_name = r.Text(8);
    s.nudge_after_days = static_cast<int>(r.Int(9));
    s.min_items_per_month = static_cast<int>(r.Int(10));
    s.reclaim_after_days = static_cast<int>(r.Int(11));
    s.reclaim_mode = r.Text(12);
    s.email_sealed = r.Text(13);
    s.given_name_sealed = r.Text(14);
    s.locale = r.Text(15);
    s.client_status = r.Text(16);
    s.provider_name = r.Text(17);
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace reskill::storage
