#include "importers/bls_reader.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <iterator>
#include <map>
#include <system_error>
#include <tuple>

#include "common/strings.hpp"

namespace reskill::importers {

namespace {

using domain::catalog::Projection;
using domain::catalog::SocGroup;
using domain::catalog::WageFigure;
using domain::catalog::WageRecord;
using domain::catalog::WageStatistic;

struct CsvRow {
  int line = 0;  // physical line the row starts on (1-based)
  std::vector<std::string> fields;
};

Status LineError(std::string_view file, int line, const std::string& message) {
  return InvalidArgument(std::string(file) + ":" + std::to_string(line) + ": " + message,
                         std::string(file));
}

// RFC 4180: comma-separated, fields optionally in double quotes with "" for a quote; quoted
// fields may span lines. CRLF and a UTF-8 byte-order mark are accepted; blank lines skipped.
StatusOr<std::vector<CsvRow>> ParseCsv(std::string_view text, std::string_view file) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  std::vector<CsvRow> rows;
  CsvRow row;
  std::string field;
  int line = 1;
  row.line = 1;
  bool quoted = false;      // inside a quoted field
  bool was_quoted = false;  // the current field was quoted (only a separator may follow)
  bool row_has_data = false;
  const auto end_field = [&]() {
    row.fields.push_back(std::move(field));
    field.clear();
    was_quoted = false;
  };
  const auto end_row = [&]() {
    end_field();
    if (row_has_data) rows.push_back(std::move(row));
    row = CsvRow{};
    row_has_data = false;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = false;
          was_quoted = true;
        }
      } else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    if (c == ',') {
      end_field();
      row_has_data = true;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      end_row();
      ++line;
      row.line = line;
    } else if (was_quoted) {
      return LineError(file, line, "unexpected text after a closing quote");
    } else if (c == '"' && field.empty()) {
      quoted = true;
      row_has_data = true;
    } else {
      field += c;
      row_has_data = true;
    }
  }
  if (quoted) return LineError(file, row.line, "a quoted field is not closed");
  end_row();
  return rows;
}

StatusOr<std::string> ReadWholeFile(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return NotFound("no such file: " + path.string());
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Unavailable("cannot read " + path.string());
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return Unavailable("cannot read " + path.string());
  return content;
}

// The CSV's header as a case-insensitive name → index map, and every row checked for UTF-8 and
// its field count.
struct Table {
  std::map<std::string, std::size_t> columns;  // lower-case name → index
  std::vector<CsvRow> rows;                    // data rows only

  std::optional<std::size_t> Find(std::string_view name) const {
    auto it = columns.find(ToLower(name));
    if (it == columns.end()) return std::nullopt;
    return it->second;
  }
};

StatusOr<Table> ReadTable(std::string_view text, std::string_view file) {
  RESKILL_ASSIGN_OR_RETURN(auto rows, ParseCsv(text, file));
  if (rows.empty()) return LineError(file, 1, "the file is empty");
  Table table;
  for (const auto& row : rows) {
    for (const auto& f : row.fields) {
      if (!IsValidUtf8(f)) return LineError(file, row.line, "not valid UTF-8 (save as UTF-8)");
    }
  }
  const CsvRow& header = rows.front();
  for (std::size_t i = 0; i < header.fields.size(); ++i) {
    const std::string name = ToLower(Trim(header.fields[i]));
    if (name.empty()) continue;
    if (!table.columns.emplace(name, i).second) {
      return LineError(file, header.line, "column " + name + " appears twice");
    }
  }
  const std::size_t width = header.fields.size();
  for (std::size_t r = 1; r < rows.size(); ++r) {
    if (rows[r].fields.size() != width) {
      return LineError(file, rows[r].line,
                       "expected " + std::to_string(width) + " fields, found " +
                           std::to_string(rows[r].fields.size()));
    }
    table.rows.push_back(std::move(rows[r]));
  }
  return table;
}

StatusOr<std::size_t> Require(const Table& table, std::string_view file, std::string_view name) {
  if (auto i = table.Find(name)) return *i;
  return LineError(file, 1, "missing column " + std::string(name));
}

// A plain decimal number ("49500", "32.66", "1,234.5", "-2.1"); nullopt otherwise.
std::optional<double> ParseNumber(std::string_view text) {
  std::string digits;
  for (char c : Trim(text)) {
    if (c != ',') digits += c;
  }
  if (digits.empty()) return std::nullopt;
  double value = 0;
  const char* begin = digits.data();
  const char* end = digits.data() + digits.size();
  const auto r = std::from_chars(begin, end, value, std::chars_format::fixed);
  if (r.ec != std::errc() || r.ptr != end || !std::isfinite(value)) return std::nullopt;
  return value;
}

