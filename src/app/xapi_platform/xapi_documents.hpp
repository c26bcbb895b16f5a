// Use cases of the xAPI document resources (state, activity profile, agent profile): read,
// list, write with ETag concurrency control and JSON merge on POST, delete (xAPI 1.0.3
// Communication §2.2–2.7 and §3.1). Stateless beyond the AppContext reference; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/context.hpp"
#include "app/ports/xapi_document_repository.hpp"

namespace reskill::app {

/// The concurrency headers of a request, as sent (nullopt when absent).
struct DocumentPreconditions {
  std::optional<std::string> if_match;
  std::optional<std::string> if_none_match;
};

/// True when an If-Match / If-None-Match value (`*`, or a comma-separated list of quoted,
/// possibly weak ETags) matches `etag` (SHA-1 hex, compared without regard to case).
bool EtagMatches(std::string_view header, std::string_view etag);

enum class DocumentWriteMode {
  kPut,   ///< Replace the document.
  kPost,  ///< Merge JSON objects shallowly into the document (store it as PUT when absent).
};

class XapiDocuments {
 public:
  explicit XapiDocuments(const AppContext& ctx) : ctx_(ctx) {}

  /// The document, or nullopt when there is none.
  StatusOr<std::optional<XapiDocument>> Get(TenantId tenant, const DocumentKey& key) const;
  /// The ids in `scope` updated after `since`.
  StatusOr<std::vector<std::string>> ListIds(TenantId tenant, const DocumentScope& scope,
                                             std::optional<Timestamp> since) const;
  /// Stores `content` under `key` and returns what was stored. Errors:
  /// kFailedPrecondition (answer 412) when If-Match or If-None-Match fails;
  /// kConflict (answer 409) for a PUT over an existing document without either header when
  /// `headers_required` (activity and agent profiles; every document in xAPI 2.0);
  /// kInvalidArgument for a POST of application/json that is not a JSON object, and for a POST
  /// to an existing document when either side is not an application/json object.
  StatusOr<XapiDocument> Write(TenantId tenant, const DocumentKey& key, std::string content,
                               std::string content_type, DocumentWriteMode mode,
                               const DocumentPreconditions& pre, bool headers_required) const;
  /// Removes the document (OK when absent); kFailedPrecondition when If-Match fails.
  Status Delete(TenantId tenant, const DocumentKey& key, const DocumentPreconditions& pre) const;
  /// Removes every document in `scope`.
  Status DeleteAll(TenantId tenant, const DocumentScope& scope) const;

 private:
  const AppContext& ctx_;
};

}  // namespace reskill::app
