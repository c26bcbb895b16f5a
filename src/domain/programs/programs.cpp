#include "domain/programs/programs.hpp"

#include <algorithm>
#include <chrono>

#include "common/strings.hpp"
#include "domain/programs/staff.hpp"

namespace reskill::domain::programs {

namespace {

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

bool HasControl(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7f;
  });
}

Status TextField(std::string_view text, std::string_view field, std::size_t min, std::size_t max,
                 std::string_view what) {
  const auto t = Trim(text);
  if (t.size() < min || t.size() > max || !IsValidUtf8(t) || HasControl(t)) {
    return InvalidArgument(std::string(what) + " is " + std::to_string(min) + "–" +
                               std::to_string(max) + " characters of text",
                           std::string(field));
  }
  return Status::Ok();
}

Status DaysField(int days, const char* field) {
  if (days < 1 || days > 3650) {
    return InvalidArgument(std::string(field) + " is between 1 and 3650", field);
  }
  return Status::Ok();
}

bool ContainsFolded(std::string_view haystack, std::string_view needle) {
  const std::string h = ToLower(haystack);
  const std::string n = ToLower(Trim(needle));
  return !n.empty() && h.find(n) != std::string::npos;
}

}  // namespace

// --- SSN refusal -------------------------------------------------------------------------------

bool LooksLikeSsn(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    if (!IsDigit(text[i])) {
      ++i;
      continue;
    }
    int digits = 0;
    std::size_t j = i;
    while (j < text.size() && (IsDigit(text[j]) || text[j] == '-' || text[j] == ' ')) {
      if (IsDigit(text[j])) ++digits;
      ++j;
    }
    if (digits == 9) return true;
    i = j;
  }
  return false;
}

Status RefuseSsn(std::string_view text, std::string_view field) {
  if (LooksLikeSsn(text)) {
    return InvalidArgument(std::string(field) +
                               " looks like a Social Security number; Reskill stores no SSN "
                               "(use the agency's case number or the participant id)",
                           std::string(field));
  }
  return Status::Ok();
}

// --- Programs ----------------------------------------------------------------------------------

std::string_view ReclaimModeName(ReclaimMode mode) {
  switch (mode) {
    case ReclaimMode::kList: return "list";
    case ReclaimMode::kRevoke: return "revoke";
  }
  return "list";
}

std::optional<ReclaimMode> ParseReclaimMode(std::string_view name) {
  if (name == "list") return ReclaimMode::kList;
  if (name == "revoke") return ReclaimMode::kRevoke;
  return std::nullopt;
}

Status ValidateProgram(const Program& p) {
  RESKILL_RETURN_IF_ERROR(TextField(p.name, "name", 1, 200, "name"));
  RESKILL_RETURN_IF_ERROR(TextField(p.display_name, "display_name", 1, 200, "display_name"));
  if (!p.target_population.empty()) {
    RESKILL_RETURN_IF_ERROR(
        TextField(p.target_population, "target_population", 1, 500, "target_population"));
  }
  if (ContainsFolded(p.display_name, p.name) ||
      ContainsFolded(p.display_name, p.target_population)) {
    return InvalidArgument(
        "display_name is shown to providers and in e-mails: it must not repeat the program name "
        "or its target population",
        "display_name");
  }
  if (p.ends_at && *p.ends_at <= p.starts_at) {
    return InvalidArgument("ends_at is after starts_at", "ends_at");
  }
  if (p.seat_budget < 0 || p.seat_budget > 10'000'000) {
    return InvalidArgument("seat_budget is between 0 and 10000000", "seat_budget");
  }
  if (!(p.weekly_hours >= 0 && p.weekly_hours <= 80)) {
    return InvalidArgument("weekly_hours is between 0 and 80", "weekly_hours");
  }
  RESKILL_RETURN_IF_ERROR(DaysField(p.nudge_after_days, "nudge_after_days"));
  RESKILL_RETURN_IF_ERROR(DaysField(p.reclaim_after_days, "reclaim_after_days"));
  RESKILL_RETURN_IF_ERROR(DaysField(p.invitation_valid_days, "invitation_valid_days"));
  RESKILL_RETURN_IF_ERROR(DaysField(p.consent_valid_days, "consent_valid_days"));
  if (p.consent_valid_days > 1096) {
    return InvalidArgument("consent_valid_days is at most 1096 (three years)",
                           "consent_valid_days");
  }
  if (p.min_items_per_month < 0 || p.min_items_per_month > 100) {
    return InvalidArgument("min_items_per_month is between 0 and 100", "min_items_per_month");
  }
  for (const auto* text : {&p.invitation_text_en, &p.invitation_text_es}) {
    if (text->size() > 4000 || !IsValidUtf8(*text)) {
      return InvalidArgument(
          "invitation texts are at most 4000 characters",
          text == &p.invitation_text_en ? "invitation_text_en" : "invitation_text_es");
    }
    if (ContainsFolded(*text, p.name) || ContainsFolded(*text, p.target_population)) {
      return InvalidArgument(
          "the invitation text must not name the program or its target population (use the "
          "display name)",
          text == &p.invitation_text_en ? "invitation_text_en" : "invitation_text_es");
    }
  }
  for (std::size_t i = 0; i < p.licence_types.size(); ++i) {
    if (!catalog::ParseLicenseType(p.licence_types[i])) {
      return InvalidArgument("licence types are free, seat, site and purchase",
                             "licence_types[" + std::to_string(i) + "]");
    }
  }
  return Status::Ok();
}

