// Storage contract tests of programs, clients, consent, pools and licences (migration 0005), on
// SQLite (a temporary file, always) and on PostgreSQL when RESKILL_TEST_PG_DSN is set: contact
// data sealed at rest, the e-mail blind index, the append-only journal, pool counts, and seat
// issuance under concurrent requests (no pool ever has more seats allocated than it holds).
#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "app/programs/clients.hpp"
#include "app/programs/licences.hpp"
#include "platform/platform.hpp"
#include "storage/test_engines.hpp"

namespace reskill::storage {
namespace {

using app::Principal;
using app::TxMode;
using app::UnitOfWork;
namespace prog = domain::programs;
namespace ap = app::programs;

Timestamp At(std::int64_t offset_ms) {
  return FromUnixMillis(1'760'000'000'000 + offset_ms);
}

class ProgramsDbTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (const auto why = testing::SkipReason(GetParam()); !why.empty()) GTEST_SKIP() << why;
    ASSERT_TRUE(platform::InitCrypto().ok());
    auto engine = testing::MakeEngine(GetParam(), "programs");
    ASSERT_TRUE(engine.ok()) << engine.status().ToString() << " "
                             << engine.status().internal_detail();
    engine_ = std::move(engine).value();
    auto applied = db().Migrate();
    ASSERT_TRUE(applied.ok()) << applied.status().ToString() << " "
                              << applied.status().internal_detail();
    ids_ = std::make_unique<platform::TimeOrderedIdGenerator>();
    passwords_ = std::make_unique<platform::SodiumPasswordHasher>(1, 8192);
    tokens_ = std::make_unique<platform::SodiumSecretTokens>();
    ctx_ = std::make_unique<app::AppContext>(
        app::AppContext{db(), clock_, *ids_, *passwords_, *tokens_, contacts_, {}});
    app::Tenant t{TenantId(ids_->Next()), "alpha", "Agency alpha", At(0)};
    ASSERT_TRUE(
        db().Run(TxMode::kWrite, [&](UnitOfWork& uow) { return uow.tenants().Insert(t); }).ok());
    actor_ = ap::SystemActor(t.id, "test");
    domain::catalog::Provider provider;
    provider.tenant_id = t.id;
    provider.id = domain::catalog::ProviderId(ids_->Next());
    provider.slug = "northwind";
    provider.name = "Northwind Learning";
    provider.license_types = {domain::catalog::LicenseType::kSeat};
    provider.created_at = provider.updated_at = At(0);
    ASSERT_TRUE(
        db().Run(TxMode::kWrite,
                 [&](UnitOfWork& uow) { return uow.course_catalog().InsertProvider(provider); })
            .ok());
    provider_ = provider.id;
    ap::ProgramPatch program;
    program.name = "CalWORKs WTW";
    program.display_name = "County Skills Academy";
    program.target_population = "CalWORKs recipients";
    auto p = ap::ManagePrograms(ctx()).Create(actor_, program, {"t"});
    ASSERT_TRUE(p.ok()) << p.status().ToString();
    program_ = p->id;
  }

  SqlDatabase& db() { return engine_->db(); }
  app::AppContext& ctx() { return *ctx_; }

  ClientId NewClient(const std::string& email) {
    ap::NewClient in;
    in.program_id = program_;
    in.given_name = "Ana";
    in.family_name = "Ruiz";
    in.email = email;
    in.phone = "555 010 2000";
    in.case_number = "CW-1";
    auto c = ap::ManageClients(ctx()).Create(actor_, in, {"t"});
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    return c.ok() ? c->id : ClientId();
  }

  void GiveConsent(ClientId client) {
    ap::ConsentInput in;
    in.provider_id = provider_;
    in.purpose = "Online courses";
    in.data_categories = {"email", "participant_id"};
    in.method = prog::ConsentMethod::kPaper;
    in.document_ref = "scan-1.pdf";
    auto c = ap::ManageConsent(ctx()).Record(actor_, client, in, {"t"});
    ASSERT_TRUE(c.ok()) << c.status().ToString();
  }

