#include "domain/activity/provider_report.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>

#include "common/csv.hpp"
#include "common/strings.hpp"

namespace reskill::domain::activity {

namespace {

using namespace std::string_view_literals;

// Header names as the providers write them (matched without regard to case or surrounding
// blanks). Wire names: do not rename.
constexpr std::string_view kLiName = "Name";
constexpr std::string_view kLiEmail = "Email";
constexpr std::string_view kLiUserId = "Unique User ID";
constexpr std::string_view kLiDays = "Days Logged In";
constexpr std::string_view kLiHours = "Hours Viewed";
constexpr std::string_view kLiViews = "Course Views";
constexpr std::string_view kLiCompletions = "Course Completions";
constexpr std::string_view kLiStart = "Start Day (PST/PDT)";
constexpr std::string_view kLiEnd = "End Day (PST/PDT)";

constexpr std::string_view kCoEmail = "Email";
constexpr std::string_view kCoExternalId = "External Id";
constexpr std::string_view kCoCourse = "Course";
constexpr std::string_view kCoCourseId = "Course ID";
constexpr std::string_view kCoCourseSlug = "Course Slug";
constexpr std::string_view kCoEnrolled = "Enrollment Time";
constexpr std::string_view kCoLastActivity = "Last Course Activity Time";
constexpr std::string_view kCoProgress = "Overall Progress";
constexpr std::string_view kCoHours = "Estimated Learning Hours";
constexpr std::string_view kCoCompleted = "Completed";
constexpr std::string_view kCoCompletionTime = "Completion Time";

std::string Key(std::string_view header) {
  return ToLower(Trim(header));
}

// "YYYY-MM-DD" of a valid calendar day, from "YYYY-MM-DD" or "M/D/YYYY"; nullopt otherwise.
std::optional<std::string> ParseDay(std::string_view text) {
  std::string iso(text);
  if (text.find('/') != std::string_view::npos) {
    const auto parts = Split(text, '/');
    if (parts.size() != 3 || parts[0].empty() || parts[0].size() > 2 || parts[1].empty() ||
        parts[1].size() > 2 || parts[2].size() != 4) {
      return std::nullopt;
    }
    iso = std::string(parts[2]) + "-" + (parts[0].size() == 1 ? "0" : "") + std::string(parts[0]) +
          "-" + (parts[1].size() == 1 ? "0" : "") + std::string(parts[1]);
  }
  if (iso.size() != 10) return std::nullopt;
  const auto t = ParseIso8601(iso);
  // Round-trip: refuses days such as 2026-02-30 that a lenient parser would roll over.
  if (!t || FormatIso8601(*t).substr(0, 10) != iso) return std::nullopt;
  return iso;
}

// An instant from "YYYY-MM-DD", "YYYY-MM-DD HH:MM[:SS]", ISO 8601 with T, optional fraction and
// zone, or any of these followed by " UTC"; times without a zone are UTC.
std::optional<Timestamp> ParseTime(std::string_view text) {
  std::string s(Trim(text));
  if (s.size() > 4 && ToLower(s.substr(s.size() - 4)) == " utc") s = s.substr(0, s.size() - 4);
  if (s.size() == 10) {
    const auto day = ParseDay(s);
    if (!day) return std::nullopt;
    return ParseIso8601(*day);
  }
  if (s.size() < 16 || (s[10] != ' ' && s[10] != 'T')) return std::nullopt;
  s[10] = 'T';
  if (s.size() == 16) s += ":00";
  const bool has_zone =
      s.back() == 'Z' || (s.size() > 19 && (s[s.size() - 6] == '+' || s[s.size() - 6] == '-'));
  if (!has_zone) s += 'Z';
  if (!ParseDay(s.substr(0, 10))) return std::nullopt;
  return ParseIso8601(s);
}

std::optional<std::int64_t> ParseCount(std::string_view text) {
  const auto t = Trim(text);
  if (t.empty()) return 0;
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec != std::errc() || end != t.data() + t.size() || v < 0 || v > 1'000'000'000) {
    return std::nullopt;
  }
  return v;
}

std::optional<double> ParseDecimal(std::string_view text) {
  const auto t = Trim(text);
  if (t.empty()) return 0.0;
  double v = 0;
  const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec != std::errc() || end != t.data() + t.size() || !std::isfinite(v) || v < 0) {
    return std::nullopt;
  }
  return v;
}

