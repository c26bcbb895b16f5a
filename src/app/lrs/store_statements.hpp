// The statements resource of the Learning Record Store (issue 5): storing batches of validated
// statements (ids, stored, authority, version; immutability; voiding; the query index; actors,
// activities and learning facts in the same transaction) and reading them back. Stateless beyond
// the AppContext reference; thread-safe. Design: docs/lrs.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "app/context.hpp"
#include "app/ports/statement_store.hpp"
#include "domain/lrs/statement.hpp"

namespace reskill::app::lrs {

/// Who writes a batch: the LRS client, its authority Agent and the provider it sends for.
struct StatementAuthority {
  TenantId tenant;
  std::int64_t lrs_client_id = 0;
  std::int64_t provider_id = 0;  ///< catalogue provider of the client; 0 when none
  std::string authority_json;    ///< canonical Agent JSON stored as `authority`
  std::string authority_ifi;     ///< its IFI (indexed as a related agent)
};

/// One request's statements, all stored or none.
struct StatementBatch {
  StatementAuthority authority;
  domain::lrs::SpecVersion version = domain::lrs::SpecVersion::k1_0;
  std::vector<domain::lrs::ParsedStatement> statements;
  /// True when the request body was an array (errors name "statement[i]"), false for one
  /// statement object ("statement").
  bool is_array = true;
  /// The attachment parts the request carried (multipart/mixed), each named by its SHA-256.
  std::vector<AttachmentContent> attachments;
};

/// Gives the statement `to_seq` the index terms `from_seq` has (a StatementRef matches what its
/// target matches, Communication §2.1.3).
struct TermCopy {
  std::int64_t tenant = 0;
  std::int64_t from_seq = 0;
  std::int64_t to_seq = 0;
};

/// The learning_day row a delta adds to: (tenant, actor, provider, UTC day); source "measured".
struct LearningDayKey {
  std::int64_t tenant = 0;
  std::int64_t actor = 0;
  std::int64_t provider = 0;
  std::string day;
  bool operator<(const LearningDayKey& o) const;
};

/// What the writer derives from committed statements and writes later, in a transaction of its
/// own (docs/adr/0014-deferred-term-index.md): each statement's query-index terms, the term
/// copies in the order they were asked for (a copy reads what earlier copies wrote), and the
/// learning facts of the statements summed per learning_day row (voiding takes back what its
/// target added; several statements of one learner and day make one row).
struct DeferredIndex {
  std::vector<TermRow> terms;
  std::vector<TermCopy> copies;
  std::map<LearningDayKey, LearningDayDelta> days;
  std::map<std::int64_t, std::int64_t> max_seq;  ///< tenant → highest seq of its statements here
  std::size_t statements = 0;                    ///< statements whose terms are here

  bool empty() const { return statements == 0 && copies.empty() && days.empty(); }
  /// Moves `other`'s rows after this one's; learning-day deltas of one row add up.
  void Append(DeferredIndex&& other);
  /// Splits the term rows into parts of about `rows_per_part` rows, each term's rows in one part
  /// (they share leaf pages): moves all parts but one out and returns them, and keeps the last in
  /// `terms`. Returns nothing when the rows fit one part.
  std::vector<std::vector<TermRow>> SplitTerms(std::size_t rows_per_part);
};

/// What the statement writer keeps from one group to the next about rows only the LRS writes, so
/// that a group reads and merges less: each actor's id and stored name, each activity's stored
/// definition and the definition text merged into it last (merging it again changes nothing).
/// Filled from committed groups only; emptied when it would pass `max_entries`. One thread.
struct WriterCache {
  struct Key {
    std::int64_t tenant = 0;
    std::string text;  ///< IFI or activity IRI
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    std::size_t operator()(const Key& k) const;
  };
  struct Activity {
    std::string definition;   ///< as stored
    std::string merged_last;  ///< "" when none is known
  };
  std::unordered_map<Key, KnownActor, KeyHash> actors;
  std::unordered_map<Key, Activity, KeyHash> activities;
  std::size_t max_entries = 200'000;  ///< actors and activities together
};

/// The index terms of a statement: its own (actor, object, context, SubStatement…, from the
/// parser) and the authority's, as a related agent. Live ingest and the recovery of the index at
/// start both derive terms here.
std::vector<domain::lrs::Term> IndexTermsOf(const domain::lrs::ParsedStatement& s,
                                            std::string_view authority_ifi);

/// "1.0.0" or "2.0.0": the version the LRS sets on a statement that has none.
std::string_view DefaultStatementVersion(domain::lrs::SpecVersion version);

class StoreStatements {
 public:
  explicit StoreStatements(const AppContext& ctx) : ctx_(ctx) {}

  /// Stores one batch in its own transaction and returns the statement ids in order (assigned
  /// where the sender gave none). Errors, naming the property (e.g. "statement[2].id"):
  /// kInvalidArgument for two statements with one id, a voiding statement that targets a voiding
  /// statement, an attachment without fileUrl whose data the request lacks; kConflict when an id
  /// is stored with different content (an identical re-send is a no-op success); kUnavailable.
  StatusOr<std::vector<std::string>> Run(StatementBatch batch) const;

  /// Stores several batches in ONE transaction (group commit) and returns one result per batch:
  /// a batch refused for its content does not affect the others. When the transaction itself
  /// fails, each batch is retried in a transaction of its own.
  ///
  /// With `deferred`, the statements' index terms, term copies and learning facts are appended to
  /// it instead of being written (only once the transaction has committed); the caller must write
  /// them with WriteIndex. Without it they are written in the transaction, after the terms and
  /// facts of any statement above the tenant's watermark (a server stopped before writing them)
  /// have been derived in it too, and the watermark follows. Without `deferred`, no writer of
  /// this database may hold a DeferredIndex (StatementWriter::Write waits for its Stop()).
  ///
  /// With `cache`, actors and activities found there are not read again, and what the group
  /// committed is added to it.
  std::vector<StatusOr<std::vector<std::string>>> RunGroup(std::vector<StatementBatch>& batches,
                                                           DeferredIndex* deferred = nullptr,
                                                           WriterCache* cache = nullptr) const;

  /// Writes deferred index rows in ONE transaction: the terms (in the index's key order), then
  /// the copies in order, then the learning-day sums, and raises each tenant's term watermark to
  /// the highest seq of `index`.
  /// Every statement committed before must have its terms in the store or in `index` (the
  /// watermark then covers them all). Idempotent. kUnavailable (nothing written) on failure.
  Status WriteIndex(DeferredIndex& index) const;
  /// Writes a part of a deferred index's term rows (DeferredIndex::SplitTerms) in a transaction
  /// of its own, each row unless present; the watermark stays where it is until WriteIndex writes
  /// the rest, so after a crash the recovery derives these rows again (and finds them).
  Status WriteIndexTerms(const std::vector<TermRow>& rows) const;

  /// Derives and writes the terms, copies and learning facts of every statement above its
  /// tenant's term watermark from its stored row (a server stopped before its writer wrote them),
  /// in transactions of a few hundred statements, and returns how many statements it indexed.
  /// Must not run while committed statements wait in a DeferredIndex. Idempotent: what it writes
  /// moves the watermark past it.
  StatusOr<std::size_t> RecoverIndex() const;

 private:
  const AppContext& ctx_;
};

}  // namespace reskill::app::lrs
