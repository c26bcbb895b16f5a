// JSON API of the staff statement viewer (issue 5 item 6): the agency's stored xAPI statements
// with the viewer's filters and the client each actor is mapped to, and one statement by id.
// Staff use it with a session or API token (LRS clients read through /xapi/statements). Access
// is declared in route_table.cpp. Stateless; thread-safe.
#pragma once

#include "app/lrs/statement_viewer.hpp"
#include "http/router.hpp"

namespace reskill::http::api {

/// The viewer's filters from the query string: agent, verb, activity, registration, since and
/// until (ISO 8601; without a zone, as from a datetime-local field, UTC), voided=1|true, cursor,
/// limit (default 50). kInvalidArgument naming the parameter when one does not parse.
StatusOr<app::lrs::StatementViewerQuery> StatementViewerQueryFrom(const Request& request);

/// GET
/// /api/v1/lrs/statements?agent=&verb=&activity=&registration=&since=&until=&voided=&cursor=&limit=
Response ListLrsStatements(RequestContext& ctx);
/// GET /api/v1/lrs/statements/{id}
Response GetLrsStatement(RequestContext& ctx);

}  // namespace reskill::http::api