  prog::PoolId NewPool(std::int64_t seats) {
    prog::LicencePool draft;
    draft.program_id = program_;
    draft.provider_id = provider_;
    draft.name = "Northwind seats";
    draft.seats = seats;
    auto v = ap::ManagePools(ctx()).Create(actor_, draft, {"t"});
    EXPECT_TRUE(v.ok()) << v.status().ToString();
    return v.ok() ? v->pool.id : prog::PoolId();
  }

  std::unique_ptr<testing::Engine> engine_;
  app::FakeClock clock_{At(0)};
  std::unique_ptr<platform::TimeOrderedIdGenerator> ids_;
  std::unique_ptr<platform::SodiumPasswordHasher> passwords_;
  std::unique_ptr<platform::SodiumSecretTokens> tokens_;
  platform::SodiumContactCipher contacts_{platform::ContactKey{}};
  std::unique_ptr<app::AppContext> ctx_;
  Principal actor_;
  domain::catalog::ProviderId provider_;
  ProgramId program_;
};

TEST_P(ProgramsDbTest, ContactDataIsSealedAtRestAndFoundByItsBlindIndex) {
  const ClientId id = NewClient("Ana.Ruiz@Example.org");
  ASSERT_TRUE(id.valid());
  std::optional<app::SealedClient> stored;
  std::optional<app::SealedClient> by_index;
  ASSERT_TRUE(
      db().Run(TxMode::kRead,
               [&](UnitOfWork& uow) -> Status {
                 RESKILL_ASSIGN_OR_RETURN(stored, uow.programs().FindClient(actor_.tenant_id, id));
                 RESKILL_ASSIGN_OR_RETURN(
                     by_index, uow.programs().FindClientByEmailIndex(
                                   actor_.tenant_id, contacts_.BlindIndex("ana.ruiz@example.org")));
                 return Status::Ok();
               })
          .ok());
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->client.email.find("example"), std::string::npos);
  EXPECT_TRUE(stored->client.given_name.starts_with("v1.")) << "sealed";
  EXPECT_EQ(stored->client.phone.find("555 010 2000"), std::string::npos);
  EXPECT_TRUE(prog::IsParticipantId(stored->client.participant_id));
  ASSERT_TRUE(by_index.has_value());
  EXPECT_EQ(by_index->client.id, id);
  auto opened = ap::ManageClients(ctx()).Get(actor_, id, {"t"});
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(opened->email, "ana.ruiz@example.org");
  EXPECT_EQ(opened->given_name, "Ana");
  // The same e-mail twice in one agency is refused.
  ap::NewClient dup;
  dup.program_id = program_;
  dup.given_name = "Other";
  dup.family_name = "Person";
  dup.email = "ANA.RUIZ@example.org";
  auto again = ap::ManageClients(ctx()).Create(actor_, dup, {"t"});
  EXPECT_EQ(again.status().code(), ErrorCode::kAlreadyExists);
  EXPECT_EQ(again.status().field(), "email");
}

