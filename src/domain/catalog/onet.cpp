#include "domain/catalog/onet.hpp"

namespace reskill::domain::catalog {

std::string_view ElementKindName(ElementKind kind) {
  switch (kind) {
    case ElementKind::kSkill: return "skill";
    case ElementKind::kKnowledge: return "knowledge";
    case ElementKind::kAbility: return "ability";
    case ElementKind::kWorkActivity: return "work_activity";
  }
  return "skill";
}

std::optional<ElementKind> ParseElementKind(std::string_view name) {
  for (ElementKind k : {ElementKind::kSkill, ElementKind::kKnowledge, ElementKind::kAbility,
                        ElementKind::kWorkActivity}) {
    if (ElementKindName(k) == name) return k;
  }
  return std::nullopt;
}

Status ValidateOnetCode(std::string_view code) {
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  const bool ok = code.size() == 10 && digit(code[0]) && digit(code[1]) && code[2] == '-' &&
                  digit(code[3]) && digit(code[4]) && digit(code[5]) && digit(code[6]) &&
                  code[7] == '.' && digit(code[8]) && digit(code[9]);
  if (!ok) return InvalidArgument("an O*NET-SOC code looks like 15-1252.00", "code");
  return Status::Ok();
}

std::string SocCodeOf(std::string_view onet_code) {
  return std::string(onet_code.substr(0, 7));
}

}  // namespace reskill::domain::catalog
