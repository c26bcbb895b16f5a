// The staff statement viewer of the learning record store (issue 5 item 6): pages of the agency's
// stored statements, newest first, with filters staff can type (an e-mail address, a participant
// id or account name for the agent), voided statements on request, each statement with the
// client its actor is mapped to; and one statement by id. Reads go through QueryStatements (the
// term index and the cursor of the xAPI `more` link); every read is audited with the clients it
// showed. Stateless beyond the AppContext reference; thread-safe. Design: docs/lrs.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/context.hpp"

namespace reskill::app::lrs {

/// The most statements one viewer page holds.
inline constexpr int kMaxViewerPage = 200;

/// The viewer's filters as typed; empty strings mean "any".
struct StatementViewerQuery {
  /// An e-mail address (with or without "mailto:"), a participant id, an account name, or an
  /// xAPI Agent as JSON. Resolved to the one identity it names (see StatementViewerPage).
  std::string agent;
  std::string verb;                ///< verb IRI
  std::string activity;            ///< activity IRI (object only, as the xAPI `activity` filter)
  std::string registration;        ///< UUID
  std::optional<Timestamp> since;  ///< stored after (exclusive)
  std::optional<Timestamp> until;  ///< stored at or before (inclusive)
  bool include_voided = false;
  std::optional<std::int64_t> cursor;  ///< from the previous page's next_cursor
  int limit = 50;                      ///< 1 to kMaxViewerPage
};

/// One statement as the viewer shows it.
struct ViewedStatement {
  std::string id;
  Timestamp stored;
  bool voided = false;
  std::string body;                ///< the statement JSON as stored
  std::optional<ClientId> client;  ///< the client its actor is mapped to
  std::string participant_id;      ///< that client's participant id; "" when unmapped
};

/// An identity the agent filter could mean.
struct AgentChoice {
  std::string ifi;  ///< canonical identifier (xapi_actor.ifi); xAPI data, never logged
  std::string name;
  std::string participant_id;  ///< of the client it is mapped to; "" when unmapped
};

struct StatementViewerPage {
  std::vector<ViewedStatement> statements;
  std::optional<std::int64_t> next_cursor;  ///< pass as cursor for the next (older) page
  /// The identifier the agent filter resolved to ("" without an agent filter).
  std::string agent_ifi;
  /// When the agent text names several identities (a participant id mapped to an account and an
  /// address, an account name under several homePages): those, and no statements; query again
  /// with one of their identifiers.
  std::vector<AgentChoice> agent_choices;
};

/// Lists the actor's agency's statements. kInvalidArgument naming the field for a verb or
/// activity that is not an IRI, a registration that is not a UUID, an agent JSON that is not a
/// valid Agent, a limit outside 1–kMaxViewerPage. Audited as lrs.statements.read (count and the
/// ids of the clients shown). Roles are the route table's (admins: the whole agency).
class BrowseStatements {
 public:
  explicit BrowseStatements(const AppContext& ctx) : ctx_(ctx) {}
  StatusOr<StatementViewerPage> Run(const Principal& actor, const StatementViewerQuery& query,
                                    const RequestInfo& request) const;

 private:
  const AppContext& ctx_;
};

/// One statement of the actor's agency by id (lowercase or not), voided or not. kInvalidArgument
/// ("id") for a malformed id, kNotFound when absent. Audited as lrs.statement.read.
class ViewStatement {
 public:
  explicit ViewStatement(const AppContext& ctx) : ctx_(ctx) {}
  StatusOr<ViewedStatement> Run(const Principal& actor, const std::string& id,
                                const RequestInfo& request) const;

 private:
  const AppContext& ctx_;
};

}  // namespace reskill::app::lrs
