// Use cases of managing agencies, staff users, their preferences and API tokens, and of reading
// the audit log. Stateless beyond the AppContext reference; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/context.hpp"

namespace reskill::app {

/// Creates an agency (operators, from the CLI). kInvalidArgument (slug, name); kAlreadyExists.
class AddTenant {
 public:
  explicit AddTenant(const AppContext& ctx) : ctx_(ctx) {}
  StatusOr<Tenant> Run(std::string_view slug, std::string_view name,
                       const RequestInfo& request) const;

 private:
  const AppContext& ctx_;
};

struct NewStaffUser {
  std::string email;
  std::string display_name;
  domain::programs::RoleSet roles;
  std::string locale;
  std::string password;
};

/// Adds a staff user to the actor's tenant (or `tenant` for system actors).
/// kInvalidArgument with the field; kAlreadyExists (email) when the e-mail is taken.
class AddStaffUser {
 public:
  explicit AddStaffUser(const AppContext& ctx) : ctx_(ctx) {}
  StatusOr<StaffUser> Run(const Principal& actor, TenantId tenant, const NewStaffUser& input,
                          const RequestInfo& request) const;

 private:
  const AppContext& ctx_;
};

/// Fields to change; absent ones stay as they are.
struct StaffUserPatch {
  std::optional<std::string> display_name;
  std::optional<domain::programs::RoleSet> roles;
  std::optional<bool> disabled;
  std::optional<std::string> locale;
  std::optional<std::string> password;
  bool unlock = false;  ///< Clears a sign-in lock.
};

/// Changes a staff user of the actor's tenant. kNotFound (also for other tenants' users);
/// kInvalidArgument; kFailedPrecondition when it would leave the agency without an enabled admin.
/// Disabling a user or changing the password ends the user's sessions.
class UpdateStaffUser {
 public:
  explicit UpdateStaffUser(const AppContext& ctx) : ctx_(ctx) {}
  StatusOr<StaffUser> Run(const Principal& actor, StaffId id, const StaffUserPatch& patch,
                          const RequestInfo& request) const;

 private:
  const AppContext& ctx_;
};

/// Reads staff of the actor's tenant. Get returns kNotFound for unknown ids.
class ReadStaff {
 public:
  explicit ReadStaff(const AppContext& ctx) : ctx_(ctx) {}
  StatusOr<std::vector<StaffUser>> List(const Principal& actor) const;
  StatusOr<StaffUser> Get(const Principal& actor, StaffId id) const;

 private:
  const AppContext& ctx_;
};

struct CreatedApiToken {
  ApiToken token;
  std::string secret;  ///< Shown once; only its hash is stored.
};

/// API tokens of the acting staff user. Create: kInvalidArgument (name, expires_in_days).
/// Revoke: kNotFound unless the token is the actor's own (admins may revoke any in the tenant).
class ManageApiTokens {
 public:
  explicit ManageApiTokens(const AppContext& ctx) : ctx_(ctx) {}
  StatusOr<CreatedApiToken> Create(const Principal& actor, std::string_view name,
                                   std::optional<int> expires_in_days,
                                   const RequestInfo& request) const;
  StatusOr<std::vector<ApiToken>> List(const Principal& actor) const;
  Status Revoke(const Principal& actor, ApiTokenId id, const RequestInfo& request) const;

 private:
  const AppContext& ctx_;
};

/// The audit log of the actor's tenant, newest first. kInvalidArgument (limit) outside 1–500.
class ReadAuditLog {
 public:
  explicit ReadAuditLog(const AppContext& ctx) : ctx_(ctx) {}
  StatusOr<std::vector<AuditEvent>> Run(const Principal& actor, const AuditQuery& query) const;

 private:
  const AppContext& ctx_;
};

}  // namespace reskill::app
