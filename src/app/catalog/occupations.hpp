// Use cases of browsing the occupation catalogue: searching occupations by title, listing them,
// one occupation's profile (O*NET content with BLS wages and outlook) and the in-demand list.
// The data is global reference data, so any staff member may read it (access is declared in the
// route table). Stateless beyond the AppContext reference; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/context.hpp"
#include "app/ports/labour_market_repository.hpp"
#include "app/ports/occupation_repository.hpp"
#include "app/ports/occupation_search.hpp"
#include "domain/catalog/labour_market.hpp"

namespace reskill::app {

/// What made an occupation a search result. Wire-visible by name (OccupationMatchName):
/// do not rename.
enum class OccupationMatch { kCode, kTitle, kAlternateTitle, kShortTitle };
std::string_view OccupationMatchName(OccupationMatch match);

/// One search result.
struct OccupationSearchResult {
  std::string code;
  std::string title;
  int job_zone = 0;
  std::string matched_title;  ///< The title that matched (the occupation's own for kTitle/kCode).
  OccupationMatch match = OccupationMatch::kTitle;
  /// Relevance, higher is better; only comparable within one response.
  double score = 0;
};

struct OccupationSearchResults {
  std::vector<OccupationSearchResult> items;
  /// True when no occupation matched every word and the results match only some of them.
  bool partial = false;
};

/// Finds occupations by title, alternate title or short title ("CNA"), tolerant of word order
/// and plural forms, or by O*NET-SOC code prefix ("15-12"). Order: the occupation's own title
/// equal to the query, then containing it as a phrase, then an alternate title equal, then
/// containing it, then titles and alternate titles with all the words in any order. Within a
/// step, occupations with more matching titles come first, then the database's rank (bm25 or
/// ts_rank), then the code.
/// kInvalidArgument (field "q": empty, only punctuation or stop words, over 200 bytes, not
/// UTF-8; field "limit": outside 1…50); kUnavailable.
class SearchOccupations {
 public:
  static constexpr int kMaxLimit = 50;
  explicit SearchOccupations(const AppContext& ctx) : ctx_(ctx) {}
  StatusOr<OccupationSearchResults> Run(std::string_view query, int limit) const;

 private:
  const AppContext& ctx_;
};

/// Lists occupations by code (keyset paging on `after_code`), optionally of one job zone or with
/// a code prefix. kInvalidArgument (field "limit": outside 1…200; "job_zone": outside 0…5;
/// "after": not an O*NET-SOC code); kUnavailable. Descriptions are included.
class ListOccupations {
 public:
  static constexpr int kMaxLimit = 200;
  explicit ListOccupations(const AppContext& ctx) : ctx_(ctx) {}
  StatusOr<std::vector<domain::catalog::Occupation>> Run(const OccupationListQuery& query) const;

 private:
  const AppContext& ctx_;
};

/// BLS figures for an occupation and the SOC code they were found under
/// (domain::catalog::ResolveSocCode).
struct MatchedWages {
  domain::catalog::WageRecord wages;
  domain::catalog::SocMatch match = domain::catalog::SocMatch::kDetailed;
};
struct MatchedProjection {
  domain::catalog::Projection projection;
  domain::catalog::SocMatch match = domain::catalog::SocMatch::kDetailed;
};

/// Everything an occupation page shows.
struct OccupationProfile {
  domain::catalog::Occupation occupation;
  std::vector<domain::catalog::RatedElement> skills;         ///< Most important first.
  std::vector<domain::catalog::RatedElement> knowledge;      ///< Most important first.
  std::vector<domain::catalog::TechnologySkill> technology;  ///< Hot technologies first.
  std::vector<domain::catalog::Task> tasks;                  ///< Core tasks first.
  std::vector<domain::catalog::DetailedWorkActivity> work_activities;
  std::vector<domain::catalog::AlternateTitle> alternate_titles;
  std::vector<domain::catalog::EducationRating> education;  ///< Scales RL, RW, PT, OJ.
  /// National OEWS estimates of the newest year stored.
  std::optional<MatchedWages> wages;
  /// The newest Employment Projections.
  std::optional<MatchedProjection> outlook;
  /// The O*NET release the content comes from (for the attribution).
  std::optional<domain::catalog::OnetRelease> release;
};

/// One occupation's profile, read in one transaction. kInvalidArgument (field "code") for a
/// malformed code; kNotFound for an unknown one; kUnavailable.
class GetOccupationProfile {
 public:
  explicit GetOccupationProfile(const AppContext& ctx) : ctx_(ctx) {}
  StatusOr<OccupationProfile> Run(std::string_view code) const;

 private:
  const AppContext& ctx_;
};

/// The O*NET release whose content is stored (for the attribution pages must show); nullopt
/// before the first import. kUnavailable.
class GetOnetRelease {
 public:
  explicit GetOnetRelease(const AppContext& ctx) : ctx_(ctx) {}
  StatusOr<std::optional<domain::catalog::OnetRelease>> Run() const;

 private:
  const AppContext& ctx_;
};

/// Filter of the in-demand list.
struct InDemandQuery {
  int limit = 20;        ///< 1…200
  int job_zone_max = 0;  ///< Only occupations of job zone 1…this; 0: any.
};

/// An O*NET occupation with the projection it is ranked by.
struct InDemandOccupation {
  domain::catalog::Occupation occupation;  ///< Without its description.
  MatchedProjection outlook;
};

/// The in-demand list: SOC-level O*NET occupations (codes ending ".00"; specialties share their
/// parent's figures) whose newest projection grows, ranked by annual openings, then growth
/// rate, then code. kInvalidArgument (field "limit": outside 1…200; "job_zone_max": outside
/// 0…5); kUnavailable. Empty before projections are imported.
class ListInDemandOccupations {
 public:
  static constexpr int kMaxLimit = 200;
  explicit ListInDemandOccupations(const AppContext& ctx) : ctx_(ctx) {}
  StatusOr<std::vector<InDemandOccupation>> Run(const InDemandQuery& query) const;

 private:
  const AppContext& ctx_;
};

}  // namespace reskill::app
