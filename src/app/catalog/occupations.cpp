#include "app/catalog/occupations.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "common/strings.hpp"
#include "domain/catalog/labour_market.hpp"
#include "domain/catalog/search_terms.hpp"

namespace reskill::app {

namespace {

using domain::catalog::TitleMatch;

// Titles fetched from the index per search before grouping them by occupation. The index ranks
// every matching occupation title and at most 300 alternate titles, weighting occupation titles
// tenfold, so an occupation's own title is not crowded out by the many alternate titles that
// share a common word ("manager"); see queries/occupation_search.sql.
constexpr int kCandidates = 300;

// Steps of the result order (lower first); see SearchOccupations.
constexpr int kSteps = 7;
int StepOf(TitleKind kind, TitleMatch match) {
  const bool own = kind == TitleKind::kTitle;
  switch (match) {
    case TitleMatch::kExact: return own ? 0 : 2;
    case TitleMatch::kPhrase: return own ? 1 : 3;
    case TitleMatch::kAllWords: return own ? 4 : 5;
    case TitleMatch::kPartial: return 6;
  }
  return 6;
}

OccupationMatch MatchOf(TitleKind kind) {
  switch (kind) {
    case TitleKind::kTitle: return OccupationMatch::kTitle;
    case TitleKind::kAlternateTitle: return OccupationMatch::kAlternateTitle;
    case TitleKind::kShortTitle: return OccupationMatch::kShortTitle;
  }
  return OccupationMatch::kTitle;
}

struct Ranked {
  OccupationSearchResult result;
  int step = kSteps;
  int titles = 0;     // how many of the occupation's titles matched
  double engine = 0;  // the index's relevance of the best title, higher is better
};

std::vector<OccupationSearchResult> Rank(const domain::catalog::SearchTerms& terms,
                                         const std::vector<OccupationSearchHit>& hits, int limit) {
  std::map<std::string, Ranked> by_code;
  for (const auto& hit : hits) {
    const int step =
        StepOf(hit.kind, domain::catalog::ClassifyTitleMatch(terms, hit.matched_title));
    Ranked& r = by_code[hit.code];
    ++r.titles;
    if (step < r.step || (step == r.step && hit.score > r.engine)) {
      r.step = step;
      r.engine = hit.score;
      r.result.code = hit.code;
      r.result.title = hit.title;
      r.result.job_zone = hit.job_zone;
      r.result.matched_title = hit.matched_title;
      r.result.match = MatchOf(hit.kind);
    }
  }
  std::vector<Ranked> ranked;
  ranked.reserve(by_code.size());
  for (auto& [code, r] : by_code) ranked.push_back(std::move(r));
  std::sort(ranked.begin(), ranked.end(), [](const Ranked& a, const Ranked& b) {
    if (a.step != b.step) return a.step < b.step;
    // An occupation known by many matching titles ("CNA" is the short title of seven Nursing
    // Assistants titles and of one Home Health Aides title) is the likelier one.
    if (a.titles != b.titles) return a.titles > b.titles;
    if (a.engine != b.engine) return a.engine > b.engine;
    return a.result.code < b.result.code;
  });
  if (static_cast<int>(ranked.size()) > limit) ranked.resize(static_cast<std::size_t>(limit));
  std::vector<OccupationSearchResult> out;
  out.reserve(ranked.size());
  for (auto& r : ranked) {
    // The step gives the integer part, the index's relevance (squashed into [0, 1)) the rest.
    const double engine = std::max(0.0, r.engine);
    r.result.score = std::round(((kSteps - 1 - r.step) + engine / (1.0 + engine)) * 1e4) / 1e4;
    out.push_back(std::move(r.result));
  }
  return out;
}

using domain::catalog::Projection;
using domain::catalog::WageRecord;

// Every stored occupation, by code.
StatusOr<std::vector<domain::catalog::Occupation>> AllOccupations(UnitOfWork& uow) {
  std::vector<domain::catalog::Occupation> out;
  OccupationListQuery page;
  page.limit = 1000;
  while (true) {
    RESKILL_ASSIGN_OR_RETURN(auto occupations, uow.occupations().List(page));
    const bool last = static_cast<int>(occupations.size()) < page.limit;
    for (auto& o : occupations) out.push_back(std::move(o));
    if (last || out.empty()) break;
    page.after_code = out.back().code;
  }
  return out;
}

// The SOC codes of the stored O*NET occupations in the broad group of `onet_code`.
StatusOr<domain::catalog::SocCodeSet> OnetSocCodesInGroup(UnitOfWork& uow,
                                                          std::string_view onet_code) {
  OccupationListQuery query;
  query.soc_prefix = std::string(onet_code.substr(0, 6));
  query.limit = 1000;
  RESKILL_ASSIGN_OR_RETURN(auto occupations, uow.occupations().List(query));
  domain::catalog::SocCodeSet out;
  for (const auto& o : occupations) out.insert(domain::catalog::SocCodeOf(o.code));
  return out;
}

// From rows of one broad group (newest data set first, as the port returns them), the figures
// of the newest data set that has any for `onet_code`.
template <typename Matched, typename Row, typename Version>
std::optional<Matched> PickNewest(std::string_view onet_code,
                                  const domain::catalog::SocCodeSet& onet_soc_codes,
                                  const std::vector<Row>& rows, Version version) {
  std::size_t i = 0;
  while (i < rows.size()) {
    std::size_t end = i;
    domain::catalog::SocCodeSet published;
    while (end < rows.size() && version(rows[end]) == version(rows[i])) {
      published.insert(rows[end].soc_code);
      ++end;
    }
    if (auto soc = domain::catalog::ResolveSocCode(onet_code, published, onet_soc_codes)) {
      for (std::size_t k = i; k < end; ++k) {
        if (rows[k].soc_code == soc->soc_code) return Matched{rows[k], soc->match};
      }
    }
    i = end;
  }
  return std::nullopt;
}

// Removes the last UTF-8 character of `word` (not just a byte: the database must see valid text).
void DropLastCharacter(std::string& word) {
  while (!word.empty() && (static_cast<unsigned char>(word.back()) & 0xC0) == 0x80) {
    word.pop_back();
  }
  if (!word.empty()) word.pop_back();
}

Status CheckLimit(int limit, int max) {
  if (limit < 1 || limit > max) {
    return InvalidArgument("limit must be between 1 and " + std::to_string(max), "limit");
  }
  return Status::Ok();
}

Status CheckJobZone(int zone, const char* field) {
  if (zone < 0 || zone > 5) return InvalidArgument("a job zone is 1 to 5 (0: any)", field);
  return Status::Ok();
}

}  // namespace

std::string_view OccupationMatchName(OccupationMatch match) {
  switch (match) {
    case OccupationMatch::kCode: return "code";
    case OccupationMatch::kTitle: return "title";
    case OccupationMatch::kAlternateTitle: return "alternate_title";
    case OccupationMatch::kShortTitle: return "short_title";
  }
  return "title";
}

StatusOr<OccupationSearchResults> SearchOccupations::Run(std::string_view query, int limit) const {
  RESKILL_RETURN_IF_ERROR(CheckLimit(limit, kMaxLimit));
  const std::string_view trimmed = Trim(query);
  OccupationSearchResults results;
  if (domain::catalog::LooksLikeOccupationCode(trimmed)) {
    OccupationListQuery list;
    list.soc_prefix = std::string(trimmed);
    list.limit = limit;
    RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
      RESKILL_ASSIGN_OR_RETURN(auto occupations, uow.occupations().List(list));
      results.items.clear();
      for (auto& o : occupations) {
        results.items.push_back(
            {o.code, o.title, o.job_zone, o.title, OccupationMatch::kCode, kSteps});
      }
      return Status::Ok();
    }));
    return results;
  }

  RESKILL_ASSIGN_OR_RETURN(auto terms, domain::catalog::ParseSearchQuery(trimmed));
  std::vector<OccupationSearchHit> hits;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(hits, uow.occupation_search().Search(terms, false, kCandidates));
    results.partial = false;
    // Stemming folds word endings ("fitness" is indexed as "fit", "lawyer" as "lawyer" but
    // "lawy" is read as "lawi"), so a word typed halfway can miss: shorten it a letter at a time.
    domain::catalog::SearchTerms shorter = terms;
    while (hits.empty() && shorter.prefix_last &&
           shorter.words.back().size() > domain::catalog::kMinPrefixLength) {
      DropLastCharacter(shorter.words.back());
      RESKILL_ASSIGN_OR_RETURN(hits, uow.occupation_search().Search(shorter, false, kCandidates));
    }
    // Nothing has every word: fall back to titles with some of them, ranked below full matches.
    if (hits.empty() && terms.words.size() > 1) {
      RESKILL_ASSIGN_OR_RETURN(hits, uow.occupation_search().Search(terms, true, kCandidates));
      results.partial = !hits.empty();
    }
    return Status::Ok();
  }));
  results.items = Rank(terms, hits, limit);
  return results;
}