// The e-mails a client receives: queued (sealed) in the issuing transaction, from the program's
// template in the client's language, with the provider-facing name and a working one-use link.
TEST_P(ProgramsDbTest, IssuingAndConsentRequestsQueueTheClientsEmailInTheirLanguage) {
  ctx_->security.public_url = "https://reskill.test";
  ap::ProgramPatch patch;
  patch.invitation_text_es = "Su consejero eligió estos cursos.";
  ASSERT_TRUE(ap::ManagePrograms(ctx()).Update(actor_, program_, patch, {"t"}).ok());
  ap::NewClient in;
  in.program_id = program_;
  in.given_name = "José";
  in.family_name = "Navarro";
  in.email = "jose@example.org";
  in.preferred_language = "es";
  auto client = ap::ManageClients(ctx()).Create(actor_, in, {"t"});
  ASSERT_TRUE(client.ok()) << client.status().ToString();
  ap::ConsentInput consent;
  consent.provider_id = provider_;
  consent.purpose = "Cursos en línea";
  consent.data_categories = {"email"};
  auto request = ap::ManageConsent(ctx()).RequestSignature(actor_, client->id, consent, {"t"});
  ASSERT_TRUE(request.ok()) << request.status().ToString();
  GiveConsent(client->id);
  const prog::PoolId pool = NewPool(2);
  auto requested = ap::ManageLicences(ctx()).Request(actor_, client->id, pool, {"t"});
  ASSERT_TRUE(requested.ok()) << requested.status().ToString();
  auto issued = ap::ManageLicences(ctx()).Issue(actor_, requested->licence.id, {"t"});
  ASSERT_TRUE(issued.ok()) << issued.status().ToString();
  auto reinvited = ap::ManageLicences(ctx()).Reinvite(actor_, requested->licence.id, {"t"});
  ASSERT_TRUE(reinvited.ok()) << reinvited.status().ToString();

  std::vector<app::OutboxMessage> queued;
  ASSERT_TRUE(db().Run(TxMode::kRead,
                       [&](UnitOfWork& uow) -> Status {
                         RESKILL_ASSIGN_OR_RETURN(queued,
                                                  uow.outbox().List(actor_.tenant_id, 10, {}));
                         return Status::Ok();
                       })
                  .ok());
  ASSERT_EQ(queued.size(), 3u);  // newest first: re-invite, invitation, consent request
  std::vector<app::Email> mails;
  for (const auto& m : queued) {
    EXPECT_EQ(m.envelope.find("jose"), std::string::npos) << "sealed at rest";
    auto opened = contacts_.Open(m.envelope);
    ASSERT_TRUE(opened.ok());
    auto email = app::ParseEmail(*opened);
    ASSERT_TRUE(email.ok());
    mails.push_back(*email);
  }
  EXPECT_EQ(queued[2].kind, "consent_request");
  EXPECT_EQ(queued[1].kind, "invitation");
  EXPECT_EQ(queued[0].kind, "invitation");
  EXPECT_NE(queued[0].dedupe_key, queued[1].dedupe_key) << "a re-invite is a new e-mail";
  for (const auto& e : mails) {
    EXPECT_EQ(e.to_address, "jose@example.org");
    EXPECT_EQ(e.locale, "es");
    EXPECT_NE(e.subject.find("County Skills Academy"), std::string::npos) << e.subject;
    EXPECT_EQ(e.subject.find("CalWORKs"), std::string::npos) << "never the internal name";
    EXPECT_EQ(e.text_body.find("CalWORKs"), std::string::npos) << "never the internal name";
    EXPECT_NE(e.text_body.find("Hola José"), std::string::npos) << e.text_body;
  }
  EXPECT_NE(mails[2].text_body.find("https://reskill.test/consent/" + request->token),
            std::string::npos)
      << mails[2].text_body;
  EXPECT_NE(mails[1].text_body.find("https://reskill.test/activate/" + issued->token),
            std::string::npos)
      << mails[1].text_body;
  EXPECT_NE(mails[1].text_body.find("Su consejero eligió estos cursos."), std::string::npos);
  EXPECT_NE(mails[0].text_body.find("https://reskill.test/activate/" + reinvited->token),
            std::string::npos);
  // The newest link activates; the journal says the invitation was e-mailed.
  auto view = ap::ActivateLicence(ctx()).View(reinvited->token);
  ASSERT_TRUE(view.ok()) << view.status().ToString();
  EXPECT_EQ(view->program_display_name, "County Skills Academy");
  auto journal = ap::ClientJournal(ctx()).List(actor_, client->id);
  ASSERT_TRUE(journal.ok());
  int mailed = 0;
  for (const auto& e : *journal) {
    if (e.text.find("e-mailed (Spanish)") != std::string::npos) ++mailed;
  }
  EXPECT_EQ(mailed, 3);
}

