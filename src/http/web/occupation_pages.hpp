// Server-rendered pages of the occupation catalogue: /occupations (search, the in-demand list,
// browsing by code) and /occupations/{code} (skills with level bars, wages, outlook, technology,
// tasks, alternate titles; a hook for related courses). Every page carries the O*NET attribution
// and names the BLS source and year next to its figures. Access is declared in route_table.cpp.
// Stateless functions; thread-safe.
#pragma once

#include "http/router.hpp"

namespace reskill::http::web {

Response OccupationsPage(RequestContext& ctx);
Response OccupationPage(RequestContext& ctx);

}  // namespace reskill::http::web