StatusOr<std::vector<domain::catalog::Occupation>> ListOccupations::Run(
    const OccupationListQuery& query) const {
  RESKILL_RETURN_IF_ERROR(CheckLimit(query.limit, kMaxLimit));
  RESKILL_RETURN_IF_ERROR(CheckJobZone(query.job_zone, "job_zone"));
  if (!query.after_code.empty() && !domain::catalog::ValidateOnetCode(query.after_code).ok()) {
    return InvalidArgument("after must be an O*NET-SOC code like 15-1252.00", "after");
  }
  std::vector<domain::catalog::Occupation> out;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(out, uow.occupations().List(query));
    return Status::Ok();
  }));
  return out;
}

StatusOr<OccupationProfile> GetOccupationProfile::Run(std::string_view code) const {
  RESKILL_RETURN_IF_ERROR(domain::catalog::ValidateOnetCode(code));
  using domain::catalog::ElementKind;
  OccupationProfile p;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
    auto& onet = uow.occupations();
    RESKILL_ASSIGN_OR_RETURN(auto occupation, onet.Find(code));
    if (!occupation) return NotFound("no occupation " + std::string(code));
    p.occupation = std::move(*occupation);
    RESKILL_ASSIGN_OR_RETURN(p.skills, onet.RatedElements(code, ElementKind::kSkill));
    RESKILL_ASSIGN_OR_RETURN(p.knowledge, onet.RatedElements(code, ElementKind::kKnowledge));
    RESKILL_ASSIGN_OR_RETURN(p.technology, onet.Technology(code));
    RESKILL_ASSIGN_OR_RETURN(p.tasks, onet.Tasks(code));
    RESKILL_ASSIGN_OR_RETURN(p.work_activities, onet.WorkActivities(code));
    RESKILL_ASSIGN_OR_RETURN(p.alternate_titles, onet.AlternateTitles(code));
    RESKILL_ASSIGN_OR_RETURN(p.education, onet.Education(code));
    RESKILL_ASSIGN_OR_RETURN(p.release, onet.CurrentRelease());
    RESKILL_ASSIGN_OR_RETURN(auto group, OnetSocCodesInGroup(uow, code));
    auto& labour = uow.labour_market();
    const std::string soc = domain::catalog::SocCodeOf(code);
    RESKILL_ASSIGN_OR_RETURN(auto wages,
                             labour.ListWagesInGroup(domain::catalog::kNationalAreaCode, soc));
    p.wages =
        PickNewest<MatchedWages>(code, group, wages, [](const WageRecord& w) { return w.year; });
    RESKILL_ASSIGN_OR_RETURN(auto projections, labour.ListProjectionsInGroup(soc));
    p.outlook = PickNewest<MatchedProjection>(code, group, projections, [](const Projection& pr) {
      return pr.period.base_year * 10000 + pr.period.projected_year;
    });
    return Status::Ok();
  }));
  // The port orders these already; the page's contract does not depend on the adapter doing so.
  std::stable_sort(p.technology.begin(), p.technology.end(),
                   [](const auto& a, const auto& b) { return a.hot && !b.hot; });
  const auto task_rank = [](const domain::catalog::Task& t) {
    return t.type == "Core" ? 0 : t.type == "Supplemental" ? 1 : 2;
  };
  std::stable_sort(p.tasks.begin(), p.tasks.end(),
                   [&](const auto& a, const auto& b) { return task_rank(a) < task_rank(b); });
  return p;
}

