// The xAPI platform repositories over SqlConnection, once for both engines (named queries in
// queries/xapi_platform.sql): LRS clients with their OAuth access tokens, and xAPI documents.
// Each object lives for one transaction on one thread.
#pragma once

#include "app/ports/lrs_client_repository.hpp"
#include "app/ports/xapi_document_repository.hpp"
#include "storage/sql/query_catalog.hpp"
#include "storage/sql/sql.hpp"

namespace reskill::storage {

class SqlLrsClientRepository final : public app::LrsClientRepository {
 public:
  SqlLrsClientRepository(SqlConnection& conn, const QueryCatalog& q) : conn_(conn), q_(q) {}

  Status Insert(const domain::xapi_platform::LrsClient& client) override;
  StatusOr<std::optional<domain::xapi_platform::LrsClient>> FindByKey(
      std::string_view key) override;
  StatusOr<std::optional<domain::xapi_platform::LrsClient>> FindById(TenantId tenant,
                                                                     LrsClientId id) override;
  StatusOr<std::vector<domain::xapi_platform::LrsClient>> List(TenantId tenant) override;
  Status SetDisabled(TenantId tenant, LrsClientId id, bool disabled) override;
  Status TouchUsed(TenantId tenant, LrsClientId id, Timestamp at) override;
  Status InsertAccessToken(const app::LrsAccessToken& token) override;
  StatusOr<std::optional<app::LrsAccessToken>> FindAccessToken(TenantId tenant,
                                                               std::string_view hash) override;
  Status DeleteAccessTokens(TenantId tenant, LrsClientId id, Timestamp now) override;

 private:
  SqlConnection& conn_;
  const QueryCatalog& q_;
};

/// Documents are stored as text when they are valid UTF-8 without NUL bytes, else as base64.
class SqlXapiDocumentRepository final : public app::XapiDocumentRepository {
 public:
  SqlXapiDocumentRepository(SqlConnection& conn, const QueryCatalog& q) : conn_(conn), q_(q) {}

  StatusOr<std::optional<app::XapiDocument>> Find(TenantId tenant,
                                                  const app::DocumentKey& key) override;
  Status Upsert(TenantId tenant, const app::XapiDocument& doc) override;
  Status Delete(TenantId tenant, const app::DocumentKey& key) override;
  StatusOr<std::vector<std::string>> ListIds(TenantId tenant, const app::DocumentScope& scope,
                                             std::optional<Timestamp> since) override;
  Status DeleteAll(TenantId tenant, const app::DocumentScope& scope) override;

 private:
  SqlConnection& conn_;
  const QueryCatalog& q_;
};

}  // namespace reskill::storage
