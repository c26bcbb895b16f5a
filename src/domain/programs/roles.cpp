#include "domain/programs/roles.hpp"

#include "common/strings.hpp"

namespace reskill::domain::programs {

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kAdmin: return "admin";
    case Role::kSupervisor: return "supervisor";
    case Role::kCounselor: return "counselor";
    case Role::kAnalyst: return "analyst";
    case Role::kCurator: return "curator";
  }
  return "unknown";
}

std::optional<Role> ParseRole(std::string_view name) {
  for (Role r : kAllStaffRoles) {
    if (RoleName(r) == name) return r;
  }
  return std::nullopt;
}

std::vector<std::string> RoleSet::Names() const {
  std::vector<std::string> names;
  for (Role r : kAllStaffRoles) {
    if (Has(r)) names.emplace_back(RoleName(r));
  }
  return names;
}

std::string RoleSet::ToCsv() const {
  std::string out;
  for (const auto& name : Names()) {
    if (!out.empty()) out += ',';
    out += name;
  }
  return out;
}

std::optional<RoleSet> RoleSet::FromCsv(std::string_view csv) {
  RoleSet set;
  if (Trim(csv).empty()) return set;
  for (auto part : Split(csv, ',')) {
    auto role = ParseRole(Trim(part));
    if (!role) return std::nullopt;
    set.Add(*role);
  }
  return set;
}

}  // namespace reskill::domain::programs
