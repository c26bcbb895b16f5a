// Storage contract tests of the xAPI platform (LRS clients, OAuth access tokens, xAPI documents)
// and of its use cases, on SQLite (a temporary file, always) and on PostgreSQL when
// RESKILL_TEST_PG_DSN is set (scripts/with-postgres.sh; each process works in its own schema).
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "app/xapi_platform/lrs_clients.hpp"
#include "app/xapi_platform/lrs_credential_cache.hpp"
#include "app/xapi_platform/xapi_documents.hpp"
#include "platform/platform.hpp"
#include "storage/test_engines.hpp"

namespace reskill::storage {
namespace {

using app::DocumentKey;
using app::DocumentKind;
using app::DocumentScope;
using app::Principal;
using app::TxMode;
using app::UnitOfWork;
using domain::xapi_platform::Scope;
using domain::xapi_platform::ScopeSet;

Timestamp At(std::int64_t offset_ms) {
  return FromUnixMillis(1'760'000'000'000 + offset_ms);
}

class XapiPlatformDbTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (const auto why = testing::SkipReason(GetParam()); !why.empty()) GTEST_SKIP() << why;
    ASSERT_TRUE(platform::InitCrypto().ok());
    auto engine = testing::MakeEngine(GetParam(), "xapi");
    ASSERT_TRUE(engine.ok()) << engine.status().ToString();
    engine_ = std::move(engine).value();
    auto applied = engine_->db().Migrate();
    ASSERT_TRUE(applied.ok()) << applied.status().ToString() << " "
                              << applied.status().internal_detail();
    ids_ = std::make_unique<platform::TimeOrderedIdGenerator>();
    passwords_ = std::make_unique<platform::SodiumPasswordHasher>(1, 8192);
    tokens_ = std::make_unique<platform::SodiumSecretTokens>();
    ctx_ = std::make_unique<app::AppContext>(
        app::AppContext{engine_->db(), clock_, *ids_, *passwords_, *tokens_, contacts_, {}});
    alpha_ = NewTenant("alpha");
    beta_ = NewTenant("beta");
  }

  Principal NewTenant(const std::string& slug) {
    app::Tenant t{TenantId(ids_->Next()), slug, "Agency " + slug, At(0)};
    EXPECT_TRUE(engine_->db()
                    .Run(TxMode::kWrite, [&](UnitOfWork& uow) { return uow.tenants().Insert(t); })
                    .ok());
    Principal p;
    p.kind = domain::audit::ActorKind::kSystem;
    p.actor_id = "test";
    p.tenant_id = t.id;
    return p;
  }

  app::AppContext& ctx() { return *ctx_; }

  std::unique_ptr<testing::Engine> engine_;
  app::FakeClock clock_{At(0)};
  std::unique_ptr<platform::TimeOrderedIdGenerator> ids_;
  std::unique_ptr<platform::SodiumPasswordHasher> passwords_;
  std::unique_ptr<platform::SodiumSecretTokens> tokens_;
  platform::SodiumContactCipher contacts_{platform::ContactKey{}};
  std::unique_ptr<app::AppContext> ctx_;
  Principal alpha_;
  Principal beta_;
};