// "H:MM:SS" (hours may exceed 24) → seconds.
std::optional<std::int64_t> ParseHms(std::string_view text) {
  const auto t = Trim(text);
  if (t.empty()) return 0;
  const auto parts = Split(t, ':');
  if (parts.size() != 3 || parts[1].size() != 2 || parts[2].size() != 2) return std::nullopt;
  std::int64_t v[3] = {0, 0, 0};
  for (int k = 0; k < 3; ++k) {
    const auto p = parts[static_cast<std::size_t>(k)];
    const auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), v[k]);
    if (p.empty() || ec != std::errc() || end != p.data() + p.size() || v[k] < 0) {
      return std::nullopt;
    }
  }
  if (v[1] > 59 || v[2] > 59 || v[0] > 1'000'000) return std::nullopt;
  return v[0] * 3600 + v[1] * 60 + v[2];
}

std::optional<bool> ParseYesNo(std::string_view text) {
  const std::string t = Key(text);
  if (t.empty() || t == "no" || t == "n" || t == "false" || t == "0") return false;
  if (t == "yes" || t == "y" || t == "true" || t == "1") return true;
  return std::nullopt;
}

std::string DayOf(Timestamp t) {
  return FormatIso8601(t).substr(0, 10);
}

// Noon UTC of a report day: LinkedIn Learning's days are Pacific days, and noon UTC falls within
// the Pacific day of the same date (04:00 or 05:00 there).
Timestamp NoonOf(const std::string& day) {
  return *ParseIso8601(day) + std::chrono::hours(12);
}

class RowReader {
 public:
  RowReader(const std::map<std::string, std::size_t>& columns, const CsvRecord& rec,
            std::vector<ReportError>& errors)
      : columns_(columns), rec_(rec), errors_(errors) {}

  bool Has(std::string_view column) const { return columns_.contains(Key(column)); }
  std::string Text(std::string_view column) const {
    auto it = columns_.find(Key(column));
    if (it == columns_.end() || it->second >= rec_.fields.size()) return {};
    return std::string(Trim(rec_.fields[it->second]));
  }
  void Error(std::string_view column, std::string message) {
    errors_.push_back({rec_.line, std::string(column), std::move(message)});
  }
  template <typename T, typename F>
  T Get(std::string_view column, F parse, std::string_view what, T fallback) {
    auto v = parse(Text(column));
    if (!v) {
      Error(column, std::string(what));
      return fallback;
    }
    return *v;
  }

 private:
  const std::map<std::string, std::size_t>& columns_;
  const CsvRecord& rec_;
  std::vector<ReportError>& errors_;
};

}  // namespace

std::optional<ReportLayout> ParseReportLayout(std::string_view name) {
  if (name == "linkedin-learning") return ReportLayout::kLinkedInLearning;
  if (name == "coursera") return ReportLayout::kCoursera;
  return std::nullopt;
}

std::string_view ReportLayoutName(ReportLayout layout) {
  switch (layout) {
    case ReportLayout::kLinkedInLearning: return "linkedin-learning";
    case ReportLayout::kCoursera: return "coursera";
  }
  return "";
}

std::string_view ReportHomePage(ReportLayout layout) {
  switch (layout) {
    case ReportLayout::kLinkedInLearning: return "https://www.linkedin.com/learning";
    case ReportLayout::kCoursera: return "https://www.coursera.org";
  }
  return "";
}

