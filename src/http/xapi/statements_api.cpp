#include "http/xapi/statements_api.hpp"

#include <charconv>
#include <ctime>
#include <set>

#include <nlohmann/json.hpp>

#include "app/lrs/query_statements.hpp"
#include "app/lrs/statement_writer.hpp"
#include "app/lrs/store_statements.hpp"
#include "common/strings.hpp"
#include "domain/lrs/statement.hpp"
#include "domain/xapi_platform/encoding.hpp"
#include "http/services.hpp"
#include "http/xapi/xapi_support.hpp"

namespace reskill::http::xapi {

namespace {

using app::lrs::StatementFormat;
using domain::lrs::SpecVersion;

std::string HttpDate(Timestamp t) {
  const std::time_t secs = static_cast<std::time_t>(ToUnixMillis(t) / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buf;
}

SpecVersion SpecFor(XapiVersion v) {
  return v == XapiVersion::k2_0 ? SpecVersion::k2_0 : SpecVersion::k1_0;
}

Response FailFor(const RequestContext& ctx, const Status& st) {
  switch (st.code()) {
    case ErrorCode::kConflict: return XapiError(ctx, st, 409);
    default: return XapiError(ctx, st);
  }
}

// Communication §2.1: unknown parameters are refused, and so is a parameter given twice.
Status CheckParams(const Request& request, const std::set<std::string_view>& allowed) {
  std::set<std::string> seen;
  for (const auto& [name, value] : request.query) {
    const std::string shown = name.substr(0, 64);
    if (allowed.count(name) == 0) {
      return InvalidArgument("unknown parameter \"" + shown + "\"", shown);
    }
    if (!seen.insert(name).second) return InvalidArgument("parameter given twice", shown);
  }
  return Status::Ok();
}

// One part of a multipart/mixed body (RFC 2046 §5.1.1): header names lower-cased.
struct Part {
  std::vector<std::pair<std::string, std::string>> headers;
  std::string_view body;

  std::optional<std::string_view> Header(std::string_view name) const {
    for (const auto& [n, v] : headers) {
      if (n == name) return std::string_view(v);
    }
    return std::nullopt;
  }
};

StatusOr<std::vector<Part>> ParseMultipart(std::string_view body, std::string_view content_type) {
  std::string boundary;
  const std::string lower = ToLower(content_type);
  if (auto at = lower.find("boundary="); at != std::string::npos) {
    auto value = content_type.substr(at + 9);
    value = Trim(value.substr(0, value.find(';')));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    boundary = std::string(value);
  }
  if (boundary.empty() || boundary.size() > 70) {
    return InvalidArgument("multipart/mixed needs a boundary parameter", "Content-Type");
  }
  const std::string delimiter = "--" + boundary;
  const auto malformed = [] {
    return InvalidArgument("the multipart/mixed body is malformed", "Content-Type");
  };
  std::size_t pos = body.starts_with(delimiter) ? 0 : body.find("\r\n" + delimiter);
  if (pos == std::string_view::npos) return malformed();
  if (pos != 0) pos += 2;
  std::vector<Part> parts;
  for (;;) {
    pos += delimiter.size();
    if (body.substr(pos, 2) == "--") break;  // the close delimiter
    while (pos < body.size() && (body[pos] == ' ' || body[pos] == '\t')) ++pos;
    if (body.substr(pos, 2) != "\r\n") return malformed();
    pos += 2;
    Part part;
    while (body.substr(pos, 2) != "\r\n") {
      const auto eol = body.find("\r\n", pos);
      if (eol == std::string_view::npos) return malformed();
      const auto line = body.substr(pos, eol - pos);
      const auto colon = line.find(':');
      if (colon == std::string_view::npos) return malformed();
      part.headers.emplace_back(ToLower(Trim(line.substr(0, colon))),
                                std::string(Trim(line.substr(colon + 1))));
      pos = eol + 2;
    }
    pos += 2;
    const auto end = body.find("\r\n" + delimiter, pos);
    if (end == std::string_view::npos) return malformed();
    part.body = body.substr(pos, end - pos);
    parts.push_back(std::move(part));
    pos = end + 2;
    if (parts.size() > 1000) return InvalidArgument("too many parts", "Content-Type");
  }
  if (parts.empty()) return malformed();
  return parts;
}

// The statements JSON of a PUT/POST and the attachment parts that came with it
// (Communication §1.5.2: multipart/mixed, the statements first, then one part per attachment
// with X-Experience-API-Hash and, in 1.0.x, Content-Transfer-Encoding: binary).
struct StatementsBody {
  std::string json;
  std::vector<app::AttachmentContent> attachments;
};

StatusOr<StatementsBody> ReadStatementsBody(const RequestContext& ctx) {
  const Request& request = ctx.request;
  const std::string type(Trim(request.Header("content-type").value_or("")));
  const std::string lower = ToLower(type);
  StatementsBody out;
  if (!lower.starts_with("multipart/mixed")) {
    if (!lower.empty() && !lower.starts_with("application/json")) {
      return InvalidArgument("statements are sent as application/json or multipart/mixed",
                             "Content-Type");
    }
    out.json = request.body;
    return out;
  }
  RESKILL_ASSIGN_OR_RETURN(auto parts, ParseMultipart(request.body, type));
  if (!ToLower(parts[0].Header("content-type").value_or("")).starts_with("application/json")) {
    return InvalidArgument("the first part must be the statements as application/json",
                           "Content-Type");
  }
  out.json = std::string(parts[0].body);
  for (std::size_t i = 1; i < parts.size(); ++i) {
    const Part& p = parts[i];
    auto hash = p.Header("x-experience-api-hash");
    if (!hash)
      return InvalidArgument("an attachment part needs X-Experience-API-Hash",
                             "X-Experience-API-Hash");
    if (Version(ctx) == XapiVersion::k1_0 &&
        ToLower(p.Header("content-transfer-encoding").value_or("")) != "binary") {
      return InvalidArgument("an attachment part needs Content-Transfer-Encoding: binary",
                             "Content-Transfer-Encoding");
    }
    const std::string sha2 = domain::xapi_platform::Sha256Hex(p.body);
    if (ToLower(*hash) != sha2) {
      return InvalidArgument("X-Experience-API-Hash is not the SHA-256 of the part",
                             "X-Experience-API-Hash");
    }
    out.attachments.push_back(
        {sha2, std::string(p.Header("content-type").value_or("application/octet-stream")),
         std::string(p.body)});
  }
  return out;
}

// Every part must belong to an attachment of some statement (Communication §1.5.2).
Status CheckPartsAreNamed(const std::vector<domain::lrs::ParsedStatement>& statements,
                          const std::vector<app::AttachmentContent>& parts) {
  for (const auto& part : parts) {
    bool named = false;
    for (const auto& s : statements) {
      for (const auto& a : s.attachments) named = named || a.sha2 == part.sha2;
    }
    if (!named) {
      return InvalidArgument("an attachment part is not named by any statement's attachments",
                             "X-Experience-API-Hash");
    }
  }
  return Status::Ok();
}

std::optional<std::string> Base64UrlDecode(std::string_view text) {
  // RFC 7515 §2: base64url without padding.
  if (text.find_first_of("+/=") != std::string_view::npos) return std::nullopt;
  std::string b64(text);
  for (char& c : b64) {
    if (c == '-') c = '+';
    if (c == '_') c = '/';
  }
  while (b64.size() % 4 != 0) b64.push_back('=');
  return domain::xapi_platform::Base64Decode(b64);
}

// Signed statements (xAPI Data 2.6): the signature attachment's part is a compact JWS signed
// with RS256, RS384 or RS512 whose payload is the statement as sent, without the signature
// attachment itself (compared by the statement comparison rules). When the JWS header carries
// x5c, the signature must verify with the first certificate's public key (`verifier`, an
// adapter); without x5c the sender's key is unknown to the LRS and the value is not verified.
Status CheckSignatures(std::string_view json, const std::vector<domain::lrs::ParsedStatement>& st,
                       const std::vector<app::AttachmentContent>& parts, SpecVersion version,
                       bool is_array, const app::JwsVerifier* verifier) {
  nlohmann::json sent;
  for (std::size_t i = 0; i < st.size(); ++i) {
    for (std::size_t a = 0; a < st[i].attachments.size(); ++a) {
      const auto& att = st[i].attachments[a];
      if (att.usage_type != domain::lrs::kSignatureUsageType) continue;
      const std::string field =
          (is_array ? "statement[" + std::to_string(i) + "]" : std::string("statement")) +
          ".attachments[" + std::to_string(a) + "]";
      const auto bad = [&](const std::string& why) { return InvalidArgument(why, field); };
      if (att.content_type != "application/octet-stream") {
        return bad("a signature attachment has contentType application/octet-stream");
      }
      const app::AttachmentContent* jws = nullptr;
      for (const auto& p : parts) {
        if (p.sha2 == att.sha2) jws = &p;
      }
      if (jws == nullptr) return bad("the signature (a JWS) must come as an attachment part");
      const auto dot1 = jws->content.find('.');
      const auto dot2 = dot1 == std::string::npos ? dot1 : jws->content.find('.', dot1 + 1);
      if (dot2 == std::string::npos || jws->content.find('.', dot2 + 1) != std::string::npos) {
        return bad("the signature is not a JWS in compact serialization");
      }
      const auto header = Base64UrlDecode(std::string_view(jws->content).substr(0, dot1));
      const auto payload =
          Base64UrlDecode(std::string_view(jws->content).substr(dot1 + 1, dot2 - dot1 - 1));
      const auto h = nlohmann::json::parse(header.value_or(""), nullptr, false);
      if (!h.is_object() || !h.contains("alg") || !h["alg"].is_string()) {
        return bad("the JWS header is not a JSON object with alg");
      }
      const std::string alg = h["alg"];
      if (alg != "RS256" && alg != "RS384" && alg != "RS512") {
        return bad("the JWS must be signed with RS256, RS384 or RS512");
      }
      const auto signature = Base64UrlDecode(std::string_view(jws->content).substr(dot2 + 1));
      if (!signature) return bad("the JWS signature is not base64url");
      if (h.contains("x5c")) {
        // RFC 7515 §4.1.6: x5c is a non-empty array of base64 (not base64url) DER certificates,
        // the first one holding the key that signed.
        const auto& x5c = h["x5c"];
        if (!x5c.is_array() || x5c.empty() || !x5c[0].is_string()) {
          return bad("the JWS header's x5c must be an array of base64 certificates");
        }
        const auto der = domain::xapi_platform::Base64Decode(x5c[0].get<std::string>());
        if (!der || der->empty()) return bad("the JWS x5c certificate is not base64");
        if (verifier != nullptr) {
          Status verified = verifier->VerifyRsa(
              alg, *der, std::string_view(jws->content).substr(0, dot2), *signature);
          if (!verified.ok()) {
            return Status(verified.code(), verified.public_message(), field,
                          verified.internal_detail());
          }
        }
      }
      auto signed_json = nlohmann::json::parse(payload.value_or(""), nullptr, false);
      if (!signed_json.is_object()) return bad("the JWS payload is not a statement");
      if (sent.is_null()) sent = nlohmann::json::parse(json, nullptr, false);
      nlohmann::json received = is_array ? sent.at(i) : sent;
      // Both sides without what the LRS sets and without the signature attachment.
      for (auto* side : {&received, &signed_json}) {
        for (const char* k : {"authority", "stored", "version"}) side->erase(k);
        if (side->contains("attachments") && (*side)["attachments"].is_array()) {
          auto& list = (*side)["attachments"];
          nlohmann::json kept = nlohmann::json::array();
          for (const auto& x : list) {
            if (!(x.is_object() && x.value("usageType", "") == domain::lrs::kSignatureUsageType)) {
              kept.push_back(x);
            }
          }
          if (kept.empty()) {
            side->erase("attachments");
          } else {
            list = std::move(kept);
          }
        }
      }
      if (signed_json.contains("id") && received.contains("id") &&
          domain::lrs::NormalizeUuid(signed_json.value("id", "")) !=
              domain::lrs::NormalizeUuid(received.value("id", ""))) {
        return bad("the JWS payload is another statement (id)");
      }
      signed_json.erase("id");
      received.erase("id");
      auto a_parsed = domain::lrs::ParseStatement(signed_json.dump(), version);
      auto b_parsed = domain::lrs::ParseStatement(received.dump(), version);
      if (!a_parsed.ok() || !b_parsed.ok() || !domain::lrs::SameStatement(*a_parsed, *b_parsed)) {
        return bad("the JWS payload is not the statement that was sent");
      }
    }
  }
  return Status::Ok();
}

StatusOr<app::lrs::StatementAuthority> AuthorityOf(const RequestContext& ctx) {
  const XapiCaller& caller = Caller(ctx);
  app::lrs::StatementAuthority a;
  a.tenant = caller.tenant;
  a.lrs_client_id = caller.client.value();
  a.provider_id = caller.provider.value();
  RESKILL_ASSIGN_OR_RETURN(a.authority_json, domain::lrs::CanonicalAgentJson(
                                                 caller.authority.dump(), SpecVersion::k2_0));
  RESKILL_ASSIGN_OR_RETURN(a.authority_ifi, domain::lrs::ParseAgentIfi(
                                                a.authority_json, SpecVersion::k2_0, "authority"));
  return a;
}

StatusOr<std::vector<std::string>> StoreBatch(RequestContext& ctx, app::lrs::StatementBatch batch) {
  if (ctx.services.statements != nullptr) return ctx.services.statements->Write(std::move(batch));
  return app::lrs::StoreStatements(ctx.services.app).Run(std::move(batch));
}

Timestamp ConsistentThrough(const RequestContext& ctx) {
  if (ctx.services.statements != nullptr) return ctx.services.statements->ConsistentThrough();
  return ctx.services.app.clock.Now();
}

StatusOr<bool> BoolParam(const Request& request, std::string_view name) {
  auto v = request.Query(name);
  if (!v) return false;
  if (*v == "true") return true;
  if (*v == "false") return false;
  return InvalidArgument(std::string(name) + " must be true or false", std::string(name));
}

// The Accept-Language ranges of the request (format=canonical picks one language per map).
std::vector<app::lrs::LanguageRange> AcceptedLanguages(const Request& request) {
  return app::lrs::ParseAcceptLanguage(request.Header("accept-language").value_or(""));
}

// The JSON response, or multipart/mixed with the JSON as its first part when attachments=true
// (Communication §2.1.3; no stored attachment bodies yet).
Response StatementsResponse(std::string json, bool attachments,
                            const std::vector<app::AttachmentContent>& parts = {}) {
  Response r;
  r.status = 200;
  if (!attachments) {
    r.body = std::move(json);
    return r;
  }
  constexpr std::string_view kBoundary = "reskill-xapi-statements-boundary";
  r.content_type = "multipart/mixed; boundary=" + std::string(kBoundary);
  r.body.reserve(json.size() + 200);
  r.body += "--";
  r.body += kBoundary;
  r.body += "\r\nContent-Type: application/json\r\n\r\n";
  r.body += json;
  for (const auto& part : parts) {
    r.body += "\r\n--";
    r.body += kBoundary;
    r.body += "\r\nContent-Type: " + part.content_type +
              "\r\nContent-Transfer-Encoding: binary\r\nX-Experience-API-Hash: " + part.sha2 +
              "\r\n\r\n";
    r.body += part.content;
  }
  r.body += "\r\n--";
  r.body += kBoundary;
  r.body += "--\r\n";
  return r;
}

Response GetOne(RequestContext& ctx, const std::string& param, bool voided) {
  static const std::set<std::string_view> kAllowed{"statementId", "voidedStatementId", "format",
                                                   "attachments"};
  if (Status st = CheckParams(ctx.request, kAllowed); !st.ok()) {
    return XapiError(ctx,
                     InvalidArgument("only format and attachments may accompany statementId or "
                                     "voidedStatementId",
                                     st.field()));
  }
  const std::string id(*ctx.request.Query(param));
  if (!domain::lrs::IsUuid(id)) return XapiError(ctx, 400, param + " is not a UUID", param);
  auto format = ctx.request.Query("format").value_or("exact");
  if (format != "exact" && format != "ids" && format != "canonical") {
    return XapiError(ctx, 400, "format must be ids, exact or canonical", "format");
  }
  auto attachments = BoolParam(ctx.request, "attachments");
  if (!attachments.ok()) return XapiError(ctx, attachments.status());
  const XapiCaller& caller = Caller(ctx);
  const Timestamp consistent = ConsistentThrough(ctx);
  auto found = app::lrs::QueryStatements(ctx.services.app)
                   .Get(caller.tenant, domain::lrs::NormalizeUuid(id), voided,
                        caller.ReadsOnlyOwnStatements() ? caller.client.value() : 0);
  if (!found.ok()) {
    Response r = XapiError(ctx, found.status());
    r.SetHeader("X-Experience-API-Consistent-Through", FormatIso8601(consistent));
    return r;
  }
  const StatementFormat f = format == "ids"         ? StatementFormat::kIds
                            : format == "canonical" ? StatementFormat::kCanonical
                                                    : StatementFormat::kExact;
  std::vector<app::AttachmentContent> parts;
  if (*attachments) {
    auto a = app::lrs::QueryStatements(ctx.services.app).Attachments(caller.tenant, {found->body});
    if (!a.ok()) return XapiError(ctx, a.status());
    parts = std::move(*a);
  }
  app::lrs::ActivityDefinitions definitions;
  if (f == StatementFormat::kCanonical) {
    auto d = app::lrs::QueryStatements(ctx.services.app)
                 .CanonicalDefinitions(caller.tenant, {found->body});
    if (!d.ok()) return XapiError(ctx, d.status());
    definitions = std::move(*d);
  }
  Response r = StatementsResponse(
      app::lrs::FormatStatement(found->body, f, AcceptedLanguages(ctx.request), definitions),
      *attachments, parts);
  r.SetHeader("Last-Modified", HttpDate(found->stored));
  r.SetHeader("X-Experience-API-Consistent-Through", FormatIso8601(consistent));
  return r;
}

// The `more` link: this request's parameters with the cursor of the next page.
std::string MoreLink(const Request& request, std::int64_t cursor) {
  std::string url = "/xapi/statements?";
  for (const auto& [name, value] : request.query) {
    if (name == "cursor") continue;
    url += PercentEncode(name) + "=" + PercentEncode(value) + "&";
  }
  return url + "cursor=" + std::to_string(cursor);
}

}  // namespace

Response StatementsGet(RequestContext& ctx) {
  const Request& request = ctx.request;
  const bool by_id = request.Query("statementId").has_value();
  const bool by_voided = request.Query("voidedStatementId").has_value();
  if (by_id && by_voided) {
    return XapiError(ctx, 400, "send statementId or voidedStatementId, not both",
                     "voidedStatementId");
  }
  if (by_id) return GetOne(ctx, "statementId", false);
  if (by_voided) return GetOne(ctx, "voidedStatementId", true);

  static const std::set<std::string_view> kAllowed{
      "agent", "verb",  "activity", "registration", "related_activities", "related_agents", "since",
      "until", "limit", "format",   "attachments",  "ascending",          "cursor"};
  if (Status st = CheckParams(request, kAllowed); !st.ok()) return XapiError(ctx, st);
  const XapiCaller& caller = Caller(ctx);
  app::lrs::StatementQuery q;
  if (auto agent = request.Query("agent")) {
    auto ifi = domain::lrs::ParseAgentIfi(*agent, SpecFor(Version(ctx)), "agent");
    if (!ifi.ok()) return XapiError(ctx, ifi.status());
    q.agent_ifi = *ifi;
  }
  if (auto verb = request.Query("verb")) {
    if (!domain::lrs::IsIri(*verb)) return XapiError(ctx, 400, "verb is not an IRI", "verb");
    q.verb = std::string(*verb);
  }
  if (auto activity = request.Query("activity")) {
    if (!domain::lrs::IsIri(*activity)) {
      return XapiError(ctx, 400, "activity is not an IRI", "activity");
    }
    q.activity = std::string(*activity);
  }
  if (auto reg = request.Query("registration")) {
    if (!domain::lrs::IsUuid(*reg)) {
      return XapiError(ctx, 400, "registration is not a UUID", "registration");
    }
    q.registration = domain::lrs::NormalizeUuid(*reg);
  }
  for (const auto& [name, target] :
       {std::pair<const char*, bool*>{"related_activities", &q.related_activities},
        {"related_agents", &q.related_agents},
        {"ascending", &q.ascending}}) {
    auto v = BoolParam(request, name);
    if (!v.ok()) return XapiError(ctx, v.status());
    *target = *v;
  }
  auto attachments = BoolParam(request, "attachments");
  if (!attachments.ok()) return XapiError(ctx, attachments.status());
  for (const char* name : {"since", "until"}) {
    if (auto v = request.Query(name)) {
      auto t = domain::lrs::ParseXapiTimestamp(*v);
      if (!t) {
        return XapiError(ctx, 400, std::string(name) + " is not an ISO 8601 timestamp", name);
      }
      (std::string_view(name) == "since" ? q.since : q.until) = *t;
    }
  }
  if (auto limit = request.Query("limit")) {
    int n = -1;
    const auto res = std::from_chars(limit->data(), limit->data() + limit->size(), n);
    if (res.ec != std::errc() || res.ptr != limit->data() + limit->size() || n < 0) {
      return XapiError(ctx, 400, "limit must be a non-negative integer", "limit");
    }
    q.limit = n;
  }
  if (auto cursor = request.Query("cursor")) {
    std::int64_t c = -1;
    const auto res = std::from_chars(cursor->data(), cursor->data() + cursor->size(), c);
    if (res.ec != std::errc() || res.ptr != cursor->data() + cursor->size() || c < 0) {
      return XapiError(ctx, 400, "cursor is not one this LRS made", "cursor");
    }
    q.cursor = c;
  }
  auto format = request.Query("format").value_or("exact");
  if (format != "exact" && format != "ids" && format != "canonical") {
    return XapiError(ctx, 400, "format must be ids, exact or canonical", "format");
  }
  const StatementFormat f = format == "ids"         ? StatementFormat::kIds
                            : format == "canonical" ? StatementFormat::kCanonical
                                                    : StatementFormat::kExact;
  if (caller.ReadsOnlyOwnStatements()) q.only_lrs_client = caller.client.value();

  const Timestamp consistent = ConsistentThrough(ctx);
  auto page = app::lrs::QueryStatements(ctx.services.app).List(caller.tenant, q);
  if (!page.ok()) return XapiError(ctx, page.status());
  const auto languages = AcceptedLanguages(request);
  app::lrs::ActivityDefinitions definitions;
  if (f == StatementFormat::kCanonical) {
    auto d = app::lrs::QueryStatements(ctx.services.app)
                 .CanonicalDefinitions(caller.tenant, page->statements);
    if (!d.ok()) return XapiError(ctx, d.status());
    definitions = std::move(*d);
  }
  const std::string more =
      nlohmann::json(page->next_cursor ? MoreLink(request, *page->next_cursor) : "").dump();
  std::string json;
  if (f == StatementFormat::kExact) {
    // The stored texts are what format=exact answers: spliced in as they are, into a buffer
    // sized once (no copy per statement, no regrowth of a page of ~130 KB).
    std::size_t size = more.size() + 32;
    for (const auto& body : page->statements) size += body.size() + 1;
    json.reserve(size);
  }
  json += "{\"statements\":[";
  for (std::size_t i = 0; i < page->statements.size(); ++i) {
    if (i) json.push_back(',');
    if (f == StatementFormat::kExact) {
      json += page->statements[i];
    } else {
      json += app::lrs::FormatStatement(page->statements[i], f, languages, definitions);
    }
  }
  json += "],\"more\":";
  json += more;
  json += "}";
  std::vector<app::AttachmentContent> parts;
  if (*attachments) {
    auto a =
        app::lrs::QueryStatements(ctx.services.app).Attachments(caller.tenant, page->statements);
    if (!a.ok()) return XapiError(ctx, a.status());
    parts = std::move(*a);
  }
  Response r = StatementsResponse(std::move(json), *attachments, parts);
  r.SetHeader("X-Experience-API-Consistent-Through", FormatIso8601(consistent));
  return r;
}

Response StatementsPut(RequestContext& ctx) {
  if (Status st = CheckParams(ctx.request, {"statementId"}); !st.ok()) return XapiError(ctx, st);
  auto id = ctx.request.Query("statementId");
  if (!id) return XapiError(ctx, 400, "statementId is required", "statementId");
  if (!domain::lrs::IsUuid(*id)) {
    return XapiError(ctx, 400, "statementId is not a UUID", "statementId");
  }
  auto body = ReadStatementsBody(ctx);
  if (!body.ok()) return XapiError(ctx, body.status());
  auto parsed = domain::lrs::ParseStatement(body->json, SpecFor(Version(ctx)));
  if (!parsed.ok()) return XapiError(ctx, parsed.status());
  if (Status st = CheckPartsAreNamed({*parsed}, body->attachments); !st.ok()) {
    return XapiError(ctx, st);
  }
  if (Status st = CheckSignatures(body->json, {*parsed}, body->attachments, SpecFor(Version(ctx)),
                                  false, ctx.services.jws);
      !st.ok()) {
    return XapiError(ctx, st);
  }
  const std::string wanted = domain::lrs::NormalizeUuid(*id);
  if (!parsed->id.empty() && parsed->id != wanted) {
    return XapiError(ctx, 400, "the statement's id differs from statementId", "statement.id");
  }
  parsed->id = wanted;
  auto authority = AuthorityOf(ctx);
  if (!authority.ok()) return XapiError(ctx, authority.status());
  app::lrs::StatementBatch batch;
  batch.authority = std::move(*authority);
  batch.version = SpecFor(Version(ctx));
  batch.is_array = false;
  batch.statements.push_back(std::move(parsed).value());
  batch.attachments = std::move(body->attachments);
  auto stored = StoreBatch(ctx, std::move(batch));
  if (!stored.ok()) return FailFor(ctx, stored.status());
  Response r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

Response StatementsPost(RequestContext& ctx) {
  if (Status st = CheckParams(ctx.request, {}); !st.ok()) return XapiError(ctx, st);
  auto body = ReadStatementsBody(ctx);
  if (!body.ok()) return XapiError(ctx, body.status());
  auto parsed = domain::lrs::ParseStatementBatch(body->json, SpecFor(Version(ctx)));
  if (!parsed.ok()) return XapiError(ctx, parsed.status());
  if (Status st = CheckPartsAreNamed(*parsed, body->attachments); !st.ok()) {
    return XapiError(ctx, st);
  }
  const auto first_char = body->json.find_first_not_of(" \t\r\n");
  const bool array_body = first_char != std::string::npos && body->json[first_char] == '[';
  if (Status st = CheckSignatures(body->json, *parsed, body->attachments, SpecFor(Version(ctx)),
                                  array_body, ctx.services.jws);
      !st.ok()) {
    return XapiError(ctx, st);
  }
  auto authority = AuthorityOf(ctx);
  if (!authority.ok()) return XapiError(ctx, authority.status());
  app::lrs::StatementBatch batch;
  batch.authority = std::move(*authority);
  batch.version = SpecFor(Version(ctx));
  const auto first = body->json.find_first_not_of(" \t\r\n");
  batch.is_array = first != std::string::npos && body->json[first] == '[';
  batch.statements = std::move(parsed).value();
  batch.attachments = std::move(body->attachments);
  auto stored = StoreBatch(ctx, std::move(batch));
  if (!stored.ok()) return FailFor(ctx, stored.status());
  Response r;
  r.status = 200;
  r.body = nlohmann::json(*stored).dump();
  return r;
}

}  // namespace reskill::http::xapi
