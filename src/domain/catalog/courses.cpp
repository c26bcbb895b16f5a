#include "domain/catalog/courses.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <set>

#include "common/strings.hpp"
#include "domain/catalog/onet.hpp"

namespace reskill::domain::catalog {

namespace {

std::string Indexed(std::string_view name, std::size_t i) {
  return std::string(name) + "[" + std::to_string(i) + "]";
}

bool HasControl(std::string_view text, bool allow_newlines) {
  return std::any_of(text.begin(), text.end(), [&](char c) {
    const auto u = static_cast<unsigned char>(c);
    if (allow_newlines && (c == '\n' || c == '\r' || c == '\t')) return false;
    return u < 0x20 || u == 0x7F;
  });
}

// Text of at most `max` bytes, UTF-8, without control characters (newlines only where a
// multi-line text is expected). Control characters would reach HTML, CSV and JSON-LD exports, and
// libpq's text parameters end at a NUL, so PostgreSQL would store less than SQLite.
Status ValidateText(std::string_view text, std::string_view field, std::size_t max, bool required,
                    bool multiline) {
  const auto trimmed = Trim(text);
  const std::string f(field);
  if (required && trimmed.empty()) return InvalidArgument(f + " is required", f);
  if (text.size() > max) {
    return InvalidArgument(f + " has at most " + std::to_string(max) + " characters", f);
  }
  if (!IsValidUtf8(text)) return InvalidArgument(f + " must be UTF-8 text", f);
  if (HasControl(text, multiline)) {
    return InvalidArgument(f + " must not contain control characters", f);
  }
  return Status::Ok();
}

bool IsAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

Status ValidateSlug(std::string_view slug) {
  if (slug.size() < 2 || slug.size() > 40) {
    return InvalidArgument("a provider slug has 2 to 40 characters", "slug");
  }
  if (slug.front() < 'a' || slug.front() > 'z') {
    return InvalidArgument("a provider slug starts with a lower-case letter", "slug");
  }
  for (char c : slug) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok) return InvalidArgument("a provider slug uses only a-z, 0-9 and '-'", "slug");
  }
  return Status::Ok();
}

// BCP 47 in the shape catalogues use: a 2–3 letter language, then optional subtags of 2–8
// letters or digits ("en", "es-419", "zh-Hant").
Status ValidateLanguage(std::string_view tag) {
  const auto bad = [] {
    return InvalidArgument("language is a BCP 47 tag such as \"en\" or \"es-419\"", "language");
  };
  const auto parts = Split(tag, '-');
  const auto first = parts.front();
  if (first.size() < 2 || first.size() > 3) return bad();
  for (char c : first) {
    if (c < 'a' || c > 'z') return bad();
  }
  for (std::size_t i = 1; i < parts.size(); ++i) {
    if (parts[i].size() < 2 || parts[i].size() > 8) return bad();
    if (!std::all_of(parts[i].begin(), parts[i].end(), IsAlnum)) return bad();
  }
  return Status::Ok();
}

}  // namespace

std::string_view LicenseTypeName(LicenseType type) {
  switch (type) {
    case LicenseType::kFree: return "free";
    case LicenseType::kSeat: return "seat";
    case LicenseType::kSite: return "site";
    case LicenseType::kPurchase: return "purchase";
  }
  return "free";
}

std::optional<LicenseType> ParseLicenseType(std::string_view name) {
  for (LicenseType t : kAllLicenseTypes) {
    if (LicenseTypeName(t) == name) return t;
  }
  return std::nullopt;
}

std::string_view CourseLevelName(CourseLevel level) {
  switch (level) {
    case CourseLevel::kIntroductory: return "introductory";
    case CourseLevel::kIntermediate: return "intermediate";
    case CourseLevel::kAdvanced: return "advanced";
  }
  return "introductory";
}

std::optional<CourseLevel> ParseCourseLevel(std::string_view name) {
  for (CourseLevel l : kAllCourseLevels) {
    if (CourseLevelName(l) == name) return l;
  }
  return std::nullopt;
}

std::string_view CollectionThemeName(CollectionTheme theme) {
  switch (theme) {
    case CollectionTheme::kJobReadiness: return "job_readiness";
    case CollectionTheme::kDisplacedWorkerRetraining: return "displaced_worker_retraining";
    case CollectionTheme::kDigitalLiteracy: return "digital_literacy";
    case CollectionTheme::kEntrepreneurship: return "entrepreneurship";
    case CollectionTheme::kJobSearchAndSelfCare: return "job_search_and_self_care";
    case CollectionTheme::kOther: return "other";
  }
  return "other";
}

