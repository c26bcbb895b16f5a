#include "importers/onet_reader.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <optional>
#include <span>
#include <string_view>
#include <system_error>
#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace reskill::importers {

namespace {

namespace fs = std::filesystem;
using domain::catalog::AlternateTitle;
using domain::catalog::DetailedWorkActivity;
using domain::catalog::EducationRating;
using domain::catalog::Element;
using domain::catalog::ElementKind;
using domain::catalog::ElementRating;
using domain::catalog::Occupation;
using domain::catalog::Task;
using domain::catalog::TechnologySkill;

// O*NET writes "n/a" in empty cells.
constexpr std::string_view kNa = "n/a";

// The headers of the O*NET text layout (https://www.onetcenter.org/dictionary/29.3/text/).
constexpr std::array<std::string_view, 3> kOccupationHeader{"O*NET-SOC Code", "Title",
                                                            "Description"};
constexpr std::array<std::string_view, 3> kContentModelHeader{"Element ID", "Element Name",
                                                              "Description"};
constexpr std::array<std::string_view, 4> kScalesHeader{"Scale ID", "Scale Name", "Minimum",
                                                        "Maximum"};
constexpr std::array<std::string_view, 4> kJobZonesHeader{"O*NET-SOC Code", "Job Zone", "Date",
                                                          "Domain Source"};
// Skills, Knowledge, Abilities and Work Activities share one layout.
constexpr std::array<std::string_view, 13> kRatingHeader{
    "O*NET-SOC Code",     "Element ID",     "Element Name",
    "Scale ID",           "Data Value",     "N",
    "Standard Error",     "Lower CI Bound", "Upper CI Bound",
    "Recommend Suppress", "Not Relevant",   "Date",
    "Domain Source"};
constexpr std::array<std::string_view, 6> kTechnologyHeader{"O*NET-SOC Code", "Example",
                                                            "Commodity Code", "Commodity Title",
                                                            "Hot Technology", "In Demand"};
constexpr std::array<std::string_view, 4> kAlternateTitlesHeader{
    "O*NET-SOC Code", "Alternate Title", "Short Title", "Source(s)"};
constexpr std::array<std::string_view, 7> kTasksHeader{
    "O*NET-SOC Code",        "Task ID", "Task",         "Task Type",
    "Incumbents Responding", "Date",    "Domain Source"};
constexpr std::array<std::string_view, 4> kDwaHeader{"Element ID", "IWA ID", "DWA ID", "DWA Title"};
constexpr std::array<std::string_view, 5> kTaskDwaHeader{"O*NET-SOC Code", "Task ID", "DWA ID",
                                                         "Date", "Domain Source"};
constexpr std::array<std::string_view, 13> kEducationHeader{
    "O*NET-SOC Code",     "Element ID", "Element Name",   "Scale ID",       "Category",
    "Data Value",         "N",          "Standard Error", "Lower CI Bound", "Upper CI Bound",
    "Recommend Suppress", "Date",       "Domain Source"};

// FNV-1a, 64 bits (http://www.isthe.com/chongo/tech/comp/fnv/): stable across builds and
// platforms, which std::hash is not. It only has to tell releases apart, not resist attackers.
class Digest {
 public:
  void Update(std::string_view bytes) {
    for (const char c : bytes) {
      hash_ ^= static_cast<unsigned char>(c);
      hash_ *= 0x100000001b3ULL;
    }
  }
  std::string Hex() const {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(hash_));
    return std::string("fnv1a64:") + buf;
  }

 private:
  std::uint64_t hash_ = 0xcbf29ce484222325ULL;
};

// The offset of the first byte that is not part of well-formed UTF-8 (no overlong forms,
// surrogates or code points above U+10FFFF), or npos.
std::size_t FirstInvalidUtf8(std::string_view text) {
  std::size_t i = 0;
  const std::size_t n = text.size();
  while (i < n) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    std::uint32_t cp = 0;
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1Fu;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0Fu;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07u;
    } else {
      return i;
    }
    if (i + len > n) return i;
    for (std::size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(text[i + k]);
      if ((cc & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (cc & 0x3Fu);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return i;
    }
    i += len;
  }
  return std::string_view::npos;
}

std::string Quoted(std::string_view s) {
  return "\"" + std::string(s) + "\"";
}

