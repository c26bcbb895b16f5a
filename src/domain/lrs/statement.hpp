// xAPI statements (1.0.x and 2.0): parsing and validation exactly per the specification, and the
// canonical text the LRS stores. Pure functions over JSON text; the parser keeps one simdjson
// parser per thread, so every function here is safe to call from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.hpp"
#include "common/time.hpp"

namespace reskill::domain::lrs {

/// The xAPI version family of a request (X-Experience-API-Version): 1.0.x or 2.0.x.
enum class SpecVersion { k1_0, k2_0 };

/// Kinds of statement object. Persisted nowhere; the wire names are the spec's objectType values.
enum class ObjectKind { kActivity, kAgent, kGroup, kStatementRef, kSubStatement };

/// One entry of the query index: "a|IFI", "v|IRI", "o|IRI", "r|UUID" (see migration 0007).
/// `direct` is true where the plain `agent` / `activity` filter matches, false where only
/// `related_agents` / `related_activities` do.
struct Term {
  std::string term;
  bool direct = false;
  friend bool operator==(const Term&, const Term&) = default;
};

/// An activity definition carried by the statement, to merge into the activity table.
struct ActivityDefinition {
  std::string activity_iri;
  std::string definition_json;  ///< canonical JSON object text
};

/// Attachment metadata from the statement's `attachments` property.
struct AttachmentRef {
  std::string usage_type;
  std::string content_type;
  std::string sha2;
  std::int64_t length = 0;
  bool has_file_url = false;
};

/// The signature usage type of a signed statement's JWS attachment (Data 2.6).
inline constexpr std::string_view kSignatureUsageType =
    "http://adlnet.gov/expapi/attachments/signature";
/// The verb of a voiding statement (Data 2.3.2).
inline constexpr std::string_view kVoidedVerb = "http://adlnet.gov/expapi/verbs/voided";

/// A validated statement: what the LRS stores and indexes.
struct ParsedStatement {
  std::string id;    ///< lowercase UUID; empty when the sender gave none
  std::string body;  ///< canonical members except id, timestamp, stored, authority, version,
                     ///< comma-separated without braces (see ComposeStored)
  std::optional<Timestamp> timestamp;
  std::string timestamp_text;     ///< as sent; empty when absent
  std::string version;            ///< as sent; empty when absent
  std::string actor_ifi;          ///< canonical IFI; empty for an anonymous group
  std::string actor_object_type;  ///< "Agent" or "Group"
  std::string actor_name;
  std::string verb_id;
  ObjectKind object_kind = ObjectKind::kActivity;
  std::string object_id;  ///< activity IRI, StatementRef UUID (lowercase) or agent IFI
  std::string registration;
  bool is_voiding = false;  ///< verb voided with a StatementRef object
  std::vector<Term> terms;
  std::vector<ActivityDefinition> definitions;
  std::vector<AttachmentRef> attachments;
  // Result facts (top-level statement only).
  std::optional<double> duration_seconds;
  std::optional<bool> completion;
  std::optional<bool> success;
};

/// Parses one statement (a JSON object). kInvalidArgument naming the offending property as
/// `field` (e.g. "statement.actor.mbox") when the JSON is malformed or breaks any rule of the
/// given spec version: unknown properties, wrong types, nulls, bad IFIs, IRIs, UUIDs, language
/// tags, timestamps, durations, scores, SubStatement and context restrictions, nesting deeper
/// than kMaxDepth, strings longer than their limit, invalid UTF-8.
StatusOr<ParsedStatement> ParseStatement(std::string_view json, SpecVersion version);

/// Parses a POST body: one statement object or an array of them (paths "statement[i]…").
/// Same errors as ParseStatement; an empty array is valid.
StatusOr<std::vector<ParsedStatement>> ParseStatementBatch(std::string_view json,
                                                           SpecVersion version);

/// Parses an Agent or identified/anonymous Group JSON (the `agent` query parameter) and returns
/// its canonical IFI; kInvalidArgument (field `field`) when invalid or without an IFI.
StatusOr<std::string> ParseAgentIfi(std::string_view json, SpecVersion version,
                                    std::string_view field);

/// Validates an authority Agent or Group given as JSON text and returns its canonical text.
StatusOr<std::string> CanonicalAgentJson(std::string_view json, SpecVersion version);

/// The stored statement: `{"id":…,BODY,"timestamp":…,"stored":…,"authority":…,"version":…}`.
/// `authority_json` is canonical JSON of an Agent or Group.
std::string ComposeStored(const ParsedStatement& s, std::string_view id, std::string_view timestamp,
                          std::string_view stored, std::string_view authority_json,
                          std::string_view version);

/// True when `incoming` is the same statement as the stored one, by the spec's comparison rules:
/// properties the LRS sets (stored, authority, version) are ignored, timestamps compare as
/// instants, and an incoming statement without a timestamp matches any.
bool SameStatement(const ParsedStatement& incoming, const ParsedStatement& stored);

/// "urn:uuid"-free lowercase UUID syntax check (8-4-4-4-12 hex digits).
bool IsUuid(std::string_view text);
/// Lowercases ASCII hex in a UUID.
std::string NormalizeUuid(std::string_view text);
/// An absolute IRI: a scheme, ':' and at least one more character, no whitespace or controls.
bool IsIri(std::string_view text);
/// RFC 5646 language tag (syntax only).
bool IsLanguageTag(std::string_view text);
/// ISO 8601 duration (Data 4.6): "P…" with Y/M/W/D and T H/M/S parts; seconds, or nullopt.
std::optional<double> ParseDuration(std::string_view text);
/// ISO 8601 / RFC 3339 timestamp with a time zone ('T', 't' or ' ' separator; offsets Z, ±HH,
/// ±HHMM, ±HH:MM; a negative zero offset is rejected). Nullopt when malformed.
std::optional<Timestamp> ParseXapiTimestamp(std::string_view text);

/// Limits that keep hostile statements cheap to reject.
inline constexpr std::size_t kMaxDepth = 32;
inline constexpr std::size_t kMaxIriBytes = 4096;
inline constexpr std::size_t kMaxStringBytes = 64 * 1024;

}  // namespace reskill::domain::lrs