StatusOr<std::optional<domain::catalog::OnetRelease>> GetOnetRelease::Run() const {
  std::optional<domain::catalog::OnetRelease> release;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(release, uow.occupations().CurrentRelease());
    return Status::Ok();
  }));
  return release;
}

StatusOr<std::vector<InDemandOccupation>> ListInDemandOccupations::Run(
    const InDemandQuery& query) const {
  RESKILL_RETURN_IF_ERROR(CheckLimit(query.limit, kMaxLimit));
  RESKILL_RETURN_IF_ERROR(CheckJobZone(query.job_zone_max, "job_zone_max"));
  std::vector<domain::catalog::Occupation> occupations;
  std::vector<Projection> projections;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto periods, uow.labour_market().ListProjectionDatasets());
    if (periods.empty()) return Status::Ok();
    RESKILL_ASSIGN_OR_RETURN(projections,
                             uow.labour_market().ListProjections(periods.front().period));
    RESKILL_ASSIGN_OR_RETURN(occupations, AllOccupations(uow));
    return Status::Ok();
  }));
  domain::catalog::SocCodeSet published;
  std::map<std::string, const Projection*, std::less<>> by_soc;
  for (const auto& pr : projections) {
    published.insert(pr.soc_code);
    by_soc.emplace(pr.soc_code, &pr);
  }
  domain::catalog::SocCodeSet onet_soc_codes;
  for (const auto& o : occupations) onet_soc_codes.insert(domain::catalog::SocCodeOf(o.code));

  std::vector<InDemandOccupation> out;
  for (auto& o : occupations) {
    if (!o.code.ends_with(".00")) continue;
    if (query.job_zone_max > 0 && (o.job_zone < 1 || o.job_zone > query.job_zone_max)) continue;
    auto soc = domain::catalog::ResolveSocCode(o.code, published, onet_soc_codes);
    if (!soc) continue;
    const Projection& pr = *by_soc.at(soc->soc_code);
    if (pr.employment_change <= 0) continue;
    o.description.clear();
    out.push_back({std::move(o), {pr, soc->match}});
  }
  std::sort(out.begin(), out.end(), [](const InDemandOccupation& a, const InDemandOccupation& b) {
    const Projection& x = a.outlook.projection;
    const Projection& y = b.outlook.projection;
    if (x.annual_openings != y.annual_openings) return x.annual_openings > y.annual_openings;
    if (x.change_percent != y.change_percent) return x.change_percent > y.change_percent;
    return a.occupation.code < b.occupation.code;
  });
  if (static_cast<int>(out.size()) > query.limit) out.resize(static_cast<std::size_t>(query.limit));
  return out;
}

}  // namespace reskill::app