// One tab-delimited file of the release, read whole, walked row by row.
class TsvFile {
 public:
  TsvFile(std::string name, std::string content)
      : name_(std::move(name)), content_(std::move(content)) {}

  const std::string& name() const { return name_; }
  std::size_t line() const { return line_; }
  const std::vector<std::string_view>& fields() const { return fields_; }

  /// Checks the encoding of the whole file and its header row.
  Status Open(std::span<const std::string_view> header) {
    width_ = header.size();
    std::string_view text = content_;
    // A byte-order mark is legal UTF-8 but not part of the first column name.
    if (text.starts_with("\xEF\xBB\xBF")) pos_ = 3;
    if (const auto bad = FirstInvalidUtf8(text); bad != std::string_view::npos) {
      line_ = 1 + static_cast<std::size_t>(std::count(
                      text.begin(), text.begin() + static_cast<std::ptrdiff_t>(bad), '\n'));
      char byte[8];
      std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(text[bad]));
      return Error(std::string("not valid UTF-8 (byte ") + byte + "); O*NET text files are UTF-8");
    }
    std::string expected;
    for (const auto column : header) {
      if (!expected.empty()) expected += ", ";
      expected += Quoted(column);
    }
    if (!Next()) {
      return InvalidArgument(
          name_ + ": the file is empty; expected a header row with the columns " + expected, name_);
    }
    if (!std::equal(fields_.begin(), fields_.end(), header.begin(), header.end())) {
      return InvalidArgument(name_ +
                                 ": not the O*NET text layout; expected a tab-separated header " +
                                 "row with the columns " + expected,
                             name_);
    }
    return Status::Ok();
  }

  /// Moves to the next non-empty row; false at the end of the file.
  bool Next() {
    while (pos_ < content_.size()) {
      const std::string_view text = content_;
      auto end = text.find('\n', pos_);
      if (end == std::string_view::npos) end = text.size();
      std::string_view row = text.substr(pos_, end - pos_);
      pos_ = end + 1;
      ++line_;
      if (!row.empty() && row.back() == '\r') row.remove_suffix(1);
      if (row.empty()) continue;
      fields_.clear();
      std::size_t start = 0;
      while (true) {
        const auto tab = row.find('\t', start);
        if (tab == std::string_view::npos) {
          fields_.push_back(row.substr(start));
          break;
        }
        fields_.push_back(row.substr(start, tab - start));
        start = tab + 1;
      }
      return true;
    }
    return false;
  }

  /// kInvalidArgument "File.txt:LINE: message", field: the file name.
  Status Error(std::string_view message) const {
    return InvalidArgument(name_ + ":" + std::to_string(line_) + ": " + std::string(message),
                           name_);
  }

  /// Calls `row(fields)` for each data row, after checking its column count.
  template <typename F>
  Status ForEachRow(F&& row) {
    while (Next()) {
      if (fields_.size() != width_) {
        return Error("expected " + std::to_string(width_) + " tab-separated columns, found " +
                     std::to_string(fields_.size()));
      }
      RESKILL_RETURN_IF_ERROR(row(fields_));
    }
    return Status::Ok();
  }

 private:
  std::string name_;
  std::string content_;
  std::size_t pos_ = 0;
  std::size_t line_ = 0;
  std::size_t width_ = 0;
  std::vector<std::string_view> fields_;
};

std::optional<double> ParseNumber(std::string_view s) {
  double v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) {
    return std::nullopt;
  }
  return v;
}

