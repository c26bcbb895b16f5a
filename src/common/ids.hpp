// Strong id types: an id of one kind cannot be passed where another is expected.
// Ids are 63-bit, time-ordered integers made by app/ports/id_generator.hpp.
#pragma once

#include <compare>
#include <cstdint>
#include <functional>

namespace reskill {

template <typename Tag>
class Id {
 public:
  constexpr Id() = default;
  constexpr explicit Id(std::int64_t value) : value_(value) {}
  constexpr std::int64_t value() const { return value_; }
  constexpr bool valid() const { return value_ > 0; }
  friend constexpr auto operator<=>(const Id&, const Id&) = default;

 private:
  std::int64_t value_ = 0;
};

using TenantId = Id<struct TenantTag>;
using StaffId = Id<struct StaffTag>;
using ApiTokenId = Id<struct ApiTokenTag>;
using AuditEventId = Id<struct AuditEventTag>;
using ProgramId = Id<struct ProgramTag>;
using ClientId = Id<struct ClientTag>;
using LicenceId = Id<struct LicenceTag>;
using LrsClientId = Id<struct LrsClientTag>;

}  // namespace reskill

template <typename Tag>
struct std::hash<reskill::Id<Tag>> {
  std::size_t operator()(const reskill::Id<Tag>& id) const noexcept {
    return std::hash<std::int64_t>{}(id.value());
  }
};
