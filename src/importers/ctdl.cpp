#include "importers/ctdl.hpp"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "common/strings.hpp"
#include "domain/catalog/courses.hpp"

namespace reskill::importers {

namespace {

using app::catalog::CatalogContent;
using app::catalog::CatalogImportData;
using app::catalog::CourseView;
using app::catalog::ImportProblem;
using domain::catalog::CourseLevel;
using Json = nlohmann::ordered_json;

// Frameworks the alignments point at.
constexpr std::string_view kOnetContentModel = "https://www.onetcenter.org/content.html";
constexpr std::string_view kOnetTaxonomy = "https://www.onetcenter.org/taxonomy.html";
// The language of texts that have no language of their own (provider and path names).
constexpr std::string_view kAgencyLanguage = "en-US";

std::string ResourceId(std::string_view ctid) {
  return std::string(kCtdlResourceBase) + std::string(ctid);
}

std::string ProviderKey(std::string_view slug) {
  return "reskill:provider:" + std::string(slug);
}
std::string CourseKey(std::string_view slug, std::string_view external_id) {
  return "reskill:course:" + std::string(slug) + ":" + std::string(external_id);
}
std::string CertificateKey(std::string_view slug, std::string_view external_id) {
  return "reskill:certificate:" + std::string(slug) + ":" + std::string(external_id);
}
std::string PathKey(std::string_view name) {
  return "reskill:learning-path:" + std::string(name);
}

Json LangMap(std::string_view language, const std::string& text) {
  return Json{{std::string(language), text}};
}

// CTDL audience levels (the audLevel concept scheme).
std::string_view AudienceLevel(CourseLevel level) {
  switch (level) {
    case CourseLevel::kIntroductory: return "audLevel:BeginnerLevel";
    case CourseLevel::kIntermediate: return "audLevel:IntermediateLevel";
    case CourseLevel::kAdvanced: return "audLevel:AdvancedLevel";
  }
  return "audLevel:BeginnerLevel";
}

Json Alignment(std::string_view framework, std::string_view framework_name, const std::string& code,
               const std::string& name) {
  return Json{{"@type", "ceterms:CredentialAlignmentObject"},
              {"ceterms:framework", framework},
              {"ceterms:frameworkName", LangMap(kAgencyLanguage, std::string(framework_name))},
              {"ceterms:codedNotation", code},
              {"ceterms:targetNodeName", LangMap(kAgencyLanguage, name.empty() ? code : name)}};
}

Json Duration(double hours) {
  return Json::array({Json{{"@type", "ceterms:DurationProfile"},
                           {"ceterms:exactDuration", FormatIsoDuration(hours)}}});
}

// --- Reading helpers ---------------------------------------------------------------------------

// A text from a plain string, a language map or an array of either: the `preferred` language,
// else en-US, en, or the first text.
std::string Text(const Json& v, std::string_view preferred = "") {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_array()) return v.empty() ? "" : Text(v.front(), preferred);
  if (!v.is_object()) return "";
  for (std::string_view key : {preferred, std::string_view("en-US"), std::string_view("en")}) {
    if (key.empty()) continue;
    auto it = v.find(std::string(key));
    if (it != v.end()) return Text(*it, preferred);
  }
  for (const auto& [key, value] : v.items()) {
    if (value.is_string() || value.is_array()) return Text(value, preferred);
  }
  return "";
}

// A property's values as an array (CTDL allows a single value where a list is expected).
Json List(const Json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return Json::array();
  if (it->is_array()) return *it;
  return Json::array({*it});
}

std::string Str(const Json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_array() && !it->empty() && it->front().is_string())
    return it->front().get<std::string>();
  return "";
}

// A reference: a string "@id" or an object with "@id".
std::string Ref(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_object()) return Str(v, "@id");
  return "";
}

bool HasType(const Json& obj, std::string_view type) {
  for (const auto& t : List(obj, "@type")) {
    if (t.is_string() && t.get<std::string>() == type) return true;
  }
  return false;
}

