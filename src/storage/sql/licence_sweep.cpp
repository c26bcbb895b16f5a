#include "storage/sql/licence_sweep.hpp"

namespace reskill::storage {

namespace {

// A filter condition as the query's (flag, value) pair: flag 0 turns it off.
std::int64_t Flag(bool on) {
  return on ? 1 : 0;
}

SqlValue TimeOr0(const std::optional<Timestamp>& t) {
  return t ? TimeValue(*t) : SqlValue(std::int64_t{0});
}

}  // namespace

StatusOr<std::vector<app::SweepLicence>> SqlLicenceSweep::ListPage(
    TenantId tenant, ProgramId program, std::string_view state, const app::SweepFilter& filter,
    std::int64_t after_client, std::int64_t after_licence, int limit) {
  const app::SweepFilter& f = filter;
  const std::int64_t lim = limit;
  // Without a window the learning_day join is left out: it costs a seek per licence.
  StatusOr<SqlRows> rows =
      f.window.from_day.empty()
          ? conn_.Query(
                q_.Get("select_licence_sweep_page"),
                {tenant.value(), program.value(), std::string(state), after_client, after_licence,
                 Flag(f.invite_expires_by.has_value()), TimeOr0(f.invite_expires_by),
                 Flag(f.invite_expires_after.has_value()), TimeOr0(f.invite_expires_after),
                 Flag(f.activated_before.has_value()), TimeOr0(f.activated_before),
                 Flag(f.not_reclaim_listed), Flag(f.some_activity), Flag(f.quiet_since.has_value()),
                 TimeOr0(f.quiet_since), lim})
          : conn_.Query(q_.Get("select_licence_sweep_page_in_window"),
                        {f.window.from_day,
                         f.window.to_day,
                         tenant.value(),
                         program.value(),
                         std::string(state),
                         after_client,
                         after_licence,
                         Flag(f.invite_expires_by.has_value()),
                         TimeOr0(f.invite_expires_by),
                         Flag(f.invite_expires_after.has_value()),
                         TimeOr0(f.invite_expires_after),
                         Flag(f.activated_before.has_value()),
                         TimeOr0(f.activated_before),
                         Flag(f.not_reclaim_listed),
                         Flag(f.some_activity),
                         Flag(f.quiet_since.has_value()),
                         TimeOr0(f.quiet_since),
                         Flag(f.fewer_items_than.has_value()),
                         f.fewer_items_than.value_or(0),
                         lim});
  RESKILL_RETURN_IF_ERROR(rows.status());
  std::vector<app::SweepLicence> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) {
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
    s.last_activity_at = r.OptTime(18);
    s.items = r.Int(19);
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace reskill::storage
