// Staff roles and role sets. A role set is a small bit set; pure values, thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace reskill::domain::programs {

/// Persisted by name (see RoleName) and shown in the API: do not rename.
enum class Role : std::uint8_t {
  kAdmin = 0,
  kSupervisor,
  kCounselor,
  kAnalyst,
  kCurator,
};

inline constexpr Role kAllStaffRoles[] = {Role::kAdmin, Role::kSupervisor, Role::kCounselor,
                                          Role::kAnalyst, Role::kCurator};

std::string_view RoleName(Role role);
/// The role named `name` ("admin", …); nullopt for anything else.
std::optional<Role> ParseRole(std::string_view name);

/// A set of roles. The empty set allows nothing.
class RoleSet {
 public:
  constexpr RoleSet() = default;
  constexpr RoleSet(std::initializer_list<Role> roles) {
    for (Role r : roles) bits_ |= Bit(r);
  }
  static constexpr RoleSet AllStaff() {
    return {Role::kAdmin, Role::kSupervisor, Role::kCounselor, Role::kAnalyst, Role::kCurator};
  }
  static constexpr RoleSet FromBits(std::uint32_t bits) {
    RoleSet s;
    s.bits_ = bits;
    return s;
  }

  constexpr bool Has(Role r) const { return (bits_ & Bit(r)) != 0; }
  constexpr bool Intersects(RoleSet other) const { return (bits_ & other.bits_) != 0; }
  constexpr bool empty() const { return bits_ == 0; }
  constexpr std::uint32_t bits() const { return bits_; }
  void Add(Role r) { bits_ |= Bit(r); }
  friend constexpr bool operator==(RoleSet, RoleSet) = default;

  /// Role names in declaration order.
  std::vector<std::string> Names() const;
  /// "admin,counselor" — the persisted form.
  std::string ToCsv() const;
  /// Parses the persisted form; unknown names are an error (nullopt).
  static std::optional<RoleSet> FromCsv(std::string_view csv);

 private:
  static constexpr std::uint32_t Bit(Role r) { return 1u << static_cast<std::uint32_t>(r); }
  std::uint32_t bits_ = 0;
};

}  // namespace reskill::domain::programs
