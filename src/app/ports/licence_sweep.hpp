// The read model the reminder and reclaim jobs sweep: a tenant's licences in one state with their
// program's reminder policy and the client's sealed contact data, in pages ordered by (client,
// licence) so they line up with the learning-activity port's pages. An object belongs to one
// UnitOfWork.
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
};

class LicenceSweep {
 public:
  virtual ~LicenceSweep() = default;
  /// At most `limit` licences of the tenant in `state` ("issued", "activated", …) after
  /// (after_client, after_licence), ordered by client then licence.
  virtual StatusOr<std::vector<SweepLicence>> ListPage(TenantId tenant, std::string_view state,
                                                       std::int64_t after_client,
                                                       std::int64_t after_licence, int limit) = 0;
};

}  // namespace reskill::app
