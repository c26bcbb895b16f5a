// Labour-market data per SOC code: BLS Occupational Employment and Wage Statistics (wages and
// employment per area and year) and BLS Employment Projections (growth and openings per
// projection period), and how an O*NET-SOC occupation finds its SOC figures. Global reference
// data, not owned by a tenant. Plain values and pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.hpp"

namespace reskill::domain::catalog {

/// BLS top-codes wages it does not publish exactly ('#'): at or above these caps (OEWS May 2023
/// and May 2024 files, Employment Projections 2024–34).
inline constexpr double kAnnualWageCap = 239200.0;
inline constexpr double kHourlyWageCap = 115.0;

/// The area every national file uses (OEWS AREA "99", "U.S.").
inline constexpr std::string_view kNationalAreaCode = "99";

/// One published wage figure.
struct WageFigure {
  std::optional<double> amount;  ///< US dollars; nullopt when BLS publishes '*' (not available).
  bool top_coded = false;        ///< BLS '#': the true value is at least `amount` (the cap).

  friend bool operator==(const WageFigure&, const WageFigure&) = default;
};

/// The statistics BLS publishes per pay period. Persisted as bit positions of the top-coded
/// mask (WageRecord::TopCodedMask): do not renumber.
enum class WageStatistic { kMean = 0, kPct10 = 1, kPct25 = 2, kMedian = 3, kPct75 = 4, kPct90 = 5 };
inline constexpr int kWageStatisticCount = 6;

/// Mean and percentiles for one pay period (annual or hourly).
struct WageDistribution {
  WageFigure mean, pct10, pct25, median, pct75, pct90;

  WageFigure& at(WageStatistic s);
  const WageFigure& at(WageStatistic s) const;
  friend bool operator==(const WageDistribution&, const WageDistribution&) = default;
};

/// The level of a SOC code: detailed ("15-1252") or broad ("15-1250", a group ending in 0).
/// Persisted by name (SocGroupName): do not rename.
enum class SocGroup { kDetailed, kBroad };
std::string_view SocGroupName(SocGroup group);
std::optional<SocGroup> ParseSocGroup(std::string_view name);

/// OEWS estimates for one SOC code in one area and year (e.g. May 2024, U.S.).
struct WageRecord {
  std::string area_code;   ///< OEWS AREA: "99" for the U.S., a state FIPS code, an MSA code.
  std::string area_title;  ///< "U.S."
  std::string soc_code;    ///< "15-1252"
  std::string occupation_title;
  SocGroup group = SocGroup::kDetailed;
  int year = 0;                            ///< Reference year of the estimates (May of this year).
  std::optional<std::int64_t> employment;  ///< TOT_EMP; nullopt when BLS publishes '**'.
  WageDistribution annual;
  WageDistribution hourly;

  /// Bit i: annual statistic i is top-coded; bit 6+i: hourly statistic i.
  std::int64_t TopCodedMask() const;
  /// Sets the top-coded flags of every figure from `mask`.
  void ApplyTopCodedMask(std::int64_t mask);
  friend bool operator==(const WageRecord&, const WageRecord&) = default;
};

/// A projection period, e.g. 2024–2034.
struct ProjectionPeriod {
  int base_year = 0;
  int projected_year = 0;

  /// The storage key, "2024-2034".
  std::string Key() const;
  /// As BLS writes it, "2024–34".
  std::string Label() const;
  friend bool operator==(const ProjectionPeriod&, const ProjectionPeriod&) = default;
};

/// BLS Employment Projections for one SOC code over one period (Table 1.2 "Line item" rows).
struct Projection {
  std::string
      soc_code;  ///< Detailed ("29-1141") or, where BLS projects a group, broad ("31-1120").
  std::string title;
  ProjectionPeriod period;
  std::int64_t employment_base = 0;       ///< People employed in the base year.
  std::int64_t employment_projected = 0;  ///< People employed in the projected year.
  std::int64_t employment_change = 0;     ///< People; negative when declining.
  double change_percent = 0;              ///< Over the whole period.
  std::int64_t annual_openings = 0;       ///< Average openings per year (growth + replacement).
  WageFigure median_annual_wage;          ///< In the base year.
  std::string entry_education;            ///< "High school diploma or equivalent"; empty if none.
  std::string work_experience;            ///< "None", "Less than 5 years", …; empty if none.
  std::string on_the_job_training;        ///< "Short-term on-the-job training", …; empty if none.

  friend bool operator==(const Projection&, const Projection&) = default;
};

/// kInvalidArgument (field "soc_code") unless `code` has the shape "NN-NNNN".
Status ValidateSocCode(std::string_view code);
/// True for a broad SOC group code (six digits ending in 0, "15-1250").
bool IsBroadSocCode(std::string_view soc_code);
/// "15-1252" → "15-1250": the broad group a detailed SOC code belongs to.
std::string BroadSocCodeOf(std::string_view soc_code);

/// How BLS figures were found for an O*NET-SOC occupation. Wire-visible by name
/// (SocMatchName): do not rename.
enum class SocMatch {
  kDetailed,   ///< Under the occupation's own detailed SOC code.
  kAggregate,  ///< Under a code BLS uses for several detailed occupations ("21-1018").
  kBroad,      ///< Under the broad group ("31-1120").
};
std::string_view SocMatchName(SocMatch match);

/// A SOC code figures are published under, and how it relates to the occupation.
struct SocResolution {
  std::string soc_code;
  SocMatch match = SocMatch::kDetailed;
  friend bool operator==(const SocResolution&, const SocResolution&) = default;
};

using SocCodeSet = std::set<std::string, std::less<>>;

/// Under which SOC code BLS publishes figures for `onet_code`, given the codes a data set
/// publishes (`published`) and the SOC codes of the stored O*NET occupations (`onet_soc_codes`):
///  1. its detailed SOC code ("15-1252.00" → "15-1252") when published;
///  2. else an aggregate: the only published code of the same broad group that is neither the
///     broad code nor the SOC code of an O*NET occupation (BLS combines detailed occupations into
///     codes of its own: "21-1018" covers O*NET 21-1011 and 21-1014, "51-2028" 51-2022/51-2023);
///  3. else the broad group ("31-1120" covers 31-1121 and 31-1122) when published.
/// nullopt when none applies. Both sets may be limited to the occupation's broad group.
std::optional<SocResolution> ResolveSocCode(std::string_view onet_code, const SocCodeSet& published,
                                            const SocCodeSet& onet_soc_codes);

}  // namespace reskill::domain::catalog