ParsedReport ParseReport(ReportLayout layout, std::string_view csv, const ReportPeriod& period) {
  ParsedReport out;
  if (!IsValidUtf8(csv)) {
    out.errors.push_back({1, "", "the file is not UTF-8 text"});
    return out;
  }
  const auto records = SplitCsvRecords(csv);
  if (records.empty()) {
    out.errors.push_back({1, "", "the file is empty"});
    return out;
  }
  std::map<std::string, std::size_t> columns;
  for (std::size_t c = 0; c < records[0].fields.size(); ++c) {
    columns.emplace(Key(records[0].fields[c]), c);
  }
  std::vector<std::string_view> required;
  if (layout == ReportLayout::kLinkedInLearning) {
    required = {kLiName, kLiEmail, kLiUserId, kLiDays, kLiHours, kLiViews, kLiCompletions};
  } else {
    required = {kCoEmail, kCoExternalId, kCoLastActivity,  kCoProgress,
                kCoHours, kCoCompleted,  kCoCompletionTime};
  }
  for (auto name : required) {
    if (!columns.contains(Key(name))) {
      out.errors.push_back({1, std::string(name), "the column is missing"});
    }
  }
  if (layout == ReportLayout::kCoursera && !columns.contains(Key(kCoCourseSlug)) &&
      !columns.contains(Key(kCoCourseId)) && !columns.contains(Key(kCoCourse))) {
    out.errors.push_back({1, std::string(kCoCourse),
                          "the column is missing (one of Course Slug, Course ID or Course)"});
  }
  // LinkedIn Learning figures count over the report's range: from its columns, else given.
  const bool period_columns = columns.contains(Key(kLiStart)) || columns.contains(Key(kLiEnd));
  std::optional<std::string> given_start;
  std::optional<std::string> given_end;
  if (layout == ReportLayout::kLinkedInLearning) {
    if (period_columns) {
      for (auto name : {kLiStart, kLiEnd}) {
        if (!columns.contains(Key(name))) {
          out.errors.push_back({1, std::string(name), "the column is missing"});
        }
      }
    } else if (period.start.empty() || period.end.empty()) {
      out.errors.push_back({1, std::string(kLiStart),
                            "the report has no Start Day (PST/PDT) and End Day (PST/PDT) "
                            "columns: give its period (from and to, YYYY-MM-DD)"});
    } else {
      given_start = ParseDay(period.start);
      given_end = ParseDay(period.end);
      if (!given_start) out.errors.push_back({0, "from", "not a day (YYYY-MM-DD)"});
      if (!given_end) out.errors.push_back({0, "to", "not a day (YYYY-MM-DD)"});
      if (given_start && given_end && *given_end < *given_start) {
        out.errors.push_back({0, "to", "the period ends before it starts"});
      }
    }
  }
  if (!out.errors.empty()) return out;

  for (std::size_t r = 1; r < records.size(); ++r) {
    const CsvRecord& rec = records[r];
    if (!rec.error.empty()) {
      out.errors.push_back({rec.line, "", rec.error});
      continue;
    }
    const std::size_t before = out.errors.size();
    RowReader in(columns, rec, out.errors);
    ReportRow row;
    row.line = rec.line;
    row.email = in.Text(kLiEmail);
    if (layout == ReportLayout::kLinkedInLearning) {
      row.user_id = in.Text(kLiUserId);
      row.days_active = in.Get<std::int64_t>(kLiDays, ParseCount, "not a whole number", 0);
      row.seconds = in.Get<std::int64_t>(kLiHours, ParseHms, "not a duration H:MM:SS", 0);
      row.views = in.Get<std::int64_t>(kLiViews, ParseCount, "not a whole number", 0);
      row.completions = in.Get<std::int64_t>(kLiCompletions, ParseCount, "not a whole number", 0);
      if (period_columns) {
        const auto start = ParseDay(in.Text(kLiStart));
        const auto end = ParseDay(in.Text(kLiEnd));
        if (!start) in.Error(kLiStart, "not a day (YYYY-MM-DD or M/D/YYYY)");
        if (!end) in.Error(kLiEnd, "not a day (YYYY-MM-DD or M/D/YYYY)");
        if (start && end && *end < *start) in.Error(kLiEnd, "the period ends before it starts");
        row.period_start = start.value_or("");
        row.period_end = end.value_or("");
      } else {
        row.period_start = *given_start;
        row.period_end = *given_end;
      }
    } else {
      row.user_id = in.Text(kCoExternalId);
      for (auto name : {kCoCourseSlug, kCoCourseId, kCoCourse}) {
        if (row.item.empty()) row.item = in.Text(name);
      }
      if (row.item.empty()) in.Error(kCoCourse, "the row names no course");
      const auto time = [&](std::string_view column) -> std::optional<Timestamp> {
        const std::string text = in.Text(column);
        if (text.empty()) return std::nullopt;
        auto t = ParseTime(text);
        if (!t) in.Error(column, "not a date and time (YYYY-MM-DD HH:MM:SS, UTC)");
        return t;
      };
      if (in.Has(kCoEnrolled)) row.enrolled_at = time(kCoEnrolled);
      row.last_activity_at = time(kCoLastActivity);
      row.completed_at = time(kCoCompletionTime);
      std::string progress = in.Text(kCoProgress);
      if (!progress.empty() && progress.back() == '%') progress.pop_back();
      const auto pct = ParseDecimal(progress);
      if (!pct || *pct > 100) {
        in.Error(kCoProgress, "not a percentage from 0 to 100");
      } else {
        row.progress = static_cast<std::int64_t>(std::llround(*pct * 10));
      }
      const auto hours = ParseDecimal(in.Text(kCoHours));
      if (!hours || *hours > 100'000) {
        in.Error(kCoHours, "not a number of hours");
      } else {
        row.seconds = static_cast<std::int64_t>(std::llround(*hours * 3600));
      }
      const bool completed = in.Get<bool>(kCoCompleted, ParseYesNo, "not yes or no", false);
      row.completions = completed ? 1 : 0;
      if (out.errors.size() == before && !row.last_activity_at &&
          (row.seconds > 0 || row.progress > 0 || completed)) {
        in.Error(kCoLastActivity, "empty although the row reports learning");
      }
    }
    if (out.errors.size() == before) out.rows.push_back(std::move(row));
  }
  return out;
}

