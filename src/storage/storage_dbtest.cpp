// Storage contract tests: one suite over the app::Database port, run on SQLite (a temporary
// file, always) and on PostgreSQL when RESKILL_TEST_PG_DSN is set (scripts/with-postgres.sh).
#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <numeric>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include "platform/platform.hpp"
#include "storage/sqlite/sqlite_database.hpp"
#include "storage/test_engines.hpp"
#if RESKILL_WITH_POSTGRES
#include "storage/postgres/postgres_database.hpp"
#endif

namespace reskill::storage {
namespace {

using app::ApiToken;
using app::AuditEvent;
using app::AuditQuery;
using app::Session;
using app::StaffUser;
using app::Tenant;
using app::TxMode;
using app::UnitOfWork;
using domain::programs::Role;
using domain::programs::RoleSet;

using Schema = std::vector<std::pair<std::string, std::vector<std::string>>>;

Timestamp At(std::int64_t offset_ms) {
  return FromUnixMillis(1'760'000'000'000 + offset_ms);
}

using testing::Engine;
using testing::PgDsn;

StatusOr<std::unique_ptr<Engine>> MakeEngine(const std::string& name) {
  return testing::MakeEngine(name, "storage");
}

std::string PgSchema() {
  return testing::PgSchema("storage");
}

void ExpectSameStaff(const StaffUser& a, const StaffUser& b) {
  EXPECT_EQ(a.tenant_id, b.tenant_id);
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.email, b.email);
  EXPECT_EQ(a.display_name, b.display_name);
  EXPECT_EQ(a.roles, b.roles);
  EXPECT_EQ(a.locale, b.locale);
  EXPECT_EQ(a.password_hash, b.password_hash);
  EXPECT_EQ(a.disabled, b.disabled);
  EXPECT_EQ(a.failed_sign_ins, b.failed_sign_ins);
  EXPECT_EQ(a.last_failed_sign_in_at, b.last_failed_sign_in_at);
  EXPECT_EQ(a.locked_until, b.locked_until);
  EXPECT_EQ(a.created_at, b.created_at);
}

class StorageContractTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (const auto why = testing::SkipReason(GetParam()); !why.empty()) GTEST_SKIP() << why;
    ASSERT_TRUE(platform::InitCrypto().ok());
    ids_ = std::make_unique<platform::TimeOrderedIdGenerator>();
    auto engine = MakeEngine(GetParam());
    ASSERT_TRUE(engine.ok()) << engine.status().ToString() << " "
                             << engine.status().internal_detail();
    engine_ = std::move(engine).value();
    auto applied = db().Migrate();
    ASSERT_TRUE(applied.ok()) << applied.status().ToString() << " "
                              << applied.status().internal_detail();
    first_migration_ = *applied;
  }

  SqlDatabase& db() { return engine_->db(); }

  // Runs `work` in a write transaction and expects it to succeed.
  void Write(const std::function<Status(UnitOfWork&)>& work) {
    Status st = db().Run(TxMode::kWrite, work);
    ASSERT_TRUE(st.ok()) << st.ToString() << " " << st.internal_detail();
  }

  Tenant NewTenant(const std::string& slug) {
    Tenant t{TenantId(ids_->Next()), slug, "Agency " + slug, At(0)};
    Write([&](UnitOfWork& uow) { return uow.tenants().Insert(t); });
    return t;
  }

  StaffUser MakeStaff(TenantId tenant, const std::string& email) {
    StaffUser u;
    u.tenant_id = tenant;
    u.id = StaffId(ids_->Next());
    u.email = email;
    u.display_name = "Name of " + email;
    u.roles = RoleSet{Role::kCounselor};
    u.locale = "es";
    u.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA";
    u.created_at = At(1);
    return u;
  }

  StaffUser NewStaff(TenantId tenant, const std::string& email) {
    StaffUser u = MakeStaff(tenant, email);
    Write([&](UnitOfWork& uow) { return uow.staff().Insert(u); });
    return u;
  }

  AuditEvent MakeEvent(TenantId tenant, std::string action, std::string actor,
                       std::string target_type, std::string target_id) {
    AuditEvent e;
    e.tenant_id = tenant;
    e.id = AuditEventId(ids_->Next());
    e.at = At(10);
    e.actor_kind = domain::audit::ActorKind::kStaff;
    e.actor_id = std::move(actor);
    e.action = std::move(action);
    e.target_type = std::move(target_type);
    e.target_id = std::move(target_id);
    e.request_id = "req-1";
    e.outcome = "ok";
    e.detail = "roles,disabled";
    return e;
  }

  std::vector<AuditEvent> ListAudit(TenantId tenant, const AuditQuery& q) {
    std::vector<AuditEvent> out;
    Status st = db().Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
      RESKILL_ASSIGN_OR_RETURN(out, uow.audit().List(tenant, q));
      return Status::Ok();
    });
    EXPECT_TRUE(st.ok()) << st.ToString() << " " << st.internal_detail();
    return out;
  }

  std::unique_ptr<Engine> engine_;
  std::vector<int> first_migration_;
  std::unique_ptr<platform::TimeOrderedIdGenerator> ids_;  // made after InitCrypto()
};

