// Provider activity reports (issue 5 item 5): reading LinkedIn Learning's Learner Summary and
// Coursera's Usage report (CSV, RFC 4180), and the rule that turns the cumulative figures of a row
// into additions to the learning facts without ever counting anything twice. Layouts and rule:
// docs/lrs-imports.md. Pure functions; thread-safe. A row's e-mail is contact data: callers use it
// to find the client and never store or log it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/time.hpp"

namespace reskill::domain::activity {

/// Report layouts; the names are the values of `--provider` and `?provider=`: do not rename.
enum class ReportLayout { kLinkedInLearning, kCoursera };
std::optional<ReportLayout> ParseReportLayout(std::string_view name);
std::string_view ReportLayoutName(ReportLayout layout);
/// The account homePage of the actor an import writes a client's activity through.
std::string_view ReportHomePage(ReportLayout layout);

/// A format error: 1-based line (the header is line 1) and the column's header name ("" for
/// the whole row or file).
struct ReportError {
  int line = 0;
  std::string column;
  std::string message;
};

/// One row, validated. Figures are cumulative over the row's period (LinkedIn Learning: the
/// report's range; Coursera: since enrolment).
struct ReportRow {
  int line = 0;
  std::string user_id;       ///< "Unique User ID" / "External Id", trimmed (may be empty).
  std::string email;         ///< Contact data (may be empty): for matching only.
  std::string item;          ///< "" (LinkedIn Learning learner totals) or the Coursera course key.
  std::string period_start;  ///< LinkedIn Learning: "YYYY-MM-DD"; Coursera: "".
  std::string period_end;
  std::int64_t seconds = 0;      ///< Hours Viewed / Estimated Learning Hours.
  std::int64_t views = 0;        ///< Course Views.
  std::int64_t completions = 0;  ///< Course Completions; Coursera: 1 when Completed.
  std::int64_t days_active = 0;  ///< Days Logged In.
  std::int64_t progress = 0;     ///< Overall Progress, per mille.
  std::optional<Timestamp> enrolled_at;
  std::optional<Timestamp> last_activity_at;
  std::optional<Timestamp> completed_at;
};

struct ParsedReport {
  std::vector<ReportRow> rows;
  std::vector<ReportError> errors;  ///< Every format error; import nothing when not empty.
};

/// The report period of a LinkedIn Learning file without "Start Day (PST/PDT)" and
/// "End Day (PST/PDT)" columns ("YYYY-MM-DD"; empty when not given).
struct ReportPeriod {
  std::string start;
  std::string end;
};

/// Reads a report of `layout`. Checks the header (every required column), every value (numbers,
/// durations, dates, yes/no) and the period, and lists every error found.
ParsedReport ParseReport(ReportLayout layout, std::string_view csv, const ReportPeriod& period);

/// The figures last imported for one client and item.
struct ImportedFigures {
  std::string period_start;
  std::string period_end;
  std::int64_t seconds = 0;
  std::int64_t views = 0;
  std::int64_t completions = 0;
  std::int64_t days_active = 0;
  std::int64_t progress = 0;
  bool started = false;
  std::optional<Timestamp> last_activity_at;
};

/// What to add to one learning_day row ("measured" or "estimated").
struct DayAddition {
  std::string day;
  std::string source;
  std::int64_t seconds = 0;
  std::int64_t started = 0;
  std::int64_t progressed = 0;
  std::int64_t completed = 0;
  Timestamp at;  ///< The activity time the row stands for.
};

struct Increment {
  std::vector<DayAddition> additions;  ///< Empty when nothing grew.
  ImportedFigures next;                ///< What to store as last imported.
  std::string skipped;                 ///< Why the row counts nothing and changes nothing.
};

/// The increase of `row` over `previous` (absent: nothing imported yet), per the rule of
/// docs/lrs-imports.md: figures only ever grow, only the growth is added, on the row's day.
Increment ComputeIncrement(ReportLayout layout, const std::optional<ImportedFigures>& previous,
                           const ReportRow& row);

}  // namespace reskill::domain::activity