// ---- OEWS ---------------------------------------------------------------------------------------

constexpr WageStatistic kStatistics[] = {WageStatistic::kMean,  WageStatistic::kPct10,
                                         WageStatistic::kPct25, WageStatistic::kMedian,
                                         WageStatistic::kPct75, WageStatistic::kPct90};
constexpr std::string_view kStatisticSuffix[] = {"MEAN",   "PCT10", "PCT25",
                                                 "MEDIAN", "PCT75", "PCT90"};

std::string_view AreaTypeCode(OewsAreaType t) {
  switch (t) {
    case OewsAreaType::kNational: return "1";
    case OewsAreaType::kState: return "2";
    case OewsAreaType::kTerritory: return "3";
    case OewsAreaType::kMetro: return "4";
    case OewsAreaType::kNonmetro: return "6";
    case OewsAreaType::kAll: return "";
  }
  return "1";
}

// One OEWS wage cell: a number, '*' (not available) or '#' (top-coded at `cap`).
StatusOr<WageFigure> ParseWage(std::string_view text, double cap, std::string_view column,
                               std::string_view file, int line) {
  const auto t = Trim(text);
  if (t == "*") return WageFigure{};
  if (t == "#") return WageFigure{cap, true};
  auto n = ParseNumber(t);
  if (!n || *n < 0) {
    return LineError(file, line,
                     std::string(column) + " \"" + std::string(t) +
                         "\" is not a wage, '*' (not available) or '#' (top-coded)");
  }
  return WageFigure{*n, false};
}

}  // namespace

std::optional<OewsAreaType> ParseOewsAreaType(std::string_view name) {
  if (name == "national") return OewsAreaType::kNational;
  if (name == "state") return OewsAreaType::kState;
  if (name == "territory") return OewsAreaType::kTerritory;
  if (name == "metro") return OewsAreaType::kMetro;
  if (name == "nonmetro") return OewsAreaType::kNonmetro;
  if (name == "all") return OewsAreaType::kAll;
  return std::nullopt;
}

std::optional<int> OewsYearFromFileName(std::string_view file_name) {
  const auto slash = file_name.find_last_of("/\\");
  if (slash != std::string_view::npos) file_name.remove_prefix(slash + 1);
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  for (std::size_t i = 0; i + 5 <= file_name.size(); ++i) {
    if (file_name[i] != 'M' && file_name[i] != 'm') continue;
    if (i > 0 && std::isalnum(static_cast<unsigned char>(file_name[i - 1]))) continue;
    const auto year = file_name.substr(i + 1, 4);
    if (!std::all_of(year.begin(), year.end(), digit)) continue;
    if (i + 5 < file_name.size() && digit(file_name[i + 5])) continue;
    const int y = std::stoi(std::string(year));
    if (y >= 1990 && y <= 2200) return y;
  }
  return std::nullopt;
}