std::optional<std::int64_t> ParseInteger(std::string_view s) {
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

// The kind of rated element an id belongs to, from its place in the content model.
std::optional<ElementKind> KindOfId(std::string_view id) {
  if (id.starts_with("2.A.") || id.starts_with("2.B.")) return ElementKind::kSkill;
  if (id.starts_with("2.C.")) return ElementKind::kKnowledge;
  if (id.starts_with("1.A.")) return ElementKind::kAbility;
  if (id.starts_with("4.A.")) return ElementKind::kWorkActivity;
  return std::nullopt;
}

std::string_view KindLabel(ElementKind kind) {
  switch (kind) {
    case ElementKind::kSkill: return "skill";
    case ElementKind::kKnowledge: return "knowledge";
    case ElementKind::kAbility: return "ability";
    case ElementKind::kWorkActivity: return "work activity";
  }
  return "skill";
}

// "O*NET 29.3 Database" → "29.3".
// "O*NET 29.3 Database" → "29.3"; Reskill's invented demo release, "Reskill demo 1.0 Database"
// → "demo 1.0" (it must never pass for an O*NET release).
std::optional<std::string> VersionFromReadMe(std::string_view text) {
  constexpr std::pair<std::string_view, std::string_view> kPrefixes[] = {
      {"O*NET ", ""}, {"Reskill demo ", "demo "}};
  for (const auto& [prefix, label] : kPrefixes) {
    for (auto at = text.find(prefix); at != std::string_view::npos;
         at = text.find(prefix, at + 1)) {
      std::size_t i = at + prefix.size();
      const std::size_t start = i;
      bool dot = false;
      while (i < text.size() && ((text[i] >= '0' && text[i] <= '9') || (text[i] == '.' && !dot))) {
        dot = dot || text[i] == '.';
        ++i;
      }
      const std::string_view version = text.substr(start, i - start);
      if (dot && !version.starts_with('.') && !version.ends_with('.') &&
          text.substr(i).starts_with(" Database")) {
        return std::string(label) + std::string(version);
      }
    }
  }
  return std::nullopt;
}

// "db_29_3_text" → "29.3".
std::optional<std::string> VersionFromDirectory(const fs::path& dir) {
  fs::path p = dir;
  if (!p.has_filename()) p = p.parent_path();
  std::string name = p.filename().string();
  if (!name.starts_with("db_") || !name.ends_with("_text")) return std::nullopt;
  std::string version = name.substr(3, name.size() - 3 - 5);
  if (version.empty()) return std::nullopt;
  for (char& c : version) {
    if (c == '_') {
      c = '.';
    } else if (c < '0' || c > '9') {
      return std::nullopt;
    }
  }
  return version;
}

struct Scale {
  double minimum = 0;
  double maximum = 0;
};

// The state of one read: what has been parsed so far, indexed for the reference checks.
class Reader {
 public:
  explicit Reader(fs::path dir) : dir_(std::move(dir)) {}

  StatusOr<OnetReadResult> Run() {
    std::error_code ec;
    if (!fs::is_directory(dir_, ec)) {
      return NotFound("no O*NET release directory at " + dir_.string());
    }
    RESKILL_RETURN_IF_ERROR(ReadVersion());
    RESKILL_RETURN_IF_ERROR(ReadContentModel());
    RESKILL_RETURN_IF_ERROR(ReadScales());
    RESKILL_RETURN_IF_ERROR(ReadOccupations());
    RESKILL_RETURN_IF_ERROR(ReadJobZones());
    RESKILL_RETURN_IF_ERROR(ReadRatings("Skills.txt", ElementKind::kSkill, true));
    RESKILL_RETURN_IF_ERROR(ReadRatings("Knowledge.txt", ElementKind::kKnowledge, true));
    RESKILL_RETURN_IF_ERROR(ReadRatings("Abilities.txt", ElementKind::kAbility, false));
    RESKILL_RETURN_IF_ERROR(ReadRatings("Work Activities.txt", ElementKind::kWorkActivity, false));
    RESKILL_RETURN_IF_ERROR(ReadTechnology());
    RESKILL_RETURN_IF_ERROR(ReadAlternateTitles());
    RESKILL_RETURN_IF_ERROR(ReadTasks());
    RESKILL_RETURN_IF_ERROR(ReadDwas());
    RESKILL_RETURN_IF_ERROR(ReadTaskDwas());
    RESKILL_RETURN_IF_ERROR(ReadEducation());
    result_.data.release.fingerprint = digest_.Hex();
    return std::move(result_);
  }

 private:
  app::OnetReleaseData& data() { return result_.data; }

  // Reads `name` whole and checks its encoding and header. nullopt when the file is absent: an
  // error when `required`, else a warning.
  StatusOr<std::optional<TsvFile>> Load(std::string_view name,
                                        std::span<const std::string_view> header, bool required,
                                        std::string_view missing_note = {}) {
    const fs::path path = dir_ / std::string(name);
    digest_.Update(name);
    std::error_code ec;
    if (!fs::exists(path, ec)) {
      digest_.Update(std::string_view("\0absent\0", 8));
      if (required) {
        return InvalidArgument(std::string(name) + " is missing from " + dir_.string() +
                                   "; it is required in an O*NET text release",
                               std::string(name));
      }
      result_.warnings.push_back(std::string(name) + " is missing; skipped (optional)" +
                                 (missing_note.empty() ? "" : ": " + std::string(missing_note)));
      return std::optional<TsvFile>();
    }
    RESKILL_ASSIGN_OR_RETURN(std::string content, ReadWhole(path, name));
    const auto size = std::to_string(content.size());
    digest_.Update(std::string_view("\0", 1));
    digest_.Update(size);
    digest_.Update(std::string_view("\0", 1));
    digest_.Update(content);
    result_.files_read.emplace_back(name);
    TsvFile file(std::string(name), std::move(content));
    RESKILL_RETURN_IF_ERROR(file.Open(header));
    return std::optional<TsvFile>(std::move(file));
  }

  static StatusOr<std::string> ReadWhole(const fs::path& path, std::string_view name) {
    std::ifstream in(path, std::ios::binary);
    std::error_code ec;
    const auto size = fs::file_size(path, ec);
    if (!in || ec) return Unavailable("cannot read " + std::string(name), path.string());
    std::string content(static_cast<std::size_t>(size), '\0');
    in.read(content.data(), static_cast<std::streamsize>(size));
    if (static_cast<std::uintmax_t>(in.gcount()) != size) {
      return Unavailable("cannot read " + std::string(name), path.string());
    }
    return content;
  }

  Status ReadVersion() {
    const fs::path read_me = dir_ / "Read Me.txt";
    std::error_code ec;
    std::optional<std::string> version;
    if (fs::exists(read_me, ec)) {
      RESKILL_ASSIGN_OR_RETURN(std::string text, ReadWhole(read_me, "Read Me.txt"));
      version = VersionFromReadMe(text);
    }
    if (!version) version = VersionFromDirectory(dir_);
    if (!version) {
      return InvalidArgument(
          "cannot tell the O*NET release version: \"Read Me.txt\" does not name it (\"O*NET 29.3 "
          "Database\") and the directory is not named like db_29_3_text",
          "Read Me.txt");
    }
    data().release.version = *version;
    digest_.Update("version=" + *version);
    return Status::Ok();
  }

  Status ReadContentModel() {
    RESKILL_ASSIGN_OR_RETURN(auto file,
                             Load("Content Model Reference.txt", kContentModelHeader, true));
    std::vector<std::string> ids;
    RESKILL_RETURN_IF_ERROR(file->ForEachRow([&](const auto& f) -> Status {
      if (f[0].empty()) return file->Error("empty Element ID");
      auto [it, inserted] = content_model_.try_emplace(
          std::string(f[0]), ModelEntry{std::string(f[1]), std::string(f[2]), file->line()});
      if (!inserted) {
        return file->Error("duplicate Element ID " + std::string(f[0]) + " (also on line " +
                           std::to_string(it->second.line) + ")");
      }
      ids.emplace_back(f[0]);
      return Status::Ok();
    }));
    // The rated elements are the leaves of the rated branches: "2.A.1.a" Reading Comprehension,
    // not its category "2.A.1" Content.
    std::unordered_set<std::string_view> parents;
    for (const auto& id : ids) {
      for (auto dot = id.rfind('.'); dot != std::string::npos && dot > 0;
           dot = id.rfind('.', dot - 1)) {
        parents.insert(std::string_view(id).substr(0, dot));
      }
    }
    for (const auto& id : ids) {
      const auto kind = KindOfId(id);
      if (kind && !parents.contains(id)) AddElement(id, *kind);
    }
    return Status::Ok();
  }

  void AddElement(const std::string& id, ElementKind kind) {
    const ModelEntry& entry = content_model_.at(id);
    element_index_.emplace(id, data().elements.size());
    data().elements.push_back(Element{id, entry.name, entry.description, kind});
  }

  // Checks that `id` is an element of `kind`; a non-leaf content-model entry of the right branch
  // that a file rates becomes an element too.
  Status RequireElement(const TsvFile& file, std::string_view id, ElementKind kind) {
    const std::string key(id);
    if (auto it = element_index_.find(key); it != element_index_.end()) {
      const ElementKind actual = data().elements[it->second].kind;
      if (actual != kind) {
        return file.Error("element " + key + " is a " + std::string(KindLabel(actual)) +
                          " element, not a " + std::string(KindLabel(kind)) + " element");
      }
      return Status::Ok();
    }
    if (!content_model_.contains(key)) {
      return file.Error("unknown element " + key + " (not in Content Model Reference.txt)");
    }
    if (KindOfId(key) != kind) {
      return file.Error("element " + key + " is not a " + std::string(KindLabel(kind)) +
                        " element");
    }
    AddElement(key, kind);
    return Status::Ok();
  }

  Status ReadScales() {
    RESKILL_ASSIGN_OR_RETURN(auto file,
                             Load("Scales Reference.txt", kScalesHeader, false,
                                  "rating values are not checked against their scale's range"));
    if (!file) return Status::Ok();
    return file->ForEachRow([&](const auto& f) -> Status {
      const auto minimum = ParseNumber(f[2]);
      const auto maximum = ParseNumber(f[3]);
      if (!minimum || !maximum || *minimum > *maximum) {
        return file->Error("malformed scale range " + Quoted(f[2]) + " to " + Quoted(f[3]));
      }
      if (!scales_.try_emplace(std::string(f[0]), Scale{*minimum, *maximum}).second) {
        return file->Error("duplicate Scale ID " + std::string(f[0]));
      }
      return Status::Ok();
    });
  }

  // A Data Value on `scale`, checked against the scale's range when Scales Reference was read.
  StatusOr<double> Value(const TsvFile& file, std::string_view text, std::string_view scale) {
    const auto value = ParseNumber(text);
    if (!value) return file.Error("malformed number " + Quoted(text) + " in Data Value");
    if (auto it = scales_.find(std::string(scale)); it != scales_.end()) {
      if (*value < it->second.minimum || *value > it->second.maximum) {
        return file.Error("Data Value " + std::string(text) + " is outside the range of scale " +
                          std::string(scale));
      }
    }
    return *value;
  }

  Status ReadOccupations() {
    RESKILL_ASSIGN_OR_RETURN(auto file, Load("Occupation Data.txt", kOccupationHeader, true));
    return file->ForEachRow([&](const auto& f) -> Status {
      if (!domain::catalog::ValidateOnetCode(f[0]).ok()) {
        return file->Error("malformed O*NET-SOC code " + Quoted(f[0]) + " (expected NN-NNNN.NN)");
      }
      if (f[1].empty()) return file->Error("empty Title for " + std::string(f[0]));
      const auto [it, inserted] = occupation_index_.try_emplace(
          std::string(f[0]), OccupationEntry{data().occupations.size(), file->line()});
      if (!inserted) {
        return file->Error("duplicate occupation " + std::string(f[0]) + " (also on line " +
                           std::to_string(it->second.line) + ")");
      }
      data().occupations.push_back(
          Occupation{std::string(f[0]), std::string(f[1]), std::string(f[2]), 0});
      return Status::Ok();
    });
  }

  // The index of a known occupation, or an error naming the unknown code.
  StatusOr<std::size_t> RequireOccupation(const TsvFile& file, std::string_view code) {
    auto it = occupation_index_.find(std::string(code));
    if (it == occupation_index_.end()) return file.Error("unknown occupation " + std::string(code));
    return it->second.index;
  }

  Status ReadJobZones() {
    RESKILL_ASSIGN_OR_RETURN(auto file, Load("Job Zones.txt", kJobZonesHeader, true));
    std::vector<std::size_t> seen_on(data().occupations.size(), 0);
    return file->ForEachRow([&](const auto& f) -> Status {
      RESKILL_ASSIGN_OR_RETURN(const std::size_t i, RequireOccupation(*file, f[0]));
      const auto zone = ParseInteger(f[1]);
      if (!zone || *zone < 1 || *zone > 5) {
        return file->Error("malformed Job Zone " + Quoted(f[1]) + " (expected 1 to 5)");
      }
      if (seen_on[i] != 0) {
        return file->Error("duplicate job zone for " + std::string(f[0]) + " (also on line " +
                           std::to_string(seen_on[i]) + ")");
      }
      seen_on[i] = file->line();
      data().occupations[i].job_zone = static_cast<int>(*zone);
      return Status::Ok();
    });
  }

  static StatusOr<bool> YesNo(const TsvFile& file, std::string_view text, std::string_view column,
                              bool allow_na) {
    if (text == "Y") return true;
    if (text == "N" || (allow_na && text == kNa)) return false;
    return file.Error("malformed " + std::string(column) + " " + Quoted(text) +
                      " (expected Y or N" + (allow_na ? " or n/a)" : ")"));
  }

  Status ReadRatings(std::string_view name, ElementKind kind, bool required) {
    RESKILL_ASSIGN_OR_RETURN(
        auto file, Load(name, kRatingHeader, required,
                        "no " + std::string(KindLabel(kind)) + " ratings in this release"));
    if (!file) return Status::Ok();
    std::string key;
    return file->ForEachRow([&](const auto& f) -> Status {
      RESKILL_RETURN_IF_ERROR(RequireOccupation(*file, f[0]).status());
      RESKILL_RETURN_IF_ERROR(RequireElement(*file, f[1], kind));
      const std::string_view scale = f[3];
      if (scale != "IM" && scale != "LV") {
        return file->Error("unexpected Scale ID " + Quoted(scale) + " (expected IM or LV)");
      }
      RESKILL_ASSIGN_OR_RETURN(const double value, Value(*file, f[4], scale));
      RESKILL_ASSIGN_OR_RETURN(const bool suppress, YesNo(*file, f[9], "Recommend Suppress", true));
      RESKILL_ASSIGN_OR_RETURN(const bool not_relevant, YesNo(*file, f[10], "Not Relevant", true));
      key.assign(f[0]);
      key += '\t';
      key += f[1];
      auto [it, inserted] = rating_index_.try_emplace(key, RatingEntry{data().ratings.size()});
      if (inserted) {
        data().ratings.push_back(
            ElementRating{std::string(f[0]), std::string(f[1]), 0, 0, false, false});
      }
      std::size_t& first_line = scale == "IM" ? it->second.im_line : it->second.lv_line;
      if (first_line != 0) {
        return file->Error("duplicate rating of " + std::string(f[1]) + " on scale " +
                           std::string(scale) + " for " + std::string(f[0]) + " (also on line " +
                           std::to_string(first_line) + ")");
      }
      first_line = file->line();
      ElementRating& rating = data().ratings[it->second.index];
      (scale == "IM" ? rating.importance : rating.level) = value;
      rating.suppressed = rating.suppressed || suppress;
      if (scale == "LV") rating.not_relevant = not_relevant;
      return Status::Ok();
    });
  }

  Status ReadTechnology() {
    RESKILL_ASSIGN_OR_RETURN(auto file, Load("Technology Skills.txt", kTechnologyHeader, false));
    if (!file) return Status::Ok();
    std::unordered_map<std::string, std::size_t> seen;
    std::string key;
    return file->ForEachRow([&](const auto& f) -> Status {
      RESKILL_RETURN_IF_ERROR(RequireOccupation(*file, f[0]).status());
      if (f[1].empty()) return file->Error("empty Example");
      if (!ParseInteger(f[2])) return file->Error("malformed Commodity Code " + Quoted(f[2]));
      RESKILL_ASSIGN_OR_RETURN(const bool hot, YesNo(*file, f[4], "Hot Technology", false));
      RESKILL_ASSIGN_OR_RETURN(const bool in_demand, YesNo(*file, f[5], "In Demand", false));
      key.assign(f[0]);
      (key += '\t') += f[1];
      (key += '\t') += f[2];
      if (auto [it, inserted] = seen.try_emplace(key, file->line()); !inserted) {
        return file->Error("duplicate technology " + Quoted(f[1]) + " for " + std::string(f[0]) +
                           " (also on line " + std::to_string(it->second) + ")");
      }
      data().technology.push_back(TechnologySkill{std::string(f[0]), std::string(f[1]),
                                                  std::string(f[2]), std::string(f[3]), hot,
                                                  in_demand});
      return Status::Ok();
    });
  }

  Status ReadAlternateTitles() {
    RESKILL_ASSIGN_OR_RETURN(auto file,
                             Load("Alternate Titles.txt", kAlternateTitlesHeader, false));
    if (!file) return Status::Ok();
    std::unordered_map<std::string, std::size_t> seen;
    std::string key;
    return file->ForEachRow([&](const auto& f) -> Status {
      RESKILL_RETURN_IF_ERROR(RequireOccupation(*file, f[0]).status());
      if (f[1].empty()) return file->Error("empty Alternate Title");
      const std::string_view short_title = f[2] == kNa ? std::string_view() : f[2];
      key.assign(f[0]);
      (key += '\t') += f[1];
      (key += '\t') += short_title;
      if (auto [it, inserted] = seen.try_emplace(key, file->line()); !inserted) {
        return file->Error("duplicate alternate title " + Quoted(f[1]) + " for " +
                           std::string(f[0]) + " (also on line " + std::to_string(it->second) +
                           ")");
      }
      data().alternate_titles.push_back(
          AlternateTitle{std::string(f[0]), std::string(f[1]), std::string(short_title)});
      return Status::Ok();
    });
  }

  Status ReadTasks() {
    RESKILL_ASSIGN_OR_RETURN(auto file, Load("Task Statements.txt", kTasksHeader, false));
    if (!file) return Status::Ok();
    has_tasks_ = true;
    return file->ForEachRow([&](const auto& f) -> Status {
      RESKILL_RETURN_IF_ERROR(RequireOccupation(*file, f[0]).status());
      const auto id = ParseInteger(f[1]);
      if (!id || *id <= 0) return file->Error("malformed Task ID " + Quoted(f[1]));
      if (f[2].empty()) return file->Error("empty Task");
      const std::string_view type = f[3] == kNa ? std::string_view() : f[3];
      if (!type.empty() && type != "Core" && type != "Supplemental") {
        return file->Error("unexpected Task Type " + Quoted(type) +
                           " (expected Core, Supplemental or n/a)");
      }
      const auto [it, inserted] =
          task_index_.try_emplace(*id, TaskEntry{std::string(f[0]), file->line()});
      if (!inserted) {
        return file->Error("duplicate Task ID " + std::string(f[1]) + " (also on line " +
                           std::to_string(it->second.line) + ")");
      }
      data().tasks.push_back(Task{std::string(f[0]), *id, std::string(f[2]), std::string(type)});
      return Status::Ok();
    });
  }

  Status ReadDwas() {
    RESKILL_ASSIGN_OR_RETURN(auto file, Load("DWA Reference.txt", kDwaHeader, false));
    if (!file) return Status::Ok();
    has_dwas_ = true;
    return file->ForEachRow([&](const auto& f) -> Status {
      RESKILL_RETURN_IF_ERROR(RequireElement(*file, f[0], ElementKind::kWorkActivity));
      if (f[1].empty() || f[2].empty()) return file->Error("empty IWA ID or DWA ID");
      if (f[3].empty()) return file->Error("empty DWA Title");
      const auto [it, inserted] = dwa_lines_.try_emplace(std::string(f[2]), file->line());
      if (!inserted) {
        return file->Error("duplicate DWA ID " + std::string(f[2]) + " (also on line " +
                           std::to_string(it->second) + ")");
      }
      data().dwas.push_back(DetailedWorkActivity{std::string(f[2]), std::string(f[1]),
                                                 std::string(f[0]), std::string(f[3])});
      return Status::Ok();
    });
  }

  Status ReadTaskDwas() {
    if (!has_tasks_ || !has_dwas_) {
      digest_.Update("Tasks to DWAs.txt skipped");
      result_.warnings.push_back(
          "Tasks to DWAs.txt skipped: it needs Task Statements.txt and DWA Reference.txt");
      return Status::Ok();
    }
    RESKILL_ASSIGN_OR_RETURN(auto file, Load("Tasks to DWAs.txt", kTaskDwaHeader, false));
    if (!file) return Status::Ok();
    std::unordered_map<std::string, std::size_t> seen;
    std::string key;
    return file->ForEachRow([&](const auto& f) -> Status {
      RESKILL_RETURN_IF_ERROR(RequireOccupation(*file, f[0]).status());
      const auto id = ParseInteger(f[1]);
      if (!id) return file->Error("malformed Task ID " + Quoted(f[1]));
      const auto task = task_index_.find(*id);
      if (task == task_index_.end()) return file->Error("unknown task " + std::string(f[1]));
      if (task->second.occupation != f[0]) {
        return file->Error("task " + std::string(f[1]) + " belongs to " + task->second.occupation +
                           ", not " + std::string(f[0]));
      }
      if (!dwa_lines_.contains(std::string(f[2]))) {
        return file->Error("unknown DWA " + std::string(f[2]));
      }
      key.assign(f[1]);
      (key += '\t') += f[2];
      if (auto [it, inserted] = seen.try_emplace(key, file->line()); !inserted) {
        return file->Error("duplicate link of task " + std::string(f[1]) + " to " +
                           std::string(f[2]) + " (also on line " + std::to_string(it->second) +
                           ")");
      }
      data().task_dwas.emplace_back(*id, std::string(f[2]));
      return Status::Ok();
    });
  }

  Status ReadEducation() {
    RESKILL_ASSIGN_OR_RETURN(
        auto file, Load("Education, Training, and Experience.txt", kEducationHeader, false));
    if (!file) return Status::Ok();
    std::unordered_map<std::string, std::size_t> seen;
    std::string key;
    return file->ForEachRow([&](const auto& f) -> Status {
      RESKILL_RETURN_IF_ERROR(RequireOccupation(*file, f[0]).status());
      if (!content_model_.contains(std::string(f[1]))) {
        return file->Error("unknown element " + std::string(f[1]) +
                           " (not in Content Model Reference.txt)");
      }
      const std::string_view scale = f[3];
      // IM rows (importance of a certification or apprenticeship) are not distributions.
      if (scale == "IM") return Value(*file, f[5], scale).status();
      if (scale != "RL" && scale != "RW" && scale != "PT" && scale != "OJ") {
        return file->Error("unexpected Scale ID " + Quoted(scale) +
                           " (expected RL, RW, PT, OJ or IM)");
      }
      const auto category = ParseInteger(f[4]);
      if (!category || *category < 1 || *category > 99) {
        return file->Error("malformed Category " + Quoted(f[4]));
      }
      RESKILL_ASSIGN_OR_RETURN(const double percent, Value(*file, f[5], scale));
      key.assign(f[0]);
      (key += '\t') += f[1];
      (key += '\t') += scale;
      (key += '\t') += f[4];
      if (auto [it, inserted] = seen.try_emplace(key, file->line()); !inserted) {
        return file->Error("duplicate category " + std::string(f[4]) + " of " + std::string(f[1]) +
                           " " + std::string(scale) + " for " + std::string(f[0]) +
                           " (also on line " + std::to_string(it->second) + ")");
      }
      data().education.push_back(EducationRating{std::string(f[0]), std::string(f[1]),
                                                 std::string(scale), static_cast<int>(*category),
                                                 percent});
      return Status::Ok();
    });
  }

  struct ModelEntry {
    std::string name;
    std::string description;
    std::size_t line = 0;
  };
  struct OccupationEntry {
    std::size_t index = 0;
    std::size_t line = 0;
  };
  struct RatingEntry {
    std::size_t index = 0;
    std::size_t im_line = 0;  // 0: not seen yet
    std::size_t lv_line = 0;
  };
  struct TaskEntry {
    std::string occupation;
    std::size_t line = 0;
  };

  fs::path dir_;
  OnetReadResult result_;
  Digest digest_;
  std::unordered_map<std::string, ModelEntry> content_model_;
  std::unordered_map<std::string, std::size_t> element_index_;
  std::unordered_map<std::string, Scale> scales_;
  std::unordered_map<std::string, OccupationEntry> occupation_index_;
  std::unordered_map<std::string, RatingEntry> rating_index_;
  std::unordered_map<std::int64_t, TaskEntry> task_index_;
  std::unordered_map<std::string, std::size_t> dwa_lines_;
  bool has_tasks_ = false;
  bool has_dwas_ = false;
};

}  // namespace

StatusOr<OnetReadResult> ReadOnetRelease(const std::filesystem::path& dir) {
  return Reader(dir).Run();
}

}  // namespace reskill::importers
