// The staff statement viewer pages (issue 5 item 6): /lrs/statements lists the agency's stored
// xAPI statements newest first with filters (a GET form: works without JavaScript) and paging by
// the xAPI `more` cursor; /lrs/statements/{id} shows one statement's JSON. Access is declared in
// route_table.cpp. Stateless; thread-safe.
#pragma once

#include "http/router.hpp"

namespace reskill::http::web {

Response LrsStatementsPage(RequestContext& ctx);
Response LrsStatementPage(RequestContext& ctx);

}  // namespace reskill::http::web