AuditQuery Filter(std::string AuditQuery::*member, std::string value) {
  AuditQuery q;
  q.*member = std::move(value);
  return q;
}

std::vector<std::int64_t> IdsOf(const std::vector<AuditEvent>& events) {
  std::vector<std::int64_t> out;
  for (const auto& e : events) out.push_back(e.id.value());
  return out;
}

TEST_P(StorageContractTest, PingAndEngineName) {
  EXPECT_TRUE(db().Ping().ok());
  EXPECT_EQ(db().engine(), GetParam());
}

TEST_P(StorageContractTest, MigrateTwiceAppliesNothingTheSecondTime) {
  // Every migration, in increasing order, from 1 to the latest. Numbers may have gaps: areas
  // reserve their numbers up front (the runner applies every number not yet applied).
  ASSERT_FALSE(first_migration_.empty());
  EXPECT_EQ(first_migration_.front(), 1);
  EXPECT_EQ(first_migration_.back(), db().LatestMigration());
  EXPECT_TRUE(std::adjacent_find(first_migration_.begin(), first_migration_.end(),
                                 [](int a, int b) { return a >= b; }) == first_migration_.end());
  EXPECT_GE(db().LatestMigration(), 2);
  auto again = db().Migrate();
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_TRUE(again->empty());
}

TEST_P(StorageContractTest, TenantsInsertAndFind) {
  const Tenant beta = NewTenant("beta");
  const Tenant alpha = NewTenant("alpha");
  Status st = db().Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto by_slug, uow.tenants().FindBySlug("beta"));
    EXPECT_TRUE(by_slug.has_value());
    if (by_slug) {
      EXPECT_EQ(by_slug->id, beta.id);
      EXPECT_EQ(by_slug->name, beta.name);
      EXPECT_EQ(by_slug->created_at, beta.created_at);
    }
    RESKILL_ASSIGN_OR_RETURN(auto by_id, uow.tenants().FindById(alpha.id));
    EXPECT_TRUE(by_id.has_value() && by_id->slug == "alpha");
    RESKILL_ASSIGN_OR_RETURN(auto missing, uow.tenants().FindBySlug("gamma"));
    EXPECT_FALSE(missing.has_value());
    RESKILL_ASSIGN_OR_RETURN(auto all, uow.tenants().List());
    EXPECT_EQ(all.size(), 2u);
    if (all.size() == 2) {
      EXPECT_EQ(all[0].slug, "alpha");
      EXPECT_EQ(all[1].slug, "beta");
    }
    return Status::Ok();
  });
  EXPECT_TRUE(st.ok()) << st.ToString();
}

TEST_P(StorageContractTest, DuplicateTenantSlugIsAlreadyExists) {
  NewTenant("demo");
  Status st = db().Run(TxMode::kWrite, [&](UnitOfWork& uow) {
    return uow.tenants().Insert(Tenant{TenantId(ids_->Next()), "demo", "Another", At(5)});
  });
  EXPECT_EQ(st.code(), ErrorCode::kAlreadyExists) << st.ToString() << " " << st.internal_detail();
  EXPECT_EQ(st.field(), "slug");
}