// --- Groups ------------------------------------------------------------------------------------

Status ValidateGroup(const Group& g) {
  return TextField(g.name, "name", 1, 120, "name");
}

// --- Clients -----------------------------------------------------------------------------------

std::string_view ClientStatusName(ClientStatus status) {
  switch (status) {
    case ClientStatus::kActive: return "active";
    case ClientStatus::kExited: return "exited";
  }
  return "active";
}

std::optional<ClientStatus> ParseClientStatus(std::string_view name) {
  if (name == "active") return ClientStatus::kActive;
  if (name == "exited") return ClientStatus::kExited;
  return std::nullopt;
}

Status ValidateClient(const Client& c) {
  RESKILL_RETURN_IF_ERROR(TextField(c.given_name, "given_name", 1, 100, "given_name"));
  RESKILL_RETURN_IF_ERROR(TextField(c.family_name, "family_name", 1, 100, "family_name"));
  RESKILL_RETURN_IF_ERROR(RefuseSsn(c.given_name, "given_name"));
  RESKILL_RETURN_IF_ERROR(RefuseSsn(c.family_name, "family_name"));
  if (!c.email.empty()) {
    auto normalized = NormalizeEmail(c.email);
    if (!normalized.ok()) return InvalidArgument("email is not an e-mail address", "email");
  }
  if (!c.phone.empty()) {
    const auto phone = Trim(c.phone);
    int digits = 0;
    for (char ch : phone) {
      if (IsDigit(ch)) {
        ++digits;
      } else if (ch != ' ' && ch != '+' && ch != '-' && ch != '(' && ch != ')' && ch != '.') {
        return InvalidArgument("phone holds digits, spaces and + - ( ) .", "phone");
      }
    }
    if (digits < 7 || digits > 15 || phone.size() > 25) {
      return InvalidArgument("phone has 7 to 15 digits", "phone");
    }
  }
  if (c.preferred_language != "en" && c.preferred_language != "es") {
    return InvalidArgument("preferred_language is en or es", "preferred_language");
  }
  if (c.case_number.size() > 40 || HasControl(c.case_number) || !IsValidUtf8(c.case_number)) {
    return InvalidArgument("case_number is at most 40 characters", "case_number");
  }
  RESKILL_RETURN_IF_ERROR(RefuseSsn(c.case_number, "case_number"));
  RESKILL_RETURN_IF_ERROR(RefuseSsn(c.participant_id, "participant_id"));
  return Status::Ok();
}

namespace {
constexpr std::string_view kParticipantAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
}

