// JSON API of LRS clients for admins: list, create (the secret is in the answer once) and
// disable/enable. Access is declared in route_table.cpp. Stateless; thread-safe.
#pragma once

#include "http/router.hpp"

namespace reskill::http::api {

Response ListLrsClients(RequestContext& ctx);
Response CreateLrsClient(RequestContext& ctx);
Response PatchLrsClient(RequestContext& ctx);

}  // namespace reskill::http::api