TEST_P(ProgramsDbTest, AClientWithoutAnAddressGetsNoEmailAndTheJournalSaysSo) {
  const ClientId id = NewClient("");
  GiveConsent(id);
  const prog::PoolId pool = NewPool(1);
  auto requested = ap::ManageLicences(ctx()).Request(actor_, id, pool, {"t"});
  ASSERT_TRUE(requested.ok());
  ASSERT_TRUE(ap::ManageLicences(ctx()).Issue(actor_, requested->licence.id, {"t"}).ok());
  std::int64_t pending = -1;
  ASSERT_TRUE(db().Run(TxMode::kRead,
                       [&](UnitOfWork& uow) -> Status {
                         RESKILL_ASSIGN_OR_RETURN(
                             pending,
                             uow.outbox().Count(actor_.tenant_id, app::OutboxStatus::kPending));
                         return Status::Ok();
                       })
                  .ok());
  EXPECT_EQ(pending, 0);
  auto journal = ap::ClientJournal(ctx()).List(actor_, id);
  ASSERT_TRUE(journal.ok());
  EXPECT_NE(journal->back().text.find("no e-mail address on file"), std::string::npos);
}

TEST_P(ProgramsDbTest, TheJournalIsAppendOnly) {
  const ClientId id = NewClient("j@example.org");
  auto note = ap::ClientJournal(ctx()).AddNote(actor_, id, "Called about the course", {"t"});
  ASSERT_TRUE(note.ok());
  EXPECT_EQ(engine_->RawExec("UPDATE journal_entry SET text = 'x'").code(),
            ErrorCode::kFailedPrecondition);
  EXPECT_EQ(engine_->RawExec("DELETE FROM journal_entry").code(), ErrorCode::kFailedPrecondition);
  auto entries = ap::ClientJournal(ctx()).List(actor_, id);
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), 2u);  // created + note
  EXPECT_EQ(entries->back().text, "Called about the course");
}

TEST_P(ProgramsDbTest, PoolCountsHeldInvitationsAndActivationsAndLapsedInvitationsFreeTheSeat) {
  const prog::PoolId pool = NewPool(2);
  const ClientId a = NewClient("a@example.org");
  GiveConsent(a);
  ap::ManageLicences licences(ctx());
  auto requested = licences.Request(actor_, a, pool, {"t"});
  ASSERT_TRUE(requested.ok()) << requested.status().ToString();
  auto usage = ap::ManagePools(ctx()).Get(actor_, pool);
  ASSERT_TRUE(usage.ok());
  EXPECT_EQ(usage->usage.requested, 1);
  EXPECT_EQ(usage->usage.available(), 2);
  auto issued = licences.Issue(actor_, requested->licence.id, {"t"});
  ASSERT_TRUE(issued.ok()) << issued.status().ToString();
  usage = ap::ManagePools(ctx()).Get(actor_, pool);
  EXPECT_EQ(usage->usage.issued, 1);
  EXPECT_EQ(usage->usage.available(), 1);
  // Eight days later the invitation (7 days) has lapsed: it holds no seat and is listed.
  clock_.Advance(std::chrono::days(8));
  usage = ap::ManagePools(ctx()).Get(actor_, pool);
  EXPECT_EQ(usage->usage.issued, 0);
  EXPECT_EQ(usage->usage.available(), 2);
  ap::LicenceFilter lapsed;
  lapsed.lapsed_only = true;
  auto listed = licences.List(actor_, lapsed);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  auto view = ap::ActivateLicence(ctx()).View(issued->token);
  EXPECT_EQ(view.status().code(), ErrorCode::kFailedPrecondition);
  // The expire-invitations job records the state; an expired licence is re-invited like a lapsed.
  bool expired = false;
  ASSERT_TRUE(db().Run(TxMode::kWrite,
                       [&](UnitOfWork& uow) -> Status {
                         RESKILL_ASSIGN_OR_RETURN(
                             expired, ap::ExpireInvitation(ctx(), uow, actor_, actor_.tenant_id,
                                                           requested->licence.id, {"t"}));
                         return Status::Ok();
                       })
                  .ok());
  EXPECT_TRUE(expired);
  EXPECT_EQ(licences.Get(actor_, requested->licence.id)->licence.state,
            prog::LicenceState::kExpired);
  EXPECT_EQ(ap::ActivateLicence(ctx()).View(issued->token).status().code(),
            ErrorCode::kFailedPrecondition);
  auto again = licences.Reinvite(actor_, requested->licence.id, {"t"});
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  auto activated = ap::ActivateLicence(ctx()).Run(again->token, false, "", {"t"});
  ASSERT_TRUE(activated.ok()) << activated.status().ToString();
  usage = ap::ManagePools(ctx()).Get(actor_, pool);
  EXPECT_EQ(usage->usage.activated, 1);
  EXPECT_EQ(usage->usage.issued, 0);
  // The link works once.
  EXPECT_EQ(ap::ActivateLicence(ctx()).Run(again->token, false, "", {"t"}).status().code(),
            ErrorCode::kFailedPrecondition);
}