Increment ComputeIncrement(ReportLayout layout, const std::optional<ImportedFigures>& previous,
                           const ReportRow& row) {
  Increment inc;
  const ImportedFigures prev = previous.value_or(ImportedFigures{});
  const auto grow = [](std::int64_t now, std::int64_t before) {
    return std::max<std::int64_t>(0, now - before);
  };
  if (layout == ReportLayout::kLinkedInLearning) {
    ImportedFigures base;  // a new period counts from zero
    if (previous && row.period_start == prev.period_start) {
      base = prev;
    } else if (previous && row.period_start <= prev.period_end) {
      inc.next = prev;
      inc.skipped = "the report period " + row.period_start + " to " + row.period_end +
                    " overlaps the period already imported (" + prev.period_start + " to " +
                    prev.period_end + ") but starts on another day; import reports starting on " +
                    prev.period_start + " or after " + prev.period_end;
      return inc;
    }
    DayAddition add;
    add.day = row.period_end;
    add.source = "measured";
    add.at = NoonOf(row.period_end);
    add.seconds = grow(row.seconds, base.seconds);
    add.progressed = grow(row.views, base.views);
    add.completed = grow(row.completions, base.completions);
    const std::int64_t more_days = grow(row.days_active, base.days_active);
    inc.next = base;
    inc.next.period_start = row.period_start;
    inc.next.period_end = std::max(base.period_end, row.period_end);
    inc.next.seconds = std::max(base.seconds, row.seconds);
    inc.next.views = std::max(base.views, row.views);
    inc.next.completions = std::max(base.completions, row.completions);
    inc.next.days_active = std::max(base.days_active, row.days_active);
    if (add.seconds > 0 || add.progressed > 0 || add.completed > 0 || more_days > 0) {
      inc.next.last_activity_at = std::max(base.last_activity_at.value_or(add.at), add.at);
      inc.additions.push_back(add);
    }
    return inc;
  }
  // Coursera: figures are cumulative since enrolment in the course.
  inc.next = prev;
  if (!row.last_activity_at) return inc;  // enrolled, never active: nothing to count yet
  const Timestamp active = *row.last_activity_at;
  const auto measured = [&](Timestamp at) -> DayAddition& {
    DayAddition add;
    add.day = DayOf(at);
    add.source = "measured";
    add.at = at;
    inc.additions.push_back(add);
    return inc.additions.back();
  };
  if (!prev.started) {
    measured(row.enrolled_at.value_or(active)).started = 1;
    inc.next.started = true;
  }
  if (row.progress > prev.progress) measured(active).progressed = 1;
  if (row.completions > 0 && prev.completions == 0) {
    measured(row.completed_at.value_or(active)).completed = 1;
    inc.next.completions = 1;
  }
  if (const std::int64_t seconds = grow(row.seconds, prev.seconds); seconds > 0) {
    DayAddition add;
    add.day = DayOf(active);
    add.source = "estimated";  // Coursera estimates learning hours from the content done
    add.seconds = seconds;
    add.at = active;
    inc.additions.push_back(add);
  }
  inc.next.seconds = std::max(prev.seconds, row.seconds);
  inc.next.progress = std::max(prev.progress, row.progress);
  inc.next.last_activity_at = std::max(prev.last_activity_at.value_or(active), active);
  return inc;
}

}  // namespace reskill::domain::activity
