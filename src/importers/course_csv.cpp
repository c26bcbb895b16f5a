#include "importers/course_csv.hpp"

#include <array>
#include <charconv>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/strings.hpp"
#include "domain/catalog/courses.hpp"

namespace reskill::importers {

namespace {

using app::catalog::CourseFile;
using app::catalog::CourseImportRow;
using app::catalog::ImportProblem;
using domain::catalog::Course;

constexpr std::size_t kColumns = std::size(kCourseCsvColumns);

// One CSV record: the line it starts on and its fields (unquoted, not yet trimmed).
struct Record {
  int line = 0;
  std::vector<std::string> fields;
  std::string error;  // a syntax problem of this record; empty when none
};

// Splits `text` into records per RFC 4180: fields separated by ',', records by CRLF or LF,
// fields in double quotes may hold commas, line breaks and doubled quotes. A quote inside an
// unquoted field is kept as a character (spreadsheets write such files). Stops after an
// unterminated quoted field, which swallows the rest of the file.
std::vector<Record> SplitRecords(std::string_view text) {
  std::vector<Record> out;
  std::size_t i = 0;
  int line = 1;
  const std::size_t n = text.size();
  while (i < n) {
    Record rec;
    rec.line = line;
    std::string field;
    bool record_done = false;
    while (!record_done) {
      field.clear();
      if (i < n && text[i] == '"') {
        ++i;
        bool closed = false;
        while (i < n) {
          const char c = text[i];
          if (c == '"') {
            if (i + 1 < n && text[i + 1] == '"') {
              field += '"';
              i += 2;
              continue;
            }
            ++i;
            closed = true;
            break;
          }
          if (c == '\n') ++line;
          field += c;
          ++i;
        }
        if (!closed) {
          rec.error = "a quoted field is not closed (a missing \")";
          rec.fields.push_back(field);
          out.push_back(std::move(rec));
          return out;
        }
        if (i < n && text[i] != ',' && text[i] != '\n' && text[i] != '\r' && rec.error.empty()) {
          rec.error = "text after the closing quote of a field";
        }
        while (i < n && text[i] != ',' && text[i] != '\n' && text[i] != '\r') ++i;
      } else {
        while (i < n && text[i] != ',' && text[i] != '\n' && text[i] != '\r') field += text[i++];
      }
      rec.fields.push_back(field);
      if (i >= n) {
        record_done = true;
      } else if (text[i] == ',') {
        ++i;
      } else {
        if (text[i] == '\r') ++i;
        if (i < n && text[i] == '\n') ++i;
        ++line;
        record_done = true;
      }
    }
    const bool blank = rec.fields.size() == 1 && Trim(rec.fields[0]).empty() && rec.error.empty();
    if (!blank) out.push_back(std::move(rec));
  }
  return out;
}

std::optional<double> ParseNumber(std::string_view text) {
  double value = 0;
  const auto* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

std::string ColumnList() {
  std::string out;
  for (auto c : kCourseCsvColumns) out += (out.empty() ? "" : ",") + std::string(c);
  return out;
}

// Maps each column name to its index in the file. Adds a problem and returns nullopt when the
// header does not name exactly the documented columns.
std::optional<std::array<std::size_t, kColumns>> ReadHeader(const Record& header,
                                                            const std::string& where,
                                                            std::vector<ImportProblem>& problems) {
  const std::string expected =
      "the first line names the columns " + ColumnList() + " (in any order)";
  std::map<std::string, std::size_t> seen;
  for (std::size_t i = 0; i < header.fields.size(); ++i) {
    const std::string name = ToLower(Trim(header.fields[i]));
    if (!seen.emplace(name, i).second) {
      problems.push_back({where, "", "column " + name + " appears twice; " + expected});
      return std::nullopt;
    }
  }
  std::array<std::size_t, kColumns> index{};
  for (std::size_t c = 0; c < kColumns; ++c) {
    auto it = seen.find(std::string(kCourseCsvColumns[c]));
    if (it == seen.end()) {
      problems.push_back(
          {where, "", "column " + std::string(kCourseCsvColumns[c]) + " is missing; " + expected});
      return std::nullopt;
    }
    index[c] = it->second;
    seen.erase(it);
  }
  if (!seen.empty()) {
    problems.push_back({where, "", "unknown column " + seen.begin()->first + "; " + expected});
    return std::nullopt;
  }
  return index;
}

}  // namespace

std::optional<bool> ParseYesNo(std::string_view text) {
  const std::string v = ToLower(Trim(text));
  if (v.empty() || v == "no" || v == "n" || v == "false" || v == "0") return false;
  if (v == "yes" || v == "y" || v == "true" || v == "1") return true;
  return std::nullopt;
}

CourseFile ReadCourseCsv(std::string_view source, std::string_view content) {
  CourseFile file;
  file.source = std::string(source);
  const auto where = [&](int line) { return file.source + ":" + std::to_string(line); };
  if (content.starts_with("\xEF\xBB\xBF")) content.remove_prefix(3);
  const std::vector<Record> records = SplitRecords(content);
  if (records.empty()) {
    file.problems.push_back(
        {where(1), "", "the file is empty; the first line names the columns " + ColumnList()});
    return file;
  }
  if (!records[0].error.empty() || !IsValidUtf8(content.substr(0, content.find('\n')))) {
    file.problems.push_back(
        {where(1), "", "the header line is not a valid CSV line of UTF-8 text"});
    return file;
  }
  const auto index = ReadHeader(records[0], where(1), file.problems);
  if (!index) return file;

  std::map<std::string, int> first_line;  // external id → line
  for (std::size_t r = 1; r < records.size(); ++r) {
    const Record& rec = records[r];
    const std::string at = where(rec.line);
    if (!rec.error.empty()) {
      file.problems.push_back({at, "", rec.error});
      continue;
    }
    if (rec.fields.size() != kColumns) {
      file.problems.push_back({at, "",
                               "the line has " + std::to_string(rec.fields.size()) +
                                   " fields; the header has " + std::to_string(kColumns)});
      continue;
    }
    std::array<std::string, kColumns> v;
    bool utf8 = true;
    for (std::size_t c = 0; c < kColumns; ++c) {
      v[c] = std::string(Trim(rec.fields[(*index)[c]]));
      if (utf8 && !IsValidUtf8(v[c])) {
        file.problems.push_back(
            {at, std::string(kCourseCsvColumns[c]), "not UTF-8 text (save the file as UTF-8)"});
        utf8 = false;
      }
    }
    if (!utf8) continue;

    Course c;
    std::vector<ImportProblem> row_problems;
    c.external_id = v[0];
    c.title = v[1];
    c.url = v[2];
    c.description = v[3];
    c.language = v[4];
    if (auto hours = ParseNumber(v[5])) {
      c.estimated_hours = *hours;
    } else {
      row_problems.push_back({at, "estimated_hours", "\"" + v[5] + "\" is not a number of hours"});
    }
    if (auto level = domain::catalog::ParseCourseLevel(ToLower(v[6]))) {
      c.level = *level;
    } else {
      row_problems.push_back(
          {at, "level", "\"" + v[6] + "\" is not introductory, intermediate or advanced"});
    }
    if (auto free = ParseYesNo(v[7])) {
      c.is_free = *free;
    } else {
      row_problems.push_back({at, "free", "\"" + v[7] + "\" is not yes or no"});
    }
    if (auto certificate = ParseYesNo(v[8])) {
      c.offers_certificate = *certificate;
    } else {
      row_problems.push_back({at, "certificate", "\"" + v[8] + "\" is not yes or no"});
    }
    if (auto skills = domain::catalog::ParseSkillList(v[9]); skills.ok()) {
      c.skills = std::move(*skills);
    } else {
      row_problems.push_back({at, skills.status().field(), skills.status().public_message()});
    }
    if (row_problems.empty()) {
      if (Status st = domain::catalog::ValidateCourse(c); !st.ok()) {
        row_problems.push_back({at, st.field(), st.public_message()});
      }
    }
    if (row_problems.empty()) {
      auto [it, inserted] = first_line.emplace(c.external_id, rec.line);
      if (!inserted) {
        row_problems.push_back(
            {at, "external_id",
             "external id " + c.external_id + " is also on line " + std::to_string(it->second)});
      }
    }
    if (!row_problems.empty()) {
      file.problems.insert(file.problems.end(), row_problems.begin(), row_problems.end());
      continue;
    }
    file.rows.push_back({rec.line, std::move(c)});
  }
  return file;
}

}  // namespace reskill::importers
