// Provider report imports (issue 5 item 5): a LinkedIn Learning Learner Summary or a Coursera
// Usage report (CSV) becomes learning facts of the agency's clients. Rows are matched to clients
// by participant id ("Unique User ID" / "External Id") or else by the client's verified e-mail;
// unmatched rows are reported (line, reason) and not stored. The whole file is validated first:
// any format error stores nothing. Only the growth of each row's cumulative figures over what was
// last imported is added (domain/activity/provider_report.hpp), so re-importing the same or an
// overlapping report never counts anything twice. Each client's activity is written through an
// xAPI actor (account homePage = the provider's site, name = participant id), so the reminder
// and reclaim jobs see it like activity sent as statements. Rules: docs/lrs-imports.md.
// Stateless; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "app/context.hpp"
#include "domain/activity/provider_report.hpp"

namespace reskill::app::lrs {

struct ActivityImportInput {
  std::string provider;          ///< Layout: "linkedin-learning" or "coursera".
  std::string catalog_provider;  ///< Catalogue provider slug; "" = the layout's name.
  std::string from;              ///< Period of a LinkedIn Learning report without period columns.
  std::string to;
  std::string csv;
};

/// A row that was not stored, and why (never the row's values: they may be contact data).
struct ActivityRowNote {
  int line = 0;
  std::string reason;
};

struct ActivityImportResult {
  int rows = 0;     ///< Data rows read.
  int matched = 0;  ///< Rows matched to a client.
  int counted = 0;  ///< Matched rows that added anything to the learning facts.
  std::vector<ActivityRowNote> unmatched;
  std::vector<ActivityRowNote> skipped;  ///< Matched, but refused by the counting rule.
  std::vector<domain::activity::ReportError> errors;  ///< Format errors: nothing was stored.
};

/// kInvalidArgument ("provider") for an unknown layout; kFailedPrecondition ("catalog_provider")
/// when the agency's catalogue has no provider with the slug. Otherwise the result; when
/// `errors` is not empty nothing was stored. One transaction; audited as activity.import.
class ImportActivityReport {
 public:
  explicit ImportActivityReport(const AppContext& ctx) : ctx_(ctx) {}
  StatusOr<ActivityImportResult> Run(const Principal& actor, const ActivityImportInput& input,
                                     const RequestInfo& request) const;

 private:
  const AppContext& ctx_;
};

/// A client's learning activity per day, provider and source, newest day first (at most 366
/// rows). kNotFound outside the caller's caseload. Audited as client.activity.read.
class ClientActivityTimeline {
 public:
  explicit ClientActivityTimeline(const AppContext& ctx) : ctx_(ctx) {}
  StatusOr<std::vector<ClientLearningDay>> Run(const Principal& actor, ClientId client,
                                               const RequestInfo& request) const;

 private:
  const AppContext& ctx_;
};

}  // namespace reskill::app::lrs
