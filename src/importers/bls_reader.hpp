// Reads BLS labour-market files into domain values: OEWS wage estimates (the CSV form of BLS's
// national_M2024_dl.xlsx and its state/metro siblings) and Employment Projections Table 1.2
// (occupation.xlsx, Table 1.2, as CSV). Rejects a wrong layout, invalid UTF-8, malformed numbers
// and duplicate SOC codes, naming file and line; nothing is written here. An adapter over the
// file system; stateless and thread-safe.
#pragma once

#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.hpp"
#include "domain/catalog/labour_market.hpp"

namespace reskill::importers {

/// Which OEWS areas to read, by the file's AREA_TYPE column.
enum class OewsAreaType {
  kNational,   ///< AREA_TYPE 1, the U.S. (area "99")
  kState,      ///< 2
  kTerritory,  ///< 3
  kMetro,      ///< 4, metropolitan statistical areas
  kNonmetro,   ///< 6, nonmetropolitan areas
  kAll,        ///< every row, whatever its area type
};

/// "national", "state", "territory", "metro", "nonmetro", "all".
std::optional<OewsAreaType> ParseOewsAreaType(std::string_view name);

struct WageReadOptions {
  OewsAreaType area_type = OewsAreaType::kNational;
  /// Reference year of the estimates; 0: taken from the file name (OewsYearFromFileName).
  int year = 0;
};

/// What ReadOewsWages found.
struct WageReadResult {
  int year = 0;
  /// Detailed and broad SOC rows of the selected areas (cross-industry, all ownerships), ordered
  /// by area then SOC code.
  std::vector<domain::catalog::WageRecord> records;
  std::int64_t rows_read = 0;     ///< Data rows in the file.
  std::int64_t rows_skipped = 0;  ///< Other areas, industries, ownerships; total/major/minor.
};

/// Reads an OEWS CSV. Required columns (any case): AREA, AREA_TITLE, AREA_TYPE, OCC_CODE,
/// OCC_TITLE, O_GROUP, TOT_EMP and the wage columns H_MEAN, A_MEAN, H_/A_PCT10, PCT25, MEDIAN,
/// PCT75, PCT90. When present, I_GROUP must be "cross-industry" and OWN_CODE 1235 (all
/// ownerships) for a row to be kept. '*' is stored as not available, '#' as top-coded at the
/// cap, '**' employment as unknown. A broad row whose code is also listed as detailed is the same
/// estimate and is kept once. Errors: kInvalidArgument "FILE:LINE: …" (field: the file name) for
/// a missing column, a malformed row or number, invalid UTF-8, a SOC code listed twice for an
/// area, no usable row, or a year that neither `options` nor the file name gives.
StatusOr<WageReadResult> ReadOewsWages(std::istream& in, std::string_view file_name,
                                       const WageReadOptions& options);
/// ReadOewsWages on a file; kNotFound when it does not exist, kUnavailable when unreadable.
StatusOr<WageReadResult> ReadOewsWagesFile(const std::filesystem::path& path,
                                           const WageReadOptions& options);

/// What ReadProjections found.
struct ProjectionReadResult {
  domain::catalog::ProjectionPeriod period;
  std::vector<domain::catalog::Projection> projections;  ///< "Line item" rows, by SOC code.
  std::int64_t rows_read = 0;
  std::int64_t summary_rows = 0;  ///< Skipped "Summary" (aggregate) rows.
};

/// Reads Employment Projections Table 1.2 as CSV with the columns title, soc_code,
/// occupation_type, emp_BASE_k, emp_PROJECTED_k (thousands; the two years give the period),
/// emp_change_k, emp_change_pct, openings_annual_avg_k, median_annual_wage[_YEAR],
/// typical_entry_education, work_experience, typical_ojt (other columns are ignored). Wages
/// ">=$239,200" are top-coded, "—" is not available. Errors as ReadOewsWages.
StatusOr<ProjectionReadResult> ReadProjections(std::istream& in, std::string_view file_name);
/// ReadProjections on a file; kNotFound when it does not exist, kUnavailable when unreadable.
StatusOr<ProjectionReadResult> ReadProjectionsFile(const std::filesystem::path& path);

/// The estimates' year from an OEWS file name: "oews_national_M2024.csv" → 2024 (BLS names
/// its files after the May reference month, "M" + year). nullopt when the name has no such part.
std::optional<int> OewsYearFromFileName(std::string_view file_name);

}  // namespace reskill::importers
