// The statement store over SqlConnection, once for both engines (named queries in
// queries/lrs_statements.sql, tables of migration 0007). Each object lives for one transaction
// on one thread.
#pragma once

#include "app/ports/statement_store.hpp"
#include "storage/sql/query_catalog.hpp"
#include "storage/sql/sql.hpp"

namespace reskill::storage {

class SqlStatementStore final : public app::StatementStore {
 public:
  SqlStatementStore(SqlConnection& conn, const QueryCatalog& q) : conn_(conn), q_(q) {}

  StatusOr<std::optional<app::StoredStatement>> FindById(TenantId tenant,
                                                         std::string_view statement_id) override;
  StatusOr<std::int64_t> MaxSeq(TenantId tenant) override;
  StatusOr<std::int64_t> UpsertActor(TenantId tenant, std::int64_t new_id, std::string_view ifi,
                                     std::string_view object_type, std::string_view name,
                                     Timestamp seen_at) override;
  StatusOr<std::optional<std::string>> FindActivityDefinition(TenantId tenant,
                                                              std::string_view iri) override;
  StatusOr<std::vector<std::pair<std::string, std::string>>> FindActivityDefinitions(
      TenantId tenant, const std::vector<std::string>& iris) override;
  Status UpsertActivity(TenantId tenant, std::int64_t new_id, std::string_view iri,
                        std::string_view definition, Timestamp at) override;
  StatusOr<std::vector<app::StoredStatement>> FindByIds(
      TenantId tenant, const std::vector<std::string>& statement_ids) override;
  StatusOr<std::vector<app::TargetReference>> ListReferencingAny(
      TenantId tenant, const std::vector<std::string>& statement_ids) override;
  StatusOr<std::vector<app::KnownActor>> FindActors(TenantId tenant,
                                                    const std::vector<std::string>& ifis) override;
  Status Insert(TenantId tenant, const app::NewStatement& s) override;
  Status InsertMany(TenantId tenant, const std::vector<app::NewStatement>& rows) override;
  Status MarkVoided(TenantId tenant, std::int64_t seq) override;
  StatusOr<std::vector<app::StatementReference>> ListReferencing(
      TenantId tenant, std::string_view statement_id) override;
  Status CopyTerms(TenantId tenant, std::int64_t from_seq, std::int64_t to_seq) override;
  Status InsertTerms(const std::vector<app::TermRow>& rows) override;
  StatusOr<std::int64_t> TermWatermark(TenantId tenant) override;
  StatusOr<bool> IsIndexComplete(TenantId tenant) override;
  Status AdvanceTermWatermark(TenantId tenant, std::int64_t seq) override;
  StatusOr<std::vector<TenantId>> ListStatementTenants() override;
  StatusOr<std::vector<app::UnindexedStatement>> ListAfter(TenantId tenant, std::int64_t after_seq,
                                                           int limit) override;
  Status AddLearningDay(TenantId tenant, const app::LearningDayDelta& delta) override;
  Status AddLearningDays(TenantId tenant,
                         const std::vector<app::LearningDayDelta>& deltas) override;
  Status PutAttachment(TenantId tenant, const app::AttachmentContent& attachment) override;
  StatusOr<std::vector<app::AttachmentContent>> FindAttachments(
      TenantId tenant, const std::vector<std::string>& sha2s) override;
  StatusOr<std::vector<app::StatementRow>> List(TenantId tenant,
                                                const app::StatementFilter& filter) override;

 private:
  // The statement and its own terms (Insert without copy_terms_from).
  Status InsertRow(TenantId tenant, const app::NewStatement& s);

  SqlConnection& conn_;
  const QueryCatalog& q_;
};

}  // namespace reskill::storage
