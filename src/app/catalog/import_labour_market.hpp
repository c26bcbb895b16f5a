// The use cases that import BLS labour-market data (parsed by importers/bls_reader) into the
// global labour_wage and labour_projection tables, and report how the file's SOC codes join to
// the stored O*NET occupations. Stateless beyond the AppContext reference; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "app/context.hpp"
#include "domain/catalog/labour_market.hpp"

namespace reskill::app {

/// A count and the first few codes it counts (for an operator's report).
struct CodeSample {
  static constexpr std::size_t kMaxShown = 10;
  std::int64_t count = 0;
  std::vector<std::string> first;  ///< At most kMaxShown, ordered.

  void Add(const std::string& code);
};

/// How the imported SOC codes join to the stored O*NET occupations
/// (domain::catalog::ResolveSocCode: the detailed SOC code, else a BLS aggregate code, else the
/// broad group).
struct SocJoinReport {
  std::int64_t onet_occupations = 0;    ///< O*NET occupations stored.
  std::int64_t matched_detailed = 0;    ///< …with figures under their own detailed SOC code.
  std::int64_t matched_aggregate = 0;   ///< …under a code BLS uses for several ("21-1018").
  std::int64_t matched_broad = 0;       ///< …only for their broad SOC group.
  CodeSample occupations_without_data;  ///< O*NET-SOC codes with no figures.
  /// Detailed SOC codes imported that no O*NET occupation joins to.
  CodeSample unmatched_soc_codes;
};

/// What a wage import did.
struct WageImportReport {
  int year = 0;
  std::vector<std::string> areas;  ///< "U.S. (99)", one per area imported.
  std::int64_t rows_written = 0;
  std::int64_t rows_replaced = 0;  ///< Rows of the same (area, year) that were there before.
  std::int64_t audited_tenants = 0;
  SocJoinReport join;  ///< Over the union of the areas' SOC codes.
};

/// Replaces the OEWS estimates of every (area, year) present in `records` with `records`, in
/// one write transaction, and audits the import in every agency's log ("labour_market.wages",
/// target wage_dataset/<year>): the data is global, the audit log per agency. Re-importing a
/// file writes the same rows again. kInvalidArgument (field "records[i].…") for records no reader
/// should produce (no rows, a malformed SOC code, mixed years); kAlreadyExists (soc_code) for a
/// SOC code given twice in an area; kUnavailable. Nothing is written on any error.
class ImportWages {
 public:
  explicit ImportWages(const AppContext& ctx) : ctx_(ctx) {}
  StatusOr<WageImportReport> Run(const Principal& actor,
                                 const std::vector<domain::catalog::WageRecord>& records,
                                 const RequestInfo& request) const;

 private:
  const AppContext& ctx_;
};

/// What a projections import did.
struct ProjectionImportReport {
  domain::catalog::ProjectionPeriod period;
  std::int64_t rows_written = 0;
  std::int64_t rows_replaced = 0;  ///< Rows of the same period that were there before.
  std::int64_t audited_tenants = 0;
  SocJoinReport join;
};

/// Replaces the projections of `period` with `projections` (one write transaction; audited in
/// every agency's log as "labour_market.projections", target projection_period/<period>).
/// kInvalidArgument for no rows, a malformed SOC code or a row of another period;
/// kAlreadyExists for a SOC code given twice; kUnavailable. Nothing is written on any error.
class ImportProjections {
 public:
  explicit ImportProjections(const AppContext& ctx) : ctx_(ctx) {}
  StatusOr<ProjectionImportReport> Run(const Principal& actor,
                                       const domain::catalog::ProjectionPeriod& period,
                                       const std::vector<domain::catalog::Projection>& projections,
                                       const RequestInfo& request) const;

 private:
  const AppContext& ctx_;
};

}  // namespace reskill::app