namespace {

StatusOr<WageReadResult> ReadOewsText(std::string_view text, std::string_view file,
                                      const WageReadOptions& options) {
  WageReadResult result;
  result.year = options.year;
  if (result.year == 0) {
    auto year = OewsYearFromFileName(file);
    if (!year) {
      return InvalidArgument(std::string(file) +
                                 ": cannot tell the year of the estimates from the file name "
                                 "(BLS names them …_M2024…); pass --year",
                             std::string(file));
    }
    result.year = *year;
  }
  if (result.year < 1990 || result.year > 2200) {
    return InvalidArgument("the year " + std::to_string(result.year) + " is out of range", "year");
  }

  RESKILL_ASSIGN_OR_RETURN(Table table, ReadTable(text, file));
  RESKILL_ASSIGN_OR_RETURN(std::size_t c_area, Require(table, file, "AREA"));
  RESKILL_ASSIGN_OR_RETURN(std::size_t c_area_title, Require(table, file, "AREA_TITLE"));
  RESKILL_ASSIGN_OR_RETURN(std::size_t c_area_type, Require(table, file, "AREA_TYPE"));
  RESKILL_ASSIGN_OR_RETURN(std::size_t c_code, Require(table, file, "OCC_CODE"));
  RESKILL_ASSIGN_OR_RETURN(std::size_t c_title, Require(table, file, "OCC_TITLE"));
  RESKILL_ASSIGN_OR_RETURN(std::size_t c_group, Require(table, file, "O_GROUP"));
  RESKILL_ASSIGN_OR_RETURN(std::size_t c_emp, Require(table, file, "TOT_EMP"));
  std::size_t c_annual[std::size(kStatistics)];
  std::size_t c_hourly[std::size(kStatistics)];
  for (std::size_t s = 0; s < std::size(kStatistics); ++s) {
    const std::string suffix(kStatisticSuffix[s]);
    RESKILL_ASSIGN_OR_RETURN(c_annual[s], Require(table, file, "A_" + suffix));
    RESKILL_ASSIGN_OR_RETURN(c_hourly[s], Require(table, file, "H_" + suffix));
  }
  const auto c_industry = table.Find("I_GROUP");
  const auto c_ownership = table.Find("OWN_CODE");
  const std::string_view wanted_type = AreaTypeCode(options.area_type);

  // (area, SOC code) → index in result.records and the line it came from.
  std::map<std::pair<std::string, std::string>, std::pair<std::size_t, int>> seen;
  for (const CsvRow& row : table.rows) {
    ++result.rows_read;
    const auto cell = [&](std::size_t c) { return Trim(row.fields[c]); };
    const std::string group = ToLower(cell(c_group));
    if (group != "total" && group != "major" && group != "minor" && group != "broad" &&
        group != "detailed") {
      return LineError(file, row.line,
                       "O_GROUP \"" + std::string(cell(c_group)) +
                           "\" is not total, major, minor, broad or detailed");
    }
    const bool other_area = !wanted_type.empty() && cell(c_area_type) != wanted_type;
    const bool other_industry = c_industry && ToLower(cell(*c_industry)) != "cross-industry";
    const bool other_ownership =
        c_ownership && !cell(*c_ownership).empty() && cell(*c_ownership) != "1235";
    if (other_area || other_industry || other_ownership ||
        (group != "broad" && group != "detailed")) {
      ++result.rows_skipped;
      continue;
    }

    WageRecord w;
    w.area_code = std::string(cell(c_area));
    w.area_title = std::string(cell(c_area_title));
    w.soc_code = std::string(cell(c_code));
    w.occupation_title = std::string(cell(c_title));
    w.group = group == "broad" ? SocGroup::kBroad : SocGroup::kDetailed;
    w.year = result.year;
    if (w.area_code.empty() || w.area_title.empty()) {
      return LineError(file, row.line, "AREA and AREA_TITLE must not be empty");
    }
    if (!domain::catalog::ValidateSocCode(w.soc_code).ok()) {
      return LineError(file, row.line,
                       "OCC_CODE \"" + w.soc_code + "\" is not a SOC code like 15-1252");
    }
    if (w.occupation_title.empty()) return LineError(file, row.line, "OCC_TITLE is empty");
    const auto emp = cell(c_emp);
    if (emp != "**") {
      auto n = ParseNumber(emp);
      if (!n || *n < 0 || *n != std::floor(*n)) {
        return LineError(
            file, row.line,
            "TOT_EMP \"" + std::string(emp) + "\" is not a count or '**' (not available)");
      }
      w.employment = static_cast<std::int64_t>(*n);
    }
    for (std::size_t s = 0; s < std::size(kStatistics); ++s) {
      const std::string suffix(kStatisticSuffix[s]);
      RESKILL_ASSIGN_OR_RETURN(w.annual.at(kStatistics[s]),
                               ParseWage(row.fields[c_annual[s]], domain::catalog::kAnnualWageCap,
                                         "A_" + suffix, file, row.line));
      RESKILL_ASSIGN_OR_RETURN(w.hourly.at(kStatistics[s]),
                               ParseWage(row.fields[c_hourly[s]], domain::catalog::kHourlyWageCap,
                                         "H_" + suffix, file, row.line));
    }

    auto key = std::make_pair(w.area_code, w.soc_code);
    auto it = seen.find(key);
    if (it != seen.end()) {
      WageRecord& earlier = result.records[it->second.first];
      // BLS lists a broad group that it publishes only as a whole twice, as "broad" and as
      // "detailed" (13-1020, 31-1120): one estimate; keep the detailed row.
      if (earlier.group != w.group) {
        if (w.group == SocGroup::kDetailed) earlier = std::move(w);
        ++result.rows_skipped;
        continue;
      }
      return LineError(file, row.line,
                       "OCC_CODE " + key.second + " appears twice for area " + key.first +
                           " (also on line " + std::to_string(it->second.second) + ")");
    }
    seen.emplace(std::move(key), std::make_pair(result.records.size(), row.line));
    result.records.push_back(std::move(w));
  }
  if (result.records.empty()) {
    return InvalidArgument(std::string(file) +
                               ": no detailed or broad cross-industry rows for the selected area "
                               "type",
                           std::string(file));
  }
  std::sort(result.records.begin(), result.records.end(),
            [](const WageRecord& a, const WageRecord& b) {
              return std::tie(a.area_code, a.soc_code) < std::tie(b.area_code, b.soc_code);
            });
  return result;
}

}  // namespace

