// JSON API handlers of programs, groups, clients, the journal, consent, licence pools, licences,
// activation, assignments and activity plans under /api/v1. Access is declared in route_table.cpp;
// the caseload rule (who sees which client) lives in the use cases. Rule refusals are 409 problems
// whose `code` names the rule: consent_required, no_free_seats, invalid_state. Stateless
// functions; thread-safe.
#pragma once

#include "http/router.hpp"

namespace reskill::http::api {

Response ListPrograms(RequestContext& ctx);
Response CreateProgram(RequestContext& ctx);
Response GetProgram(RequestContext& ctx);
Response PatchProgram(RequestContext& ctx);

Response ListGroups(RequestContext& ctx);
Response CreateGroup(RequestContext& ctx);
Response GetGroup(RequestContext& ctx);
Response PatchGroup(RequestContext& ctx);
Response AssignGroup(RequestContext& ctx);

/// GET /api/v1/clients?q=&program=&group=&counselor=&status=&limit=&offset=
Response ListClients(RequestContext& ctx);
Response CreateClient(RequestContext& ctx);
/// POST /api/v1/clients/import?program=ID[&partial=1], body text/csv
/// (app/programs/client_import.hpp). 200 with the counts; 400 with every row error when nothing was
/// written.
Response ImportClients(RequestContext& ctx);
Response GetClient(RequestContext& ctx);
Response PatchClient(RequestContext& ctx);
Response MoveClient(RequestContext& ctx);
Response ListJournal(RequestContext& ctx);
Response AddJournalNote(RequestContext& ctx);
Response ListClientConsents(RequestContext& ctx);
Response CreateConsent(RequestContext& ctx);
Response WithdrawConsent(RequestContext& ctx);
Response ListClientLicences(RequestContext& ctx);
Response ListAssignments(RequestContext& ctx);
Response AssignClient(RequestContext& ctx);
Response ListPlans(RequestContext& ctx);
Response CreatePlan(RequestContext& ctx);
Response RenewPlan(RequestContext& ctx);
Response EndPlan(RequestContext& ctx);

Response ListPools(RequestContext& ctx);
Response CreatePool(RequestContext& ctx);
Response GetPool(RequestContext& ctx);
Response PatchPool(RequestContext& ctx);

/// GET /api/v1/licences?state=&pool=&client=&reclaim=1&lapsed=1
Response ListLicences(RequestContext& ctx);
Response RequestLicence(RequestContext& ctx);
Response GetLicence(RequestContext& ctx);
Response IssueLicence(RequestContext& ctx);
Response ReinviteLicence(RequestContext& ctx);
Response RevokeLicence(RequestContext& ctx);
Response IssueLicences(RequestContext& ctx);
Response RevokeLicences(RequestContext& ctx);
/// GET /api/v1/licences/export.csv (audited).
Response ExportLicences(RequestContext& ctx);

/// Public: the activation link's token is the credential.
Response GetActivation(RequestContext& ctx);
Response Activate(RequestContext& ctx);
Response SignConsent(RequestContext& ctx);

}  // namespace reskill::http::api
