// Server-rendered pages of programs: the caseload (filters, search, new client), the client page
// (consent, licences, assigned paths, activity plans, journal, with their forms), the supervisor's
// licence queue (bulk issue and revoke, lapsed invitations to re-invite), the pool dashboard,
// program settings and invitation templates, and the public activation page a client opens from
// the invitation. Forms work without JavaScript and carry a CSRF token. Stateless; thread-safe.
#pragma once

#include "http/router.hpp"

namespace reskill::http::web {

Response CaseloadPage(RequestContext& ctx);
Response ClientCreate(RequestContext& ctx);
Response ClientPage(RequestContext& ctx);
Response ClientConsentSubmit(RequestContext& ctx);
Response ClientConsentWithdraw(RequestContext& ctx);
Response ClientLicenceRequest(RequestContext& ctx);
Response ClientNoteSubmit(RequestContext& ctx);
Response ClientAssignSubmit(RequestContext& ctx);
Response ClientPlanSubmit(RequestContext& ctx);

Response LicenceQueuePage(RequestContext& ctx);
Response LicenceQueueSubmit(RequestContext& ctx);
Response PoolsPage(RequestContext& ctx);
Response PoolCreate(RequestContext& ctx);
Response ProgramsPage(RequestContext& ctx);
Response ProgramSettingsSubmit(RequestContext& ctx);

/// Public: GET/POST /consent/{token} — the client reads and e-signs a consent request.
Response ConsentSignPage(RequestContext& ctx);
Response ConsentSignSubmit(RequestContext& ctx);

/// Public: GET/POST /activate/{token}.
Response ActivationPage(RequestContext& ctx);
Response ActivationSubmit(RequestContext& ctx);

}  // namespace reskill::http::web
