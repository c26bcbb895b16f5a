// Programs through the JSON API, as an agency uses them: a client without an SSN, the caseload
// rule and the audited reads, consent before any licence (409 consent_required), the supervisor
// issuing against the pool's seats (409 no_free_seats), the public activation link, withdrawal
// revoking the licence, and the journal recording each step. Other agencies see nothing.
#include <string>

#include <gtest/gtest.h>

#include "app/catalog/course_catalog.hpp"
#include "support/test_app.hpp"

namespace reskill::test {
namespace {

struct Seeded {
  std::string provider;
  std::string path;
  std::string program;
  std::string pool;
};

Seeded Seed(TestApp& app, int seats = 2) {
  Seeded s;
  auto& ctx = app.context();
  app::Principal sys;
  sys.kind = domain::audit::ActorKind::kSystem;
  sys.actor_id = "test";
  sys.tenant_id = TenantId(std::stoll(app.TenantIdOf("demo")));
  domain::catalog::Provider provider;
  provider.slug = "northwind";
  provider.name = "Northwind Learning";
  provider.license_types = {domain::catalog::LicenseType::kSeat};
  auto p = app::catalog::ManageProviders(ctx).Create(sys, provider, {"seed"});
  EXPECT_TRUE(p.ok());
  if (!p.ok()) return s;
  s.provider = std::to_string(p->id.value());
  domain::catalog::Course course;
  course.provider_id = p->id;
  course.external_id = "NW-1";
  course.url = "https://learn.example/1";
  course.title = "Help desk fundamentals";
  course.language = "en";
  course.estimated_hours = 12;
  course.level = domain::catalog::CourseLevel::kIntroductory;
  auto c = app::catalog::ManageCourses(ctx).Create(sys, course, {"seed"});
  EXPECT_TRUE(c.ok());
  if (!c.ok()) return s;
  domain::catalog::LearningPath path;
  path.name = "Getting started online";
  path.is_introductory = true;
  path.course_ids = {c->course.id};
  auto lp = app::catalog::ManageLearningPaths(ctx).Create(sys, path, {"seed"});
  EXPECT_TRUE(lp.ok());
  if (!lp.ok()) return s;
  s.path = std::to_string(lp->path.id.value());

  const Session admin = app.SignIn("admin");
  auto r =
      app.CallAs(admin, "POST", "/api/v1/programs",
                 R"({"name": "CalWORKs Welfare-to-Work", "target_population": "CalWORKs recipients",
                          "display_name": "County Skills Academy", "provider_ids": [")" +
                     s.provider + R"("], "intro_path_ids": [")" + s.path + R"("]})");
  EXPECT_EQ(r.status, 201) << r.body;
  s.program = JsonBody(r).value("id", "");
  const Session supervisor = app.SignIn("supervisor");
  r = app.CallAs(supervisor, "POST", "/api/v1/pools",
                 R"({"program_id": ")" + s.program + R"(", "provider_id": ")" + s.provider +
                     R"(", "name": "Northwind seats", "seats": )" + std::to_string(seats) + "}");
  EXPECT_EQ(r.status, 201) << r.body;
  s.pool = JsonBody(r).value("id", "");
  return s;
}

std::string NewClient(TestApp& app, const Session& as, const Seeded& s, const std::string& email) {
  auto r = app.CallAs(as, "POST", "/api/v1/clients",
                      R"({"program_id": ")" + s.program +
                          R"(", "given_name": "Ana", "family_name": "Ruiz", "email": ")" + email +
                          R"(", "phone": "555 010 2000", "preferred_language": "es",
                          "case_number": "CW-2026-0001"})");
  EXPECT_EQ(r.status, 201) << r.body;
  return JsonBody(r).value("id", "");
}

std::string PaperConsent(const Seeded& s) {
  return R"({"provider_id": ")" + s.provider +
         R"(", "purpose": "Online courses", "data_categories": ["email", "participant_id"],
            "method": "paper", "document_ref": "scan-0001.pdf"})";
}

