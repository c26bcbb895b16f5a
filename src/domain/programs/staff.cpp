#include "domain/programs/staff.hpp"

#include <algorithm>

#include "common/strings.hpp"

namespace reskill::domain::programs {

Status ValidateTenantSlug(std::string_view slug) {
  if (slug.size() < 2 || slug.size() > 40) {
    return InvalidArgument("an agency slug has 2 to 40 characters", "slug");
  }
  if (slug.front() < 'a' || slug.front() > 'z') {
    return InvalidArgument("an agency slug starts with a lower-case letter", "slug");
  }
  for (char c : slug) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok) return InvalidArgument("an agency slug uses only a-z, 0-9 and '-'", "slug");
  }
  return Status::Ok();
}

Status ValidateDisplayName(std::string_view name, std::string_view field) {
  const auto trimmed = Trim(name);
  if (trimmed.empty()) return InvalidArgument("a name is required", std::string(field));
  if (trimmed.size() > 200) {
    return InvalidArgument("a name has at most 200 characters", std::string(field));
  }
  if (!IsValidUtf8(trimmed))
    return InvalidArgument("a name must be UTF-8 text", std::string(field));
  // Control characters (NUL above all) have no place in a name, and libpq's text parameters end
  // at a NUL: PostgreSQL would store a silently truncated name where SQLite stores all of it.
  if (std::any_of(trimmed.begin(), trimmed.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; })) {
    return InvalidArgument("a name must not contain control characters", std::string(field));
  }
  return Status::Ok();
}

StatusOr<std::string> NormalizeEmail(std::string_view email) {
  const auto trimmed = Trim(email);
  const auto at = trimmed.find('@');
  const bool shape_ok = !trimmed.empty() && trimmed.size() <= 254 && at != std::string_view::npos &&
                        at > 0 && trimmed.find('@', at + 1) == std::string_view::npos &&
                        trimmed.find('.', at) != std::string_view::npos && trimmed.back() != '.' &&
                        trimmed[at + 1] != '.';
  const bool chars_ok = std::none_of(trimmed.begin(), trimmed.end(), [](char c) {
    return c == ' ' || c == '\t' || c == '<' || c == '>' || c == ',' ||
           static_cast<unsigned char>(c) < 0x20;
  });
  // Invalid UTF-8 would be stored as is by SQLite and refused by PostgreSQL (a 500 there).
  if (!shape_ok || !chars_ok || !IsValidUtf8(trimmed)) {
    return InvalidArgument("not a valid e-mail address", "email");
  }
  return ToLower(trimmed);
}

Status ValidatePassword(std::string_view password) {
  if (password.size() < kMinPasswordLength) {
    return InvalidArgument("a password has at least 12 characters", "password");
  }
  if (password.size() > kMaxPasswordLength) {
    return InvalidArgument("a password has at most 1024 characters", "password");
  }
  return Status::Ok();
}

Status ValidateLocale(std::string_view locale) {
  if (locale.empty()) return Status::Ok();
  for (auto l : kSupportedLocales) {
    if (l == locale) return Status::Ok();
  }
  return InvalidArgument("locale must be \"en\" or \"es\"", "locale");
}

Status ValidateRoles(RoleSet roles) {
  if (roles.empty()) return InvalidArgument("a staff user needs at least one role", "roles");
  return Status::Ok();
}

Timestamp NextSignInAllowedAt(const SignInPolicy& policy, int failures, Timestamp last) {
  if (failures < policy.slow_after_failures) return last;
  const int doublings = std::min(failures - policy.slow_after_failures, 10);
  return last + std::chrono::seconds(1LL << doublings);
}

}  // namespace reskill::domain::programs
