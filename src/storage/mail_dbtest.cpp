// Storage contract tests of the e-mail outbox (migration 0006) and of the use cases around it —
// QueueEmail in the caller's transaction (dedupe, rollback) and DeliverOutbox with a scripted
// transport (claims, retries with backoff, giving up) — on SQLite (a temporary file, always)
// and on PostgreSQL when RESKILL_TEST_PG_DSN is set (scripts/with-postgres.sh).
#include <deque>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "app/context.hpp"
#include "app/mail/deliver_outbox.hpp"
#include "platform/platform.hpp"
#include "storage/test_engines.hpp"

namespace reskill::storage {
namespace {

using app::Email;
using app::OutboxMessage;
using app::OutboxStatus;
using app::TxMode;
using app::UnitOfWork;

Timestamp At(std::int64_t offset_ms) {
  return FromUnixMillis(1'760'000'000'000 + offset_ms);
}

// A transport that records what it was given and answers from a script (OK when it runs out).
class ScriptedMailer final : public app::Mailer {
 public:
  Status Send(const Email& email, std::string_view key, Timestamp) override {
    sent.push_back(email);
    keys.emplace_back(key);
    if (answers.empty()) return Status::Ok();
    Status next = answers.front();
    answers.pop_front();
    return next;
  }
  std::string_view name() const override { return "scripted"; }

  std::deque<Status> answers;
  std::vector<Email> sent;
  std::vector<std::string> keys;
};

class MailTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (const auto why = testing::SkipReason(GetParam()); !why.empty()) GTEST_SKIP() << why;
    ASSERT_TRUE(platform::InitCrypto().ok());
    auto engine = testing::MakeEngine(GetParam(), "mail");
    ASSERT_TRUE(engine.ok()) << engine.status().ToString() << " "
                             << engine.status().internal_detail();
    engine_ = std::move(engine).value();
    auto applied = db().Migrate();
    ASSERT_TRUE(applied.ok()) << applied.status().ToString() << " "
                              << applied.status().internal_detail();
    passwords_ = std::make_unique<platform::SodiumPasswordHasher>(1, 8192);
    ctx_ = std::make_unique<app::AppContext>(
        app::AppContext{db(), clock_, ids_, *passwords_, tokens_, contacts_, {}});
    alpha_ = NewTenant("alpha");
    beta_ = NewTenant("beta");
  }

  SqlDatabase& db() { return engine_->db(); }

  TenantId NewTenant(const std::string& slug) {
    app::Tenant t{TenantId(ids_.Next()), slug, "Agency " + slug, At(0)};
    EXPECT_TRUE(
        db().Run(TxMode::kWrite, [&](UnitOfWork& uow) { return uow.tenants().Insert(t); }).ok());
    return t.id;
  }

  Email MakeEmail(TenantId tenant, const std::string& key) {
    Email e;
    e.tenant_id = tenant;
    e.kind = "invitation";
    e.dedupe_key = key;
    e.to_address = "ana.perez@example.org";
    e.to_name = "Ana Pérez";
    e.locale = "es";
    e.subject = "Su invitación";
    e.text_body = "Hola Ana:\nhttps://reskill.example/activate/tok\n";
    e.html_body = "<p>Hola Ana</p>";
    return e;
  }