std::optional<CollectionTheme> ParseCollectionTheme(std::string_view name) {
  for (CollectionTheme t : kAllCollectionThemes) {
    if (CollectionThemeName(t) == name) return t;
  }
  return std::nullopt;
}

Status ValidateElementId(std::string_view id, std::string_view field) {
  const auto parts = Split(id, '.');
  bool ok = id.size() <= 40 && parts.size() >= 2;
  for (std::size_t i = 0; ok && i < parts.size(); ++i) {
    const auto p = parts[i];
    ok = !p.empty() && std::all_of(p.begin(), p.end(), IsAlnum);
    if (ok && i == 0)
      ok = std::all_of(p.begin(), p.end(), [](char c) { return c >= '0' && c <= '9'; });
  }
  if (!ok) {
    return InvalidArgument("an O*NET element id looks like 2.A.1.a", std::string(field));
  }
  return Status::Ok();
}

Status ValidateWebUrl(std::string_view url, std::string_view field) {
  const std::string f(field);
  std::string_view rest;
  if (url.starts_with("https://")) {
    rest = url.substr(8);
  } else if (url.starts_with("http://")) {
    rest = url.substr(7);
  } else {
    return InvalidArgument(f + " must be an http:// or https:// address", f);
  }
  const auto host = rest.substr(0, rest.find_first_of("/?#"));
  if (host.empty()) return InvalidArgument(f + " must name a host", f);
  if (url.size() > 2000) return InvalidArgument(f + " has at most 2000 characters", f);
  if (!IsValidUtf8(url)) return InvalidArgument(f + " must be UTF-8 text", f);
  if (std::any_of(url.begin(), url.end(), [](char c) {
        return c == ' ' || c == '"' || c == '<' || c == '>' || c == '\\' ||
               static_cast<unsigned char>(c) < 0x20 || c == 0x7F;
      })) {
    return InvalidArgument(f + " must not contain spaces, quotes or control characters", f);
  }
  return Status::Ok();
}

Status ValidateProvider(const Provider& p) {
  RESKILL_RETURN_IF_ERROR(ValidateSlug(p.slug));
  RESKILL_RETURN_IF_ERROR(ValidateText(p.name, "name", 200, true, false));
  if (!p.website.empty()) RESKILL_RETURN_IF_ERROR(ValidateWebUrl(p.website, "website"));
  if (p.license_types.empty()) {
    return InvalidArgument("a provider offers at least one license type", "license_types");
  }
  for (std::size_t i = 0; i < p.license_types.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (p.license_types[j] == p.license_types[i]) {
        return InvalidArgument("license type listed twice", Indexed("license_types", i));
      }
    }
  }
  return Status::Ok();
}

Status ValidateCourse(const Course& c) {
  RESKILL_RETURN_IF_ERROR(ValidateText(c.external_id, "external_id", 200, true, false));
  if (Trim(c.external_id) != c.external_id) {
    return InvalidArgument("external_id must not start or end with spaces", "external_id");
  }
  RESKILL_RETURN_IF_ERROR(ValidateWebUrl(c.url, "url"));
  RESKILL_RETURN_IF_ERROR(ValidateText(c.title, "title", 300, true, false));
  RESKILL_RETURN_IF_ERROR(ValidateText(c.description, "description", 10000, false, true));
  RESKILL_RETURN_IF_ERROR(ValidateLanguage(c.language));
  if (!std::isfinite(c.estimated_hours) || c.estimated_hours <= 0 ||
      c.estimated_hours > kMaxCourseHours) {
    return InvalidArgument("estimated_hours must be more than 0 and at most 2000",
                           "estimated_hours");
  }
  if (c.skills.size() > kMaxCourseSkills) {
    return InvalidArgument("a course lists at most 50 skills", "skills");
  }
  std::set<std::string_view> seen;
  for (std::size_t i = 0; i < c.skills.size(); ++i) {
    const auto& s = c.skills[i];
    const std::string field = Indexed("skills", i);
    RESKILL_RETURN_IF_ERROR(ValidateElementId(s.element_id, field + ".element_id"));
    if (!seen.insert(s.element_id).second) {
      return InvalidArgument("element " + s.element_id + " is listed twice", field + ".element_id");
    }
    if (!std::isfinite(s.target_level) || s.target_level < 0 || s.target_level > kMaxSkillLevel) {
      return InvalidArgument("target_level is on the O*NET level scale, 0 to 7",
                             field + ".target_level");
    }
  }
  return Status::Ok();
}

