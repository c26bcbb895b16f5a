#include "app/xapi_platform/xapi_documents.hpp"

#include <nlohmann/json.hpp>

#include "common/strings.hpp"
#include "domain/xapi_platform/encoding.hpp"

namespace reskill::app {

std::string_view DocumentKindName(DocumentKind kind) {
  switch (kind) {
    case DocumentKind::kState: return "state";
    case DocumentKind::kActivityProfile: return "activity_profile";
    case DocumentKind::kAgentProfile: return "agent_profile";
  }
  return "?";
}

namespace {

bool IsJsonContentType(std::string_view content_type) {
  const auto semi = content_type.find(';');
  return ToLower(Trim(content_type.substr(0, semi))) == "application/json";
}

// A JSON object parsed from `content`, or nullopt.
std::optional<nlohmann::json> JsonObject(std::string_view content) {
  auto j = nlohmann::json::parse(content, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  return j;
}

Status CheckPreconditions(const std::optional<XapiDocument>& existing,
                          const DocumentPreconditions& pre) {
  // RFC 7232 §3.1/§3.2 (xAPI 1.0.3 Communication §3.1.s4).
  if (pre.if_match && (!existing || !EtagMatches(*pre.if_match, existing->etag))) {
    return FailedPrecondition("If-Match does not match the document's current ETag", "If-Match");
  }
  if (pre.if_none_match && existing && EtagMatches(*pre.if_none_match, existing->etag)) {
    return FailedPrecondition("If-None-Match matches the document that exists", "If-None-Match");
  }
  return Status::Ok();
}

}  // namespace

bool EtagMatches(std::string_view header, std::string_view etag) {
  for (auto part : Split(header, ',')) {
    part = Trim(part);
    if (part == "*") return true;
    if (part.starts_with("W/")) part.remove_prefix(2);
    if (part.size() >= 2 && part.front() == '"' && part.back() == '"') {
      part = part.substr(1, part.size() - 2);
    }
    if (!part.empty() && ToLower(part) == ToLower(etag)) return true;
  }
  return false;
}

StatusOr<std::optional<XapiDocument>> XapiDocuments::Get(TenantId tenant,
                                                         const DocumentKey& key) const {
  std::optional<XapiDocument> doc;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(doc, uow.xapi_documents().Find(tenant, key));
    return Status::Ok();
  }));
  return doc;
}

StatusOr<std::vector<std::string>> XapiDocuments::ListIds(TenantId tenant,
                                                          const DocumentScope& scope,
                                                          std::optional<Timestamp> since) const {
  std::vector<std::string> ids;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(ids, uow.xapi_documents().ListIds(tenant, scope, since));
    return Status::Ok();
  }));
  return ids;
}

StatusOr<XapiDocument> XapiDocuments::Write(TenantId tenant, const DocumentKey& key,
                                            std::string content, std::string content_type,
                                            DocumentWriteMode mode,
                                            const DocumentPreconditions& pre,
                                            bool headers_required) const {
  std::optional<nlohmann::json> incoming;
  if (mode == DocumentWriteMode::kPost && IsJsonContentType(content_type)) {
    // Communication §2.2.s8.b1 and §3.2.s3.b6: JSON that is not an object cannot be merged.
    incoming = JsonObject(content);
    if (!incoming) return InvalidArgument("the posted document is not a JSON object", "content");
  }
  XapiDocument doc;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto existing, uow.xapi_documents().Find(tenant, key));
    RESKILL_RETURN_IF_ERROR(CheckPreconditions(existing, pre));
    if (mode == DocumentWriteMode::kPut && headers_required && existing && !pre.if_match &&
        !pre.if_none_match) {
      // Communication §3.1.s4.b13–b14.
      return Conflict(
          "the document exists: GET it and send If-Match with its ETag to replace it, or "
          "If-None-Match: * to create only");
    }
    doc.id = ctx_.ids.Next();
    doc.key = key;
    doc.content = content;
    doc.content_type = content_type.empty() ? "application/octet-stream" : content_type;
    // Communication §2.2.s7: a POST for a document that does not exist is stored as a PUT
    // would; one for an existing document merges, which needs JSON objects on both sides.
    if (mode == DocumentWriteMode::kPost && existing) {
      if (!incoming) {
        return InvalidArgument("a POST to an existing document needs Content-Type application/json",
                               "Content-Type");
      }
      std::optional<nlohmann::json> stored;
      if (IsJsonContentType(existing->content_type)) stored = JsonObject(existing->content);
      if (!stored) {
        return InvalidArgument("the stored document is not a JSON object, so it cannot be merged",
                               "content");
      }
      for (auto& [name, value] : incoming->items()) (*stored)[name] = value;
      doc.content = stored->dump();
      doc.content_type = "application/json";
    }
    doc.etag = domain::xapi_platform::Sha1Hex(doc.content);
    doc.updated_at = ctx_.clock.Now();
    return uow.xapi_documents().Upsert(tenant, doc);
  }));
  return doc;
}

Status XapiDocuments::Delete(TenantId tenant, const DocumentKey& key,
                             const DocumentPreconditions& pre) const {
  return ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    if (pre.if_match || pre.if_none_match) {
      RESKILL_ASSIGN_OR_RETURN(auto existing, uow.xapi_documents().Find(tenant, key));
      RESKILL_RETURN_IF_ERROR(CheckPreconditions(existing, pre));
    }
    return uow.xapi_documents().Delete(tenant, key);
  });
}

Status XapiDocuments::DeleteAll(TenantId tenant, const DocumentScope& scope) const {
  return ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) {
    return uow.xapi_documents().DeleteAll(tenant, scope);
  });
}

}  // namespace reskill::app
