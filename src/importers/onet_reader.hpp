// Reads an O*NET database release in its official tab-delimited text layout ("db_29_3_text")
// into app::OnetReleaseData. Rejects a wrong layout, invalid UTF-8, malformed numbers, duplicate
// keys and rows that refer to unknown occupations, elements, tasks or DWAs, naming file and line.
// An adapter over the file system; stateless and thread-safe.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "app/ports/occupation_repository.hpp"
#include "common/status.hpp"

namespace reskill::importers {

/// What ReadOnetRelease found.
struct OnetReadResult {
  /// The release; data.release has version and fingerprint set (imported_at and the counts are
  /// left to the use case that records it).
  app::OnetReleaseData data;
  /// Human-readable notes for the operator, e.g. optional files that were missing and skipped.
  std::vector<std::string> warnings;
  /// The files read, in reading order ("Occupation Data.txt", …).
  std::vector<std::string> files_read;
};

/// Reads the release in `dir`.
/// Required files: Occupation Data, Content Model Reference, Job Zones, Skills, Knowledge.
/// Optional (a warning when missing): Abilities, Work Activities, Scales Reference (range checks),
/// Technology Skills, Alternate Titles, Task Statements, DWA Reference, Tasks to DWAs, and
/// Education, Training, and Experience (its IM-scale rows are not category distributions and
/// are left out). Elements are the content model's leaves under 2.A/2.B (skills), 2.C
/// (knowledge), 1.A (abilities) and 4.A (work activities). The version comes from "Read Me.txt"
/// ("O*NET 29.3 Database") or else the directory name (db_29_3_text → 29.3); the fingerprint
/// is a digest of the version and the bytes of every file read.
/// Errors: kNotFound when `dir` is not a directory; kInvalidArgument with a message that starts
/// "File.txt:LINE: " (field: the file name) for any layout or content problem, or naming the
/// missing required file; kUnavailable when a file exists but cannot be read.
StatusOr<OnetReadResult> ReadOnetRelease(const std::filesystem::path& dir);

}  // namespace reskill::importers
