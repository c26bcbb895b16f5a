// The xAPI document resources: state (/xapi/activities/state), activity profile
// (/xapi/activities/profile) and agent profile (/xapi/agents/profile) — GET one document or the
// ids, PUT, POST (JSON merge), DELETE, with ETags, If-Match/If-None-Match and Last-Modified.
// Access is declared in route_table.cpp. Stateless; thread-safe.
#pragma once

#include "http/router.hpp"

namespace reskill::http::xapi {

Response StateGet(RequestContext& ctx);
Response StatePut(RequestContext& ctx);
Response StatePost(RequestContext& ctx);
Response StateDelete(RequestContext& ctx);
Response ActivityProfileGet(RequestContext& ctx);
Response ActivityProfilePut(RequestContext& ctx);
Response ActivityProfilePost(RequestContext& ctx);
Response ActivityProfileDelete(RequestContext& ctx);
Response AgentProfileGet(RequestContext& ctx);
Response AgentProfilePut(RequestContext& ctx);
Response AgentProfilePost(RequestContext& ctx);
Response AgentProfileDelete(RequestContext& ctx);

}  // namespace reskill::http::xapi