  StatusOr<bool> Queue(const Email& e) {
    bool queued = false;
    Status st = db().Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
      RESKILL_ASSIGN_OR_RETURN(queued, app::QueueEmail(*ctx_, uow, e));
      return Status::Ok();
    });
    if (!st.ok()) return st;
    return queued;
  }

  std::vector<OutboxMessage> List(TenantId tenant) {
    std::vector<OutboxMessage> out;
    EXPECT_TRUE(db().Run(TxMode::kRead,
                         [&](UnitOfWork& uow) -> Status {
                           RESKILL_ASSIGN_OR_RETURN(out,
                                                    uow.outbox().List(tenant, 100, std::nullopt));
                           return Status::Ok();
                         })
                    .ok());
    return out;
  }

  std::vector<OutboxMessage> Due(Timestamp now) {
    std::vector<OutboxMessage> out;
    EXPECT_TRUE(db().Run(TxMode::kRead,
                         [&](UnitOfWork& uow) -> Status {
                           RESKILL_ASSIGN_OR_RETURN(out, uow.outbox().Due(now, 100));
                           return Status::Ok();
                         })
                    .ok());
    return out;
  }

  app::DeliveryReport Deliver(ScriptedMailer& mailer, app::DeliveryPolicy policy = {}) {
    auto report = app::DeliverOutbox(*ctx_, mailer, policy).Run();
    EXPECT_TRUE(report.ok()) << report.status().ToString();
    return report.ok() ? *report : app::DeliveryReport{};
  }

  std::unique_ptr<testing::Engine> engine_;
  app::FakeClock clock_{At(0)};
  platform::TimeOrderedIdGenerator ids_;
  std::unique_ptr<platform::SodiumPasswordHasher> passwords_;
  platform::SodiumSecretTokens tokens_;
  platform::SodiumContactCipher contacts_{platform::ContactKey{}};
  std::unique_ptr<app::AppContext> ctx_;
  TenantId alpha_, beta_;
};

TEST_P(MailTest, QueuedEmailIsSealedAndDue) {
  auto queued = Queue(MakeEmail(alpha_, "invitation:1:1"));
  ASSERT_TRUE(queued.ok()) << queued.status().ToString();
  EXPECT_TRUE(*queued);
  const auto rows = List(alpha_);
  ASSERT_EQ(rows.size(), 1u);
  const OutboxMessage& m = rows.front();
  EXPECT_EQ(m.kind, "invitation");
  EXPECT_EQ(m.dedupe_key, "invitation:1:1");
  EXPECT_EQ(m.status, OutboxStatus::kPending);
  EXPECT_EQ(m.attempts, 0);
  EXPECT_EQ(m.created_at, At(0));
  EXPECT_EQ(m.next_attempt_at, At(0));
  EXPECT_FALSE(m.sent_at.has_value());
  // Nothing personal in clear: not the address, the name or the body.
  EXPECT_EQ(m.envelope.find("ana.perez"), std::string::npos);
  EXPECT_EQ(m.envelope.find("Hola"), std::string::npos);
  auto opened = contacts_.Open(m.envelope);
  ASSERT_TRUE(opened.ok());
  auto email = app::ParseEmail(*opened);
  ASSERT_TRUE(email.ok());
  EXPECT_EQ(email->to_address, "ana.perez@example.org");
  EXPECT_EQ(email->to_name, "Ana Pérez");
  EXPECT_EQ(email->text_body, "Hola Ana:\nhttps://reskill.example/activate/tok\n");
  EXPECT_EQ(email->html_body, "<p>Hola Ana</p>");
  EXPECT_EQ(email->tenant_id, alpha_);
  EXPECT_EQ(Due(At(0)).size(), 1u);
  EXPECT_TRUE(Due(At(-1)).empty());
}

TEST_P(MailTest, DedupeKeyIsUniquePerTenant) {
  ASSERT_TRUE(*Queue(MakeEmail(alpha_, "reminder:2026-W48:5")));
  auto again = Queue(MakeEmail(alpha_, "reminder:2026-W48:5"));
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_FALSE(*again);
  EXPECT_TRUE(*Queue(MakeEmail(beta_, "reminder:2026-W48:5")));
  EXPECT_TRUE(*Queue(MakeEmail(alpha_, "reminder:2026-W49:5")));
  EXPECT_EQ(List(alpha_).size(), 2u);
  EXPECT_EQ(List(beta_).size(), 1u);
}

TEST_P(MailTest, RolledBackTransactionQueuesNothing) {
  Status st = db().Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(bool queued, app::QueueEmail(*ctx_, uow, MakeEmail(alpha_, "k:1")));
    EXPECT_TRUE(queued);
    return Conflict("the change that caused the e-mail failed");
  });
  EXPECT_EQ(st.code(), ErrorCode::kConflict);
  EXPECT_TRUE(List(alpha_).empty());
  EXPECT_TRUE(Due(At(1'000'000)).empty());
  // The key is free again: the rolled-back row never existed.
  EXPECT_TRUE(*Queue(MakeEmail(alpha_, "k:1")));
}