TEST(ProgramsApiTest, AnSsnShapedValueIsRefusedInEveryIdField) {
  TestApp app;
  const Seeded s = Seed(app);
  const Session counselor = app.SignIn("counselor");
  const TableSnapshot before = app.Snapshot();
  for (const char* ssn : {"123-45-6789", "123456789", "123 45 6789"}) {
    SCOPED_TRACE(ssn);
    auto r = app.CallAs(counselor, "POST", "/api/v1/clients",
                        R"({"program_id": ")" + s.program +
                            R"(", "given_name": "Ana", "family_name": "Ruiz", "case_number": ")" +
                            ssn + R"("})");
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(JsonBody(r).value("field", ""), "case_number");
    r = app.CallAs(counselor, "POST", "/api/v1/clients",
                   R"({"program_id": ")" + s.program +
                       R"(", "given_name": "Ana", "family_name": "Ruiz", "participant_id": ")" +
                       ssn + R"("})");
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(JsonBody(r).value("field", ""), "participant_id");
  }
  EXPECT_TRUE(SameData(before, app.Snapshot()));
  const std::string id = NewClient(app, counselor, s, "ana@example.org");
  auto r =
      app.CallAs(counselor, "PATCH", "/api/v1/clients/" + id, R"({"case_number": "078-05-1120"})");
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(JsonBody(r).value("field", ""), "case_number");
  // Nothing SSN-shaped anywhere in the database.
  for (const auto& row : app.Query("SELECT case_number, participant_id FROM client")) {
    EXPECT_EQ(row.at("case_number"), "CW-2026-0001");
    EXPECT_EQ(row.at("participant_id").rfind("P-", 0), 0u);
  }
}

TEST(ProgramsApiTest, ContactDataIsSealedAndOnlyTheCaseloadSeesItAndEveryReadIsAudited) {
  TestApp app;
  const Seeded s = Seed(app);
  const Session counselor = app.SignIn("counselor");
  const std::string id = NewClient(app, counselor, s, "Ana.Ruiz@Example.org");
  auto r = app.CallAs(counselor, "GET", "/api/v1/clients/" + id);
  ASSERT_EQ(r.status, 200) << r.body;
  const Json client = JsonBody(r);
  EXPECT_EQ(client.value("email", ""), "ana.ruiz@example.org");
  EXPECT_EQ(client.value("phone", ""), "555 010 2000");
  EXPECT_TRUE(client.value("participant_id", "").starts_with("P-"));
  // At rest: no name, address or phone in clear. (Whole values: ids and sealed base64 text may
  // hold short substrings such as "555" by chance.)
  for (const auto& row : app.Query("SELECT * FROM client")) {
    for (const auto& [column, value] : row) {
      EXPECT_EQ(value.find("Ruiz"), std::string::npos) << column;
      EXPECT_EQ(value.find("ruiz@example.org"), std::string::npos) << column;
      EXPECT_EQ(value.find("555 010 2000"), std::string::npos) << column;
    }
  }
  // The read was audited, with the client's id only.
  const auto audit = app.Query(
      "SELECT action, target_id, detail FROM audit_event WHERE action = "
      "'client.read'");
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].at("target_id"), id);
  // A supervisor outside the client's unit does not see the client; analysts and curators are
  // refused client records altogether.
  const Session supervisor = app.SignIn("supervisor");
  EXPECT_EQ(app.CallAs(supervisor, "GET", "/api/v1/clients/" + id).status, 404);
  EXPECT_EQ(app.CallAs(app.SignIn("analyst"), "GET", "/api/v1/clients/" + id).status, 403);
  EXPECT_EQ(app.CallAs(app.SignIn("curator"), "GET", "/api/v1/clients").status, 403);
  // Once the client is in the supervisor's unit, the supervisor sees them.
  const Session admin = app.SignIn("admin");
  r = app.CallAs(admin, "POST", "/api/v1/groups",
                 R"({"program_id": ")" + s.program + R"(", "name": "North unit", "members": [")" +
                     app.StaffIdOf("supervisor") + R"("]})");
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string group = JsonBody(r).value("id", "");
  r = app.CallAs(counselor, "POST", "/api/v1/clients/" + id + "/group",
                 R"({"group_id": ")" + group + R"("})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(app.CallAs(supervisor, "GET", "/api/v1/clients/" + id).status, 200);
  r = app.CallAs(supervisor, "GET", "/api/v1/clients?q=ruiz");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(JsonBody(r)["items"].size(), 1u);
  // Another agency sees nothing.
  EXPECT_EQ(app.CallAs(app.SignIn("admin", "other"), "GET", "/api/v1/clients/" + id).status, 404);
  r = app.CallAs(counselor, "GET", "/api/v1/clients/" + id + "/journal");
  ASSERT_EQ(r.status, 200);
  const Json journal = JsonBody(r)["items"];
  ASSERT_EQ(journal.size(), 2u);
  EXPECT_EQ(journal[1].value("kind", ""), "group");
}

