// The read model the reminder and reclaim jobs sweep: a program's licences in one state with the
// program's reminder policy, the client's sealed contact data and the client's learning activity
// with the licence's provider (from the learning facts the LRS derives: learning_last and
// learning_day through the xAPI actors mapped to the client), in pages ordered by (client,
// licence). A filter narrows the sweep to the licences a rule can act on, so a job over a million
// licences reads the few that are due instead of every one. An object belongs to one UnitOfWork.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/ports/learning_activity.hpp"
#include "common/ids.hpp"
#include "common/status.hpp"
#include "common/time.hpp"

namespace reskill::app {

struct SweepLicence {
  LicenceId licence;
  ClientId client;
  ProgramId program;
  std::int64_t provider_id = 0;
  std::optional<Timestamp> issued_at;
  std::optional<Timestamp> invite_expires_at;
  std::optional<Timestamp> activated_at;
  std::optional<Timestamp> reclaim_listed_at;
  std::string program_display_name;  ///< Provider- and client-facing; never the internal name.
  int nudge_after_days = 14;
  int min_items_per_month = 1;
  int reclaim_after_days = 90;
  std::string reclaim_mode = "list";  ///< "list" or "revoke"
  std::string email_sealed;           ///< ContactCipher-sealed; empty when the client has none.
  std::string given_name_sealed;
  std::string locale = "en";
  std::string client_status;  ///< "active" or "exited"
  std::string provider_name;
  /// The client's activity with the licence's provider or an unknown one: the latest ever, and
  /// the items completed in the filter's window.
  std::optional<Timestamp> last_activity_at;
  std::int64_t items = 0;
};

/// Conditions a licence must all meet to be swept; an unset one lets every licence through.
/// "Activity" is the client's learning with the licence's provider or with an unknown one
/// (provider 0), through every xAPI actor mapped to the client — what the learning-activity port
/// reports. A filter only saves reading licences: the rule still decides each licence it gets,
/// so a filter may let through more than the rule acts on, never fewer.
struct SweepFilter {
  std::optional<Timestamp> invite_expires_by;     ///< invite_expires_at <= this
  std::optional<Timestamp> invite_expires_after;  ///< invite_expires_at > this
  std::optional<Timestamp> activated_before;      ///< activated_at < this
  bool not_reclaim_listed = false;                ///< not on the reclaim list
  bool some_activity = false;                     ///< any activity ever
  /// No activity at or after this time (Timestamp::min(): none ever).
  std::optional<Timestamp> quiet_since;
  /// The days whose completed items each licence reports (SweepLicence::items); empty: none
  /// (reading them costs a look-up per licence swept).
  ActivityWindow window;
  /// Fewer than this many items completed in `window`.
  std::optional<std::int64_t> fewer_items_than;
};

class LicenceSweep {
 public:
  virtual ~LicenceSweep() = default;
  /// At most `limit` licences of the program in `state` ("issued", "activated", …) that meet
  /// `filter`, after (after_client, after_licence), ordered by client then licence.
  virtual StatusOr<std::vector<SweepLicence>> ListPage(TenantId tenant, ProgramId program,
                                                       std::string_view state,
                                                       const SweepFilter& filter,
                                                       std::int64_t after_client,
                                                       std::int64_t after_licence, int limit) = 0;
};

}  // namespace reskill::app
