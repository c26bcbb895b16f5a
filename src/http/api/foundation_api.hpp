// JSON API handlers of the foundation: sessions, the current user, staff, API tokens, audit.
// Access is declared in route_table.cpp, not here. Stateless functions; thread-safe.
#pragma once

#include "http/router.hpp"

namespace reskill::http::api {

Response SignIn(RequestContext& ctx);
Response SignOut(RequestContext& ctx);
Response GetMe(RequestContext& ctx);
Response PatchMe(RequestContext& ctx);
Response ListStaff(RequestContext& ctx);
Response CreateStaff(RequestContext& ctx);
Response GetStaff(RequestContext& ctx);
Response PatchStaff(RequestContext& ctx);
Response ListTokens(RequestContext& ctx);
Response CreateToken(RequestContext& ctx);
Response RevokeToken(RequestContext& ctx);
Response ListAudit(RequestContext& ctx);

}  // namespace reskill::http::api