TEST_P(StorageContractTest, StaffInsertFindListUpdate) {
  const Tenant t = NewTenant("demo");
  StaffUser bob = MakeStaff(t.id, "bob@example.org");
  bob.roles = RoleSet{Role::kAdmin, Role::kAnalyst};
  bob.locale = "";
  bob.failed_sign_ins = 2;
  bob.last_failed_sign_in_at = At(100);
  Write([&](UnitOfWork& uow) { return uow.staff().Insert(bob); });
  const StaffUser ann = NewStaff(t.id, "ann@example.org");

  Status st = db().Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto by_id, uow.staff().FindById(t.id, bob.id));
    EXPECT_TRUE(by_id.has_value());
    if (by_id) ExpectSameStaff(*by_id, bob);
    RESKILL_ASSIGN_OR_RETURN(auto by_email, uow.staff().FindByEmail(t.id, "ann@example.org"));
    EXPECT_TRUE(by_email.has_value());
    if (by_email) ExpectSameStaff(*by_email, ann);
    RESKILL_ASSIGN_OR_RETURN(auto missing, uow.staff().FindById(t.id, StaffId(42)));
    EXPECT_FALSE(missing.has_value());
    RESKILL_ASSIGN_OR_RETURN(auto all, uow.staff().List(t.id));
    EXPECT_EQ(all.size(), 2u);
    if (all.size() == 2) {
      EXPECT_EQ(all[0].email, "ann@example.org");
      EXPECT_EQ(all[1].email, "bob@example.org");
    }
    RESKILL_ASSIGN_OR_RETURN(auto admins, uow.staff().CountEnabledWithRole(t.id, Role::kAdmin));
    EXPECT_EQ(admins, 1);
    RESKILL_ASSIGN_OR_RETURN(auto counselors,
                             uow.staff().CountEnabledWithRole(t.id, Role::kCounselor));
    EXPECT_EQ(counselors, 1);
    return Status::Ok();
  });
  ASSERT_TRUE(st.ok()) << st.ToString() << " " << st.internal_detail();

  StaffUser changed = bob;
  changed.display_name = "Robert";
  changed.roles = RoleSet{Role::kSupervisor};
  changed.locale = "en";
  changed.password_hash = "new-hash";
  changed.disabled = true;
  changed.failed_sign_ins = 0;
  changed.last_failed_sign_in_at = std::nullopt;
  changed.locked_until = At(999);
  Write([&](UnitOfWork& uow) { return uow.staff().Update(changed); });
  st = db().Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto found, uow.staff().FindById(t.id, bob.id));
    EXPECT_TRUE(found.has_value());
    if (found) ExpectSameStaff(*found, changed);
    RESKILL_ASSIGN_OR_RETURN(auto admins,
                             uow.staff().CountEnabledWithRole(t.id, Role::kSupervisor));
    EXPECT_EQ(admins, 0) << "a disabled user is not counted";
    return Status::Ok();
  });
  ASSERT_TRUE(st.ok()) << st.ToString() << " " << st.internal_detail();

  StaffUser ghost = MakeStaff(t.id, "ghost@example.org");
  st = db().Run(TxMode::kWrite, [&](UnitOfWork& uow) { return uow.staff().Update(ghost); });
  EXPECT_EQ(st.code(), ErrorCode::kNotFound) << st.ToString();
}

TEST_P(StorageContractTest, DuplicateStaffEmailIsAlreadyExists) {
  const Tenant t = NewTenant("demo");
  NewStaff(t.id, "ann@example.org");
  Status st = db().Run(TxMode::kWrite, [&](UnitOfWork& uow) {
    return uow.staff().Insert(MakeStaff(t.id, "ann@example.org"));
  });
  EXPECT_EQ(st.code(), ErrorCode::kAlreadyExists) << st.ToString() << " " << st.internal_detail();
  EXPECT_EQ(st.field(), "email");
}

TEST_P(StorageContractTest, StaffOfUnknownTenantBreaksADataRule) {
  Status st = db().Run(TxMode::kWrite, [&](UnitOfWork& uow) {
    return uow.staff().Insert(MakeStaff(TenantId(12345), "ann@example.org"));
  });
  EXPECT_EQ(st.code(), ErrorCode::kFailedPrecondition)
      << st.ToString() << " " << st.internal_detail();
}

