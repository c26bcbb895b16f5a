// Reads a provider's course list from CSV (RFC 4180; layout in docs/catalogue-csv.md) into
// app::catalog::CourseFile, checking every row and collecting every problem with its line.
// Pure functions over the file's bytes; thread-safe.
#pragma once

#include <string_view>

#include "app/catalog/catalog_transfer.hpp"

namespace reskill::importers {

/// The columns of a course file, in the documented order. The header names them; they may come
/// in any order, all are required and no others are allowed. Wire-visible: do not rename.
inline constexpr std::string_view kCourseCsvColumns[] = {
    "external_id",     "title", "url",  "description", "language",
    "estimated_hours", "level", "free", "certificate", "skills"};

/// Parses `content` (the whole file; `source` names it in problems). Returns the rows that are
/// valid courses (domain::catalog::ValidateCourse) and a problem for each one that is not: bytes
/// that are not UTF-8, a wrong header (then no row is read), a wrong number of fields, an
/// unterminated quoted field, a number, level, yes/no value or skill list that does not parse,
/// an external id that repeats an earlier row. A UTF-8 byte order mark is skipped; blank lines
/// are ignored; fields are trimmed. Problems name the line a row starts on.
app::catalog::CourseFile ReadCourseCsv(std::string_view source, std::string_view content);

/// Parses "yes"/"no", "true"/"false", "y"/"n", "1"/"0" (any case); "" is no. nullopt otherwise.
std::optional<bool> ParseYesNo(std::string_view text);

}  // namespace reskill::importers
