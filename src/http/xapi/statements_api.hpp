// The xAPI statements resource (/xapi/statements): PUT one statement with statementId, POST one
// or a batch, GET one by statementId / voidedStatementId or a page by the query parameters, with
// `more` links (cursor-based) and X-Experience-API-Consistent-Through. Writes go through the
// group-commit writer when the server has one. Access is declared in route_table.cpp.
// Stateless; thread-safe.
#pragma once

#include "http/router.hpp"

namespace reskill::http::xapi {

Response StatementsGet(RequestContext& ctx);
Response StatementsPut(RequestContext& ctx);
Response StatementsPost(RequestContext& ctx);

}  // namespace reskill::http::xapi