TEST_P(MailTest, QueueEmailRefusesIncompleteOrInjectedFields) {
  Email e = MakeEmail(alpha_, "k:2");
  e.to_address = "";
  EXPECT_EQ(Queue(e).status().code(), ErrorCode::kInvalidArgument);
  e = MakeEmail(alpha_, "k:2");
  e.subject = "Hello\r\nBcc: someone@example.org";
  EXPECT_EQ(Queue(e).status().code(), ErrorCode::kInvalidArgument);
  e = MakeEmail(alpha_, "");
  EXPECT_EQ(Queue(e).status().code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(List(alpha_).empty());
}

TEST_P(MailTest, ClaimTakesAMessageOnce) {
  ASSERT_TRUE(*Queue(MakeEmail(alpha_, "k:3")));
  const auto due = Due(At(0));
  ASSERT_EQ(due.size(), 1u);
  bool first = false, second = true;
  ASSERT_TRUE(db().Run(TxMode::kWrite,
                       [&](UnitOfWork& uow) -> Status {
                         RESKILL_ASSIGN_OR_RETURN(first, uow.outbox().Claim(due[0], At(60'000)));
                         return Status::Ok();
                       })
                  .ok());
  // Another sender that read the same row before the claim loses.
  ASSERT_TRUE(db().Run(TxMode::kWrite,
                       [&](UnitOfWork& uow) -> Status {
                         RESKILL_ASSIGN_OR_RETURN(second, uow.outbox().Claim(due[0], At(60'000)));
                         return Status::Ok();
                       })
                  .ok());
  EXPECT_TRUE(first);
  EXPECT_FALSE(second);
  EXPECT_TRUE(Due(At(59'999)).empty());
  // A sender that died mid-send: the message is due again when the lease ends.
  const auto again = Due(At(60'000));
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].attempts, 1);
}

TEST_P(MailTest, DeliverySendsDueMessagesOnce) {
  ASSERT_TRUE(*Queue(MakeEmail(alpha_, "k:4")));
  ASSERT_TRUE(*Queue(MakeEmail(beta_, "k:5")));
  ScriptedMailer mailer;
  clock_.Set(At(1000));
  auto report = Deliver(mailer);
  EXPECT_EQ(report.sent, 2);
  ASSERT_EQ(mailer.sent.size(), 2u);
  EXPECT_EQ(mailer.sent[0].to_address, "ana.perez@example.org");
  EXPECT_TRUE(mailer.keys[0].starts_with("reskill."));
  EXPECT_NE(mailer.keys[0], mailer.keys[1]);
  const auto rows = List(alpha_);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].status, OutboxStatus::kSent);
  EXPECT_EQ(rows[0].attempts, 1);
  EXPECT_EQ(rows[0].sent_at, At(1000));
  // Nothing is due any more: a second pass sends nothing.
  EXPECT_EQ(Deliver(mailer).sent, 0);
  EXPECT_EQ(mailer.sent.size(), 2u);
}

TEST_P(MailTest, TransientFailuresAreRetriedWithBackoffThenGivenUp) {
  ASSERT_TRUE(*Queue(MakeEmail(alpha_, "k:6")));
  ScriptedMailer mailer;
  for (int i = 0; i < 10; ++i) mailer.answers.push_back(Unavailable("SMTP: Couldn't connect"));
  app::DeliveryPolicy policy;
  policy.max_attempts = 3;
  policy.retry_base = std::chrono::seconds(60);
  auto r1 = Deliver(mailer, policy);
  EXPECT_EQ(r1.retried, 1);
  auto rows = List(alpha_);
  EXPECT_EQ(rows[0].status, OutboxStatus::kPending);
  EXPECT_EQ(rows[0].attempts, 1);
  EXPECT_EQ(rows[0].next_attempt_at, At(60'000));
  EXPECT_EQ(rows[0].last_error, "SMTP: Couldn't connect");
  // Not due before the backoff ends.
  clock_.Set(At(59'999));
  EXPECT_EQ(Deliver(mailer, policy).retried, 0);
  clock_.Set(At(60'000));
  EXPECT_EQ(Deliver(mailer, policy).retried, 1);
  rows = List(alpha_);
  EXPECT_EQ(rows[0].attempts, 2);
  EXPECT_EQ(rows[0].next_attempt_at, At(60'000 + 120'000));  // doubled
  clock_.Set(At(180'000));
  auto r3 = Deliver(mailer, policy);
  EXPECT_EQ(r3.failed, 1);
  rows = List(alpha_);
  EXPECT_EQ(rows[0].status, OutboxStatus::kFailed);
  EXPECT_EQ(rows[0].attempts, 3);
  EXPECT_EQ(mailer.sent.size(), 3u);
  clock_.Set(At(10'000'000));
  EXPECT_EQ(Deliver(mailer, policy).failed, 0);
  EXPECT_EQ(mailer.sent.size(), 3u);
}

TEST_P(MailTest, RecoveryAfterAnOutageSendsTheMessage) {
  ASSERT_TRUE(*Queue(MakeEmail(alpha_, "k:7")));
  ScriptedMailer mailer;
  mailer.answers.push_back(Unavailable("SMTP: Couldn't connect"));
  EXPECT_EQ(Deliver(mailer).retried, 1);
  clock_.Advance(std::chrono::seconds(60));
  EXPECT_EQ(Deliver(mailer).sent, 1);
  const auto rows = List(alpha_);
  EXPECT_EQ(rows[0].status, OutboxStatus::kSent);
  EXPECT_EQ(rows[0].attempts, 2);
}

TEST_P(MailTest, PermanentFailureIsNotRetried) {
  ASSERT_TRUE(*Queue(MakeEmail(alpha_, "k:8")));
  ScriptedMailer mailer;
  mailer.answers.push_back(FailedPrecondition("SMTP: Failed sending data (server replied 550)"));
  EXPECT_EQ(Deliver(mailer).failed, 1);
  const auto rows = List(alpha_);
  EXPECT_EQ(rows[0].status, OutboxStatus::kFailed);
  EXPECT_EQ(rows[0].attempts, 1);
  std::int64_t failed = 0;
  ASSERT_TRUE(db().Run(TxMode::kRead,
                       [&](UnitOfWork& uow) -> Status {
                         RESKILL_ASSIGN_OR_RETURN(
                             failed, uow.outbox().Count(alpha_, OutboxStatus::kFailed));
                         return Status::Ok();
                       })
                  .ok());
  EXPECT_EQ(failed, 1);
}

TEST_P(MailTest, EnvelopeSealedWithAnotherKeyFailsWithoutSending) {
  ASSERT_TRUE(*Queue(MakeEmail(alpha_, "k:9")));
  platform::ContactKey other{};
  other[0] = 1;
  platform::SodiumContactCipher other_cipher{other};
  app::AppContext other_ctx{db(), clock_, ids_, *passwords_, tokens_, other_cipher, {}};
  ScriptedMailer mailer;
  auto report = app::DeliverOutbox(other_ctx, mailer, {}).Run();
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->failed, 1);
  EXPECT_TRUE(mailer.sent.empty());
}

TEST(MailEnvelope, RoundTripsEveryFieldAndRejectsDamage) {
  Email e;
  e.tenant_id = TenantId(12);
  e.kind = "k";
  e.dedupe_key = "d:1";
  e.to_address = "a@b";
  e.to_name = "Name\nwith: colon";
  e.locale = "en";
  e.subject = "S";
  e.text_body = "12:34\n\n5:";
  e.html_body = "";
  const std::string text = app::SerializeEmail(e);
  auto back = app::ParseEmail(text);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->tenant_id, e.tenant_id);
  EXPECT_EQ(back->to_name, e.to_name);
  EXPECT_EQ(back->text_body, e.text_body);
  EXPECT_EQ(back->html_body, "");
  EXPECT_FALSE(app::ParseEmail(text.substr(0, text.size() - 1)).ok());
  EXPECT_FALSE(app::ParseEmail(text + "x").ok());
  EXPECT_FALSE(app::ParseEmail("email.v1\n99999:abc\n").ok());
  EXPECT_FALSE(app::ParseEmail("").ok());
}

INSTANTIATE_TEST_SUITE_P(Engines, MailTest, ::testing::Values("sqlite", "postgres"),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

}  // namespace
}  // namespace reskill::storage
