// Web pages of the LRS identity mapping and provider activity for caseworkers: the unmatched
// actors with a form to resolve each to a client, and a client's activity timeline. Access is
// declared in route_table.cpp. Stateless; thread-safe.
#pragma once

#include "http/router.hpp"

namespace reskill::http::web {

/// GET /lrs/unmatched[?after=ID]
Response UnmatchedActorsPage(RequestContext& ctx);
/// POST /lrs/unmatched/{id} (form field "client": case number or participant id)
Response UnmatchedActorResolve(RequestContext& ctx);
/// GET /clients/{id}/activity
Response ClientActivityPage(RequestContext& ctx);

}  // namespace reskill::http::web
