#include "app/catalog/import_labour_market.hpp"

#include <algorithm>
#include <map>
#include <span>

namespace reskill::app {

namespace {

using domain::catalog::Projection;
using domain::catalog::ProjectionPeriod;
using domain::catalog::WageRecord;

// Every stored O*NET-SOC code, ordered.
StatusOr<std::vector<std::string>> AllOccupationCodes(UnitOfWork& uow) {
  std::vector<std::string> codes;
  OccupationListQuery page;
  page.limit = 1000;
  while (true) {
    RESKILL_ASSIGN_OR_RETURN(auto occupations, uow.occupations().List(page));
    for (auto& o : occupations) codes.push_back(std::move(o.code));
    if (static_cast<int>(occupations.size()) < page.limit) break;
    page.after_code = codes.back();
  }
  return codes;
}

// Joins `soc_codes` (what the import stored) to the O*NET occupations. `detailed` are the codes
// the file published as detailed occupations, which are reported when nothing joins to them.
StatusOr<SocJoinReport> Join(UnitOfWork& uow, const domain::catalog::SocCodeSet& soc_codes,
                             const domain::catalog::SocCodeSet& detailed) {
  SocJoinReport report;
  RESKILL_ASSIGN_OR_RETURN(auto codes, AllOccupationCodes(uow));
  report.onet_occupations = static_cast<std::int64_t>(codes.size());
  domain::catalog::SocCodeSet onet_soc_codes;
  for (const auto& code : codes) onet_soc_codes.insert(domain::catalog::SocCodeOf(code));
  domain::catalog::SocCodeSet used;
  for (const auto& code : codes) {
    auto soc = domain::catalog::ResolveSocCode(code, soc_codes, onet_soc_codes);
    if (!soc) {
      report.occupations_without_data.Add(code);
      continue;
    }
    switch (soc->match) {
      case domain::catalog::SocMatch::kDetailed: ++report.matched_detailed; break;
      case domain::catalog::SocMatch::kAggregate: ++report.matched_aggregate; break;
      case domain::catalog::SocMatch::kBroad: ++report.matched_broad; break;
    }
    used.insert(soc->soc_code);
  }
  for (const auto& soc : detailed) {
    if (!used.contains(soc)) report.unmatched_soc_codes.Add(soc);
  }
  return report;
}

StatusOr<std::int64_t> AuditEveryTenant(const AppContext& ctx, UnitOfWork& uow,
                                        const Principal& actor, const RequestInfo& request,
                                        const std::string& action, const std::string& target_type,
                                        const std::string& target_id, const std::string& detail) {
  RESKILL_ASSIGN_OR_RETURN(auto tenants, uow.tenants().List());
  for (const auto& tenant : tenants) {
    RESKILL_RETURN_IF_ERROR(uow.audit().Append(MakeAuditEvent(
        ctx, actor, tenant.id, request, action, target_type, target_id, "ok", detail)));
  }
  return static_cast<std::int64_t>(tenants.size());
}

Status ValidateSoc(const std::string& soc, const std::string& field) {
  const Status st = domain::catalog::ValidateSocCode(soc);
  return st.ok() ? st : st.WithFieldPrefix(field);
}

}  // namespace

void CodeSample::Add(const std::string& code) {
  ++count;
  if (first.size() < kMaxShown) first.push_back(code);
}

StatusOr<WageImportReport> ImportWages::Run(const Principal& actor,
                                            const std::vector<WageRecord>& records,
                                            const RequestInfo& request) const {
  if (records.empty()) return InvalidArgument("there are no wage rows to import", "records");
  WageImportReport report;
  report.year = records.front().year;
  // The rows of each area, in input order; areas by code.
  std::map<std::string, std::vector<WageRecord>> by_area;
  domain::catalog::SocCodeSet soc_codes;
  domain::catalog::SocCodeSet detailed;
  for (std::size_t i = 0; i < records.size(); ++i) {
    const WageRecord& w = records[i];
    const std::string field = "records[" + std::to_string(i) + "]";
    RESKILL_RETURN_IF_ERROR(ValidateSoc(w.soc_code, field));
    if (w.year != report.year) {
      return InvalidArgument("every row of one import must be of the same year", field + ".year");
    }
    if (w.area_code.empty()) return InvalidArgument("the area code is empty", field + ".area_code");
    by_area[w.area_code].push_back(w);
    soc_codes.insert(w.soc_code);
    if (w.group == domain::catalog::SocGroup::kDetailed) detailed.insert(w.soc_code);
  }
  for (const auto& [code, rows] : by_area) {
    report.areas.push_back(rows.front().area_title + " (" + code + ")");
  }

  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    report.rows_written = report.rows_replaced = 0;  // the transaction may be retried
    for (const auto& [code, rows] : by_area) {
      RESKILL_ASSIGN_OR_RETURN(std::int64_t replaced,
                               uow.labour_market().ReplaceWages(code, report.year, rows));
      report.rows_replaced += replaced;
      report.rows_written += static_cast<std::int64_t>(rows.size());
    }
    RESKILL_ASSIGN_OR_RETURN(report.join, Join(uow, soc_codes, detailed));
    const std::string detail =
        "areas=" + std::to_string(by_area.size()) + ",rows=" + std::to_string(report.rows_written);
    RESKILL_ASSIGN_OR_RETURN(report.audited_tenants,
                             AuditEveryTenant(ctx_, uow, actor, request, "labour_market.wages",
                                              "wage_dataset", std::to_string(report.year), detail));
    return Status::Ok();
  }));
  return report;
}

StatusOr<ProjectionImportReport> ImportProjections::Run(const Principal& actor,
                                                        const ProjectionPeriod& period,
                                                        const std::vector<Projection>& projections,
                                                        const RequestInfo& request) const {
  if (projections.empty()) {
    return InvalidArgument("there are no projections to import", "projections");
  }
  if (period.base_year < 1900 || period.projected_year <= period.base_year) {
    return InvalidArgument("the projection period " + period.Key() + " is not valid", "period");
  }
  domain::catalog::SocCodeSet soc_codes;
  for (std::size_t i = 0; i < projections.size(); ++i) {
    const std::string field = "projections[" + std::to_string(i) + "]";
    RESKILL_RETURN_IF_ERROR(ValidateSoc(projections[i].soc_code, field));
    if (projections[i].period != period) {
      return InvalidArgument("every projection must be of the period " + period.Key(),
                             field + ".period");
    }
    soc_codes.insert(projections[i].soc_code);
  }
  // Employment Projections has no separate broad rows: a line item ending in 0 is a group BLS
  // projects as a whole, and it is reported like any other code when nothing joins to it.
  ProjectionImportReport report;
  report.period = period;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(report.rows_replaced,
                             uow.labour_market().ReplaceProjections(period, projections));
    report.rows_written = static_cast<std::int64_t>(projections.size());
    RESKILL_ASSIGN_OR_RETURN(report.join, Join(uow, soc_codes, soc_codes));
    RESKILL_ASSIGN_OR_RETURN(
        report.audited_tenants,
        AuditEveryTenant(ctx_, uow, actor, request, "labour_market.projections",
                         "projection_period", period.Key(),
                         "rows=" + std::to_string(report.rows_written)));
    return Status::Ok();
  }));
  return report;
}

}  // namespace reskill::app
