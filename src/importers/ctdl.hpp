// Credential Engine's CTDL as JSON-LD: writes an agency catalogue as a graph of
// ceterms:CredentialOrganization (providers), ceterms:Course, ceterms:Certificate (for courses
// that offer one) and ceterms:LearningProgram (learning paths), and reads such a graph back.
// Mapping: docs/catalogue-csv.md ("CTDL exchange"). Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "app/catalog/catalog_transfer.hpp"

namespace reskill::importers {

/// The JSON-LD context of CTDL documents.
inline constexpr std::string_view kCtdlContext = "https://credreg.net/ctdl/schema/context/json";
/// Where CTDL resources live; an object's "@id" is this followed by its CTID.
inline constexpr std::string_view kCtdlResourceBase =
    "https://credentialengineregistry.org/resources/";

/// A CTID ("ce-" and a UUID-shaped hex string) derived from `key` alone, so that the same
/// provider, course or path has the same CTID in every export and in every agency that exchanged
/// it. Not a random UUID: two keys collide only by chance of a 128-bit hash.
std::string StableCtid(std::string_view key);

/// "PT12H", "PT1H30M", "PT0.5S": an ISO 8601 time duration of `hours`.
std::string FormatIsoDuration(double hours);
/// Hours of an ISO 8601 duration made of hours, minutes and seconds (days, weeks, months and
/// years are refused: a course's effort is given in hours). nullopt when malformed.
std::optional<double> ParseIsoDuration(std::string_view text);

/// The catalogue as a CTDL JSON-LD document (UTF-8, indented, ends with a newline).
std::string WriteCtdl(const app::catalog::CatalogContent& content);

/// Reads a CTDL JSON-LD document. kInvalidArgument when it is not JSON, not UTF-8, or not a CTDL
/// graph (no "@context" of kCtdlContext, no "@graph" array). Otherwise the providers, courses and
/// learning programs it holds, with a problem (where: "@graph[i]") for each object that cannot
/// be read; objects of other types are skipped. See docs/catalogue-csv.md for the mapping.
StatusOr<app::catalog::CatalogImportData> ReadCtdl(std::string_view json);

}  // namespace reskill::importers