TEST(ProgramsApiTest, ConsentFirstThenTheSupervisorIssuesAndTheClientActivates) {
  TestApp app;
  const Seeded s = Seed(app, 1);
  const Session counselor = app.SignIn("counselor");
  const Session supervisor = app.SignIn("supervisor");
  const std::string client = NewClient(app, counselor, s, "ana@example.org");
  const std::string request = R"({"client_id": ")" + client + R"(", "pool_id": ")" + s.pool + "\"}";

  // Without consent the request is refused, and nothing is written.
  const TableSnapshot before = app.Snapshot();
  auto r = app.CallAs(counselor, "POST", "/api/v1/licences", request);
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(JsonBody(r).value("code", ""), "consent_required");
  EXPECT_NE(JsonBody(r).value("detail", "").find("Northwind Learning"), std::string::npos);
  EXPECT_TRUE(SameData(before, app.Snapshot()));

  // A paper consent needs the scanned form.
  r = app.CallAs(counselor, "POST", "/api/v1/clients/" + client + "/consents",
                 R"({"provider_id": ")" + s.provider +
                     R"(", "purpose": "x", "data_categories": ["email"], "method": "paper"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(JsonBody(r).value("field", ""), "document_ref");
  r = app.CallAs(counselor, "POST", "/api/v1/clients/" + client + "/consents", PaperConsent(s));
  ASSERT_EQ(r.status, 201) << r.body;
  const Json consent = JsonBody(r);
  EXPECT_TRUE(consent.value("active", false));
  // Valid one year by default.
  EXPECT_EQ(consent.value("expires_at", "").substr(0, 10), "2027-11-23");

  r = app.CallAs(counselor, "POST", "/api/v1/licences", request);
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string licence = JsonBody(r).value("id", "");
  EXPECT_EQ(JsonBody(r).value("state", ""), "requested");
  // The same provider twice is refused while one is open.
  r = app.CallAs(counselor, "POST", "/api/v1/licences", request);
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(JsonBody(r).value("code", ""), "licence_open");
  // Counselors request; supervisors issue.
  EXPECT_EQ(app.CallAs(counselor, "POST", "/api/v1/licences/" + licence + "/issue").status, 403);
  r = app.CallAs(supervisor, "GET", "/api/v1/licences?state=requested");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(JsonBody(r)["items"].size(), 1u);
  r = app.CallAs(supervisor, "POST", "/api/v1/licences/" + licence + "/issue");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(JsonBody(r).value("state", ""), "issued");
  const std::string link = JsonBody(r).value("activation_link", "");
  ASSERT_TRUE(link.starts_with("/activate/")) << link;
  const std::string token = link.substr(std::string("/activate/").size());
  // Only the token's hash is stored.
  for (const auto& row : app.Query("SELECT token_hash FROM invitation")) {
    EXPECT_NE(row.at("token_hash"), token);
  }
  r = app.CallAs(supervisor, "GET", "/api/v1/pools/" + s.pool);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(JsonBody(r).value("issued", -1), 1);
  EXPECT_EQ(JsonBody(r).value("available", -1), 0);
  EXPECT_TRUE(JsonBody(r).value("alert", false));

  // The pool has one seat: a second client's issue is refused while the invitation holds it.
  const std::string other = NewClient(app, counselor, s, "ben@example.org");
  ASSERT_EQ(app.CallAs(counselor, "POST", "/api/v1/clients/" + other + "/consents", PaperConsent(s))
                .status,
            201);
  r = app.CallAs(counselor, "POST", "/api/v1/licences",
                 R"({"client_id": ")" + other + R"(", "pool_id": ")" + s.pool + "\"}");
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string second = JsonBody(r).value("id", "");
  r = app.CallAs(supervisor, "POST", "/api/v1/licences/issue", R"({"ids": [")" + second + "\"]}");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(JsonBody(r).value("failed", 0), 1);
  EXPECT_EQ(JsonBody(r)["items"][0]["error"].value("code", ""), "no_free_seats");

  // The client opens the link (no session), activates, and sees the introductory path.
  r = app.Call("GET", "/api/v1/activation/" + token);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(JsonBody(r).value("program", ""), "County Skills Academy");
  EXPECT_FALSE(JsonBody(r).value("consent_needed", true));
  r = app.Call("POST", "/api/v1/activation/" + token, R"({"password": "a long client password"})",
               {{"Content-Type", "application/json"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(JsonBody(r).value("activated", false));
  ASSERT_EQ(JsonBody(r)["assignments"].size(), 1u);
  EXPECT_EQ(JsonBody(r)["assignments"][0].value("title", ""), "Getting started online");
  // Single use.
  r = app.Call("POST", "/api/v1/activation/" + token, "{}", {{"Content-Type", "application/json"}});
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(JsonBody(r).value("code", ""), "invalid_state");

  // The handoff names the participant id; the e-mail is verified by the activation.
  EXPECT_EQ(app.Query("SELECT * FROM provider_handoff").size(), 1u);
  r = app.CallAs(counselor, "GET", "/api/v1/clients/" + client);
  EXPECT_FALSE(JsonBody(r)["email_verified_at"].is_null());

  // Withdrawing the consent revokes the licence and frees the seat.
  r = app.CallAs(counselor, "POST", "/api/v1/consents/" + consent.value("id", "") + "/withdraw",
                 R"({"channel": "written"})");
  ASSERT_EQ(r.status, 200) << r.body;
  r = app.CallAs(supervisor, "GET", "/api/v1/licences/" + licence);
  EXPECT_EQ(JsonBody(r).value("state", ""), "revoked");
  EXPECT_EQ(JsonBody(r).value("revoke_reason", ""), "consent_withdrawn");
  r = app.CallAs(supervisor, "POST", "/api/v1/licences/" + second + "/issue");
  EXPECT_EQ(r.status, 200) << r.body;

  // The journal tells the story, in order.
  r = app.CallAs(counselor, "GET", "/api/v1/clients/" + client + "/journal");
  ASSERT_EQ(r.status, 200);
  std::string kinds;
  const Json entries = JsonBody(r)["items"];
  for (const auto& e : entries) kinds += e.value("kind", "") + ",";
  EXPECT_EQ(kinds,
            "client,consent,licence,licence,invitation,licence,licence,assignment,consent,"
            "licence,");
  // The CSV export carries participant ids and no contact data; it is audited.
  r = app.CallAs(supervisor, "GET", "/api/v1/licences/export.csv");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("P-"), std::string::npos);
  EXPECT_EQ(r.body.find("example.org"), std::string::npos);
  EXPECT_EQ(r.body.find("Ruiz"), std::string::npos);
  EXPECT_EQ(app.Query("SELECT * FROM audit_event WHERE action = 'licence.export'").size(), 1u);
}

TEST(ProgramsApiTest, CsvImportListsEveryRowErrorAndIsAllOrNothingUnlessPartial) {
  TestApp app;
  const Seeded s = Seed(app);
  const Session counselor = app.SignIn("counselor");
  const Headers csv = {{"Content-Type", "text/csv"}};
  const std::string file =
      "given_name,family_name,email,phone,preferred_language,case_number,group\n"
      "Ana,Ruiz,ana@example.org,,es,CW-1,\n"
      "Ben,Lee,not-an-email,,en,CW-2,\n"
      "Cleo,Diaz,cleo@example.org,,en,123-45-6789,\n"
      "\"Dee, Jr.\",Moss,dee@example.org,555 010 3000,en,CW-4,\n"
      "Eve,Stone,eve@example.org,,en,CW-5,No such unit\n";
  const TableSnapshot before = app.Snapshot();
  auto r = app.CallAs(counselor, "POST", "/api/v1/clients/import?program=" + s.program, file, csv);
  EXPECT_EQ(r.status, 400) << r.body;
  const Json refused = JsonBody(r);
  EXPECT_EQ(refused.value("created", -1), 0);
  ASSERT_EQ(refused["errors"].size(), 3u) << r.body;
  EXPECT_EQ(refused["errors"][0].value("row", 0), 3);
  EXPECT_EQ(refused["errors"][0].value("field", ""), "email");
  EXPECT_EQ(refused["errors"][1].value("row", 0), 4);
  EXPECT_EQ(refused["errors"][1].value("field", ""), "case_number");
  EXPECT_EQ(refused["errors"][2].value("field", ""), "group");
  EXPECT_EQ(r.body.find("123-45-6789"), std::string::npos);
  EXPECT_TRUE(SameData(before, app.Snapshot()));
  r = app.CallAs(counselor, "POST", "/api/v1/clients/import?partial=1&program=" + s.program, file,
                 csv);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(JsonBody(r).value("created", -1), 2);
  r = app.CallAs(counselor, "GET", "/api/v1/clients?q=Dee");
  ASSERT_EQ(JsonBody(r)["items"].size(), 1u);
  EXPECT_EQ(JsonBody(r)["items"][0].value("given_name", ""), "Dee, Jr.");
  EXPECT_EQ(app.Query("SELECT * FROM audit_event WHERE action = 'client.import'").size(), 1u);
}

TEST(ProgramsApiTest, TheDisplayNameMustNotRevealThePopulation) {
  TestApp app;
  const Session admin = app.SignIn("admin");
  auto r = app.CallAs(admin, "POST", "/api/v1/programs",
                      R"({"name": "CalWORKs WTW", "target_population": "CalWORKs recipients",
                          "display_name": "CalWORKs recipients learning"})");
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(JsonBody(r).value("field", ""), "display_name");
}

