// libFuzzer target for the xAPI statement parser (src/domain/lrs/statement.hpp). Besides "no
// crash, no sanitizer report, no hang", it checks two properties on every input the parser
// accepts:
//   - the stored form round-trips: ComposeStored's text parses again, with the same id, IFIs,
//     verb, object and terms, and SameStatement holds between the two;
//   - parsing is deterministic: the same input parses to the same canonical body twice.
// The first byte picks the spec version and whether the input is a batch or a single
// statement; the rest is the JSON. Run with fuzz/run.sh.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "domain/lrs/statement.hpp"

namespace lrs = reskill::domain::lrs;

namespace {

[[noreturn]] void Fail(const char* what, std::string_view json) {
  std::fprintf(stderr, "property violated: %s\ninput: %.*s\n", what, static_cast<int>(json.size()),
               json.data());
  std::abort();
}

void CheckRoundTrip(const lrs::ParsedStatement& s, lrs::SpecVersion version,
                    std::string_view json) {
  const std::string id = s.id.empty() ? "1d7f1c52-3a43-4cf5-9a4e-3b0c0e5e0a11" : s.id;
  const std::string stored = lrs::ComposeStored(
      s, id, s.timestamp_text.empty() ? "2026-11-23T12:00:00.000Z" : s.timestamp_text,
      "2026-11-23T12:00:00.000Z",
      R"({"objectType":"Agent","account":{"homePage":"https://lrs.example","name":"k"}})",
      version == lrs::SpecVersion::k2_0 ? "2.0.0" : "1.0.3");
  auto again = lrs::ParseStatement(stored, version);
  if (!again.ok()) Fail("the stored form does not parse", stored);
  if (again->id != id) Fail("the stored id changed", stored);
  if (again->actor_ifi != s.actor_ifi) Fail("the actor changed", stored);
  if (again->verb_id != s.verb_id) Fail("the verb changed", stored);
  if (again->object_id != s.object_id || again->object_kind != s.object_kind)
    Fail("the object changed", stored);
  if (again->terms != s.terms) Fail("the index terms changed", stored);
  if (again->is_voiding != s.is_voiding) Fail("voiding changed", stored);
  if (!lrs::SameStatement(s, *again)) Fail("not the same statement after storing", json);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const auto version = (data[0] & 1) ? lrs::SpecVersion::k2_0 : lrs::SpecVersion::k1_0;
  const bool batch = (data[0] & 2) != 0;
  const std::string_view json(reinterpret_cast<const char*>(data + 1), size - 1);
  if (batch) {
    auto parsed = lrs::ParseStatementBatch(json, version);
    if (!parsed.ok()) return 0;
    for (const auto& s : *parsed) CheckRoundTrip(s, version, json);
    return 0;
  }
  auto parsed = lrs::ParseStatement(json, version);
  if (!parsed.ok()) {
    if (parsed.status().public_message().empty()) Fail("a refusal without a message", json);
    return 0;
  }
  auto twice = lrs::ParseStatement(json, version);
  if (!twice.ok() || twice->body != parsed->body) Fail("parsing is not deterministic", json);
  CheckRoundTrip(*parsed, version, json);
  // Agents given as query parameters go through the same IFI rules.
  (void)lrs::ParseAgentIfi(json, version, "agent");
  return 0;
}
