// The statements resource of the Learning Record Store (issue 5): storing batches of validated
// statements (ids, stored, authority, version; immutability; voiding; the query index; actors,
// activities and learning facts in the same transaction) and reading them back. Stateless beyond
// the AppContext reference; thread-safe. Design: docs/lrs.md.
#pragma once

#include <optional>
#include <string>
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
  std::vector<StatusOr<std::vector<std::string>>> RunGroup(
      std::vector<StatementBatch>& batches) const;

 private:
  const AppContext& ctx_;
};

}  // namespace reskill::app::lrs