TEST(ProgramsApiTest, ActivityPlansLastAtMostThreeMonthsAndCanBeRenewed) {
  TestApp app;
  const Seeded s = Seed(app);
  const Session counselor = app.SignIn("counselor");
  const std::string client = NewClient(app, counselor, s, "p@example.org");
  auto r = app.CallAs(counselor, "POST", "/api/v1/clients/" + client + "/plans",
                      R"({"activity_code": "JS", "category": "Job search",
                          "starts_at": "2026-12-01", "ends_at": "2027-03-15"})");
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(JsonBody(r).value("field", ""), "ends_at");
  r = app.CallAs(counselor, "POST", "/api/v1/clients/" + client + "/plans",
                 R"({"activity_code": "JS", "category": "Job search",
                     "starts_at": "2026-12-01", "ends_at": "2027-03-01"})");
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string plan = JsonBody(r).value("id", "");
  r = app.CallAs(counselor, "POST", "/api/v1/plans/" + plan + "/renew",
                 R"({"ends_at": "2027-05-31"})");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(JsonBody(r).value("starts_at", "").substr(0, 10), "2027-03-01");
  r = app.CallAs(counselor, "GET", "/api/v1/clients/" + client + "/plans");
  ASSERT_EQ(JsonBody(r)["items"].size(), 2u);
  EXPECT_EQ(JsonBody(r)["items"][0].value("status", ""), "ended");
}

