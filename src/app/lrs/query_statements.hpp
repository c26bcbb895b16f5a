// Reading the statements resource (xAPI Communication §2.1.3): one statement by id or voided id,
// and pages of statements matching the query parameters, with an opaque cursor for `more`
// (the last seq of the page, so following a link never loads every matching id). Stateless
// beyond the AppContext reference; thread-safe.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/context.hpp"
#include "app/ports/statement_store.hpp"

namespace reskill::app::lrs {

/// The most statements one page holds (also what limit=0 asks for).
inline constexpr int kMaxStatementsPerPage = 500;

/// The filters of GET /xapi/statements, already validated (IFIs canonical, UUIDs lowercase).
struct StatementQuery {
  std::string agent_ifi;  ///< empty: any
  bool related_agents = false;
  std::string verb;
  std::string activity;
  bool related_activities = false;
  std::string registration;
  std::optional<Timestamp> since;  ///< stored after (exclusive)
  std::optional<Timestamp> until;  ///< stored at or before (inclusive)
  int limit = 0;                   ///< 0: kMaxStatementsPerPage
  bool ascending = false;
  std::optional<std::int64_t> cursor;  ///< from a `more` link
  std::int64_t only_lrs_client = 0;    ///< statements/read/mine; 0: every statement
  bool include_voided = false;         ///< the staff viewer only: voided statements too
};

/// What the store knows of a statement of a page besides its text.
struct StatementMeta {
  std::int64_t seq = 0;  ///< stored = seq >> kStatementSeqShift
  bool voided = false;
  std::int64_t actor_id = 0;  ///< xapi_actor.id; 0 for an anonymous group
};

/// A page: statement bodies (as stored) and the cursor of the next page, if any.
struct StatementPage {
  std::vector<std::string> statements;
  std::vector<StatementMeta> meta;  ///< one per statement, same order
  std::optional<std::int64_t> next_cursor;
};

/// How GET returns statements (the `format` parameter).
enum class StatementFormat { kExact, kIds, kCanonical };

/// One language range of an Accept-Language header with its quality (0 to 1).
struct LanguageRange {
  std::string range;  ///< lower-cased language range ("en-us", "es", "*")
  double quality = 1.0;
};

/// The ranges of an Accept-Language header value (RFC 2616 §14.4, RFC 9110 §12.5.4) in the order
/// given; entries that do not parse are skipped, a missing or bad q counts as 1.
std::vector<LanguageRange> ParseAcceptLanguage(std::string_view header);

/// The key of a language map the ranges prefer (xAPI Communication §2.1.3.s4: Accept-Language
/// applied to each map): the tag whose most specific matching range ("en" matches "en-US", "*"
/// any other tag) has the highest quality above 0, ties to the range listed first; with no such
/// tag (no header, nothing acceptable) the map's first key. Empty for an empty map.
std::string PreferredLanguage(const std::vector<std::string>& tags,
                              const std::vector<LanguageRange>& ranges);

/// The LRS's canonical definitions of activities: activity id -> definition (JSON object text,
/// "{}" when the LRS knows none), as xapi_activity holds them (merged from every statement).
using ActivityDefinitions = std::map<std::string, std::string>;

/// The statement text in `format`: exact is the stored text; ids keeps only what identifies
/// agents, groups, activities and verbs; canonical replaces each Activity's definition with the
/// LRS's canonical one from `definitions` (activities it lacks keep the statement's) and keeps
/// one language per language map of Activities and the Verb (PreferredLanguage); agents and
/// groups stay exact.
std::string FormatStatement(const std::string& body, StatementFormat format,
                            const std::vector<LanguageRange>& languages,
                            const ActivityDefinitions& definitions = {});

class QueryStatements {
 public:
  explicit QueryStatements(const AppContext& ctx) : ctx_(ctx) {}

  /// The statement with `id` (lowercase UUID): with `voided` false, one not voided; with it
  /// true, one that is voided (voidedStatementId). kNotFound otherwise, and for another
  /// client's statement when `only_lrs_client` is set.
  StatusOr<StoredStatement> Get(TenantId tenant, const std::string& id, bool voided,
                                std::int64_t only_lrs_client) const;

  /// A page of statements that are not voided (unless include_voided), newest first unless
  /// ascending.
  StatusOr<StatementPage> List(TenantId tenant, const StatementQuery& query) const;

  /// The canonical definitions of every activity the statements (stored JSON text) name as
  /// object or context activity, SubStatements included: one index lookup per distinct id.
  StatusOr<ActivityDefinitions> CanonicalDefinitions(
      TenantId tenant, const std::vector<std::string>& statements) const;

  /// The canonical definition of one activity (JSON object text); nullopt when the LRS has never
  /// seen the activity in a statement.
  StatusOr<std::optional<std::string>> ActivityDefinition(TenantId tenant,
                                                          const std::string& activity_id) const;

  /// The attachment bodies the given statements (stored JSON text) name by sha2, each once.
  StatusOr<std::vector<AttachmentContent>> Attachments(
      TenantId tenant, const std::vector<std::string>& statements) const;

 private:
  const AppContext& ctx_;
};

}  // namespace reskill::app::lrs
