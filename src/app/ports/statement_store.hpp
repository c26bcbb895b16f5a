// The statement-store port of the Learning Record Store: xAPI statements in stored order with
// their query index (terms), the actors and activities found in them, and the learning facts
// derived on ingest (migration 0007; design in docs/lrs.md). One object belongs to one
// transaction on one thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/ids.hpp"
#include "common/status.hpp"
#include "common/time.hpp"
#include "domain/lrs/statement.hpp"

namespace reskill::app {

/// `stored` of a statement is its seq shifted right by this many bits (seq is time-ordered:
/// milliseconds in the high bits, a counter in the low 22).
inline constexpr int kStatementSeqShift = 22;

/// What the store knows of a statement already stored.
struct StoredStatement {
  std::int64_t seq = 0;
  std::string statement_id;
  std::string body;  ///< the statement JSON as the LRS returns it
  bool voided = false;
  bool is_voiding = false;
  std::int64_t actor_id = 0;
  std::int64_t provider_id = 0;
  std::int64_t lrs_client_id = 0;
  Timestamp stored;
  Timestamp timestamp;
};

/// A statement to append.
struct NewStatement {
  std::int64_t seq = 0;
  std::string statement_id;
  Timestamp stored;
  Timestamp timestamp;
  std::int64_t actor_id = 0;  ///< 0 for an anonymous group
  std::string verb_iri;
  std::optional<std::string> ref_target;  ///< StatementRef object id
  bool is_voiding = false;
  /// Stored voided at once: a voiding statement for it arrived before it (docs/lrs.md, Voiding).
  bool voided = false;
  std::int64_t lrs_client_id = 0;
  std::int64_t provider_id = 0;
  bool has_attachments = false;
  std::string body;
  std::vector<domain::lrs::Term> terms;
};

/// A stored statement whose object is a StatementRef to a given statement id.
struct StatementReference {
  std::int64_t seq = 0;
  bool is_voiding = false;
};

/// One row of the query index, for a store that writes the index of many statements at once
/// (the deferred term index, docs/lrs.md "The query index").
struct TermRow {
  std::int64_t tenant = 0;
  std::string term;
  std::int64_t seq = 0;
  bool direct = false;
};

/// A stored statement whose index terms may be missing (above its tenant's term watermark).
struct UnindexedStatement {
  std::int64_t seq = 0;
  std::string statement_id;
  std::string body;
  std::optional<std::string> ref_target;  ///< StatementRef object id
  std::int64_t actor_id = 0;              ///< 0 for an anonymous group
  std::int64_t provider_id = 0;
  Timestamp timestamp;
  bool is_voiding = false;
};

/// An actor already stored.
struct KnownActor {
  std::string ifi;
  std::int64_t id = 0;
  std::string name;
};

/// A stored StatementRef statement and the statement id it names.
struct TargetReference {
  std::string target_id;
  StatementReference reference;
};

/// An increment of one learning_day row (negative when a voided statement is retracted).
struct LearningDayDelta {
  std::int64_t actor_id = 0;
  std::int64_t provider_id = 0;
  std::string day;
  std::string source = "measured";  ///< 'measured' | 'estimated' | 'self_reported'
  std::int64_t seconds = 0;
  std::int64_t started = 0;
  std::int64_t progressed = 0;
  std::int64_t completed = 0;
  std::int64_t passed = 0;
  Timestamp first_activity_at;
  Timestamp last_activity_at;
};

/// A page of a statement query. Terms are "a|IFI", "v|IRI", "o|IRI", "r|UUID"; empty when not
/// filtered. Seq bounds are exclusive.
struct StatementFilter {
  std::string agent;
  bool related_agents = false;
  std::string verb;
  std::string activity;
  bool related_activities = false;
  std::string registration;
  std::int64_t after_seq = 0;
  std::int64_t before_seq = INT64_MAX;
  bool ascending = false;
  int limit = 100;
  std::int64_t only_lrs_client = 0;  ///< statements/read/mine: the client's own; 0 = all
  bool include_voided = false;       ///< staff viewer only; xAPI queries never return voided
};

/// An attachment's bytes, stored once per SHA-256 and shared by every statement naming it.
struct AttachmentContent {
  std::string sha2;  ///< lowercase hex SHA-256 of `content`
  std::string content_type;
  std::string content;
};

/// One statement of a page.
struct StatementRow {
  std::int64_t seq = 0;
  std::string body;
  bool voided = false;
  std::int64_t actor_id = 0;  ///< xapi_actor.id; 0 for an anonymous group
};

class StatementStore {
 public:
  virtual ~StatementStore() = default;
  /// The statement with this (lowercase) id, voided or not.
  virtual StatusOr<std::optional<StoredStatement>> FindById(TenantId tenant,
                                                            std::string_view statement_id) = 0;
  /// The statement stored as `seq`, voided or not.
  virtual StatusOr<std::optional<StoredStatement>> FindBySeq(TenantId tenant, std::int64_t seq) = 0;
  /// The stored statements among `statement_ids` (voided or not; absent ones are left out, in
  /// no particular order): FindById for many ids in a few round trips.
  virtual StatusOr<std::vector<StoredStatement>> FindByIds(
      TenantId tenant, const std::vector<std::string>& statement_ids) = 0;
  /// ListReferencing for many ids at once: every stored StatementRef statement naming one of
  /// `statement_ids`, with the id it names, in seq order.
  virtual StatusOr<std::vector<TargetReference>> ListReferencingAny(
      TenantId tenant, const std::vector<std::string>& statement_ids) = 0;
  /// The stored actors among `ifis` (absent ones are left out).
  virtual StatusOr<std::vector<KnownActor>> FindActors(TenantId tenant,
                                                       const std::vector<std::string>& ifis) = 0;
  /// The highest seq this store holds for the tenant (every tenant on SQLite, where seq is
  /// global), 0 when none.
  virtual StatusOr<std::int64_t> MaxSeq(TenantId tenant) = 0;
  /// The id of the actor with `ifi`, inserting it with `new_id` when absent; a non-empty
  /// `name` replaces the stored one.
  virtual StatusOr<std::int64_t> UpsertActor(TenantId tenant, std::int64_t new_id,
                                             std::string_view ifi, std::string_view object_type,
                                             std::string_view name, Timestamp seen_at) = 0;
  /// The stored definition (JSON object text) of an activity, nullopt when unknown.
  virtual StatusOr<std::optional<std::string>> FindActivityDefinition(TenantId tenant,
                                                                      std::string_view iri) = 0;
  /// FindActivityDefinition for many IRIs in a few round trips: (IRI, definition) of the stored
  /// activities among `iris` (absent ones are left out, in no particular order).
  virtual StatusOr<std::vector<std::pair<std::string, std::string>>> FindActivityDefinitions(
      TenantId tenant, const std::vector<std::string>& iris) = 0;
  /// Stores the activity with `definition` (inserted with `new_id` when absent).
  virtual Status UpsertActivity(TenantId tenant, std::int64_t new_id, std::string_view iri,
                                std::string_view definition, Timestamp at) = 0;
  /// Appends a statement with its terms. kAlreadyExists when the id or seq is taken.
  virtual Status Insert(TenantId tenant, const NewStatement& s) = 0;
  /// Appends statements with their own terms, in few round trips (term copies are the caller's:
  /// CopyTerms). kAlreadyExists when an id or seq is
  /// taken (nothing is then known to be written: the transaction must fail).
  virtual Status InsertMany(TenantId tenant, const std::vector<NewStatement>& rows) = 0;
  /// Marks the statement voided.
  virtual Status MarkVoided(TenantId tenant, std::int64_t seq) = 0;
  /// The stored statements whose StatementRef object names `statement_id` (voiding or not), in
  /// seq order; one probe of the partial index on ref_target, which holds StatementRef
  /// statements only. Empty for almost every statement.
  virtual StatusOr<std::vector<StatementReference>> ListReferencing(
      TenantId tenant, std::string_view statement_id) = 0;
  /// Gives the statement `to_seq` the index terms of `from_seq` (a StatementRef matches what its
  /// target matches, Communication §2.1.3). `terms` names every term `from_seq` can have (more
  /// do no harm): each is one probe of the index key. Without it, the store reads the tenant's
  /// whole index for the rows of `from_seq` (its key does not start with the seq), so callers
  /// pass it unless a statement's terms cannot be known (ReachableTerms in store_statements.cpp).
  virtual Status CopyTerms(TenantId tenant, std::int64_t from_seq, std::int64_t to_seq,
                           const std::optional<std::vector<std::string>>& terms) = 0;
  /// Writes index rows, each unless its (tenant, term, seq) is present, in any order given: the
  /// store orders them by its own index key, so the inserts walk the index in order. Tenants may
  /// differ.
  virtual Status InsertTerms(const std::vector<TermRow>& rows) = 0;
  /// The tenant's term watermark: every statement with seq <= it has its index terms (migration
  /// 0019); 0 when none is recorded.
  virtual StatusOr<std::int64_t> TermWatermark(TenantId tenant) = 0;
  /// True when every statement of the tenant has its index terms (its term watermark is at or
  /// above its highest seq).
  virtual StatusOr<bool> IsIndexComplete(TenantId tenant) = 0;
  /// Raises the tenant's term watermark to `seq` (a lower `seq` leaves it unchanged).
  virtual Status AdvanceTermWatermark(TenantId tenant, std::int64_t seq) = 0;
  /// The tenants that have statements, in id order.
  virtual StatusOr<std::vector<TenantId>> ListStatementTenants() = 0;
  /// Up to `limit` of the tenant's statements with seq > `after_seq`, in seq order, voided or
  /// not.
  virtual StatusOr<std::vector<UnindexedStatement>> ListAfter(TenantId tenant,
                                                              std::int64_t after_seq,
                                                              int limit) = 0;
  /// Adds `delta` to its learning_day row (created when absent).
  virtual Status AddLearningDay(TenantId tenant, const LearningDayDelta& delta) = 0;
  /// AddLearningDay for several deltas in a few round trips; no two of `deltas` may share a
  /// row (actor, provider, day, source).
  virtual Status AddLearningDays(TenantId tenant, const std::vector<LearningDayDelta>& deltas) = 0;
  /// Stores an attachment body; OK (and unchanged) when one with its sha2 is stored.
  virtual Status PutAttachment(TenantId tenant, const AttachmentContent& attachment) = 0;
  /// The stored attachments among `sha2s` (absent ones are left out).
  virtual StatusOr<std::vector<AttachmentContent>> FindAttachments(
      TenantId tenant, const std::vector<std::string>& sha2s) = 0;
  /// A page of statements matching `filter` (voided ones only with include_voided), in seq
  /// order.
  virtual StatusOr<std::vector<StatementRow>> List(TenantId tenant,
                                                   const StatementFilter& filter) = 0;
};

}  // namespace reskill::app