TEST_P(ProgramsDbTest, ConcurrentIssuesNeverAllocateMoreSeatsThanThePoolHolds) {
  constexpr int kSeats = 3;
  constexpr int kRequests = 8;
  const prog::PoolId pool = NewPool(kSeats);
  std::vector<LicenceId> requested;
  for (int i = 0; i < kRequests; ++i) {
    const ClientId c = NewClient("c" + std::to_string(i) + "@example.org");
    GiveConsent(c);
    auto r = ap::ManageLicences(ctx()).Request(actor_, c, pool, {"t"});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    requested.push_back(r->licence.id);
  }
  std::atomic<int> issued{0};
  std::atomic<int> refused{0};
  std::atomic<int> other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kRequests; ++i) {
    threads.emplace_back([&, i] {
      auto r =
          ap::ManageLicences(ctx()).Issue(actor_, requested[static_cast<std::size_t>(i)], {"t"});
      if (r.ok()) {
        ++issued;
      } else if (r.status().field() == "seats") {
        ++refused;
      } else {
        ++other;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(issued.load(), kSeats);
  EXPECT_EQ(refused.load(), kRequests - kSeats);
  EXPECT_EQ(other.load(), 0);
  auto usage = ap::ManagePools(ctx()).Get(actor_, pool);
  ASSERT_TRUE(usage.ok());
  EXPECT_EQ(usage->usage.issued, kSeats);
  EXPECT_EQ(usage->usage.requested, kRequests - kSeats);
  EXPECT_EQ(usage->usage.available(), 0);
  EXPECT_TRUE(usage->usage.alert());
}

TEST_P(ProgramsDbTest, WithdrawingConsentRevokesTheProvidersLicences) {
  const prog::PoolId pool = NewPool(5);
  const ClientId c = NewClient("w@example.org");
  GiveConsent(c);
  auto r = ap::ManageLicences(ctx()).Request(actor_, c, pool, {"t"});
  ASSERT_TRUE(r.ok());
  auto consents = ap::ManageConsent(ctx()).List(actor_, c);
  ASSERT_TRUE(consents.ok());
  ASSERT_EQ(consents->size(), 1u);
  auto w =
      ap::ManageConsent(ctx()).Withdraw(actor_, consents->front().consent.id, "written", {"t"});
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  auto l = ap::ManageLicences(ctx()).Get(actor_, r->licence.id);
  ASSERT_TRUE(l.ok());
  EXPECT_EQ(l->licence.state, prog::LicenceState::kRevoked);
  EXPECT_EQ(l->licence.revoke_reason, "consent_withdrawn");
}

INSTANTIATE_TEST_SUITE_P(Engines, ProgramsDbTest, ::testing::Values("sqlite", "postgres"),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

}  // namespace
}  // namespace reskill::storage