TEST(ProgramsPagesTest, TheClientPageExplainsAMissingConsentAndTheActivationPageSpeaksSpanish) {
  TestApp app;
  const Seeded s = Seed(app);
  const Session counselor = app.SignIn("counselor");
  const Session supervisor = app.SignIn("supervisor");
  const std::string client = NewClient(app, counselor, s, "ana@example.org");
  const Headers form = {{"Content-Type", "application/x-www-form-urlencoded"}};
  auto r = app.CallAs(counselor, "GET", "/clients/" + client);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("ana@example.org"), std::string::npos);
  EXPECT_NE(r.body.find("Client record created"), std::string::npos);
  // Requesting without consent: refused, and the page says why.
  r = app.CallAs(counselor, "POST", "/clients/" + client + "/licences", "pool_id=" + s.pool, form);
  EXPECT_EQ(r.status, 409);
  EXPECT_NE(r.body.find("No licence without consent"), std::string::npos);
  r = app.CallAs(counselor, "POST", "/clients/" + client + "/consents",
                 "provider_id=" + s.provider +
                     "&purpose=Courses&data_categories=email&method=paper&document_ref=scan.pdf",
                 form);
  ASSERT_EQ(r.status, 303) << r.body;
  r = app.CallAs(counselor, "POST", "/clients/" + client + "/licences", "pool_id=" + s.pool, form);
  ASSERT_EQ(r.status, 303) << r.body;
  r = app.CallAs(supervisor, "GET", "/licences");
  ASSERT_EQ(r.status, 200);
  const auto id_at = r.body.find("name=\"ids\" value=\"");
  ASSERT_NE(id_at, std::string::npos) << r.body;
  const std::string licence = r.body.substr(id_at + 18, r.body.find('"', id_at + 18) - id_at - 18);
  r = app.CallAs(supervisor, "POST", "/licences", "action=issue&ids=" + licence, form);
  ASSERT_EQ(r.status, 200) << r.body;
  const auto link_at = r.body.find("href=\"/activate/");
  ASSERT_NE(link_at, std::string::npos) << r.body;
  const std::string link = r.body.substr(link_at + 6, r.body.find('"', link_at + 6) - link_at - 6);
  // The client (preferred language Spanish) opens the link without signing in.
  r = app.Call("GET", link);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("Active su licencia"), std::string::npos);
  EXPECT_NE(r.body.find("County Skills Academy"), std::string::npos);
  EXPECT_EQ(r.body.find("CalWORKs"), std::string::npos);
  // Agencies' staff pages are not reachable from it.
  EXPECT_EQ(app.Call("GET", "/clients/" + client).status, 401);
}