TEST_P(StorageContractTest, TenantsAreIsolated) {
  const Tenant a = NewTenant("agency-a");
  const Tenant b = NewTenant("agency-b");
  const StaffUser ann = NewStaff(a.id, "ann@example.org");
  Write([&](UnitOfWork& uow) {
    return uow.sessions().Insert(Session{a.id, "hash-a", ann.id, "csrf", At(0), At(0), At(1000)});
  });

  Status st = db().Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto by_id, uow.staff().FindById(b.id, ann.id));
    EXPECT_FALSE(by_id.has_value());
    RESKILL_ASSIGN_OR_RETURN(auto by_email, uow.staff().FindByEmail(b.id, ann.email));
    EXPECT_FALSE(by_email.has_value());
    RESKILL_ASSIGN_OR_RETURN(auto list, uow.staff().List(b.id));
    EXPECT_TRUE(list.empty());
    RESKILL_ASSIGN_OR_RETURN(auto session, uow.sessions().Find(b.id, "hash-a"));
    EXPECT_FALSE(session.has_value());
    return Status::Ok();
  });
  ASSERT_TRUE(st.ok()) << st.ToString() << " " << st.internal_detail();

  // E-mail addresses are unique per tenant, not globally.
  NewStaff(b.id, "ann@example.org");
}

TEST_P(StorageContractTest, SessionsInsertFindTouchDelete) {
  const Tenant t = NewTenant("demo");
  StaffUser ann = MakeStaff(t.id, "ann@example.org");
  ann.locked_until = At(77);
  Write([&](UnitOfWork& uow) { return uow.staff().Insert(ann); });
  const StaffUser bob = NewStaff(t.id, "bob@example.org");
  const Session s1{t.id, "h1", ann.id, "csrf-1", At(10), At(20), At(30)};
  Write([&](UnitOfWork& uow) -> Status {
    RESKILL_RETURN_IF_ERROR(uow.sessions().Insert(s1));
    RESKILL_RETURN_IF_ERROR(
        uow.sessions().Insert(Session{t.id, "h2", ann.id, "c", At(0), At(0), At(9)}));
    return uow.sessions().Insert(Session{t.id, "h3", bob.id, "c", At(0), At(0), At(9)});
  });

  Status st = db().Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto view, uow.sessions().Find(t.id, "h1"));
    EXPECT_TRUE(view.has_value());
    if (!view) return Status::Ok();
    EXPECT_EQ(view->session.tenant_id, t.id);
    EXPECT_EQ(view->session.token_hash, "h1");
    EXPECT_EQ(view->session.staff_id, ann.id);
    EXPECT_EQ(view->session.csrf_token, "csrf-1");
    EXPECT_EQ(view->session.created_at, At(10));
    EXPECT_EQ(view->session.last_seen_at, At(20));
    EXPECT_EQ(view->session.expires_at, At(30));
    ExpectSameStaff(view->user, ann);
    EXPECT_EQ(view->tenant.id, t.id);
    EXPECT_EQ(view->tenant.slug, t.slug);
    EXPECT_EQ(view->tenant.name, t.name);
    EXPECT_EQ(view->tenant.created_at, t.created_at);
    return Status::Ok();
  });
  ASSERT_TRUE(st.ok()) << st.ToString() << " " << st.internal_detail();

  Write([&](UnitOfWork& uow) { return uow.sessions().Touch(t.id, "h1", At(25)); });
  st = db().Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto view, uow.sessions().Find(t.id, "h1"));
    EXPECT_TRUE(view.has_value() && view->session.last_seen_at == At(25));
    return Status::Ok();
  });
  ASSERT_TRUE(st.ok()) << st.ToString();

  Write([&](UnitOfWork& uow) { return uow.sessions().Delete(t.id, "h1"); });
  Write([&](UnitOfWork& uow) { return uow.sessions().DeleteForStaff(t.id, ann.id); });
  st = db().Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
    for (const char* gone : {"h1", "h2"}) {
      RESKILL_ASSIGN_OR_RETURN(auto view, uow.sessions().Find(t.id, gone));
      EXPECT_FALSE(view.has_value()) << gone;
    }
    RESKILL_ASSIGN_OR_RETURN(auto kept, uow.sessions().Find(t.id, "h3"));
    EXPECT_TRUE(kept.has_value()) << "another user's session survives";
    return Status::Ok();
  });
  ASSERT_TRUE(st.ok()) << st.ToString();
}