TEST_P(XapiPlatformDbTest, ClientsRoundTripAndAuthenticateByKeyAcrossTenants) {
  app::CreateLrsClientInput input{"LinkedIn Learning", {"xapi:write", "state"}, ""};
  auto created = app::CreateLrsClient(ctx()).Run(alpha_, input, {"t"});
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  auto other = app::CreateLrsClient(ctx()).Run(beta_, {"Other", {}, ""}, {"t"});
  ASSERT_TRUE(other.ok());

  auto caller = app::AuthenticateLrsClient(ctx()).Basic(created->client.key, created->secret);
  ASSERT_TRUE(caller.ok()) << caller.status().ToString();
  EXPECT_EQ(caller->client.tenant_id, alpha_.tenant_id);
  EXPECT_EQ(caller->client.name, "LinkedIn Learning");
  EXPECT_EQ(caller->scopes, (ScopeSet{Scope::kXapiWrite, Scope::kState}));
  EXPECT_FALSE(app::AuthenticateLrsClient(ctx()).Basic(created->client.key, other->secret).ok());

  auto list = app::ListLrsClients(ctx()).Run(alpha_);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_TRUE((*list)[0].last_used_at.has_value());
  EXPECT_FALSE((*list)[0].disabled);

  // Another tenant cannot disable it; its own admin can, which ends the credentials.
  EXPECT_EQ(
      app::SetLrsClientDisabled(ctx()).Run(beta_, created->client.id, true, {"t"}).status().code(),
      ErrorCode::kNotFound);
  ASSERT_TRUE(app::SetLrsClientDisabled(ctx()).Run(alpha_, created->client.id, true, {"t"}).ok());
  EXPECT_EQ(
      app::AuthenticateLrsClient(ctx()).Basic(created->client.key, created->secret).status().code(),
      ErrorCode::kUnauthenticated);
}

TEST_P(XapiPlatformDbTest, AccessTokensCarryGrantedScopesAndExpire) {
  auto created = app::CreateLrsClient(ctx()).Run(alpha_, {"c", {"all", "state"}, ""}, {"t"});
  ASSERT_TRUE(created.ok());
  app::LrsCaller caller{created->client, created->client.scopes};
  auto token = app::IssueLrsAccessToken(ctx()).Run(caller, std::string("state"), {"t"});
  ASSERT_TRUE(token.ok()) << token.status().ToString();
  auto bearer = app::AuthenticateLrsClient(ctx()).Bearer(token->access_token);
  ASSERT_TRUE(bearer.ok()) << bearer.status().ToString();
  EXPECT_EQ(bearer->scopes, ScopeSet{Scope::kState});
  EXPECT_FALSE(app::AuthenticateLrsClient(ctx()).Bearer(token->access_token + "x").ok());
  clock_.Advance(app::kLrsAccessTokenTtl);
  EXPECT_EQ(app::AuthenticateLrsClient(ctx()).Bearer(token->access_token).status().code(),
            ErrorCode::kUnauthenticated);
  EXPECT_EQ(
      app::IssueLrsAccessToken(ctx()).Run(caller, std::string("define"), {"t"}).status().field(),
      "scope");
}