TEST(ProgramsPagesTest, TheClientESignsAConsentThroughTheLinkWhichVerifiesTheEmail) {
  TestApp app;
  const Seeded s = Seed(app);
  const Session counselor = app.SignIn("counselor");
  const std::string client = NewClient(app, counselor, s, "sign@example.org");
  auto r = app.CallAs(counselor, "POST", "/api/v1/clients/" + client + "/consents",
                      R"({"provider_id": ")" + s.provider +
                          R"(", "purpose": "Online courses", "data_categories": ["email"],
                          "method": "e_signature"})");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_FALSE(JsonBody(r).value("active", true));
  const std::string link = JsonBody(r).value("signature_link", "");
  ASSERT_TRUE(link.starts_with("/consent/")) << link;
  // Not active yet: a request is refused.
  r = app.CallAs(counselor, "POST", "/api/v1/licences",
                 R"({"client_id": ")" + client + R"(", "pool_id": ")" + s.pool + "\"}");
  EXPECT_EQ(JsonBody(r).value("code", ""), "consent_required");
  r = app.Call("GET", link);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("Northwind Learning"), std::string::npos);
  const auto csrf = SetCookieValue(r, "reskill_csrf");
  ASSERT_TRUE(csrf.has_value());
  r = app.Call(
      "POST", link, "_csrf=" + *csrf,
      {{"Content-Type", "application/x-www-form-urlencoded"}, {"Cookie", "reskill_csrf=" + *csrf}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("consent is recorded"), std::string::npos);
  // Used up: the link no longer works.
  EXPECT_EQ(app.Call("GET", link).status, 404);
  r = app.CallAs(counselor, "GET", "/api/v1/clients/" + client);
  EXPECT_FALSE(JsonBody(r)["email_verified_at"].is_null());
  r = app.CallAs(counselor, "POST", "/api/v1/licences",
                 R"({"client_id": ")" + client + R"(", "pool_id": ")" + s.pool + "\"}");
  EXPECT_EQ(r.status, 201) << r.body;
}

}  // namespace
}  // namespace reskill::test
