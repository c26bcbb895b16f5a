// xAPI platform handlers: the About resource and the OAuth 2.0 token endpoint (client-credentials
// grant, RFC 6749 §4.4). Access is declared in route_table.cpp. Stateless; thread-safe.
#pragma once

#include "http/router.hpp"

namespace reskill::http::xapi {

/// GET /xapi/about: the versions this LRS speaks and its extensions (xAPI 1.0.3 §2.8).
Response About(RequestContext& ctx);
/// POST /xapi/oauth/token: grant_type=client_credentials with an optional `scope`.
Response OAuthToken(RequestContext& ctx);

}  // namespace reskill::http::xapi
