// The learning facts one xAPI statement contributes on ingest (issue 5, item 4): time spent from
// result.duration and the items started, progressed, completed and passed, by verb, on the UTC day
// of the statement's timestamp. The verb lists are documented in docs/lrs.md. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/time.hpp"
#include "domain/lrs/statement.hpp"

namespace reskill::domain::lrs {

/// What a learning fact counts. Durations above kMaxFactSeconds are capped there.
enum class VerbClass { kOther, kStarted, kProgressed, kCompleted, kPassed };

/// The class of a verb IRI (exact match against the lists in docs/lrs.md).
VerbClass ClassifyVerb(std::string_view verb_iri);

/// One statement's contribution to a learning_day row (source "measured").
struct LearningFact {
  std::string day;  ///< "YYYY-MM-DD" (UTC) of `at`
  std::int64_t seconds = 0;
  std::int64_t started = 0;
  std::int64_t progressed = 0;
  std::int64_t completed = 0;
  std::int64_t passed = 0;
  Timestamp at;  ///< the statement's timestamp (first and last activity)
};

/// A statement's result.duration counts at most one day: a hostile or broken sender cannot
/// inflate a learner's hours with "P100Y".
inline constexpr std::int64_t kMaxFactSeconds = 24 * 3600;

/// The fact `s` contributes when its timestamp is `at`; nullopt for voiding statements, which
/// are bookkeeping, not learning.
std::optional<LearningFact> FactOf(const ParsedStatement& s, Timestamp at);

/// "YYYY-MM-DD" of `t` in UTC.
std::string UtcDay(Timestamp t);

}  // namespace reskill::domain::lrs
