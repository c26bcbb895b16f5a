// QueueEmail and the envelope format of app/ports/outbox.hpp.
#include "app/ports/outbox.hpp"

#include <charconv>

#include "app/context.hpp"

namespace reskill::app {

namespace {

constexpr std::string_view kEnvelopeVersion = "email.v1\n";

void Field(std::string& out, std::string_view value) {
  out += std::to_string(value.size());
  out += ':';
  out += value;
  out += '\n';
}

// Reads one "<length>:<bytes>\n" field at `pos`.
bool ReadField(std::string_view text, std::size_t& pos, std::string& out) {
  std::size_t length = 0;
  const char* begin = text.data() + pos;
  const char* end = text.data() + text.size();
  const auto r = std::from_chars(begin, end, length);
  if (r.ec != std::errc() || r.ptr == begin || r.ptr == end || *r.ptr != ':') return false;
  const std::size_t start = static_cast<std::size_t>(r.ptr - text.data()) + 1;
  if (length > text.size() || start + length >= text.size() || text[start + length] != '\n') {
    return false;
  }
  out.assign(text.substr(start, length));
  pos = start + length + 1;
  return true;
}

bool HasLineBreak(std::string_view s) {
  return s.find_first_of("\r\n") != std::string_view::npos;
}

}  // namespace

std::string_view OutboxStatusName(OutboxStatus status) {
  switch (status) {
    case OutboxStatus::kPending: return "pending";
    case OutboxStatus::kSent: return "sent";
    case OutboxStatus::kFailed: return "failed";
  }
  return "failed";
}

std::optional<OutboxStatus> ParseOutboxStatus(std::string_view name) {
  if (name == "pending") return OutboxStatus::kPending;
  if (name == "sent") return OutboxStatus::kSent;
  if (name == "failed") return OutboxStatus::kFailed;
  return std::nullopt;
}

std::string SerializeEmail(const Email& e) {
  std::string out(kEnvelopeVersion);
  Field(out, std::to_string(e.tenant_id.value()));
  for (const std::string* f : {&e.kind, &e.dedupe_key, &e.to_address, &e.to_name, &e.locale,
                               &e.subject, &e.text_body, &e.html_body}) {
    Field(out, *f);
  }
  return out;
}

StatusOr<Email> ParseEmail(std::string_view text) {
  const Status bad = Internal("the outbox envelope is malformed");
  if (!text.starts_with(kEnvelopeVersion)) return bad;
  std::size_t pos = kEnvelopeVersion.size();
  Email e;
  std::string tenant;
  if (!ReadField(text, pos, tenant)) return bad;
  std::int64_t tenant_id = 0;
  const auto r = std::from_chars(tenant.data(), tenant.data() + tenant.size(), tenant_id);
  if (r.ec != std::errc() || r.ptr != tenant.data() + tenant.size()) return bad;
  e.tenant_id = TenantId(tenant_id);
  for (std::string* f : {&e.kind, &e.dedupe_key, &e.to_address, &e.to_name, &e.locale, &e.subject,
                         &e.text_body, &e.html_body}) {
    if (!ReadField(text, pos, *f)) return bad;
  }
  if (pos != text.size()) return bad;
  return e;
}

StatusOr<bool> QueueEmail(const AppContext& ctx, UnitOfWork& uow, const Email& email) {
  if (!email.tenant_id.valid()) return InvalidArgument("an e-mail needs a tenant", "tenant_id");
  if (email.kind.empty() || HasLineBreak(email.kind)) {
    return InvalidArgument("an e-mail needs a kind", "kind");
  }
  if (email.dedupe_key.empty() || HasLineBreak(email.dedupe_key)) {
    return InvalidArgument("an e-mail needs a dedupe key", "dedupe_key");
  }
  if (email.to_address.empty() || HasLineBreak(email.to_address) ||
      email.to_address.find('@') == std::string::npos) {
    return InvalidArgument("an e-mail needs a recipient address", "to_address");
  }
  if (HasLineBreak(email.to_name)) return InvalidArgument("a name has no line breaks", "to_name");
  if (email.subject.empty() || HasLineBreak(email.subject)) {
    return InvalidArgument("an e-mail needs a one-line subject", "subject");
  }
  OutboxMessage m;
  m.tenant_id = email.tenant_id;
  m.id = OutboxMessageId(ctx.ids.Next());
  m.kind = email.kind;
  m.dedupe_key = email.dedupe_key;
  m.envelope = ctx.contacts.Seal(SerializeEmail(email));
  m.created_at = ctx.clock.Now();
  m.next_attempt_at = m.created_at;
  return uow.outbox().Enqueue(m);
}

}  // namespace reskill::app
