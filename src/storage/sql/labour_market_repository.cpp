#include "storage/sql/labour_market_repository.hpp"

#include <algorithm>

namespace reskill::storage {

namespace {

using domain::catalog::Projection;
using domain::catalog::ProjectionPeriod;
using domain::catalog::WageDistribution;
using domain::catalog::WageFigure;
using domain::catalog::WageRecord;
using domain::catalog::WageStatistic;

constexpr WageStatistic kStatistics[] = {WageStatistic::kMean,  WageStatistic::kPct10,
                                         WageStatistic::kPct25, WageStatistic::kMedian,
                                         WageStatistic::kPct75, WageStatistic::kPct90};

SqlValue Amount(const WageFigure& f) {
  return f.amount ? SqlValue(*f.amount) : SqlValue(std::monostate{});
}

std::optional<double> OptReal(const SqlRow& r, std::size_t i) {
  if (r.IsNull(i)) return std::nullopt;
  return r.Real(i);
}

// Columns as in select_labour_wage.
WageRecord WageFrom(const SqlRow& r) {
  WageRecord w;
  w.area_code = r.Text(0);
  w.soc_code = r.Text(1);
  w.year = static_cast<int>(r.Int(2));
  w.area_title = r.Text(3);
  w.occupation_title = r.Text(4);
  w.group =
      domain::catalog::ParseSocGroup(r.Text(5)).value_or(domain::catalog::SocGroup::kDetailed);
  if (!r.IsNull(6)) w.employment = r.Int(6);
  for (std::size_t s = 0; s < std::size(kStatistics); ++s) {
    w.annual.at(kStatistics[s]).amount = OptReal(r, 7 + s);
    w.hourly.at(kStatistics[s]).amount = OptReal(r, 13 + s);
  }
  w.ApplyTopCodedMask(r.Int(19));
  return w;
}

// Columns as in select_labour_projections_by_period, starting at `i`.
Projection ProjectionFrom(const SqlRow& r, std::size_t i) {
  Projection p;
  p.soc_code = r.Text(i);
  p.title = r.Text(i + 1);
  p.period.base_year = static_cast<int>(r.Int(i + 2));
  p.period.projected_year = static_cast<int>(r.Int(i + 3));
  p.employment_base = r.Int(i + 4);
  p.employment_projected = r.Int(i + 5);
  p.employment_change = r.Int(i + 6);
  p.change_percent = r.Real(i + 7);
  p.annual_openings = r.Int(i + 8);
  p.median_annual_wage.amount = OptReal(r, i + 9);
  p.median_annual_wage.top_coded = r.Bool(i + 10);
  p.entry_education = r.Text(i + 11);
  p.work_experience = r.Text(i + 12);
  p.on_the_job_training = r.Text(i + 13);
  return p;
}

// The first and last SOC code of the broad group of `soc_code` ("15-1250", "15-1259").
std::pair<std::string, std::string> GroupRange(std::string_view soc_code) {
  const std::string prefix(soc_code.substr(0, 6));
  return {prefix + "0", prefix + "9"};
}

std::vector<Projection> ProjectionsFrom(const SqlRows& rows) {
  std::vector<Projection> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(ProjectionFrom(r, 0));
  return out;
}

Status OnDuplicateSoc(Status st, std::string_view soc_code) {
  if (st.code() == ErrorCode::kAlreadyExists) {
    return AlreadyExists("SOC code " + std::string(soc_code) + " is given twice", "soc_code")
        .WithDetail(st.internal_detail());
  }
  return st;
}

}  // namespace

StatusOr<std::int64_t> SqlLabourMarketRepository::ReplaceWages(std::string_view area_code, int year,
                                                               std::span<const WageRecord> rows) {
  RESKILL_ASSIGN_OR_RETURN(std::int64_t replaced,
                           conn_.Execute(q_.Get("delete_labour_wages_by_area_year"),
                                         {std::string(area_code), std::int64_t{year}}));
  const auto& insert = q_.Get("insert_labour_wage");
  for (const WageRecord& w : rows) {
    if (w.area_code != area_code || w.year != year) {
      return Internal("ReplaceWages: row " + w.soc_code + " belongs to another area or year");
    }
    const auto& a = w.annual;
    const auto& h = w.hourly;
    RESKILL_RETURN_IF_ERROR(OnDuplicateSoc(
        conn_
            .Execute(insert, {w.area_code,
                              w.soc_code,
                              std::int64_t{w.year},
                              w.area_title,
                              w.occupation_title,
                              std::string(domain::catalog::SocGroupName(w.group)),
                              w.employment ? SqlValue(*w.employment) : SqlValue(std::monostate{}),
                              Amount(a.mean),
                              Amount(a.pct10),
                              Amount(a.pct25),
                              Amount(a.median),
                              Amount(a.pct75),
                              Amount(a.pct90),
                              Amount(h.mean),
                              Amount(h.pct10),
                              Amount(h.pct25),
                              Amount(h.median),
                              Amount(h.pct75),
                              Amount(h.pct90),
                              w.TopCodedMask()})
            .status(),
        w.soc_code));
  }
  return replaced;
}

StatusOr<std::int64_t> SqlLabourMarketRepository::ReplaceProjections(
    const ProjectionPeriod& period, std::span<const Projection> rows) {
  const std::string key = period.Key();
  RESKILL_ASSIGN_OR_RETURN(std::int64_t replaced,
                           conn_.Execute(q_.Get("delete_labour_projections_by_period"), {key}));
  const auto& insert = q_.Get("insert_labour_projection");
  for (const Projection& p : rows) {
    if (p.period != period) {
      return Internal("ReplaceProjections: row " + p.soc_code + " belongs to another period");
    }
    RESKILL_RETURN_IF_ERROR(OnDuplicateSoc(
        conn_
            .Execute(insert, {key, p.soc_code, std::int64_t{period.base_year},
                              std::int64_t{period.projected_year}, p.title, p.employment_base,
                              p.employment_projected, p.employment_change, p.change_percent,
                              p.annual_openings, Amount(p.median_annual_wage),
                              std::int64_t{p.median_annual_wage.top_coded ? 1 : 0},
                              p.entry_education, p.work_experience, p.on_the_job_training})
            .status(),
        p.soc_code));
  }
  return replaced;
}

StatusOr<std::optional<WageRecord>> SqlLabourMarketRepository::FindWage(std::string_view area_code,
                                                                        int year,
                                                                        std::string_view soc_code) {
  RESKILL_ASSIGN_OR_RETURN(
      auto rows, conn_.Query(q_.Get("select_labour_wage"),
                             {std::string(area_code), std::string(soc_code), std::int64_t{year}}));
  if (rows.empty()) return std::optional<WageRecord>();
  return std::optional<WageRecord>(WageFrom(rows.front()));
}

StatusOr<std::vector<WageRecord>> SqlLabourMarketRepository::ListWagesInGroup(
    std::string_view area_code, std::string_view soc_code) {
  auto [first, last] = GroupRange(soc_code);
  RESKILL_ASSIGN_OR_RETURN(auto rows, conn_.Query(q_.Get("select_labour_wages_in_group"),
                                                  {std::string(area_code), first, last}));
  std::vector<WageRecord> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(WageFrom(r));
  return out;
}

StatusOr<std::vector<Projection>> SqlLabourMarketRepository::ListProjectionsInGroup(
    std::string_view soc_code) {
  auto [first, last] = GroupRange(soc_code);
  RESKILL_ASSIGN_OR_RETURN(
      auto rows, conn_.Query(q_.Get("select_labour_projections_in_group"), {first, last}));
  return ProjectionsFrom(rows);
}

StatusOr<std::vector<WageRecord>> SqlLabourMarketRepository::ListWages(std::string_view area_code,
                                                                       int year) {
  RESKILL_ASSIGN_OR_RETURN(auto rows, conn_.Query(q_.Get("select_labour_wages_by_area_year"),
                                                  {std::string(area_code), std::int64_t{year}}));
  std::vector<WageRecord> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(WageFrom(r));
  return out;
}

StatusOr<std::vector<Projection>> SqlLabourMarketRepository::ListProjections(
    const ProjectionPeriod& period) {
  RESKILL_ASSIGN_OR_RETURN(
      auto rows, conn_.Query(q_.Get("select_labour_projections_by_period"), {period.Key()}));
  return ProjectionsFrom(rows);
}

StatusOr<std::vector<app::WageDataset>> SqlLabourMarketRepository::ListWageDatasets() {
  RESKILL_ASSIGN_OR_RETURN(auto rows, conn_.Query(q_.Get("select_labour_wage_datasets"), {}));
  std::vector<app::WageDataset> out;
  for (const auto& r : rows) {
    out.push_back({r.Text(0), r.Text(1), static_cast<int>(r.Int(2)), r.Int(3)});
  }
  return out;
}

StatusOr<std::vector<app::ProjectionDataset>> SqlLabourMarketRepository::ListProjectionDatasets() {
  RESKILL_ASSIGN_OR_RETURN(auto rows, conn_.Query(q_.Get("select_labour_projection_datasets"), {}));
  std::vector<app::ProjectionDataset> out;
  for (const auto& r : rows) {
    out.push_back({{static_cast<int>(r.Int(0)), static_cast<int>(r.Int(1))}, r.Int(2)});
  }
  return out;
}

StatusOr<std::vector<app::OccupationSearchHit>> SqlOccupationSearch::Search(
    const domain::catalog::SearchTerms& terms, bool any_word, int limit) {
  const std::string words = terms.Joined();
  const std::int64_t any = any_word ? 1 : 0;
  const std::int64_t prefix = terms.prefix_last ? 1 : 0;
  // The words, the any-word flag and the prefix flag, once for occupation titles and once for
  // alternate titles (queries/occupation_search.sql).
  RESKILL_ASSIGN_OR_RETURN(
      auto rows, conn_.Query(q_.Get("search_occupation_titles"),
                             {words, any, prefix, words, any, prefix, std::int64_t{limit}}));
  std::vector<app::OccupationSearchHit> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    app::OccupationSearchHit hit;
    hit.code = r.Text(0);
    hit.title = r.Text(1);
    const auto kind = r.Int(2);
    hit.kind = kind == 0   ? app::TitleKind::kTitle
               : kind == 1 ? app::TitleKind::kAlternateTitle
                           : app::TitleKind::kShortTitle;
    hit.matched_title = r.Text(3);
    hit.job_zone = static_cast<int>(r.Int(4));
    hit.score = r.Real(5);
    out.push_back(std::move(hit));
  }
  return out;
}

}  // namespace reskill::storage
