// The xAPI document port: the documents of the state, activity profile and agent profile
// resources, stored per tenant. One object belongs to one transaction on one thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/ids.hpp"
#include "common/status.hpp"
#include "common/time.hpp"

namespace reskill::app {

/// Which resource a document belongs to. Persisted by name (DocumentKindName): do not rename.
enum class DocumentKind { kState, kActivityProfile, kAgentProfile };
std::string_view DocumentKindName(DocumentKind kind);

/// What identifies a document. Parts a resource does not use are empty: no agent for activity
/// profiles, no activity for agent profiles, a registration only for state ("" when none).
struct DocumentKey {
  DocumentKind kind = DocumentKind::kState;
  std::string activity_id;
  std::string agent;  ///< canonical IFI of the agent ("mbox:mailto:…", "account:HOME|NAME")
  std::string registration;
  std::string document_id;  ///< stateId or profileId
};

/// A stored document: its bytes, their content type and ETag (SHA-1 hex of the bytes).
struct XapiDocument {
  std::int64_t id = 0;  ///< Row id for a new document (IdGenerator); kept when one is replaced.
  DocumentKey key;
  std::string content;
  std::string content_type;
  std::string etag;
  Timestamp updated_at;
};

/// Which documents of one activity/agent a list or bulk delete covers.
struct DocumentScope {
  DocumentKind kind = DocumentKind::kState;
  std::string activity_id;
  std::string agent;
  std::optional<std::string> registration;  ///< nullopt: every registration (and none)
};

class XapiDocumentRepository {
 public:
  virtual ~XapiDocumentRepository() = default;
  virtual StatusOr<std::optional<XapiDocument>> Find(TenantId tenant, const DocumentKey& key) = 0;
  /// Stores `doc` under its key, replacing a document with the same key.
  virtual Status Upsert(TenantId tenant, const XapiDocument& doc) = 0;
  /// Removes the document; OK when there was none.
  virtual Status Delete(TenantId tenant, const DocumentKey& key) = 0;
  /// The document ids in `scope` updated after `since` (all when nullopt), ordered by id.
  virtual StatusOr<std::vector<std::string>> ListIds(TenantId tenant, const DocumentScope& scope,
                                                     std::optional<Timestamp> since) = 0;
  /// Removes every document in `scope`.
  virtual Status DeleteAll(TenantId tenant, const DocumentScope& scope) = 0;
};

}  // namespace reskill::app
