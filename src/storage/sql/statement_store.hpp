// The statement store over SqlConnection, once for both engines (named queries in
// queries/lrs_statements.sql, tables of migrations 0007, 0019 and 0020). Each object lives for one
// transaction on one thread; the term-id cache it shares with other transactions is thread-safe.
#pragma once

#include "app/ports/statement_store.hpp"
#include "storage/sql/query_catalog.hpp"
#include "storage/sql/sql.hpp"
#include "storage/sql/term_id_cache.hpp"

namespace reskill::storage {

class SqlStatementStore final : public app::StatementStore {
 public:
  /// `term_ids` is the database's cache of committed term ids (see TermIdCache); the ids this
  /// transaction inserts reach it only through Committed().
  SqlStatementStore(SqlConnection& conn, const QueryCatalog& q, TermIdCache& term_ids)
      : conn_(conn), q_(q), term_ids_(term_ids) {}

  /// Called once the transaction has committed: the term ids it inserted go to the cache.
  void Committed();

  StatusOr<std::optional<app::StoredStatement>> FindById(TenantId tenant,
                                                         std::string_view statement_id) override;
  StatusOr<std::optional<app::StoredStatement>> FindBySeq(TenantId tenant,
                                                          std::int64_t seq) override;
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
  Status CopyTerms(TenantId tenant, std::int64_t from_seq, std::int64_t to_seq,
                   const std::optional<std::vector<std::string>>& terms) override;
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
  // The ids of `keys` in xapi_term, in order: from the cache, the terms this transaction inserted,
  // the dictionary; terms found nowhere are inserted with new ids (the tenant's highest + 1).
  // kUnavailable when another transaction inserted one of them first (the transaction is then
  // retried and finds it).
  StatusOr<std::vector<std::int64_t>> TermIds(const std::vector<TermKeyView>& keys);
  // Looks up `keys` (misses of the caches) in xapi_term; `ids` gets what it finds.
  Status FindTermIds(const std::vector<TermKeyView>& keys, std::vector<std::int64_t>& ids);

  SqlConnection& conn_;
  const QueryCatalog& q_;
  TermIdCache& term_ids_;
  // The dictionary rows this transaction inserted: its own view until COMMIT, then the cache's.
  TermIdMap inserted_terms_;
  // The next free term id per tenant, once this transaction has read it.
  std::unordered_map<std::int64_t, std::int64_t> next_term_id_;
};

}  // namespace reskill::storage
