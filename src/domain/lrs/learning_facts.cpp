#include "domain/lrs/learning_facts.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace reskill::domain::lrs {

namespace {

struct VerbEntry {
  std::string_view iri;
  VerbClass cls;
};

// docs/lrs.md "Learning facts": keep the two lists in step.
constexpr std::array<VerbEntry, 14> kVerbs{{
    {"http://adlnet.gov/expapi/verbs/launched", VerbClass::kStarted},
    {"http://adlnet.gov/expapi/verbs/initialized", VerbClass::kStarted},
    {"http://adlnet.gov/expapi/verbs/attempted", VerbClass::kStarted},
    {"http://activitystrea.ms/schema/1.0/start", VerbClass::kStarted},
    {"https://w3id.org/xapi/adl/verbs/registered", VerbClass::kStarted},
    {"http://adlnet.gov/expapi/verbs/progressed", VerbClass::kProgressed},
    {"http://adlnet.gov/expapi/verbs/experienced", VerbClass::kProgressed},
    {"https://w3id.org/xapi/video/verbs/played", VerbClass::kProgressed},
    {"http://id.tincanapi.com/verb/viewed", VerbClass::kProgressed},
    {"http://adlnet.gov/expapi/verbs/completed", VerbClass::kCompleted},
    {"http://activitystrea.ms/schema/1.0/complete", VerbClass::kCompleted},
    {"https://w3id.org/xapi/video/verbs/completed", VerbClass::kCompleted},
    {"http://adlnet.gov/expapi/verbs/passed", VerbClass::kPassed},
    {"http://adlnet.gov/expapi/verbs/mastered", VerbClass::kPassed},
}};

}  // namespace

VerbClass ClassifyVerb(std::string_view verb_iri) {
  for (const auto& v : kVerbs) {
    if (v.iri == verb_iri) return v.cls;
  }
  return VerbClass::kOther;
}

std::string UtcDay(Timestamp t) {
  return FormatIso8601(t).substr(0, 10);
}

std::optional<LearningFact> FactOf(const ParsedStatement& s, Timestamp at) {
  if (s.is_voiding) return std::nullopt;
  LearningFact f;
  f.day = UtcDay(at);
  f.at = at;
  if (s.duration_seconds && std::isfinite(*s.duration_seconds) && *s.duration_seconds > 0) {
    const double capped = std::min(*s.duration_seconds, static_cast<double>(kMaxFactSeconds));
    f.seconds = static_cast<std::int64_t>(std::llround(capped));
  }
  switch (ClassifyVerb(s.verb_id)) {
    case VerbClass::kStarted: f.started = 1; break;
    case VerbClass::kProgressed: f.progressed = 1; break;
    case VerbClass::kCompleted: f.completed = 1; break;
    case VerbClass::kPassed: f.passed = 1; break;
    case VerbClass::kOther: break;
  }
  return f;
}

}  // namespace reskill::domain::lrs
