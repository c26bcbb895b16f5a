// The activity-import port: the cumulative figures last imported from providers' CSV reports
// (activity_import_total, migration 0015), additions to the learning facts (learning_day, 0007),
// and a client's learning days for the activity timeline. Rules: docs/lrs-imports.md.
// An object belongs to one UnitOfWork (one thread, one transaction).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/ids.hpp"
#include "common/status.hpp"
#include "common/time.hpp"

namespace reskill::app {

/// What was last imported for one client, provider and item ("" = the learner's totals).
struct ImportedTotals {
  TenantId tenant_id;
  ClientId client_id;
  std::int64_t provider_id = 0;
  std::string item;
  std::string period_start;  ///< "YYYY-MM-DD" the figures count from; "" = all time.
  std::string period_end;    ///< "YYYY-MM-DD" of the latest report imported.
  std::int64_t seconds = 0;
  std::int64_t views = 0;
  std::int64_t completions = 0;
  std::int64_t days_active = 0;
  std::int64_t progress = 0;  ///< Per mille.
  bool started = false;
  std::optional<Timestamp> last_activity_at;
  Timestamp updated_at;
};

/// Numbers to add to one learning_day row (created when absent).
struct LearningDayAddition {
  TenantId tenant_id;
  std::int64_t actor_id = 0;
  std::int64_t provider_id = 0;
  std::string day;     ///< "YYYY-MM-DD".
  std::string source;  ///< "measured", "estimated" or "self_reported".
  std::int64_t seconds = 0;
  std::int64_t started = 0;
  std::int64_t progressed = 0;
  std::int64_t completed = 0;
  std::int64_t passed = 0;
  Timestamp first_activity_at;  ///< Kept as the row's minimum.
  Timestamp last_activity_at;   ///< Kept as the row's maximum.
};

/// One day of a client's activity with one provider from one source (summed over its actors).
struct ClientLearningDay {
  std::string day;
  std::int64_t provider_id = 0;
  std::string provider_name;  ///< "" when the provider is unknown (0) or not in the catalogue.
  std::string source;
  std::int64_t seconds = 0;
  std::int64_t started = 0;
  std::int64_t progressed = 0;
  std::int64_t completed = 0;
  std::int64_t passed = 0;
  Timestamp last_activity_at;
};

class ActivityImportRepository {
 public:
  virtual ~ActivityImportRepository() = default;
  virtual StatusOr<std::optional<ImportedTotals>> FindTotals(TenantId tenant, ClientId client,
                                                             std::int64_t provider,
                                                             std::string_view item) = 0;
  /// Inserts or replaces the row of (tenant, client, provider, item).
  virtual Status UpsertTotals(const ImportedTotals& totals) = 0;
  /// Adds the numbers to the learning_day row of (tenant, actor, provider, day, source).
  virtual Status AddToLearningDay(const LearningDayAddition& addition) = 0;
  /// The client's learning days (every actor mapped to it), newest day first, at most `limit`.
  virtual StatusOr<std::vector<ClientLearningDay>> ListClientDays(TenantId tenant, ClientId client,
                                                                  int limit) = 0;
};

}  // namespace reskill::app