// The credential cache (issue 5): a cached success never answers another secret or token, a
// client disabled through the app is refused at once, and a change made behind the app's back
// (another process) is seen once the entry's TTL has passed on the app clock.
TEST_P(XapiPlatformDbTest, CachedCredentialsHonourSecretsRevocationAndTtl) {
  app::LrsCredentialCache cache({.ttl = std::chrono::seconds(10), .max_entries = 16});
  ctx().lrs_credentials = &cache;
  auto created = app::CreateLrsClient(ctx()).Run(alpha_, {"c", {"all"}, ""}, {"t"});
  ASSERT_TRUE(created.ok());
  const std::string& key = created->client.key;
  const app::AuthenticateLrsClient auth(ctx());
  ASSERT_TRUE(auth.Basic(key, created->secret).ok());
  EXPECT_EQ(cache.size(), 1u);

  // A wrong secret is refused although the key's success is cached.
  EXPECT_EQ(auth.Basic(key, created->secret + "x").status().code(), ErrorCode::kUnauthenticated);
  EXPECT_EQ(auth.Basic(key, "").status().code(), ErrorCode::kUnauthenticated);

  // Disabled behind the app's back (as another process would): the cached success holds for
  // its TTL, then the store's answer counts.
  const auto set_disabled = [&](bool disabled) {
    ASSERT_TRUE(engine_->db()
                    .Run(TxMode::kWrite,
                         [&](UnitOfWork& uow) {
                           return uow.lrs_clients().SetDisabled(alpha_.tenant_id,
                                                                created->client.id, disabled);
                         })
                    .ok());
  };
  set_disabled(true);
  clock_.Advance(std::chrono::milliseconds(9'999));
  EXPECT_TRUE(auth.Basic(key, created->secret).ok());
  clock_.Advance(std::chrono::milliseconds(1));
  EXPECT_EQ(auth.Basic(key, created->secret).status().code(), ErrorCode::kUnauthenticated);
  set_disabled(false);

  // Bearer tokens: cached per token hash; disabling through the app refuses both at once.
  ASSERT_TRUE(auth.Basic(key, created->secret).ok());
  app::LrsCaller caller{created->client, created->client.scopes};
  auto token = app::IssueLrsAccessToken(ctx()).Run(caller, std::string("all"), {"t"});
  ASSERT_TRUE(token.ok());
  ASSERT_TRUE(auth.Bearer(token->access_token).ok());
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_EQ(auth.Bearer(token->access_token + "x").status().code(), ErrorCode::kUnauthenticated);
  ASSERT_TRUE(app::SetLrsClientDisabled(ctx()).Run(alpha_, created->client.id, true, {"t"}).ok());
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_EQ(auth.Basic(key, created->secret).status().code(), ErrorCode::kUnauthenticated);
  EXPECT_EQ(auth.Bearer(token->access_token).status().code(), ErrorCode::kUnauthenticated);
  ctx().lrs_credentials = nullptr;
}

// A cached token never outlives the token itself, and the cache stays within its bound.
TEST_P(XapiPlatformDbTest, CachedTokensExpireWithTheTokenAndTheCacheStaysBounded) {
  app::LrsCredentialCache cache({.ttl = std::chrono::hours(2), .max_entries = 2});
  ctx().lrs_credentials = &cache;
  auto created = app::CreateLrsClient(ctx()).Run(alpha_, {"c", {"all"}, ""}, {"t"});
  ASSERT_TRUE(created.ok());
  app::LrsCaller caller{created->client, created->client.scopes};
  const app::AuthenticateLrsClient auth(ctx());
  std::vector<std::string> tokens;
  for (int i = 0; i < 3; ++i) {
    auto token = app::IssueLrsAccessToken(ctx()).Run(caller, std::nullopt, {"t"});
    ASSERT_TRUE(token.ok());
    ASSERT_TRUE(auth.Bearer(token->access_token).ok());
    tokens.push_back(token->access_token);
    EXPECT_LE(cache.size(), 2u);
  }
  for (const auto& t : tokens) EXPECT_TRUE(auth.Bearer(t).ok());  // evicted ones re-read
  clock_.Advance(app::kLrsAccessTokenTtl);
  for (const auto& t : tokens) {
    EXPECT_EQ(auth.Bearer(t).status().code(), ErrorCode::kUnauthenticated);
  }
  ctx().lrs_credentials = nullptr;
}

TEST_P(XapiPlatformDbTest, DocumentsKeepBytesContentTypeAndEtagPerTenant) {
  app::XapiDocuments docs(ctx());
  DocumentKey key{DocumentKind::kState, "http://example.com/act", "mbox:mailto:a@example.com", "",
                  "bookmark"};
  const std::string binary("\x00\xff\x01 binary", 10);
  auto written = docs.Write(alpha_.tenant_id, key, binary, "application/octet-stream",
                            app::DocumentWriteMode::kPut, {}, false);
  ASSERT_TRUE(written.ok()) << written.status().ToString();
  auto read = docs.Get(alpha_.tenant_id, key);
  ASSERT_TRUE(read.ok() && read->has_value());
  EXPECT_EQ((*read)->content, binary);
  EXPECT_EQ((*read)->content_type, "application/octet-stream");
  EXPECT_EQ((*read)->etag, written->etag);
  EXPECT_FALSE(docs.Get(beta_.tenant_id, key)->has_value());

  // Same key with a registration is a different document; lists and bulk deletes follow scope.
  DocumentKey reg = key;
  reg.registration = "0b7c5a1e-54a1-4b55-9a1a-1b0a7f1c9d2e";
  reg.document_id = "progress";
  clock_.Advance(std::chrono::seconds(10));
  ASSERT_TRUE(docs.Write(alpha_.tenant_id, reg, R"({"a":1})", "application/json",
                         app::DocumentWriteMode::kPost, {}, false)
                  .ok());
  DocumentScope all{DocumentKind::kState, key.activity_id, key.agent, std::nullopt};
  EXPECT_EQ(*docs.ListIds(alpha_.tenant_id, all, std::nullopt),
            (std::vector<std::string>{"bookmark", "progress"}));
  EXPECT_EQ(*docs.ListIds(alpha_.tenant_id, all, At(5000)), (std::vector<std::string>{"progress"}));
  DocumentScope one_reg = all;
  one_reg.registration = reg.registration;
  EXPECT_EQ(*docs.ListIds(alpha_.tenant_id, one_reg, std::nullopt),
            (std::vector<std::string>{"progress"}));
  ASSERT_TRUE(docs.DeleteAll(alpha_.tenant_id, one_reg).ok());
  EXPECT_EQ(*docs.ListIds(alpha_.tenant_id, all, std::nullopt),
            (std::vector<std::string>{"bookmark"}));
  ASSERT_TRUE(docs.DeleteAll(alpha_.tenant_id, all).ok());
  EXPECT_TRUE(docs.ListIds(alpha_.tenant_id, all, std::nullopt)->empty());
}

TEST_P(XapiPlatformDbTest, PostMergesAndPreconditionsGuardWrites) {
  app::XapiDocuments docs(ctx());
  DocumentKey key{DocumentKind::kActivityProfile, "http://example.com/act", "", "", "p"};
  auto first = docs.Write(alpha_.tenant_id, key, R"({"a":1,"b":2})", "application/json",
                          app::DocumentWriteMode::kPut, {std::nullopt, "*"}, true);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  // PUT over it without headers: 409; with a stale If-Match: 412; with the right one: OK.
  EXPECT_EQ(docs.Write(alpha_.tenant_id, key, "{}", "application/json",
                       app::DocumentWriteMode::kPut, {}, true)
                .status()
                .code(),
            ErrorCode::kConflict);
  EXPECT_EQ(docs.Write(alpha_.tenant_id, key, "{}", "application/json",
                       app::DocumentWriteMode::kPut, {"\"0000\"", std::nullopt}, true)
                .status()
                .code(),
            ErrorCode::kFailedPrecondition);
  auto merged =
      docs.Write(alpha_.tenant_id, key, R"({"b":3,"c":{"d":4}})", "application/json",
                 app::DocumentWriteMode::kPost, {"\"" + first->etag + "\"", std::nullopt}, true);
  ASSERT_TRUE(merged.ok()) << merged.status().ToString();
  EXPECT_EQ(merged->content, R"({"a":1,"b":3,"c":{"d":4}})");
  EXPECT_EQ(docs.Delete(alpha_.tenant_id, key, {"\"" + first->etag + "\"", std::nullopt}).code(),
            ErrorCode::kFailedPrecondition);
  EXPECT_TRUE(docs.Get(alpha_.tenant_id, key)->has_value());
  EXPECT_TRUE(docs.Delete(alpha_.tenant_id, key, {"\"" + merged->etag + "\"", std::nullopt}).ok());
  EXPECT_FALSE(docs.Get(alpha_.tenant_id, key)->has_value());
}

INSTANTIATE_TEST_SUITE_P(Engines, XapiPlatformDbTest, ::testing::Values("sqlite", "postgres"),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

}  // namespace
}  // namespace reskill::storage