std::string Slugify(std::string_view name) {
  std::string out;
  for (char c : name) {
    const char l = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    if ((l >= 'a' && l <= 'z') || (l >= '0' && l <= '9')) {
      out += l;
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  if (out.empty() || out[0] < 'a' || out[0] > 'z') out = "p-" + out;
  if (out.size() > 40) out.resize(40);
  while (out.size() > 2 && out.back() == '-') out.pop_back();
  if (out.size() < 2) out += "-x";
  return out;
}

bool IsSlug(std::string_view s) {
  if (s.size() < 2 || s.size() > 40 || s[0] < 'a' || s[0] > 'z') return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

std::optional<CourseLevel> LevelFrom(const Json& obj) {
  for (const auto& a : List(obj, "ceterms:audienceLevelType")) {
    std::string node = a.is_string() ? a.get<std::string>() : Str(a, "ceterms:targetNode");
    if (node == "audLevel:BeginnerLevel" || node == "audLevel:IntroductoryLevel") {
      return CourseLevel::kIntroductory;
    }
    if (node == "audLevel:IntermediateLevel") return CourseLevel::kIntermediate;
    if (node == "audLevel:AdvancedLevel") return CourseLevel::kAdvanced;
  }
  return std::nullopt;
}

std::optional<double> DurationFrom(const Json& obj) {
  for (const auto& d : List(obj, "ceterms:estimatedDuration")) {
    const std::string text = Str(d, "ceterms:exactDuration");
    if (!text.empty()) return ParseIsoDuration(text);
  }
  return std::nullopt;
}

// The alignments under `key` whose coded notation `accept` takes, with that notation, in order.
template <typename Accept>
std::vector<std::pair<std::string, Json>> CodedAlignments(const Json& obj, const char* key,
                                                          Accept accept) {
  std::vector<std::pair<std::string, Json>> out;
  for (const auto& a : List(obj, key)) {
    if (!a.is_object()) continue;
    const std::string code = Str(a, "ceterms:codedNotation");
    if (!code.empty() && accept(code)) out.emplace_back(code, a);
  }
  return out;
}

bool IsElementId(const std::string& code) {
  return domain::catalog::ValidateElementId(code, "").ok();
}

bool IsOccupationCode(const std::string& code) {
  return code.size() == 10 && code[2] == '-' && code[7] == '.';
}

double RoundMicro(double v) {
  return std::round(v * 1e6) / 1e6;
}

}  // namespace

std::string StableCtid(std::string_view key) {
  // FNV-1a 64 twice, with the standard and a second offset basis: 128 bits, deterministic.
  auto fnv = [&](std::uint64_t basis) {
    std::uint64_t h = basis;
    for (unsigned char c : key) {
      h ^= c;
      h *= 1099511628211ULL;
    }
    return h;
  };
  const std::uint64_t a = fnv(14695981039346656037ULL);
  const std::uint64_t b = fnv(14695981039346656037ULL ^ 0x9E3779B97F4A7C15ULL);
  char hex[33];
  std::snprintf(hex, sizeof hex, "%016llx%016llx", static_cast<unsigned long long>(a),
                static_cast<unsigned long long>(b));
  std::string h(hex);
  h[12] = '8';  // UUID version 8 (custom), variant 10xx: a well-formed UUID shape
  h[16] = "89ab"[(h[16] >= 'a' ? h[16] - 'a' + 10 : h[16] - '0') & 3];
  return "ce-" + h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" +
         h.substr(16, 4) + "-" + h.substr(20, 12);
}

std::string FormatIsoDuration(double hours) {
  const double total_seconds = RoundMicro(hours) * 3600.0;
  const auto whole_hours = static_cast<long long>(total_seconds / 3600.0);
  double rest = total_seconds - static_cast<double>(whole_hours) * 3600.0;
  const auto minutes = static_cast<long long>(rest / 60.0);
  rest -= static_cast<double>(minutes) * 60.0;
  std::string out = "PT";
  if (whole_hours > 0) out += std::to_string(whole_hours) + "H";
  if (minutes > 0) out += std::to_string(minutes) + "M";
  if (rest > 0.0005) out += domain::catalog::FormatNumber(std::round(rest * 1000) / 1000) + "S";
  if (out == "PT") out += "0H";
  return out;
}

std::optional<double> ParseIsoDuration(std::string_view text) {
  if (!text.starts_with("PT") || text.size() < 4) return std::nullopt;
  text.remove_prefix(2);
  double hours = 0;
  int last_unit = -1;  // H=0, M=1, S=2: each at most once, in order
  while (!text.empty()) {
    std::size_t i = 0;
    while (i < text.size() && ((text[i] >= '0' && text[i] <= '9') || text[i] == '.')) ++i;
    if (i == 0 || i == text.size()) return std::nullopt;
    const std::string number(text.substr(0, i));
    if (number.find('.') != number.rfind('.')) return std::nullopt;
    const double value = std::strtod(number.c_str(), nullptr);
    const char unit = text[i];
    const int index = unit == 'H' ? 0 : unit == 'M' ? 1 : unit == 'S' ? 2 : -1;
    if (index <= last_unit) return std::nullopt;
    last_unit = index;
    hours += index == 0 ? value : index == 1 ? value / 60.0 : value / 3600.0;
    text.remove_prefix(i + 1);
  }
  return RoundMicro(hours);
}

std::string WriteCtdl(const CatalogContent& content) {
  Json graph = Json::array();
  std::map<std::int64_t, std::string> provider_slug;  // provider id → slug
  for (const auto& p : content.providers) {
    provider_slug[p.id.value()] = p.slug;
    const std::string ctid = StableCtid(ProviderKey(p.slug));
    Json org{
        {"@id", ResourceId(ctid)},
        {"@type", "ceterms:CredentialOrganization"},
        {"ceterms:ctid", ctid},
        {"ceterms:name", LangMap(kAgencyLanguage, p.name)},
        {"ceterms:alternateName", Json{{std::string(kAgencyLanguage), Json::array({p.slug})}}}};
    if (!p.website.empty()) org["ceterms:subjectWebpage"] = p.website;
    graph.push_back(std::move(org));
  }

  // Occupations of the paths that contain each course.
  std::map<std::int64_t, std::vector<const domain::catalog::Occupation*>> occupations_of;
  for (const auto& path : content.paths) {
    for (const auto& c : path.courses) {
      auto& list = occupations_of[c.course.id.value()];
      for (const auto& o : path.occupations) {
        bool seen = false;
        for (const auto* x : list) seen = seen || x->code == o.code;
        if (!seen) list.push_back(&o);
      }
    }
  }

  std::vector<Json> certificates;
  for (const CourseView& v : content.courses) {
    const auto& c = v.course;
    const std::string& slug = v.provider.slug;
    const std::string ctid = StableCtid(CourseKey(slug, c.external_id));
    const std::string lang = c.language;
    Json course{
        {"@id", ResourceId(ctid)},
        {"@type", "ceterms:Course"},
        {"ceterms:ctid", ctid},
        {"ceterms:name", LangMap(lang, c.title)},
        // CTDL requires a description; the title stands in for a missing one.
        {"ceterms:description", LangMap(lang, c.description.empty() ? c.title : c.description)},
        {"ceterms:codedNotation", c.external_id},
        {"ceterms:subjectWebpage", c.url},
        {"ceterms:availableOnlineAt", Json::array({c.url})},
        {"ceterms:inLanguage", Json::array({lang})},
        {"ceterms:offeredBy", Json::array({ResourceId(StableCtid(ProviderKey(slug)))})},
        {"ceterms:deliveryType",
         Json::array({Json{{"@type", "ceterms:CredentialAlignmentObject"},
                           {"ceterms:targetNode", "deliveryType:OnlineOnly"}}})},
        {"ceterms:audienceLevelType",
         Json::array({Json{{"@type", "ceterms:CredentialAlignmentObject"},
                           {"ceterms:targetNode", AudienceLevel(c.level)}}})},
        {"ceterms:estimatedDuration", Duration(c.estimated_hours)}};
    if (c.is_free) {
      course["ceterms:estimatedCost"] =
          Json::array({Json{{"@type", "ceterms:CostProfile"},
                            {"ceterms:price", 0},
                            {"ceterms:currency", "USD"},
                            {"ceterms:description", LangMap(kAgencyLanguage, "Free")}}});
    }
    if (!c.skills.empty()) {
      Json teaches = Json::array();
      for (std::size_t i = 0; i < c.skills.size(); ++i) {
        Json a = Alignment(kOnetContentModel, "O*NET Content Model", c.skills[i].element_id,
                           i < v.element_names.size() ? v.element_names[i] : "");
        // The O*NET level (0–7) the course brings a learner to.
        a["ceterms:weight"] = c.skills[i].target_level;
        teaches.push_back(std::move(a));
      }
      course["ceterms:teaches"] = std::move(teaches);
    }
    if (auto it = occupations_of.find(c.id.value()); it != occupations_of.end()) {
      Json types = Json::array();
      for (const auto* o : it->second) {
        types.push_back(Alignment(kOnetTaxonomy, "O*NET-SOC", o->code, o->title));
      }
      course["ceterms:occupationType"] = std::move(types);
    }
    if (c.offers_certificate) {
      const std::string cert_ctid = StableCtid(CertificateKey(slug, c.external_id));
      course["ceterms:isPreparationFor"] = Json::array(
          {Json{{"@type", "ceterms:ConditionProfile"},
                {"ceterms:description",
                 LangMap(kAgencyLanguage, "Completing the course earns the certificate.")},
                {"ceterms:targetCredential", Json::array({ResourceId(cert_ctid)})}}});
      certificates.push_back(Json{
          {"@id", ResourceId(cert_ctid)},
          {"@type", "ceterms:Certificate"},
          {"ceterms:ctid", cert_ctid},
          {"ceterms:name", LangMap(lang, "Certificate: " + c.title)},
          {"ceterms:description",
           LangMap(lang, v.provider.name + " certificate of completion for " + c.title + ".")},
          {"ceterms:ownedBy", Json::array({ResourceId(StableCtid(ProviderKey(slug)))})},
          {"ceterms:credentialStatusType", Json{{"@type", "ceterms:CredentialAlignmentObject"},
                                                {"ceterms:targetNode", "credentialStat:Active"}}},
          {"ceterms:subjectWebpage", c.url},
          {"ceterms:inLanguage", Json::array({lang})},
          {"ceterms:requires",
           Json::array(
               {Json{{"@type", "ceterms:ConditionProfile"},
                     {"ceterms:description", LangMap(kAgencyLanguage, "Complete the course.")},
                     {"ceterms:targetLearningOpportunity", Json::array({ResourceId(ctid)})}}})}});
    }
    graph.push_back(std::move(course));
  }
  for (auto& cert : certificates) graph.push_back(std::move(cert));

  for (const auto& pv : content.paths) {
    const auto& p = pv.path;
    const std::string ctid = StableCtid(PathKey(p.name));
    Json program{{"@id", ResourceId(ctid)},
                 {"@type", "ceterms:LearningProgram"},
                 {"ceterms:ctid", ctid},
                 {"ceterms:name", LangMap(kAgencyLanguage, p.name)},
                 {"ceterms:description",
                  LangMap(kAgencyLanguage, p.description.empty() ? p.name : p.description)},
                 {"ceterms:estimatedDuration", Duration(pv.total_hours)}};
    Json parts = Json::array();
    for (const auto& c : pv.courses) {
      parts.push_back(ResourceId(StableCtid(CourseKey(c.provider.slug, c.course.external_id))));
    }
    program["ceterms:hasPart"] = std::move(parts);
    if (p.is_introductory) {
      program["ceterms:audienceLevelType"] =
          Json::array({Json{{"@type", "ceterms:CredentialAlignmentObject"},
                            {"ceterms:targetNode", "audLevel:BeginnerLevel"}}});
    }
    if (!pv.occupations.empty()) {
      Json types = Json::array();
      for (const auto& o : pv.occupations) {
        types.push_back(Alignment(kOnetTaxonomy, "O*NET-SOC", o.code, o.title));
      }
      program["ceterms:occupationType"] = std::move(types);
    }
    graph.push_back(std::move(program));
  }

  Json doc{{"@context", kCtdlContext}, {"@graph", std::move(graph)}};
  return doc.dump(2) + "\n";
}

StatusOr<CatalogImportData> ReadCtdl(std::string_view text) {
  if (!IsValidUtf8(text)) return InvalidArgument("the file is not UTF-8 text");
  Json doc;
  try {
    doc = Json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::parse_error& e) {
    return InvalidArgument("not JSON: error at byte " + std::to_string(e.byte));
  }
  if (!doc.is_object() || Str(doc, "@context") != kCtdlContext) {
    return InvalidArgument("not a CTDL document: \"@context\" must be \"" +
                           std::string(kCtdlContext) + "\"");
  }
  auto graph_it = doc.find("@graph");
  if (graph_it == doc.end() || !graph_it->is_array()) {
    return InvalidArgument("not a CTDL graph: \"@graph\" must be an array of objects");
  }
  const Json& graph = *graph_it;
  CatalogImportData data;
  const auto where = [](std::size_t i) { return "@graph[" + std::to_string(i) + "]"; };

  // Organizations first: courses refer to them.
  std::map<std::string, std::size_t> org_index;  // @id → index into data.providers
  for (std::size_t i = 0; i < graph.size(); ++i) {
    const Json& obj = graph[i];
    if (!obj.is_object() || !HasType(obj, "ceterms:CredentialOrganization")) continue;
    CatalogImportData::ProviderEntry entry;
    entry.where = where(i);
    entry.provider.name = Text(obj.value("ceterms:name", Json()));
    std::string slug = Text(obj.value("ceterms:alternateName", Json()));
    entry.provider.slug = IsSlug(slug) ? slug : Slugify(entry.provider.name);
    entry.provider.website = Str(obj, "ceterms:subjectWebpage");
    const std::string id = Str(obj, "@id");
    if (id.empty()) {
      data.problems.push_back({entry.where, "@id", "an organization needs an @id"});
      continue;
    }
    org_index[id] = data.providers.size();
    data.providers.push_back(std::move(entry));
  }

  // Certificates: which courses lead to one.
  std::set<std::string> certified;  // course @ids
  std::set<std::string> certificate_ids;
  for (const auto& obj : graph) {
    if (!obj.is_object() || !HasType(obj, "ceterms:Certificate")) continue;
    certificate_ids.insert(Str(obj, "@id"));
    for (const auto& cond : List(obj, "ceterms:requires")) {
      if (!cond.is_object()) continue;
      for (const auto& target : List(cond, "ceterms:targetLearningOpportunity")) {
        certified.insert(Ref(target));
      }
    }
  }

  std::map<std::string, std::size_t> course_index;             // @id → index into data.courses
  std::map<std::size_t, std::pair<bool, bool>> provider_free;  // provider → (any free, any paid)
  for (std::size_t i = 0; i < graph.size(); ++i) {
    const Json& obj = graph[i];
    if (!obj.is_object() || !HasType(obj, "ceterms:Course")) continue;
    CatalogImportData::CourseEntry entry;
    entry.where = where(i);
    auto& c = entry.course;
    const std::string id = Str(obj, "@id");
    std::string language = Str(obj, "ceterms:inLanguage");
    c.language = language.empty() ? "en" : language;
    c.title = Text(obj.value("ceterms:name", Json()), c.language);
    c.description = Text(obj.value("ceterms:description", Json()), c.language);
    if (c.description == c.title) c.description.clear();  // the stand-in WriteCtdl writes
    c.external_id = Str(obj, "ceterms:codedNotation");
    if (c.external_id.empty()) c.external_id = Str(obj, "ceterms:ctid");
    c.url = Str(obj, "ceterms:subjectWebpage");
    if (c.url.empty()) c.url = Str(obj, "ceterms:availableOnlineAt");
    std::vector<ImportProblem> problems;
    if (id.empty()) problems.push_back({entry.where, "@id", "a course needs an @id"});
    if (auto hours = DurationFrom(obj)) {
      c.estimated_hours = *hours;
    } else {
      problems.push_back({entry.where, "ceterms:estimatedDuration",
                          "a course needs an estimated duration in hours, e.g. "
                          "{\"ceterms:exactDuration\": \"PT12H\"}"});
    }
    c.level = LevelFrom(obj).value_or(CourseLevel::kIntroductory);
    for (const auto& cost : List(obj, "ceterms:estimatedCost")) {
      auto price = cost.is_object() ? cost.find("ceterms:price") : cost.end();
      if (cost.is_object() && price != cost.end() && price->is_number() &&
          price->get<double>() == 0) {
        c.is_free = true;
      }
    }
    c.offers_certificate = certified.contains(id);
    for (const auto& cond : List(obj, "ceterms:isPreparationFor")) {
      if (!cond.is_object()) continue;
      for (const auto& target : List(cond, "ceterms:targetCredential")) {
        if (certificate_ids.contains(Ref(target))) c.offers_certificate = true;
      }
    }
    for (const auto& [code, alignment] : CodedAlignments(obj, "ceterms:teaches", IsElementId)) {
      domain::catalog::CourseSkill skill;
      skill.element_id = code;
      auto weight = alignment.find("ceterms:weight");
      if (weight != alignment.end() && weight->is_number()) {
        skill.target_level = weight->get<double>();
      }
      c.skills.push_back(std::move(skill));
    }
    const auto offered = List(obj, "ceterms:offeredBy");
    const auto owned = List(obj, "ceterms:ownedBy");
    const std::string org = !offered.empty() ? Ref(offered.front())
                            : !owned.empty() ? Ref(owned.front())
                                             : "";
    auto org_it = org_index.find(org);
    if (org_it == org_index.end()) {
      problems.push_back({entry.where, "ceterms:offeredBy",
                          "a course needs ceterms:offeredBy naming an organization of the graph"});
    } else {
      entry.provider_slug = data.providers[org_it->second].provider.slug;
      auto& [any_free, any_paid] = provider_free[org_it->second];
      (c.is_free ? any_free : any_paid) = true;
    }
    if (!problems.empty()) {
      data.problems.insert(data.problems.end(), problems.begin(), problems.end());
      continue;
    }
    course_index[id] = data.courses.size();
    data.courses.push_back(std::move(entry));
  }

  // Licence types are Reskill's own: infer them from the courses (free and/or seats).
  for (std::size_t i = 0; i < data.providers.size(); ++i) {
    const auto [any_free, any_paid] = provider_free[i];
    auto& types = data.providers[i].provider.license_types;
    if (any_free) types.push_back(domain::catalog::LicenseType::kFree);
    if (any_paid || !any_free) types.push_back(domain::catalog::LicenseType::kSeat);
  }

  for (std::size_t i = 0; i < graph.size(); ++i) {
    const Json& obj = graph[i];
    if (!obj.is_object() || !HasType(obj, "ceterms:LearningProgram")) continue;
    CatalogImportData::PathEntry entry;
    entry.where = where(i);
    entry.path.name = Text(obj.value("ceterms:name", Json()));
    entry.path.description = Text(obj.value("ceterms:description", Json()));
    if (entry.path.description == entry.path.name) entry.path.description.clear();
    entry.path.is_introductory = LevelFrom(obj) == CourseLevel::kIntroductory;
    for (const auto& [code, alignment] :
         CodedAlignments(obj, "ceterms:occupationType", IsOccupationCode)) {
      entry.path.occupation_codes.push_back(code);
    }
    bool ok = true;
    const auto parts = List(obj, "ceterms:hasPart");
    for (std::size_t k = 0; k < parts.size(); ++k) {
      auto it = course_index.find(Ref(parts[k]));
      if (it == course_index.end()) {
        data.problems.push_back({entry.where, "ceterms:hasPart[" + std::to_string(k) + "]",
                                 "not a course of the graph (or one that could not be read)"});
        ok = false;
        continue;
      }
      entry.course_indexes.push_back(it->second);
    }
    if (ok) data.paths.push_back(std::move(entry));
  }
  return data;
}

}  // namespace reskill::importers