TEST_P(StorageContractTest, SessionOfUnknownStaffBreaksADataRule) {
  const Tenant t = NewTenant("demo");
  Status st = db().Run(TxMode::kWrite, [&](UnitOfWork& uow) {
    return uow.sessions().Insert(Session{t.id, "h", StaffId(999), "c", At(0), At(0), At(1)});
  });
  EXPECT_EQ(st.code(), ErrorCode::kFailedPrecondition)
      << st.ToString() << " " << st.internal_detail();
}

TEST_P(StorageContractTest, ApiTokensInsertFindRevoke) {
  const Tenant t = NewTenant("demo");
  const StaffUser ann = NewStaff(t.id, "ann@example.org");
  const ApiToken first{
      t.id,        ApiTokenId(ids_->Next()), ann.id, "ci", "hash-1", At(1), At(5000), std::nullopt,
      std::nullopt};
  const ApiToken second{t.id,         ApiTokenId(ids_->Next()),
                        ann.id,       "etl",
                        "hash-2",     At(2),
                        std::nullopt, std::nullopt,
                        std::nullopt};
  Write([&](UnitOfWork& uow) -> Status {
    RESKILL_RETURN_IF_ERROR(uow.api_tokens().Insert(first));
    return uow.api_tokens().Insert(second);
  });

  auto check = [&](const std::function<void(UnitOfWork&)>& body) {
    Status st = db().Run(TxMode::kRead, [&](UnitOfWork& uow) {
      body(uow);
      return Status::Ok();
    });
    ASSERT_TRUE(st.ok()) << st.ToString();
  };
  check([&](UnitOfWork& uow) {
    auto by_hash = uow.api_tokens().FindByHash(t.id, "hash-1");
    ASSERT_TRUE(by_hash.ok()) << by_hash.status().ToString();
    ASSERT_TRUE(by_hash->has_value());
    const ApiToken& got = **by_hash;
    EXPECT_EQ(got.id, first.id);
    EXPECT_EQ(got.staff_id, ann.id);
    EXPECT_EQ(got.name, "ci");
    EXPECT_EQ(got.created_at, At(1));
    EXPECT_EQ(got.expires_at, At(5000));
    EXPECT_FALSE(got.revoked_at.has_value());
    EXPECT_FALSE(got.last_used_at.has_value());
    auto by_id = uow.api_tokens().FindById(t.id, second.id);
    ASSERT_TRUE(by_id.ok());
    ASSERT_TRUE(by_id->has_value());
    EXPECT_EQ((*by_id)->token_hash, "hash-2");
    EXPECT_FALSE((*by_id)->expires_at.has_value());
    auto list = uow.api_tokens().ListForStaff(t.id, ann.id);
    ASSERT_TRUE(list.ok());
    ASSERT_EQ(list->size(), 2u);
    EXPECT_EQ((*list)[0].id, second.id) << "newest first";
    auto other_tenant = uow.api_tokens().FindByHash(TenantId(1), "hash-1");
    ASSERT_TRUE(other_tenant.ok());
    EXPECT_FALSE(other_tenant->has_value());
  });

  Write([&](UnitOfWork& uow) -> Status {
    RESKILL_RETURN_IF_ERROR(uow.api_tokens().Revoke(t.id, first.id, At(100)));
    RESKILL_RETURN_IF_ERROR(uow.api_tokens().Revoke(t.id, first.id, At(200)));  // no-op
    return uow.api_tokens().TouchUsed(t.id, second.id, At(150));
  });
  check([&](UnitOfWork& uow) {
    auto revoked = uow.api_tokens().FindById(t.id, first.id);
    ASSERT_TRUE(revoked.ok() && revoked->has_value());
    EXPECT_EQ((*revoked)->revoked_at, At(100)) << "the first revocation time is kept";
    auto used = uow.api_tokens().FindById(t.id, second.id);
    ASSERT_TRUE(used.ok() && used->has_value());
    EXPECT_EQ((*used)->last_used_at, At(150));
    EXPECT_FALSE((*used)->revoked_at.has_value());
  });
}

