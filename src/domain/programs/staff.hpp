// Tenants (agencies) and their staff users, with the validation rules for both.
// Plain values; thread-safe to share once built.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/ids.hpp"
#include "common/status.hpp"
#include "common/time.hpp"
#include "domain/programs/roles.hpp"

namespace reskill::domain::programs {

/// An agency. Every tenant-owned record carries its id; no data crosses tenants.
struct Tenant {
  TenantId id;
  std::string slug;  ///< URL- and CLI-safe handle, e.g. "demo"; unique.
  std::string name;
  Timestamp created_at;
};

/// A person who works for an agency and signs in to Reskill.
struct StaffUser {
  TenantId tenant_id;
  StaffId id;
  std::string email;  ///< Lower-cased; unique within the tenant.
  std::string display_name;
  RoleSet roles;
  std::string locale;         ///< "en" or "es"; empty means "from the browser".
  std::string password_hash;  ///< Argon2id string from PasswordHasher; never leaves the server.
  bool disabled = false;
  int failed_sign_ins = 0;  ///< Consecutive failures since the last successful sign-in.
  std::optional<Timestamp> last_failed_sign_in_at;
  std::optional<Timestamp> locked_until;
  Timestamp created_at;
};

inline constexpr std::size_t kMinPasswordLength = 12;
inline constexpr std::size_t kMaxPasswordLength = 1024;
inline constexpr std::string_view kSupportedLocales[] = {"en", "es"};

/// kInvalidArgument (field "slug") unless 2–40 chars of [a-z0-9-], starting with a letter.
Status ValidateTenantSlug(std::string_view slug);
/// kInvalidArgument (field "name") unless 1–200 characters of UTF-8 text without control
/// characters after trimming.
Status ValidateDisplayName(std::string_view name, std::string_view field = "name");
/// Lower-cases and checks an e-mail address (one '@', a dot in the domain, no spaces, ≤ 254).
StatusOr<std::string> NormalizeEmail(std::string_view email);
/// kInvalidArgument (field "password") unless 12–1024 bytes.
Status ValidatePassword(std::string_view password);
/// kInvalidArgument (field "locale") unless empty, "en" or "es".
Status ValidateLocale(std::string_view locale);
/// kInvalidArgument (field "roles") when a staff user would hold no role.
Status ValidateRoles(RoleSet roles);

/// Sign-in throttling: after `kSlowAfterFailures` consecutive failures each further attempt must
/// wait, doubling from one second; after `max_failures` the account locks for `lockout`.
struct SignInPolicy {
  int slow_after_failures = 3;
  int max_failures = 10;
  std::chrono::minutes lockout{15};
};

/// When the next attempt is allowed after `failures` consecutive failures, the last at `last`.
/// Returns `last` itself when no wait is due.
Timestamp NextSignInAllowedAt(const SignInPolicy& policy, int failures, Timestamp last);

}  // namespace reskill::domain::programs
