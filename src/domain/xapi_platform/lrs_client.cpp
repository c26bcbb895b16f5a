#include "domain/xapi_platform/lrs_client.hpp"

#include "common/strings.hpp"

namespace reskill::domain::xapi_platform {

std::string_view ScopeName(Scope scope) {
  switch (scope) {
    case Scope::kStatementsWrite: return "statements/write";
    case Scope::kStatementsReadMine: return "statements/read/mine";
    case Scope::kStatementsRead: return "statements/read";
    case Scope::kState: return "state";
    case Scope::kDefine: return "define";
    case Scope::kProfile: return "profile";
    case Scope::kAllRead: return "all/read";
    case Scope::kAll: return "all";
    case Scope::kXapiWrite: return "xapi:write";
    case Scope::kXapiRead: return "xapi:read";
    case Scope::kXapiAll: return "xapi:all";
  }
  return "?";
}

std::optional<Scope> ParseScope(std::string_view name) {
  for (Scope s : kAllScopes) {
    if (ScopeName(s) == name) return s;
  }
  return std::nullopt;
}

std::vector<std::string> ScopeSet::Names() const {
  std::vector<std::string> out;
  for (Scope s : kAllScopes) {
    if (Has(s)) out.emplace_back(ScopeName(s));
  }
  return out;
}

std::string ScopeSet::ToString() const {
  std::string out;
  for (const auto& name : Names()) {
    if (!out.empty()) out += ' ';
    out += name;
  }
  return out;
}

StatusOr<ScopeSet> ParseScopes(std::string_view text, std::string_view field) {
  ScopeSet set;
  for (auto part : Split(text, ' ')) {
    part = Trim(part);
    if (part.empty()) continue;
    auto scope = ParseScope(part);
    if (!scope) {
      std::string known;
      for (Scope s : kAllScopes) {
        if (!known.empty()) known += ", ";
        known += ScopeName(s);
      }
      return InvalidArgument(
          "unknown scope \"" + std::string(part.substr(0, 64)) + "\"; scopes are " + known,
          std::string(field));
    }
    set.Add(*scope);
  }
  return set;
}

ScopeSet DefaultScopes() {
  return {Scope::kStatementsWrite, Scope::kStatementsReadMine};
}

bool Permits(const ScopeSet& s, XapiResource resource, bool write) {
  if (s.Has(Scope::kAll) || s.Has(Scope::kXapiAll)) return true;
  const bool all_read = !write && (s.Has(Scope::kAllRead) || s.Has(Scope::kXapiRead));
  switch (resource) {
    case XapiResource::kNone: return false;
    case XapiResource::kAbout: return true;
    case XapiResource::kOAuthToken: return true;
    case XapiResource::kStatements:
      if (write) return s.Has(Scope::kStatementsWrite) || s.Has(Scope::kXapiWrite);
      return all_read || s.Has(Scope::kStatementsRead) || s.Has(Scope::kStatementsReadMine);
    case XapiResource::kState: return all_read || s.Has(Scope::kState) || s.Has(Scope::kXapiWrite);
    case XapiResource::kActivityProfile:
    case XapiResource::kAgentProfile:
      return all_read || s.Has(Scope::kProfile) || s.Has(Scope::kXapiWrite);
    case XapiResource::kActivities:
    case XapiResource::kAgents:
      if (write) return false;
      return all_read || s.Has(Scope::kStatementsRead) || s.Has(Scope::kDefine) ||
             s.Has(Scope::kProfile);
  }
  return false;
}

namespace {

bool AllDigits(std::string_view text) {
  if (text.empty() || text.size() > 9) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

std::optional<XapiVersion> ParseXapiVersion(std::string_view header) {
  header = Trim(header);
  // xAPI 1.0.3 Communication §3.3.s3: "1.0" counts as 1.0.0; any "1.0.x" is accepted.
  if (header == "1.0" || (header.starts_with("1.0.") && AllDigits(header.substr(4)))) {
    return XapiVersion::k1_0;
  }
  if (header == "2.0" || (header.starts_with("2.0.") && AllDigits(header.substr(4)))) {
    return XapiVersion::k2_0;
  }
  return std::nullopt;
}

std::string_view XapiVersionHeader(XapiVersion version) {
  switch (version) {
    case XapiVersion::k1_0: return "1.0.3";
    case XapiVersion::k2_0: return "2.0.0";
  }
  return "1.0.3";
}

Status ValidateClientName(std::string_view name) {
  name = Trim(name);
  if (name.empty()) return InvalidArgument("name is required", "name");
  if (name.size() > 100) return InvalidArgument("name is longer than 100 characters", "name");
  if (!IsValidUtf8(name)) return InvalidArgument("name is not valid UTF-8", "name");
  for (unsigned char c : name) {
    if (c < 0x20 || c == 0x7f) return InvalidArgument("name contains control characters", "name");
  }
  return Status::Ok();
}

}  // namespace reskill::domain::xapi_platform
