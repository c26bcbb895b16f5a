// Use cases that move whole catalogues in and out of an agency: the CSV course import of one
// provider, and the exchange of courses and learning paths with other systems (CTDL JSON-LD;
// the format itself lives in src/importers). Each import is one transaction: every problem is
// reported at once and nothing is written unless everything is valid. Thread-safe.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "app/catalog/course_catalog.hpp"

namespace reskill::app::catalog {

/// One problem found in an imported file: where ("courses.csv:14", "@graph[3]"), which field
/// ("estimated_hours", "skills[1].element_id"; may be empty) and what is wrong.
struct ImportProblem {
  std::string where;
  std::string field;
  std::string message;
};

/// At most this many problems are listed; the rest are counted.
inline constexpr std::size_t kMaxListedProblems = 50;

/// kInvalidArgument whose public message lists every problem, one per line
/// ("courses.csv:14: estimated_hours: must be more than 0"), or OK when there are none.
Status ProblemsStatus(std::span<const ImportProblem> problems);

/// One course row as read from a file: the line it starts on (1-based, for messages) and the
/// course (provider, ids and times are ignored).
struct CourseImportRow {
  int line = 0;
  Course course;
};

/// A course file as read by a reader (src/importers/course_csv.hpp): the rows that could be read
/// and the problems of those that could not.
struct CourseFile {
  std::string source;  ///< The file name, for messages.
  std::vector<CourseImportRow> rows;
  std::vector<ImportProblem> problems;
};

struct CourseImportSummary {
  int created = 0;
  int updated = 0;
  int unchanged = 0;
};

/// Imports the courses of one provider of the actor's agency: a course whose external id the
/// provider already has is updated in place, others are created; courses missing from the rows
/// stay. kNotFound for an unknown provider slug; kInvalidArgument listing every problem of the
/// file (ProblemsStatus): the reader's, invalid or repeated rows, and elements O*NET does not
/// have — then nothing is written. Audited as one course.import event.
class ImportCourses {
 public:
  explicit ImportCourses(const AppContext& ctx) : ctx_(ctx) {}
  StatusOr<CourseImportSummary> Run(const Principal& actor, std::string_view provider_slug,
                                    const CourseFile& file, const RequestInfo& request) const;

 private:
  const AppContext& ctx_;
};

/// A whole catalogue, as exported: providers, courses and learning paths with everything a
/// reader needs (provider of each course, element and occupation names).
struct CatalogContent {
  std::vector<Provider> providers;
  std::vector<CourseView> courses;
  std::vector<LearningPathView> paths;
};

/// Reads the actor's agency catalogue for export (providers and paths by name, courses by
/// provider and title).
class ExportCatalog {
 public:
  explicit ExportCatalog(const AppContext& ctx) : ctx_(ctx) {}
  StatusOr<CatalogContent> Run(const Principal& actor) const;

 private:
  const AppContext& ctx_;
};

/// A catalogue read from an exchange file, to merge into an agency.
struct CatalogImportData {
  struct ProviderEntry {
    std::string where;
    Provider provider;  ///< slug, name, website, license_types
  };
  struct CourseEntry {
    std::string where;
    std::string provider_slug;
    Course course;  ///< content fields; provider, ids and times are ignored
  };
  struct PathEntry {
    std::string where;
    LearningPath path;                        ///< name, description, introductory, occupations
    std::vector<std::size_t> course_indexes;  ///< into `courses`, in learning order
  };
  std::vector<ProviderEntry> providers;
  std::vector<CourseEntry> courses;
  std::vector<PathEntry> paths;
  std::vector<ImportProblem> problems;  ///< What the reader could not read; reported with the rest.
};

struct CatalogImportSummary {
  int providers_created = 0;
  int courses_created = 0;
  int courses_updated = 0;
  int paths_created = 0;
  int paths_updated = 0;
};

/// Merges a catalogue into the actor's agency: providers are matched by slug (existing ones are
/// kept as they are), courses by provider and external id (updated in place), learning paths by
/// name (updated in place). kInvalidArgument listing every problem (ProblemsStatus), including
/// elements and occupations O*NET does not have — then nothing is written. Audited as one
/// catalog.import event.
class ImportCatalog {
 public:
  explicit ImportCatalog(const AppContext& ctx) : ctx_(ctx) {}
  StatusOr<CatalogImportSummary> Run(const Principal& actor, const CatalogImportData& data,
                                     const RequestInfo& request) const;

 private:
  const AppContext& ctx_;
};

}  // namespace reskill::app::catalog
