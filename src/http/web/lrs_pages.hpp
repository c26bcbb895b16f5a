// The admin page of LRS clients (/admin/lrs-clients): list, create (the secret is shown on the
// answer page once), disable and enable. Access is declared in route_table.cpp. Stateless;
// thread-safe.
#pragma once

#include "http/router.hpp"

namespace reskill::http::web {

Response LrsClientsPage(RequestContext& ctx);
Response LrsClientCreate(RequestContext& ctx);
Response LrsClientUpdate(RequestContext& ctx);

}  // namespace reskill::http::web
