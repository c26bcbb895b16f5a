// Reading the statements resource (xAPI Communication §2.1.3): one statement by id or voided id,
// and pages of statements matching the query parameters, with an opaque cursor for `more`
// (the last seq of the page, so following a link never loads every matching id). Stateless
// beyond the AppContext reference; thread-safe.
#pragma once

#include <optional>
#include <string>
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
};

/// A page: statement bodies (as stored) and the cursor of the next page, if any.
struct StatementPage {
  std::vector<std::string> statements;
  std::optional<std::int64_t> next_cursor;
};

/// How GET returns statements (the `format` parameter).
enum class StatementFormat { kExact, kIds, kCanonical };

/// The statement text in `format`: exact is the stored text; ids keeps only what identifies
/// agents, groups, activities and verbs; canonical keeps one language per language map, the
/// first of `languages` (Accept-Language order) present, else the map's first entry.
std::string FormatStatement(const std::string& body, StatementFormat format,
                            const std::vector<std::string>& languages);

class QueryStatements {
 public:
  explicit QueryStatements(const AppContext& ctx) : ctx_(ctx) {}

  /// The statement with `id` (lowercase UUID): with `voided` false, one not voided; with it
  /// true, one that is voided (voidedStatementId). kNotFound otherwise, and for another
  /// client's statement when `only_lrs_client` is set.
  StatusOr<StoredStatement> Get(TenantId tenant, const std::string& id, bool voided,
                                std::int64_t only_lrs_client) const;

  /// A page of statements that are not voided, newest first unless ascending.
  StatusOr<StatementPage> List(TenantId tenant, const StatementQuery& query) const;

  /// The attachment bodies the given statements (stored JSON text) name by sha2, each once.
  StatusOr<std::vector<AttachmentContent>> Attachments(
      TenantId tenant, const std::vector<std::string>& statements) const;

 private:
  const AppContext& ctx_;
};

}  // namespace reskill::app::lrs