std::string MakeParticipantId(std::string_view entropy) {
  std::string out = "P-";
  for (std::size_t i = 0; i < 6; ++i) {
    const auto byte = i < entropy.size() ? static_cast<unsigned char>(entropy[i]) : 0u;
    out += kParticipantAlphabet[byte % kParticipantAlphabet.size()];
  }
  return out;
}

bool IsParticipantId(std::string_view text) {
  if (text.size() != 8 || !text.starts_with("P-")) return false;
  return std::all_of(text.begin() + 2, text.end(),
                     [](char c) { return kParticipantAlphabet.find(c) != std::string_view::npos; });
}

// --- Journal -----------------------------------------------------------------------------------

std::string_view JournalKindName(JournalKind kind) {
  switch (kind) {
    case JournalKind::kConsent: return "consent";
    case JournalKind::kLicence: return "licence";
    case JournalKind::kInvitation: return "invitation";
    case JournalKind::kAssignment: return "assignment";
    case JournalKind::kReminder: return "reminder";
    case JournalKind::kReclaim: return "reclaim";
    case JournalKind::kGroup: return "group";
    case JournalKind::kNote: return "note";
    case JournalKind::kPlan: return "plan";
    case JournalKind::kClient: return "client";
  }
  return "note";
}

std::optional<JournalKind> ParseJournalKind(std::string_view name) {
  for (auto k :
       {JournalKind::kConsent, JournalKind::kLicence, JournalKind::kInvitation,
        JournalKind::kAssignment, JournalKind::kReminder, JournalKind::kReclaim,
        JournalKind::kGroup, JournalKind::kNote, JournalKind::kPlan, JournalKind::kClient}) {
    if (JournalKindName(k) == name) return k;
  }
  return std::nullopt;
}

Status ValidateNote(std::string_view text) {
  const auto t = Trim(text);
  if (t.empty() || t.size() > 4000 || !IsValidUtf8(t)) {
    return InvalidArgument("a note is 1–4000 characters", "text");
  }
  return RefuseSsn(t, "text");
}

// --- Consent -----------------------------------------------------------------------------------

std::string_view ConsentMethodName(ConsentMethod method) {
  switch (method) {
    case ConsentMethod::kESignature: return "e_signature";
    case ConsentMethod::kPaper: return "paper";
    case ConsentMethod::kEmail: return "email";
  }
  return "paper";
}

std::optional<ConsentMethod> ParseConsentMethod(std::string_view name) {
  if (name == "e_signature") return ConsentMethod::kESignature;
  if (name == "paper") return ConsentMethod::kPaper;
  if (name == "email") return ConsentMethod::kEmail;
  return std::nullopt;
}

bool Consent::IsActiveAt(Timestamp now) const {
  return given_at.has_value() && !withdrawn_at.has_value() && now < expires_at;
}

Status ValidateConsent(const Consent& c) {
  RESKILL_RETURN_IF_ERROR(TextField(c.purpose, "purpose", 1, 500, "purpose"));
  if (c.data_categories.empty()) {
    return InvalidArgument("name at least one data category", "data_categories");
  }
  for (std::size_t i = 0; i < c.data_categories.size(); ++i) {
    const bool known = std::find(std::begin(kDataCategories), std::end(kDataCategories),
                                 c.data_categories[i]) != std::end(kDataCategories);
    if (!known) {
      return InvalidArgument(
          "data categories are name, email, participant_id, progress and completions",
          "data_categories[" + std::to_string(i) + "]");
    }
  }
  if (c.method == ConsentMethod::kPaper && Trim(c.document_ref).empty()) {
    return InvalidArgument("a paper consent needs the scanned form's reference", "document_ref");
  }
  if (c.document_ref.size() > 300 || HasControl(c.document_ref)) {
    return InvalidArgument("document_ref is at most 300 characters", "document_ref");
  }
  RESKILL_RETURN_IF_ERROR(RefuseSsn(c.document_ref, "document_ref"));
  if (c.expires_at <= c.requested_at) {
    return InvalidArgument("expires_at is in the future", "expires_at");
  }
  if (c.expires_at > c.requested_at + std::chrono::days(3 * 366)) {
    return InvalidArgument("a consent lasts at most three years", "expires_at");
  }
  return Status::Ok();
}