TEST_P(StorageContractTest, AuditAppendListFilterAndPage) {
  const Tenant t = NewTenant("demo");
  const Tenant other = NewTenant("other");
  std::vector<AuditEvent> events = {
      MakeEvent(t.id, "staff.create", "1", "staff", "10"),
      MakeEvent(t.id, "staff.update", "1", "staff", "11"),
      MakeEvent(t.id, "session.sign_in", "2", "", ""),
      MakeEvent(t.id, "staff.update", "2", "staff", "10"),
      MakeEvent(t.id, "staffing.plan", "3", "plan", "7"),
      MakeEvent(other.id, "staff.create", "1", "staff", "10"),
  };
  events[2].actor_kind = domain::audit::ActorKind::kAnonymous;
  events[4].actor_kind = domain::audit::ActorKind::kApiToken;
  Write([&](UnitOfWork& uow) -> Status {
    for (const auto& e : events) RESKILL_RETURN_IF_ERROR(uow.audit().Append(e));
    return Status::Ok();
  });
  auto id = [&](std::size_t i) { return events[i].id.value(); };

  const auto all = ListAudit(t.id, {});
  ASSERT_EQ(IdsOf(all), (std::vector<std::int64_t>{id(4), id(3), id(2), id(1), id(0)}));
  EXPECT_EQ(all[0].actor_kind, domain::audit::ActorKind::kApiToken);
  EXPECT_EQ(all[2].actor_kind, domain::audit::ActorKind::kAnonymous);
  EXPECT_EQ(all[4].action, "staff.create");
  EXPECT_EQ(all[4].at, At(10));
  EXPECT_EQ(all[4].request_id, "req-1");
  EXPECT_EQ(all[4].outcome, "ok");
  EXPECT_EQ(all[4].detail, "roles,disabled");

  EXPECT_EQ(IdsOf(ListAudit(t.id, Filter(&AuditQuery::action_prefix, "staff."))),
            (std::vector<std::int64_t>{id(3), id(1), id(0)}));
  EXPECT_EQ(IdsOf(ListAudit(t.id, Filter(&AuditQuery::actor_id, "2"))),
            (std::vector<std::int64_t>{id(3), id(2)}));
  AuditQuery by_target;
  by_target.target_type = "staff";
  by_target.target_id = "10";
  EXPECT_EQ(IdsOf(ListAudit(t.id, by_target)), (std::vector<std::int64_t>{id(3), id(0)}));

  // Keyset paging: two at a time, each page starting below the last id seen.
  AuditQuery page;
  page.limit = 2;
  EXPECT_EQ(IdsOf(ListAudit(t.id, page)), (std::vector<std::int64_t>{id(4), id(3)}));
  page.before = AuditEventId(id(3));
  EXPECT_EQ(IdsOf(ListAudit(t.id, page)), (std::vector<std::int64_t>{id(2), id(1)}));
  page.before = AuditEventId(id(1));
  EXPECT_EQ(IdsOf(ListAudit(t.id, page)), (std::vector<std::int64_t>{id(0)}));
  page.before = AuditEventId(id(0));
  EXPECT_TRUE(ListAudit(t.id, page).empty());

  EXPECT_EQ(IdsOf(ListAudit(other.id, {})), (std::vector<std::int64_t>{id(5)}));
}

TEST_P(StorageContractTest, AuditLogIsAppendOnly) {
  const Tenant t = NewTenant("demo");
  const AuditEvent e = MakeEvent(t.id, "staff.create", "1", "staff", "10");
  Write([&](UnitOfWork& uow) { return uow.audit().Append(e); });

  Status update = engine_->RawExec("UPDATE audit_event SET outcome = 'tampered'");
  EXPECT_EQ(update.code(), ErrorCode::kFailedPrecondition)
      << update.ToString() << " " << update.internal_detail();
  Status remove = engine_->RawExec("DELETE FROM audit_event");
  EXPECT_EQ(remove.code(), ErrorCode::kFailedPrecondition)
      << remove.ToString() << " " << remove.internal_detail();

  const auto left = ListAudit(t.id, {});
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].outcome, "ok");
}

