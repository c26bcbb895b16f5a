// Clients' career profiles (migration 0008): the person's side of the pathway engine. The profile
// is stored as a document in the API's JSON form (app/pathways/client_pathways.hpp parses and
// writes it); the repository keeps it as given. Belongs to one UnitOfWork, like every repository.
#pragma once

#include <optional>
#include <string>

#include "common/ids.hpp"
#include "common/status.hpp"
#include "common/time.hpp"

namespace reskill::app {

struct StoredCareerProfile {
  TenantId tenant_id;
  ClientId client_id;
  std::string document;      ///< JSON text, validated before it is stored.
  std::string current_code;  ///< The current occupation's O*NET-SOC code; empty when unknown.
  Timestamp updated_at;
  std::string updated_by;  ///< Actor id of whoever saved it.
};

class CareerProfileRepository {
 public:
  virtual ~CareerProfileRepository() = default;
  virtual StatusOr<std::optional<StoredCareerProfile>> Find(TenantId tenant, ClientId client) = 0;
  /// Inserts or replaces the client's profile.
  virtual Status Put(const StoredCareerProfile& profile) = 0;
};

}  // namespace reskill::app