// --- Pools and licences ------------------------------------------------------------------------

Status ValidatePool(const LicencePool& p) {
  RESKILL_RETURN_IF_ERROR(TextField(p.name, "name", 1, 120, "name"));
  if (!catalog::ParseLicenseType(p.licence_type)) {
    return InvalidArgument("licence_type is free, seat, site or purchase", "licence_type");
  }
  if (p.seats < 0 || p.seats > 10'000'000) {
    return InvalidArgument("seats is between 0 and 10000000", "seats");
  }
  return Status::Ok();
}

std::int64_t PoolUsage::available() const {
  return std::max<std::int64_t>(0, seats - issued - activated);
}

int PoolUsage::allocation_percent() const {
  if (seats <= 0) return 0;
  return static_cast<int>(((issued + activated) * 100) / seats);
}

bool PoolUsage::alert() const {
  return seats <= 0 || (issued + activated) * 4 >= seats * 3;
}

std::string_view LicenceStateName(LicenceState state) {
  switch (state) {
    case LicenceState::kRequested: return "requested";
    case LicenceState::kIssued: return "issued";
    case LicenceState::kActivated: return "activated";
    case LicenceState::kRevoked: return "revoked";
    case LicenceState::kExpired: return "expired";
  }
  return "requested";
}

std::optional<LicenceState> ParseLicenceState(std::string_view name) {
  for (auto s : {LicenceState::kRequested, LicenceState::kIssued, LicenceState::kActivated,
                 LicenceState::kRevoked, LicenceState::kExpired}) {
    if (LicenceStateName(s) == name) return s;
  }
  return std::nullopt;
}

bool Licence::IsOpen() const {
  return state == LicenceState::kRequested || state == LicenceState::kIssued ||
         state == LicenceState::kActivated;
}

bool Licence::InvitationLapsedAt(Timestamp now) const {
  return state == LicenceState::kIssued && invite_expires_at && *invite_expires_at <= now;
}

// --- Assignments and plans ---------------------------------------------------------------------

std::string_view AssignmentTargetName(AssignmentTarget target) {
  switch (target) {
    case AssignmentTarget::kPath: return "path";
    case AssignmentTarget::kCourse: return "course";
  }
  return "path";
}

std::optional<AssignmentTarget> ParseAssignmentTarget(std::string_view name) {
  if (name == "path") return AssignmentTarget::kPath;
  if (name == "course") return AssignmentTarget::kCourse;
  return std::nullopt;
}

Timestamp AddMonths(Timestamp t, int months) {
  using namespace std::chrono;
  const auto day = floor<days>(t);
  const auto time_of_day = t - day;
  year_month_day ymd{day};
  year_month ym = ymd.year() / ymd.month();
  ym += std::chrono::months(months);
  const auto last = year_month_day_last(ym.year(), month_day_last(ym.month())).day();
  const auto d = std::min(ymd.day(), last);
  return Timestamp(sys_days(ym.year() / ym.month() / d)) + time_of_day;
}

Status ValidateActivityPlan(const ActivityPlan& p) {
  const auto code = Trim(p.activity_code);
  if (code.empty() || code.size() > 20 || !std::all_of(code.begin(), code.end(), [](char c) {
        return IsDigit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' ||
               c == '_';
      })) {
    return InvalidArgument("activity_code is 1–20 letters, digits, - or _", "activity_code");
  }
  RESKILL_RETURN_IF_ERROR(TextField(p.category, "category", 1, 60, "category"));
  if (p.ends_at <= p.starts_at) return InvalidArgument("ends_at is after starts_at", "ends_at");
  if (p.ends_at > AddMonths(p.starts_at, 3)) {
    return InvalidArgument("an activity is scheduled for at most three months at a time",
                           "ends_at");
  }
  return Status::Ok();
}

}  // namespace reskill::domain::programs