TEST_P(StorageContractTest, FailedWorkIsRolledBack) {
  const Tenant t = NewTenant("demo");
  Status st = db().Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    RESKILL_RETURN_IF_ERROR(
        uow.tenants().Insert(Tenant{TenantId(ids_->Next()), "ghost", "G", At(0)}));
    RESKILL_RETURN_IF_ERROR(uow.staff().Insert(MakeStaff(t.id, "ghost@example.org")));
    return FailedPrecondition("changed my mind");
  });
  EXPECT_EQ(st.code(), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(st.public_message(), "changed my mind");

  st = db().Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto tenant, uow.tenants().FindBySlug("ghost"));
    EXPECT_FALSE(tenant.has_value());
    RESKILL_ASSIGN_OR_RETURN(auto staff, uow.staff().List(t.id));
    EXPECT_TRUE(staff.empty());
    return Status::Ok();
  });
  EXPECT_TRUE(st.ok()) << st.ToString();
}

TEST_P(StorageContractTest, ConcurrentWriteTransactionsAllCommit) {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 50;
  const Tenant t = NewTenant("demo");
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      for (int j = 0; j < kPerThread; ++j) {
        const StaffUser u =
            MakeStaff(t.id, "user-" + std::to_string(i) + "-" + std::to_string(j) + "@example.org");
        Status st =
            db().Run(TxMode::kWrite, [&](UnitOfWork& uow) { return uow.staff().Insert(u); });
        if (!st.ok()) {
          ++failures;
          ADD_FAILURE() << st.ToString() << " " << st.internal_detail();
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);

  Status st = db().Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto all, uow.staff().List(t.id));
    EXPECT_EQ(all.size(), static_cast<std::size_t>(kThreads * kPerThread));
    std::set<std::string> emails;
    for (const auto& u : all) emails.insert(u.email);
    EXPECT_EQ(emails.size(), static_cast<std::size_t>(kThreads * kPerThread));
    return Status::Ok();
  });
  EXPECT_TRUE(st.ok()) << st.ToString();
}

INSTANTIATE_TEST_SUITE_P(Engines, StorageContractTest, ::testing::Values("sqlite", "postgres"),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

#if RESKILL_WITH_POSTGRES
std::set<int> VersionsOf(std::span<const EmbeddedFile> migrations) {
  std::set<int> out;
  for (const auto& m : migrations) out.insert(MigrationVersion(m.path));
  return out;
}

TEST(StorageMigrationsTest, BothEnginesCarryTheSameMigrationVersions) {
  const auto sqlite = VersionsOf(SqliteMigrations());
  EXPECT_FALSE(sqlite.empty());
  EXPECT_FALSE(sqlite.contains(-1));
  EXPECT_EQ(sqlite, VersionsOf(PostgresMigrations()));
}

TEST(StorageSchemaTest, BothEnginesHaveTheSameTablesAndColumns) {
  if (PgDsn().empty()) GTEST_SKIP() << "RESKILL_TEST_PG_DSN is not set";
  Schema schemas[2];
  const char* engines[2] = {"sqlite", "postgres"};
  for (int i = 0; i < 2; ++i) {
    auto engine = MakeEngine(engines[i]);
    ASSERT_TRUE(engine.ok()) << engine.status().ToString();
    auto applied = (*engine)->db().Migrate();
    ASSERT_TRUE(applied.ok()) << applied.status().ToString() << " "
                              << applied.status().internal_detail();
    auto schema = (*engine)->db().DescribeSchema();
    ASSERT_TRUE(schema.ok()) << schema.status().ToString();
    schemas[i] = *schema;
  }
  EXPECT_FALSE(schemas[0].empty());
  EXPECT_EQ(schemas[0], schemas[1]);
}

TEST(PostgresAdapterTest, RecoversAfterTheServerDropsItsConnections) {
  if (PgDsn().empty()) GTEST_SKIP() << "RESKILL_TEST_PG_DSN is not set";
  auto engine = MakeEngine("postgres");
  ASSERT_TRUE(engine.ok()) << engine.status().ToString();
  SqlDatabase& db = (*engine)->db();
  ASSERT_TRUE(db.Migrate().ok());
  ASSERT_TRUE(db.Ping().ok());
  // Ends every pooled connection of this process on the server side (as a restart would).
  ASSERT_TRUE((*engine)
                  ->RawExec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                            "WHERE application_name = '" +
                            PgSchema() + "' AND pid <> pg_backend_pid()")
                  .ok());
  // Run() retries on a fresh connection after kUnavailable.
  Status st = db.Run(TxMode::kRead, [](UnitOfWork& uow) { return uow.tenants().List().status(); });
  EXPECT_TRUE(st.ok()) << st.ToString() << " " << st.internal_detail();
  EXPECT_TRUE(db.Ping().ok());
}

