// Bulk import of clients from CSV (header: given_name,family_name,email,phone,preferred_language,
// case_number,group — group is a group name of the program, may be empty). Every row is validated
// first and every error is reported with its line and column; nothing is written unless all rows
// are valid, or, when `partial` is asked for, the valid rows are written and the others reported.
// Used by POST /api/v1/clients/import and `reskill import clients`. Thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "app/context.hpp"

namespace reskill::app::programs {

/// One refused row (never the row's values: they may be contact data).
struct ImportRowError {
  int line = 0;       ///< 1-based line of the CSV file (the header is line 1).
  std::string field;  ///< Column name, or "" for the whole row.
  std::string message;
};

struct ImportResult {
  int created = 0;
  std::vector<ImportRowError> errors;
};

class ImportClients {
 public:
  explicit ImportClients(const AppContext& ctx) : ctx_(ctx) {}
  /// kInvalidArgument ("file") for a missing or wrong header; kInvalidArgument ("program_id") for
  /// an unknown program; otherwise the result, with `errors` listing every refused row (when
  /// not `partial` and any row is refused, created is 0 and nothing was written).
  /// Audited as client.import with the counts.
  StatusOr<ImportResult> Run(const Principal& actor, ProgramId program, std::string_view csv,
                             bool partial, const RequestInfo& request) const;

 private:
  const AppContext& ctx_;
};

}  // namespace reskill::app::programs