Status ValidateLearningPath(const LearningPath& p) {
  RESKILL_RETURN_IF_ERROR(ValidateText(p.name, "name", 200, true, false));
  RESKILL_RETURN_IF_ERROR(ValidateText(p.description, "description", 10000, false, true));
  if (p.course_ids.empty()) {
    return InvalidArgument("a learning path has at least one course", "course_ids");
  }
  if (p.course_ids.size() > kMaxPathCourses) {
    return InvalidArgument("a learning path has at most 100 courses", "course_ids");
  }
  for (std::size_t i = 0; i < p.course_ids.size(); ++i) {
    if (!p.course_ids[i].valid())
      return InvalidArgument("not a course id", Indexed("course_ids", i));
    for (std::size_t j = 0; j < i; ++j) {
      if (p.course_ids[j] == p.course_ids[i]) {
        return InvalidArgument("course listed twice", Indexed("course_ids", i));
      }
    }
  }
  if (p.occupation_codes.size() > kMaxPathOccupations) {
    return InvalidArgument("a learning path names at most 50 occupations", "occupation_codes");
  }
  for (std::size_t i = 0; i < p.occupation_codes.size(); ++i) {
    const std::string field = Indexed("occupation_codes", i);
    if (!ValidateOnetCode(p.occupation_codes[i]).ok()) {
      return InvalidArgument("an O*NET-SOC code looks like 15-1252.00", field);
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (p.occupation_codes[j] == p.occupation_codes[i]) {
        return InvalidArgument("occupation listed twice", field);
      }
    }
  }
  return Status::Ok();
}

Status ValidateCollection(const Collection& c) {
  RESKILL_RETURN_IF_ERROR(ValidateText(c.name, "name", 200, true, false));
  RESKILL_RETURN_IF_ERROR(ValidateText(c.description, "description", 10000, false, true));
  if (c.path_ids.size() > kMaxCollectionPaths) {
    return InvalidArgument("a collection has at most 100 learning paths", "path_ids");
  }
  for (std::size_t i = 0; i < c.path_ids.size(); ++i) {
    if (!c.path_ids[i].valid()) {
      return InvalidArgument("not a learning path id", Indexed("path_ids", i));
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (c.path_ids[j] == c.path_ids[i]) {
        return InvalidArgument("learning path listed twice", Indexed("path_ids", i));
      }
    }
  }
  return Status::Ok();
}

StatusOr<std::vector<CourseSkill>> ParseSkillList(std::string_view text) {
  std::vector<CourseSkill> out;
  std::string normalized(text);
  for (char& c : normalized) {
    if (c == ',' || c == '\n' || c == '\r') c = ';';
  }
  for (auto entry : Split(normalized, ';')) {
    entry = Trim(entry);
    if (entry.empty()) continue;
    const std::string field = Indexed("skills", out.size());
    const auto colon = entry.find(':');
    if (colon == std::string_view::npos) {
      return InvalidArgument("a skill is written ELEMENT:LEVEL, e.g. 2.A.1.a:4.5", field);
    }
    CourseSkill skill;
    skill.element_id = std::string(Trim(entry.substr(0, colon)));
    const auto level = Trim(entry.substr(colon + 1));
    const auto* end = level.data() + level.size();
    auto [ptr, ec] = std::from_chars(level.data(), end, skill.target_level);
    if (level.empty() || ec != std::errc() || ptr != end) {
      return InvalidArgument("the level of a skill is a number from 0 to 7",
                             field + ".target_level");
    }
    out.push_back(std::move(skill));
  }
  return out;
}

std::string FormatNumber(double value) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6f", value);
  std::string out(buf);
  while (!out.empty() && out.back() == '0') out.pop_back();
  if (!out.empty() && out.back() == '.') out.pop_back();
  if (out == "-0") out = "0";
  return out;
}

std::string FormatSkillList(std::span<const CourseSkill> skills) {
  std::string out;
  for (const auto& s : skills) {
    if (!out.empty()) out += ';';
    out += s.element_id + ":" + FormatNumber(s.target_level);
  }
  return out;
}

double TotalHours(std::span<const Course> courses) {
  double total = 0;
  for (const auto& c : courses) total += c.estimated_hours;
  return total;
}

}  // namespace reskill::domain::catalog
