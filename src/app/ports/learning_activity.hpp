// The learning-activity port: per client and provider, the last activity and the items completed
// in a window of days, from the learning facts the LRS derives (learning_day and its per-actor
// summary learning_last, joined to xapi_actor.client_id; the last activity is one row per actor,
// the window reads only the window's days). Read in pages of clients, so a reader over a million
// clients never holds more than one page. The reminder jobs read the same facts per licence
// through LicenceSweep, filtered in the store. An object belongs to one UnitOfWork.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/ids.hpp"
#include "common/status.hpp"
#include "common/time.hpp"

namespace reskill::app {

/// Days [from_day, to_day) as "YYYY-MM-DD" (UTC), the keys learning_day uses.
struct ActivityWindow {
  std::string from_day;
  std::string to_day;
};

/// The whole UTC days from the day of `from` up to, not including, the day of `to`.
ActivityWindow WindowOf(Timestamp from, Timestamp to);

/// One client's activity with one provider: ever, and in a window.
struct ClientActivity {
  std::int64_t client_id = 0;
  std::int64_t provider_id = 0;  ///< 0: the provider is unknown.
  Timestamp last_activity_at;    ///< The latest activity ever (not only in the window).
  std::int64_t items = 0;        ///< Learning items completed in the window.
  std::int64_t active_days = 0;  ///< Days with any activity in the window.
  std::int64_t seconds = 0;      ///< Time spent in the window.
};

class LearningActivityReader {
 public:
  virtual ~LearningActivityReader() = default;
  /// The activity of the tenant's clients whose ids are in (after_client, up_to_client], one
  /// entry per (client, provider) with any activity ever, ordered by client then provider; the
  /// counts cover `window` only. Clients who never had any activity are absent.
  virtual StatusOr<std::vector<ClientActivity>> ListForClients(TenantId tenant,
                                                               std::int64_t after_client,
                                                               std::int64_t up_to_client,
                                                               const ActivityWindow& window) = 0;
};

}  // namespace reskill::app