StatusOr<WageReadResult> ReadOewsWages(std::istream& in, std::string_view file,
                                       const WageReadOptions& options) {
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return Unavailable("cannot read " + std::string(file));
  return ReadOewsText(text, file, options);
}

StatusOr<WageReadResult> ReadOewsWagesFile(const std::filesystem::path& path,
                                           const WageReadOptions& options) {
  RESKILL_ASSIGN_OR_RETURN(std::string content, ReadWholeFile(path));
  return ReadOewsText(content, path.filename().string(), options);
}

// ---- Employment Projections --------------------------------------------------------------------

namespace {

// BLS marks empty cells with an em dash.
bool IsDash(std::string_view t) {
  return t.empty() || t == "\u2014" || t == "-" || t == "\u2013";
}

// Thousands → people.
std::int64_t People(double thousands) {
  return std::llround(thousands * 1000.0);
}

StatusOr<double> RequireNumber(const CsvRow& row, std::size_t column, std::string_view name,
                               std::string_view file) {
  const auto t = Trim(row.fields[column]);
  auto n = ParseNumber(t);
  if (!n) {
    return LineError(file, row.line,
                     std::string(name) + " \"" + std::string(t) + "\" is not a number");
  }
  return *n;
}

StatusOr<WageFigure> ParseProjectionWage(std::string_view text, std::string_view file, int line) {
  auto t = Trim(text);
  if (IsDash(t)) return WageFigure{};
  bool top = false;
  for (std::string_view prefix : {std::string_view(">="), std::string_view("\u2265")}) {
    if (t.starts_with(prefix)) {
      top = true;
      t.remove_prefix(prefix.size());
    }
  }
  if (t.starts_with("$")) t.remove_prefix(1);
  auto n = ParseNumber(t);
  if (!n || *n < 0) {
    return LineError(file, line,
                     "median_annual_wage \"" + std::string(Trim(text)) +
                         "\" is not a wage, \">=$…\" (top-coded) or \"\u2014\"");
  }
  return WageFigure{*n, top};
}

// emp_2024_k → 2024.
std::optional<int> EmploymentYear(std::string_view column) {
  if (column.size() != 10 || !column.starts_with("emp_") || !column.ends_with("_k")) {
    return std::nullopt;
  }
  const auto digits = column.substr(4, 4);
  int year = 0;
  const auto r = std::from_chars(digits.data(), digits.data() + 4, year);
  if (r.ec != std::errc() || r.ptr != digits.data() + 4) return std::nullopt;
  return year;
}

StatusOr<ProjectionReadResult> ReadProjectionsText(std::string_view text, std::string_view file) {
  RESKILL_ASSIGN_OR_RETURN(Table table, ReadTable(text, file));

  std::vector<std::pair<int, std::size_t>> employment;  // (year, column)
  std::optional<std::size_t> c_wage;
  for (const auto& [name, index] : table.columns) {
    if (auto year = EmploymentYear(name)) employment.emplace_back(*year, index);
    if (name == "median_annual_wage" || name.starts_with("median_annual_wage_")) c_wage = index;
  }
  std::sort(employment.begin(), employment.end());
  if (employment.size() != 2 || employment[0].first >= employment[1].first) {
    return LineError(file, 1,
                     "expected two employment columns emp_BASEYEAR_k and emp_PROJECTEDYEAR_k");
  }
  if (!c_wage) return LineError(file, 1, "missing column median_annual_wage");
  RESKILL_ASSIGN_OR_RETURN(std::size_t c_title, Require(table, file, "title"));
  RESKILL_ASSIGN_OR_RETURN(std::size_t c_code, Require(table, file, "soc_code"));
  RESKILL_ASSIGN_OR_RETURN(std::size_t c_type, Require(table, file, "occupation_type"));
  RESKILL_ASSIGN_OR_RETURN(std::size_t c_change, Require(table, file, "emp_change_k"));
  RESKILL_ASSIGN_OR_RETURN(std::size_t c_change_pct, Require(table, file, "emp_change_pct"));
  RESKILL_ASSIGN_OR_RETURN(std::size_t c_openings, Require(table, file, "openings_annual_avg_k"));
  RESKILL_ASSIGN_OR_RETURN(std::size_t c_education,
                           Require(table, file, "typical_entry_education"));
  RESKILL_ASSIGN_OR_RETURN(std::size_t c_experience, Require(table, file, "work_experience"));
  RESKILL_ASSIGN_OR_RETURN(std::size_t c_ojt, Require(table, file, "typical_ojt"));

  ProjectionReadResult result;
  result.period = {employment[0].first, employment[1].first};
  std::map<std::string, int> seen;  // SOC code → line
  for (const CsvRow& row : table.rows) {
    ++result.rows_read;
    const auto cell = [&](std::size_t c) { return Trim(row.fields[c]); };
    const std::string type = ToLower(cell(c_type));
    if (type == "summary") {
      ++result.summary_rows;
      continue;
    }
    if (type != "line item") {
      return LineError(file, row.line,
                       "occupation_type \"" + std::string(cell(c_type)) +
                           "\" is not \"Line item\" or \"Summary\"");
    }
    Projection p;
    p.soc_code = std::string(cell(c_code));
    p.title = std::string(cell(c_title));
    p.period = result.period;
    if (!domain::catalog::ValidateSocCode(p.soc_code).ok()) {
      return LineError(file, row.line,
                       "soc_code \"" + p.soc_code + "\" is not a SOC code like 15-1252");
    }
    if (p.title.empty()) return LineError(file, row.line, "title is empty");
    RESKILL_ASSIGN_OR_RETURN(double base,
                             RequireNumber(row, employment[0].second, "employment", file));
    RESKILL_ASSIGN_OR_RETURN(double projected,
                             RequireNumber(row, employment[1].second, "employment", file));
    RESKILL_ASSIGN_OR_RETURN(double change, RequireNumber(row, c_change, "emp_change_k", file));
    RESKILL_ASSIGN_OR_RETURN(p.change_percent,
                             RequireNumber(row, c_change_pct, "emp_change_pct", file));
    RESKILL_ASSIGN_OR_RETURN(double openings,
                             RequireNumber(row, c_openings, "openings_annual_avg_k", file));
    if (base < 0 || projected < 0 || openings < 0) {
      return LineError(file, row.line, "employment and openings cannot be negative");
    }
    p.employment_base = People(base);
    p.employment_projected = People(projected);
    p.employment_change = People(change);
    p.annual_openings = People(openings);
    RESKILL_ASSIGN_OR_RETURN(p.median_annual_wage,
                             ParseProjectionWage(row.fields[*c_wage], file, row.line));
    for (auto [column, target] :
         {std::pair{c_education, &p.entry_education}, std::pair{c_experience, &p.work_experience},
          std::pair{c_ojt, &p.on_the_job_training}}) {
      const auto t = cell(column);
      if (!IsDash(t)) *target = std::string(t);
    }
    if (auto [it, inserted] = seen.emplace(p.soc_code, row.line); !inserted) {
      return LineError(file, row.line,
                       "soc_code " + p.soc_code + " appears twice (also on line " +
                           std::to_string(it->second) + ")");
    }
    result.projections.push_back(std::move(p));
  }
  if (result.projections.empty()) {
    return InvalidArgument(std::string(file) + ": no \"Line item\" rows", std::string(file));
  }
  std::sort(result.projections.begin(), result.projections.end(),
            [](const Projection& a, const Projection& b) { return a.soc_code < b.soc_code; });
  return result;
}

}  // namespace

StatusOr<ProjectionReadResult> ReadProjections(std::istream& in, std::string_view file) {
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return Unavailable("cannot read " + std::string(file));
  return ReadProjectionsText(text, file);
}

StatusOr<ProjectionReadResult> ReadProjectionsFile(const std::filesystem::path& path) {
  RESKILL_ASSIGN_OR_RETURN(std::string content, ReadWholeFile(path));
  return ReadProjectionsText(content, path.filename().string());
}

}  // namespace reskill::importers