// PostgreSQL aborts the whole transaction at the first failed statement (SQLite fails only that
// statement). Work that swallows such an error must not be told its transaction committed.
TEST(PostgresAdapterTest, CommitAfterASwallowedStatementErrorIsNotReportedAsSuccess) {
  if (PgDsn().empty()) GTEST_SKIP() << "RESKILL_TEST_PG_DSN is not set";
  auto engine = MakeEngine("postgres");
  ASSERT_TRUE(engine.ok()) << engine.status().ToString();
  SqlDatabase& db = (*engine)->db();
  ASSERT_TRUE(db.Migrate().ok());
  const Tenant demo{TenantId(1), "demo", "Demo", At(0)};
  ASSERT_TRUE(
      db.Run(TxMode::kWrite, [&](UnitOfWork& uow) { return uow.tenants().Insert(demo); }).ok());
  Status st = db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    (void)uow.tenants().Insert(demo);  // kAlreadyExists, deliberately ignored
    (void)uow.tenants().Insert(Tenant{TenantId(2), "other", "Other", At(0)});
    return Status::Ok();
  });
  EXPECT_EQ(st.code(), ErrorCode::kInternal) << st.ToString();
  Status read = db.Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto other, uow.tenants().FindBySlug("other"));
    EXPECT_FALSE(other.has_value());
    return Status::Ok();
  });
  EXPECT_TRUE(read.ok()) << read.ToString();
}

TEST(PostgresAdapterTest, PlaceholdersBecomeNumberedOutsideLiterals) {
  int count = 0;
  EXPECT_EQ(ToPostgresPlaceholders("SELECT ?, '?', 'it''s ?', \"a?\" FROM t -- why?\nWHERE x = ?",
                                   &count),
            "SELECT $1, '?', 'it''s ?', \"a?\" FROM t -- why?\nWHERE x = $2");
  EXPECT_EQ(count, 2);
  EXPECT_EQ(ToPostgresPlaceholders("SELECT 1", &count), "SELECT 1");
  EXPECT_EQ(count, 0);
}

TEST(PostgresAdapterTest, UnreachableServerIsUnavailableWithoutLeakingThePassword) {
  // Port 1 on localhost refuses connections at once.
  auto db = OpenPostgresDatabase({.url = "postgresql://reskill:s3cr3t-pw@127.0.0.1:1/reskill"});
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), ErrorCode::kUnavailable);
  EXPECT_EQ(db.status().public_message().find("s3cr3t-pw"), std::string::npos);
  EXPECT_EQ(db.status().internal_detail().find("s3cr3t-pw"), std::string::npos);
  EXPECT_EQ(db.status().public_message().find("127.0.0.1"), std::string::npos);

  auto kv =
      OpenPostgresDatabase({.url = "host=127.0.0.1 port=1 user=x password=s3cr3t-pw dbname=y"});
  ASSERT_FALSE(kv.ok());
  EXPECT_EQ(kv.status().code(), ErrorCode::kUnavailable);
  EXPECT_EQ(kv.status().internal_detail().find("s3cr3t-pw"), std::string::npos);
}

TEST(PostgresAdapterTest, MalformedUrlIsInvalidArgumentWithoutLeakingThePassword) {
  auto db =
      OpenPostgresDatabase({.url = "postgresql://reskill:s3cr3t-pw@localhost/db?bogus_option=1"});
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(db.status().field(), "database.url");
  EXPECT_EQ(db.status().internal_detail().find("s3cr3t-pw"), std::string::npos);
  EXPECT_EQ(OpenPostgresDatabase({.url = ""}).status().code(), ErrorCode::kInvalidArgument);
}
#endif

}  // namespace
}  // namespace reskill::storage
