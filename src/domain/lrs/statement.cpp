#include "domain/lrs/statement.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cmath>
#include <utility>

#include <simdjson.h>

namespace reskill::domain::lrs {
namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::element_type;
using simdjson::dom::object;

// One parser per thread: simdjson reuses its buffers across documents, so steady-state parsing
// allocates nothing. The depth limit turns hostile nesting into a clean error.
simdjson::dom::parser& ThreadParser() {
  thread_local simdjson::dom::parser parser = [] {
    simdjson::dom::parser p;
    // On allocation failure the parser keeps its defaults and reports errors when parsing.
    if (p.allocate(64 * 1024, kMaxDepth) != simdjson::SUCCESS) return simdjson::dom::parser();
    return p;
  }();
  return parser;
}

bool IsHex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
bool IsAlpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}
bool IsAlnum(char c) {
  return IsAlpha(c) || IsDigit(c);
}
std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

void WriteString(std::string& w, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  w.push_back('"');
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': w += "\\\""; break;
      case '\\': w += "\\\\"; break;
      case '\n': w += "\\n"; break;
      case '\r': w += "\\r"; break;
      case '\t': w += "\\t"; break;
      case '\b': w += "\\b"; break;
      case '\f': w += "\\f"; break;
      default:
        if (c < 0x20) {
          w += "\\u00";
          w.push_back(kHex[c >> 4]);
          w.push_back(kHex[c & 15]);
        } else {
          w.push_back(ch);
        }
    }
  }
  w.push_back('"');
}

void WriteDouble(std::string& w, double d) {
  char buf[64];
  // Negative zero is zero: written "-0" it would read back as the integer 0 and the stored
  // statement would no longer equal the one sent (found by fuzz/statement_fuzzer).
  if (d == 0) d = 0;
  // JSON has no NaN/Infinity and simdjson never produces them.
  auto r = std::to_chars(buf, buf + sizeof(buf), d);
  w.append(buf, r.ptr);
}

// Writes any JSON value canonically: object members sorted by key (so two equal statements
// have equal text whatever order their extensions were sent in).
void WriteAny(std::string& w, element e) {
  switch (e.type()) {
    case element_type::ARRAY: {
      w.push_back('[');
      bool first = true;
      for (element x : array(e)) {
        if (!first) w.push_back(',');
        first = false;
        WriteAny(w, x);
      }
      w.push_back(']');
      break;
    }
    case element_type::OBJECT: {
      std::vector<std::pair<std::string_view, element>> members;
      for (auto field : object(e)) members.emplace_back(field.key, field.value);
      std::stable_sort(members.begin(), members.end(),
                       [](const auto& a, const auto& b) { return a.first < b.first; });
      w.push_back('{');
      for (std::size_t i = 0; i < members.size(); ++i) {
        if (i) w.push_back(',');
        WriteString(w, members[i].first);
        w.push_back(':');
        WriteAny(w, members[i].second);
      }
      w.push_back('}');
      break;
    }
    case element_type::INT64: w += std::to_string(int64_t(e)); break;
    case element_type::UINT64: w += std::to_string(uint64_t(e)); break;
    case element_type::DOUBLE: WriteDouble(w, double(e)); break;
    case element_type::STRING: WriteString(w, std::string_view(e)); break;
    case element_type::BOOL: w += bool(e) ? "true" : "false"; break;
    case element_type::NULL_VALUE: w += "null"; break;
  }
}

bool IsNumber(element e) {
  const auto t = e.type();
  return t == element_type::INT64 || t == element_type::UINT64 || t == element_type::DOUBLE;
}
double NumberOf(element e) {
  switch (e.type()) {
    case element_type::INT64: return static_cast<double>(int64_t(e));
    case element_type::UINT64: return static_cast<double>(uint64_t(e));
    default: return double(e);
  }
}

struct AgentInfo {
  std::string ifi;          // empty for an anonymous group
  std::string object_type;  // "Agent" | "Group"
  std::string name;
  std::vector<std::string> member_ifis;
};

enum class AgentRole { kAgentOnly, kGroupOnly, kAgentOrGroup };

// The validating writer. Keeps the JSON path of the value being checked (for the error's field)
// and writes the canonical form of each value as it validates it.
class Validator {
 public:
  explicit Validator(SpecVersion version) : version_(version) {}

  Status Statement(element e, std::string root, ParsedStatement& out) {
    path_ = std::move(root);
    out_ = &out;
    return StatementBody(e, /*sub=*/false, out.body);
  }

  Status AgentJson(element e, std::string root, AgentInfo& info, std::string& w) {
    path_ = std::move(root);
    return Agent(e, AgentRole::kAgentOrGroup, info, w);
  }

 private:
  // RAII path segment.
  class Seg {
   public:
    Seg(Validator& v, std::string_view key) : v_(v), n_(v.path_.size()) {
      v.path_.push_back('.');
      v.path_.append(key);
    }
    Seg(Validator& v, std::size_t index) : v_(v), n_(v.path_.size()) {
      v.path_ += "[" + std::to_string(index) + "]";
    }
    ~Seg() { v_.path_.resize(n_); }
    Seg(const Seg&) = delete;
    Seg& operator=(const Seg&) = delete;

   private:
    Validator& v_;
    std::size_t n_;
  };

  Status Fail(std::string message) const { return InvalidArgument(std::move(message), path_); }

  // Collects the members of an object into slots named by `names` (canonical order). Unknown,
  // duplicate and null members are errors.
  template <std::size_t N>
  Status Fields(element e, const std::array<std::string_view, N>& names,
                std::array<std::optional<element>, N>& slots, std::string_view what) {
    if (e.type() != element_type::OBJECT) return Fail(std::string(what) + " must be a JSON object");
    for (auto field : object(e)) {
      std::size_t i = 0;
      while (i < N && names[i] != field.key) ++i;
      Seg seg(*this, field.key);
      if (i == N) return Fail("unknown property of " + std::string(what));
      if (slots[i]) return Fail("duplicate property");
      if (field.value.type() == element_type::NULL_VALUE) return Fail("must not be null");
      slots[i] = field.value;
    }
    return Status::Ok();
  }

  static void Key(std::string& w, std::string_view key) {
    if (!w.empty() && w.back() != '{') w.push_back(',');
    w.push_back('"');
    w.append(key);
    w += "\":";
  }

  Status String(element e, std::size_t limit, std::string_view& out) {
    if (e.type() != element_type::STRING) return Fail("must be a string");
    out = std::string_view(e);
    if (out.size() > limit) return Fail("is longer than " + std::to_string(limit) + " bytes");
    return Status::Ok();
  }

  Status Iri(element e, std::string_view& out) {
    RESKILL_RETURN_IF_ERROR(String(e, kMaxIriBytes, out));
    if (!IsIri(out)) return Fail("must be an absolute IRI");
    return Status::Ok();
  }

  Status Uuid(element e, std::string_view& out) {
    RESKILL_RETURN_IF_ERROR(String(e, 64, out));
    if (!IsUuid(out)) return Fail("must be a UUID");
    return Status::Ok();
  }

  Status Bool(element e, bool& out) {
    if (e.type() != element_type::BOOL) return Fail("must be true or false");
    out = bool(e);
    return Status::Ok();
  }

  Status Number(element e, double& out) {
    if (!IsNumber(e)) return Fail("must be a number");
    out = NumberOf(e);
    return Status::Ok();
  }

  Status LanguageMap(element e, std::string& w) {
    if (e.type() != element_type::OBJECT) return Fail("must be a language map (JSON object)");
    std::vector<std::pair<std::string_view, std::string_view>> entries;
    for (auto field : object(e)) {
      Seg seg(*this, field.key);
      if (!IsLanguageTag(field.key)) return Fail("is not an RFC 5646 language tag");
      std::string_view value;
      if (field.value.type() == element_type::NULL_VALUE) return Fail("must not be null");
      RESKILL_RETURN_IF_ERROR(String(field.value, kMaxStringBytes, value));
      for (const auto& [k, v] : entries)
        if (k == field.key) return Fail("duplicate language tag");
      entries.emplace_back(field.key, value);
    }
    // Data 2.2 (an empty object is not a value) and Data 4.2: a language map has an entry.
    if (entries.empty()) return Fail("a language map needs at least one entry");
    std::sort(entries.begin(), entries.end());
    w.push_back('{');
    for (std::size_t i = 0; i < entries.size(); ++i) {
      if (i) w.push_back(',');
      WriteString(w, entries[i].first);
      w.push_back(':');
      WriteString(w, entries[i].second);
    }
    w.push_back('}');
    return Status::Ok();
  }

  Status Extensions(element e, std::string& w) {
    if (e.type() != element_type::OBJECT) return Fail("extensions must be a JSON object");
    for (auto field : object(e)) {
      Seg seg(*this, field.key);
      if (!IsIri(field.key) || field.key.size() > kMaxIriBytes)
        return Fail("extension keys must be absolute IRIs");
      RESKILL_RETURN_IF_ERROR(CheckStrings(field.value));
    }
    WriteAny(w, e);
    return Status::Ok();
  }

  // Extension values may be any JSON, but strings inside keep the size limit.
  Status CheckStrings(element e) {
    switch (e.type()) {
      case element_type::STRING:
        if (std::string_view(e).size() > kMaxStringBytes) return Fail("string is too long");
        return Status::Ok();
      case element_type::ARRAY:
        for (element x : array(e)) RESKILL_RETURN_IF_ERROR(CheckStrings(x));
        return Status::Ok();
      case element_type::OBJECT:
        for (auto f : object(e)) {
          if (f.key.size() > kMaxStringBytes) return Fail("key is too long");
          RESKILL_RETURN_IF_ERROR(CheckStrings(f.value));
        }
        return Status::Ok();
      default: return Status::Ok();
    }
  }

  void AddTerm(std::string term, bool direct) {
    for (Term& t : out_->terms) {
      if (t.term == term) {
        t.direct = t.direct || direct;
        return;
      }
    }
    out_->terms.push_back({std::move(term), direct});
  }

  // ---- Agents and Groups (Data 2.4.2) ----

  Status Account(element e, std::string& ifi, std::string& w) {
    static constexpr std::array<std::string_view, 2> kNames = {"homePage", "name"};
    std::array<std::optional<element>, 2> f;
    RESKILL_RETURN_IF_ERROR(Fields(e, kNames, f, "account"));
    if (!f[0]) return Fail("account needs homePage");
    if (!f[1]) return Fail("account needs name");
    std::string_view home, name;
    {
      Seg seg(*this, "homePage");
      RESKILL_RETURN_IF_ERROR(Iri(*f[0], home));
    }
    {
      Seg seg(*this, "name");
      RESKILL_RETURN_IF_ERROR(String(*f[1], kMaxStringBytes, name));
    }
    w += "{\"homePage\":";
    WriteString(w, home);
    w += ",\"name\":";
    WriteString(w, name);
    w.push_back('}');
    ifi = "account:" + std::string(home) + "|" + std::string(name);
    return Status::Ok();
  }

  Status Agent(element e, AgentRole role, AgentInfo& info, std::string& w) {
    static constexpr std::array<std::string_view, 7> kNames = {
        "objectType", "name", "mbox", "mbox_sha1sum", "openid", "account", "member"};
    std::array<std::optional<element>, 7> f;
    RESKILL_RETURN_IF_ERROR(Fields(e, kNames, f, "Agent or Group"));
    std::string_view type = "Agent";
    if (f[0]) {
      Seg seg(*this, "objectType");
      RESKILL_RETURN_IF_ERROR(String(*f[0], 64, type));
      if (type != "Agent" && type != "Group") return Fail("objectType must be Agent or Group");
    }
    const bool is_group = type == "Group";
    if (is_group && role == AgentRole::kAgentOnly) return Fail("must be an Agent, not a Group");
    if (!is_group && role == AgentRole::kGroupOnly) return Fail("must be a Group (objectType)");
    if (!is_group && f[6]) {
      Seg seg(*this, "member");
      return Fail("only a Group has members");
    }
    info.object_type = std::string(type);
    w.push_back('{');
    if (f[0]) {
      Key(w, "objectType");
      WriteString(w, type);
    }
    if (f[1]) {
      Seg seg(*this, "name");
      std::string_view name;
      RESKILL_RETURN_IF_ERROR(String(*f[1], kMaxStringBytes, name));
      info.name = std::string(name);
      Key(w, "name");
      WriteString(w, name);
    }
    int ifis = 0;
    if (f[2]) {
      Seg seg(*this, "mbox");
      std::string_view mbox;
      RESKILL_RETURN_IF_ERROR(String(*f[2], kMaxIriBytes, mbox));
      if (mbox.size() < 8 || AsciiLower(mbox.substr(0, 7)) != "mailto:" ||
          mbox.find('@') == std::string_view::npos ||
          std::any_of(mbox.begin(), mbox.end(),
                      [](char c) { return static_cast<unsigned char>(c) <= ' '; }))
        return Fail("mbox must be a mailto: IRI with an e-mail address");
      ++ifis;
      info.ifi = "mbox:" + AsciiLower(mbox);
      Key(w, "mbox");
      WriteString(w, mbox);
    }
    if (f[3]) {
      Seg seg(*this, "mbox_sha1sum");
      std::string_view sum;
      RESKILL_RETURN_IF_ERROR(String(*f[3], 64, sum));
      if (sum.size() != 40 || !std::all_of(sum.begin(), sum.end(), IsHex))
        return Fail("mbox_sha1sum must be 40 hexadecimal digits");
      ++ifis;
      info.ifi = "mbox_sha1sum:" + AsciiLower(sum);
      Key(w, "mbox_sha1sum");
      WriteString(w, sum);
    }
    if (f[4]) {
      Seg seg(*this, "openid");
      std::string_view openid;
      RESKILL_RETURN_IF_ERROR(Iri(*f[4], openid));
      ++ifis;
      info.ifi = "openid:" + std::string(openid);
      Key(w, "openid");
      WriteString(w, openid);
    }
    if (f[5]) {
      Seg seg(*this, "account");
      ++ifis;
      Key(w, "account");
      RESKILL_RETURN_IF_ERROR(Account(*f[5], info.ifi, w));
    }
    if (ifis > 1)
      return Fail("an Agent or Group has at most one of mbox, mbox_sha1sum, openid, account");
    if (!is_group && ifis == 0)
      return Fail("an Agent needs exactly one of mbox, mbox_sha1sum, openid, account");
    if (is_group) {
      if (ifis == 0 && !f[6]) return Fail("an anonymous Group needs member");
      if (f[6]) {
        Seg seg(*this, "member");
        if (f[6]->type() != element_type::ARRAY) return Fail("member must be an array of Agents");
        Key(w, "member");
        w.push_back('[');
        std::size_t i = 0;
        for (element m : array(*f[6])) {
          Seg item(*this, i);
          if (i) w.push_back(',');
          AgentInfo member;
          RESKILL_RETURN_IF_ERROR(Agent(m, AgentRole::kAgentOnly, member, w));
          info.member_ifis.push_back(std::move(member.ifi));
          ++i;
        }
        w.push_back(']');
      }
    }
    w.push_back('}');
    return Status::Ok();
  }

  void AgentTerms(const AgentInfo& a, bool direct) {
    if (!a.ifi.empty()) AddTerm("a|" + a.ifi, direct);
    for (const auto& m : a.member_ifis) AddTerm("a|" + m, direct);
  }

  // ---- Verb (Data 2.4.3) ----

  Status Verb(element e, std::string& verb_id, std::string& w) {
    static constexpr std::array<std::string_view, 2> kNames = {"id", "display"};
    std::array<std::optional<element>, 2> f;
    RESKILL_RETURN_IF_ERROR(Fields(e, kNames, f, "Verb"));
    if (!f[0]) return Fail("a Verb needs id");
    std::string_view id;
    {
      Seg seg(*this, "id");
      RESKILL_RETURN_IF_ERROR(Iri(*f[0], id));
    }
    verb_id = std::string(id);
    w += "{\"id\":";
    WriteString(w, id);
    if (f[1]) {
      Seg seg(*this, "display");
      w += ",\"display\":";
      RESKILL_RETURN_IF_ERROR(LanguageMap(*f[1], w));
    }
    w.push_back('}');
    return Status::Ok();
  }

  // ---- Activities (Data 2.4.4.1) ----

  Status InteractionComponents(element e, std::string& w) {
    if (e.type() != element_type::ARRAY) return Fail("must be an array of interaction components");
    static constexpr std::array<std::string_view, 2> kNames = {"id", "description"};
    std::vector<std::string_view> ids;
    w.push_back('[');
    std::size_t i = 0;
    for (element c : array(e)) {
      Seg item(*this, i);
      std::array<std::optional<element>, 2> f;
      RESKILL_RETURN_IF_ERROR(Fields(c, kNames, f, "interaction component"));
      if (!f[0]) return Fail("an interaction component needs id");
      std::string_view id;
      {
        Seg seg(*this, "id");
        RESKILL_RETURN_IF_ERROR(String(*f[0], kMaxStringBytes, id));
        if (std::find(ids.begin(), ids.end(), id) != ids.end())
          return Fail("interaction component ids must be unique");
        ids.push_back(id);
      }
      if (i) w.push_back(',');
      w += "{\"id\":";
      WriteString(w, id);
      if (f[1]) {
        Seg seg(*this, "description");
        w += ",\"description\":";
        RESKILL_RETURN_IF_ERROR(LanguageMap(*f[1], w));
      }
      w.push_back('}');
      ++i;
    }
    w.push_back(']');
    return Status::Ok();
  }

  Status Definition(element e, std::string& w) {
    static constexpr std::array<std::string_view, 12> kNames = {
        "name",     "description",     "type",
        "moreInfo", "interactionType", "correctResponsesPattern",
        "choices",  "scale",           "source",
        "target",   "steps",           "extensions"};
    std::array<std::optional<element>, 12> f;
    RESKILL_RETURN_IF_ERROR(Fields(e, kNames, f, "activity definition"));
    w.push_back('{');
    for (int i : {0, 1}) {
      if (!f[i]) continue;
      Seg seg(*this, kNames[i]);
      Key(w, kNames[i]);
      RESKILL_RETURN_IF_ERROR(LanguageMap(*f[i], w));
    }
    for (int i : {2, 3}) {
      if (!f[i]) continue;
      Seg seg(*this, kNames[i]);
      std::string_view iri;
      RESKILL_RETURN_IF_ERROR(Iri(*f[i], iri));
      Key(w, kNames[i]);
      WriteString(w, iri);
    }
    std::string_view interaction;
    if (f[4]) {
      Seg seg(*this, "interactionType");
      RESKILL_RETURN_IF_ERROR(String(*f[4], 64, interaction));
      static constexpr std::array<std::string_view, 10> kTypes = {
          "true-false",  "choice",     "fill-in", "long-fill-in", "matching",
          "performance", "sequencing", "likert",  "numeric",      "other"};
      if (std::find(kTypes.begin(), kTypes.end(), interaction) == kTypes.end())
        return Fail("interactionType is not one of the spec's interaction types");
      Key(w, "interactionType");
      WriteString(w, interaction);
    }
    if (f[5]) {
      Seg seg(*this, "correctResponsesPattern");
      if (!f[4]) return Fail("correctResponsesPattern needs interactionType");
      if (f[5]->type() != element_type::ARRAY) return Fail("must be an array of strings");
      Key(w, "correctResponsesPattern");
      w.push_back('[');
      std::size_t i = 0;
      for (element p : array(*f[5])) {
        Seg item(*this, i);
        std::string_view s;
        RESKILL_RETURN_IF_ERROR(String(p, kMaxStringBytes, s));
        if (i) w.push_back(',');
        WriteString(w, s);
        ++i;
      }
      w.push_back(']');
    }
    // Data 2.4.4.1: which component lists each interaction type may carry.
    auto allowed = [&](std::string_view list) {
      if (list == "choices") return interaction == "choice" || interaction == "sequencing";
      if (list == "scale") return interaction == "likert";
      if (list == "source" || list == "target") return interaction == "matching";
      return interaction == "performance";  // steps
    };
    for (int i = 6; i <= 10; ++i) {
      if (!f[i]) continue;
      Seg seg(*this, kNames[i]);
      if (!allowed(kNames[i]))
        return Fail(std::string(kNames[i]) + " does not fit the interactionType");
      Key(w, kNames[i]);
      RESKILL_RETURN_IF_ERROR(InteractionComponents(*f[i], w));
    }
    if (f[11]) {
      Seg seg(*this, "extensions");
      Key(w, "extensions");
      RESKILL_RETURN_IF_ERROR(Extensions(*f[11], w));
    }
    w.push_back('}');
    return Status::Ok();
  }

  // An Activity object; `type_required` when objectType must be given (never for Activities).
  Status Activity(element e, std::string& iri_out, std::string& w) {
    static constexpr std::array<std::string_view, 3> kNames = {"objectType", "id", "definition"};
    std::array<std::optional<element>, 3> f;
    RESKILL_RETURN_IF_ERROR(Fields(e, kNames, f, "Activity"));
    if (f[0]) {
      Seg seg(*this, "objectType");
      std::string_view type;
      RESKILL_RETURN_IF_ERROR(String(*f[0], 64, type));
      if (type != "Activity") return Fail("objectType must be Activity");
    }
    if (!f[1]) return Fail("an Activity needs id");
    std::string_view id;
    {
      Seg seg(*this, "id");
      RESKILL_RETURN_IF_ERROR(Iri(*f[1], id));
    }
    iri_out = std::string(id);
    w.push_back('{');
    if (f[0]) w += "\"objectType\":\"Activity\",";
    w += "\"id\":";
    WriteString(w, id);
    if (f[2]) {
      Seg seg(*this, "definition");
      w += ",\"definition\":";
      const std::size_t start = w.size();
      RESKILL_RETURN_IF_ERROR(Definition(*f[2], w));
      out_->definitions.push_back({iri_out, w.substr(start)});
    }
    w.push_back('}');
    return Status::Ok();
  }

  Status StatementRef(element e, std::string& id_out, std::string& w) {
    static constexpr std::array<std::string_view, 2> kNames = {"objectType", "id"};
    std::array<std::optional<element>, 2> f;
    RESKILL_RETURN_IF_ERROR(Fields(e, kNames, f, "StatementRef"));
    if (!f[0]) return Fail("a StatementRef needs objectType \"StatementRef\"");
    {
      Seg seg(*this, "objectType");
      std::string_view type;
      RESKILL_RETURN_IF_ERROR(String(*f[0], 64, type));
      if (type != "StatementRef") return Fail("objectType must be StatementRef");
    }
    if (!f[1]) return Fail("a StatementRef needs id");
    std::string_view id;
    {
      Seg seg(*this, "id");
      RESKILL_RETURN_IF_ERROR(Uuid(*f[1], id));
    }
    id_out = NormalizeUuid(id);
    w += "{\"objectType\":\"StatementRef\",\"id\":";
    WriteString(w, id);
    w.push_back('}');
    return Status::Ok();
  }

  // ---- Object (Data 2.4.4) ----

  Status Object(element e, bool in_sub, ObjectKind& kind, std::string& id_out, std::string& w) {
    if (e.type() != element_type::OBJECT) return Fail("object must be a JSON object");
    std::string_view type = "Activity";
    if (auto t = object(e)["objectType"]; !t.error()) {
      Seg seg(*this, "objectType");
      if (t.value().type() != element_type::STRING) return Fail("must be a string");
      type = std::string_view(t.value());
    }
    const bool related = in_sub;
    if (type == "Activity") {
      kind = ObjectKind::kActivity;
      RESKILL_RETURN_IF_ERROR(Activity(e, id_out, w));
      AddTerm("o|" + id_out, !related);
      return Status::Ok();
    }
    if (type == "Agent" || type == "Group") {
      kind = type == "Agent" ? ObjectKind::kAgent : ObjectKind::kGroup;
      AgentInfo info;
      RESKILL_RETURN_IF_ERROR(Agent(e, AgentRole::kAgentOrGroup, info, w));
      AgentTerms(info, !related);
      id_out = info.ifi;
      return Status::Ok();
    }
    if (type == "StatementRef") {
      kind = ObjectKind::kStatementRef;
      return StatementRef(e, id_out, w);
    }
    if (type == "SubStatement") {
      Seg seg(*this, "objectType");
      if (in_sub) return Fail("a SubStatement cannot contain a SubStatement");
      kind = ObjectKind::kSubStatement;
      return Status::Ok();  // the caller validates the SubStatement itself
    }
    Seg seg(*this, "objectType");
    return Fail("objectType must be Activity, Agent, Group, StatementRef or SubStatement");
  }

  // ---- Result (Data 2.4.5) ----

  Status Score(element e, std::string& w) {
    static constexpr std::array<std::string_view, 4> kNames = {"scaled", "raw", "min", "max"};
    std::array<std::optional<element>, 4> f;
    RESKILL_RETURN_IF_ERROR(Fields(e, kNames, f, "score"));
    std::array<double, 4> v{};
    w.push_back('{');
    for (std::size_t i = 0; i < 4; ++i) {
      if (!f[i]) continue;
      Seg seg(*this, kNames[i]);
      RESKILL_RETURN_IF_ERROR(Number(*f[i], v[i]));
      Key(w, kNames[i]);
      WriteAny(w, *f[i]);
    }
    w.push_back('}');
    if (f[0] && (v[0] < -1.0 || v[0] > 1.0)) {
      Seg seg(*this, "scaled");
      return Fail("scaled must be between -1 and 1");
    }
    if (f[2] && f[3] && !(v[2] < v[3])) {
      Seg seg(*this, "max");
      return Fail("max must be greater than min");
    }
    if (f[1] && f[2] && v[1] < v[2]) {
      Seg seg(*this, "raw");
      return Fail("raw must not be less than min");
    }
    if (f[1] && f[3] && v[1] > v[3]) {
      Seg seg(*this, "raw");
      return Fail("raw must not be greater than max");
    }
    return Status::Ok();
  }

  Status Result(element e, bool top, std::string& w) {
    static constexpr std::array<std::string_view, 6> kNames = {
        "score", "success", "completion", "response", "duration", "extensions"};
    std::array<std::optional<element>, 6> f;
    RESKILL_RETURN_IF_ERROR(Fields(e, kNames, f, "result"));
    w.push_back('{');
    if (f[0]) {
      Seg seg(*this, "score");
      Key(w, "score");
      RESKILL_RETURN_IF_ERROR(Score(*f[0], w));
    }
    for (int i : {1, 2}) {
      if (!f[i]) continue;
      Seg seg(*this, kNames[i]);
      bool b = false;
      RESKILL_RETURN_IF_ERROR(Bool(*f[i], b));
      Key(w, kNames[i]);
      w += b ? "true" : "false";
      if (top) (i == 1 ? out_->success : out_->completion) = b;
    }
    if (f[3]) {
      Seg seg(*this, "response");
      std::string_view s;
      RESKILL_RETURN_IF_ERROR(String(*f[3], kMaxStringBytes, s));
      Key(w, "response");
      WriteString(w, s);
    }
    if (f[4]) {
      Seg seg(*this, "duration");
      std::string_view s;
      RESKILL_RETURN_IF_ERROR(String(*f[4], 128, s));
      auto seconds = ParseDuration(s);
      if (!seconds) return Fail("duration must be an ISO 8601 duration");
      if (top) out_->duration_seconds = *seconds;
      Key(w, "duration");
      WriteString(w, s);
    }
    if (f[5]) {
      Seg seg(*this, "extensions");
      Key(w, "extensions");
      RESKILL_RETURN_IF_ERROR(Extensions(*f[5], w));
    }
    w.push_back('}');
    return Status::Ok();
  }

  // ---- Context (Data 2.4.6) ----

  Status ContextActivityList(element e, std::string& w) {
    // A single Activity object is normalised to an array of one (Data 2.4.6.2).
    w.push_back('[');
    auto one = [&](element a) -> Status {
      std::string iri;
      RESKILL_RETURN_IF_ERROR(Activity(a, iri, w));
      AddTerm("o|" + iri, false);
      return Status::Ok();
    };
    if (e.type() == element_type::ARRAY) {
      std::size_t i = 0;
      for (element a : array(e)) {
        Seg item(*this, i);
        if (i) w.push_back(',');
        RESKILL_RETURN_IF_ERROR(one(a));
        ++i;
      }
    } else if (e.type() == element_type::OBJECT) {
      RESKILL_RETURN_IF_ERROR(one(e));
    } else {
      return Fail("must be an Activity or an array of Activities");
    }
    w.push_back(']');
    return Status::Ok();
  }

  Status RelevantTypes(element e, std::string& w) {
    if (e.type() != element_type::ARRAY) return Fail("relevantTypes must be an array of IRIs");
    w.push_back('[');
    std::size_t i = 0;
    for (element t : array(e)) {
      Seg item(*this, i);
      std::string_view iri;
      RESKILL_RETURN_IF_ERROR(Iri(t, iri));
      if (i) w.push_back(',');
      WriteString(w, iri);
      ++i;
    }
    if (i == 0) return Fail("relevantTypes must not be empty");
    w.push_back(']');
    return Status::Ok();
  }

  // 2.0 contextAgents / contextGroups: arrays of {objectType, agent|group, relevantTypes}.
  Status ContextActors(element e, bool groups, std::string& w) {
    if (e.type() != element_type::ARRAY) return Fail("must be an array");
    const std::string_view type = groups ? "contextGroup" : "contextAgent";
    const std::string_view member = groups ? "group" : "agent";
    w.push_back('[');
    std::size_t i = 0;
    for (element c : array(e)) {
      Seg item(*this, i);
      std::array<std::string_view, 3> names = {"objectType", member, "relevantTypes"};
      std::array<std::optional<element>, 3> f;
      RESKILL_RETURN_IF_ERROR(Fields(c, names, f, type));
      if (!f[0]) return Fail("needs objectType \"" + std::string(type) + "\"");
      {
        Seg seg(*this, "objectType");
        std::string_view t;
        RESKILL_RETURN_IF_ERROR(String(*f[0], 64, t));
        if (t != type) return Fail("objectType must be " + std::string(type));
      }
      if (!f[1]) return Fail("needs " + std::string(member));
      if (i) w.push_back(',');
      w += "{\"objectType\":";
      WriteString(w, type);
      w += ",\"";
      w.append(member);
      w += "\":";
      {
        Seg seg(*this, member);
        AgentInfo info;
        RESKILL_RETURN_IF_ERROR(
            Agent(*f[1], groups ? AgentRole::kGroupOnly : AgentRole::kAgentOnly, info, w));
        AgentTerms(info, false);
      }
      if (f[2]) {
        Seg seg(*this, "relevantTypes");
        w += ",\"relevantTypes\":";
        RESKILL_RETURN_IF_ERROR(RelevantTypes(*f[2], w));
      }
      w.push_back('}');
      ++i;
    }
    w.push_back(']');
    return Status::Ok();
  }

  Status Context(element e, bool object_is_activity, bool top, std::string& w) {
    static constexpr std::array<std::string_view, 11> kNames = {
        "registration",  "instructor",    "team",      "contextActivities",
        "contextAgents", "contextGroups", "revision",  "platform",
        "language",      "statement",     "extensions"};
    std::array<std::optional<element>, 11> f;
    RESKILL_RETURN_IF_ERROR(Fields(e, kNames, f, "context"));
    w.push_back('{');
    if (f[0]) {
      Seg seg(*this, "registration");
      std::string_view id;
      RESKILL_RETURN_IF_ERROR(Uuid(*f[0], id));
      if (top) {
        out_->registration = NormalizeUuid(id);
        AddTerm("r|" + out_->registration, true);
      }
      Key(w, "registration");
      WriteString(w, id);
    }
    if (f[1]) {
      Seg seg(*this, "instructor");
      Key(w, "instructor");
      AgentInfo info;
      RESKILL_RETURN_IF_ERROR(Agent(*f[1], AgentRole::kAgentOrGroup, info, w));
      AgentTerms(info, false);
    }
    if (f[2]) {
      Seg seg(*this, "team");
      Key(w, "team");
      AgentInfo info;
      RESKILL_RETURN_IF_ERROR(Agent(*f[2], AgentRole::kGroupOnly, info, w));
      AgentTerms(info, false);
    }
    if (f[3]) {
      Seg seg(*this, "contextActivities");
      static constexpr std::array<std::string_view, 4> kLists = {"parent", "grouping", "category",
                                                                 "other"};
      std::array<std::optional<element>, 4> lists;
      RESKILL_RETURN_IF_ERROR(Fields(*f[3], kLists, lists, "contextActivities"));
      // Data 2.2: an empty object is not a value; contextActivities names at least one list.
      if (std::none_of(lists.begin(), lists.end(), [](const auto& l) { return l.has_value(); }))
        return Fail("contextActivities needs parent, grouping, category or other");
      Key(w, "contextActivities");
      w.push_back('{');
      for (std::size_t i = 0; i < 4; ++i) {
        if (!lists[i]) continue;
        Seg list(*this, kLists[i]);
        Key(w, kLists[i]);
        RESKILL_RETURN_IF_ERROR(ContextActivityList(*lists[i], w));
      }
      w.push_back('}');
    }
    for (int i : {4, 5}) {
      if (!f[i]) continue;
      Seg seg(*this, kNames[i]);
      if (version_ == SpecVersion::k1_0)
        return Fail(std::string(kNames[i]) + " is an xAPI 2.0 property");
      Key(w, kNames[i]);
      RESKILL_RETURN_IF_ERROR(ContextActors(*f[i], i == 5, w));
    }
    for (int i : {6, 7}) {
      if (!f[i]) continue;
      Seg seg(*this, kNames[i]);
      // Data 2.4.6: revision and platform only when the object is an Activity.
      if (!object_is_activity)
        return Fail(std::string(kNames[i]) + " is allowed only when the object is an Activity");
      std::string_view s;
      RESKILL_RETURN_IF_ERROR(String(*f[i], kMaxStringBytes, s));
      Key(w, kNames[i]);
      WriteString(w, s);
    }
    if (f[8]) {
      Seg seg(*this, "language");
      std::string_view s;
      RESKILL_RETURN_IF_ERROR(String(*f[8], 64, s));
      if (!IsLanguageTag(s)) return Fail("language must be an RFC 5646 language tag");
      Key(w, "language");
      WriteString(w, s);
    }
    if (f[9]) {
      Seg seg(*this, "statement");
      Key(w, "statement");
      std::string id;
      RESKILL_RETURN_IF_ERROR(StatementRef(*f[9], id, w));
    }
    if (f[10]) {
      Seg seg(*this, "extensions");
      Key(w, "extensions");
      RESKILL_RETURN_IF_ERROR(Extensions(*f[10], w));
    }
    w.push_back('}');
    return Status::Ok();
  }

  // ---- Attachments (Data 2.4.11) ----

  Status Attachments(element e, bool top, std::string& w) {
    if (e.type() != element_type::ARRAY) return Fail("attachments must be an array");
    static constexpr std::array<std::string_view, 7> kNames = {
        "usageType", "display", "description", "contentType", "length", "sha2", "fileUrl"};
    w.push_back('[');
    std::size_t i = 0;
    for (element a : array(e)) {
      Seg item(*this, i);
      std::array<std::optional<element>, 7> f;
      RESKILL_RETURN_IF_ERROR(Fields(a, kNames, f, "attachment"));
      for (int r : {0, 1, 3, 4, 5})
        if (!f[r]) return Fail("an attachment needs " + std::string(kNames[r]));
      AttachmentRef ref;
      if (i) w.push_back(',');
      w.push_back('{');
      {
        Seg seg(*this, "usageType");
        std::string_view s;
        RESKILL_RETURN_IF_ERROR(Iri(*f[0], s));
        ref.usage_type = std::string(s);
        Key(w, "usageType");
        WriteString(w, s);
      }
      for (int l : {1, 2}) {
        if (!f[l]) continue;
        Seg seg(*this, kNames[l]);
        Key(w, kNames[l]);
        RESKILL_RETURN_IF_ERROR(LanguageMap(*f[l], w));
      }
      {
        Seg seg(*this, "contentType");
        std::string_view s;
        RESKILL_RETURN_IF_ERROR(String(*f[3], 256, s));
        if (s.find('/') == std::string_view::npos) return Fail("contentType must be a media type");
        ref.content_type = std::string(s);
        Key(w, "contentType");
        WriteString(w, s);
      }
      {
        Seg seg(*this, "length");
        const auto t = f[4]->type();
        if (t != element_type::INT64 && t != element_type::UINT64)
          return Fail("length must be an integer");
        if (t == element_type::INT64 && int64_t(*f[4]) < 0)
          return Fail("length must not be negative");
        ref.length = t == element_type::INT64 ? int64_t(*f[4]) : INT64_MAX;
        Key(w, "length");
        WriteAny(w, *f[4]);
      }
      {
        Seg seg(*this, "sha2");
        std::string_view s;
        RESKILL_RETURN_IF_ERROR(String(*f[5], 128, s));
        if (s.empty() || !std::all_of(s.begin(), s.end(), IsHex))
          return Fail("sha2 must be a hexadecimal SHA-2 hash");
        ref.sha2 = AsciiLower(s);
        Key(w, "sha2");
        WriteString(w, s);
      }
      if (f[6]) {
        Seg seg(*this, "fileUrl");
        std::string_view s;
        RESKILL_RETURN_IF_ERROR(Iri(*f[6], s));
        ref.has_file_url = true;
        Key(w, "fileUrl");
        WriteString(w, s);
      }
      w.push_back('}');
      if (top) out_->attachments.push_back(std::move(ref));
      ++i;
    }
    w.push_back(']');
    return Status::Ok();
  }

  // ---- Statement / SubStatement (Data 2.4) ----

  Status StatementBody(element e, bool sub, std::string& w) {
    // Canonical member order; a SubStatement has objectType and timestamp in its body and must
    // not carry id, stored, version or authority (Data 2.4.4.3).
    static constexpr std::array<std::string_view, 12> kNames = {
        "objectType", "id",        "actor",  "verb",      "object",  "result",
        "context",    "timestamp", "stored", "authority", "version", "attachments"};
    std::array<std::optional<element>, 12> f;
    RESKILL_RETURN_IF_ERROR(Fields(e, kNames, f, sub ? "SubStatement" : "Statement"));
    if (sub) {
      for (int i : {1, 8, 9, 10}) {
        if (!f[i]) continue;
        Seg seg(*this, kNames[i]);
        return Fail("a SubStatement must not have " + std::string(kNames[i]));
      }
    } else if (f[0]) {
      Seg seg(*this, "objectType");
      return Fail("unknown property of Statement");
    }
    if (!f[2]) return Fail("a Statement needs actor");
    if (!f[3]) return Fail("a Statement needs verb");
    if (!f[4]) return Fail("a Statement needs object");
    if (sub) w += "\"objectType\":\"SubStatement\"";
    if (!sub && f[1]) {
      Seg seg(*this, "id");
      std::string_view id;
      RESKILL_RETURN_IF_ERROR(Uuid(*f[1], id));
      out_->id = NormalizeUuid(id);
    }
    {
      Seg seg(*this, "actor");
      Key(w, "actor");
      AgentInfo info;
      RESKILL_RETURN_IF_ERROR(Agent(*f[2], AgentRole::kAgentOrGroup, info, w));
      AgentTerms(info, !sub);
      if (!sub) {
        out_->actor_ifi = info.ifi;
        out_->actor_object_type = info.object_type;
        out_->actor_name = info.name;
      }
    }
    std::string verb;
    {
      Seg seg(*this, "verb");
      Key(w, "verb");
      RESKILL_RETURN_IF_ERROR(Verb(*f[3], verb, w));
      if (!sub) {
        AddTerm("v|" + verb, true);
        out_->verb_id = verb;
      }
    }
    ObjectKind kind = ObjectKind::kActivity;
    {
      Seg seg(*this, "object");
      Key(w, "object");
      std::string id;
      RESKILL_RETURN_IF_ERROR(Object(*f[4], sub, kind, id, w));
      if (kind == ObjectKind::kSubStatement) {
        w.push_back('{');
        RESKILL_RETURN_IF_ERROR(StatementBody(*f[4], /*sub=*/true, w));
        w.push_back('}');
      }
      if (!sub) {
        out_->object_kind = kind;
        out_->object_id = id;
        // Data 2.3.2: a voiding statement has the voided verb and a StatementRef object.
        out_->is_voiding = verb == kVoidedVerb && kind == ObjectKind::kStatementRef;
      }
    }
    if (!sub && verb == kVoidedVerb && kind != ObjectKind::kStatementRef) {
      Seg seg(*this, "object");
      return Fail("a voiding statement's object must be a StatementRef");
    }
    if (f[5]) {
      Seg seg(*this, "result");
      Key(w, "result");
      RESKILL_RETURN_IF_ERROR(Result(*f[5], !sub, w));
    }
    if (f[6]) {
      Seg seg(*this, "context");
      Key(w, "context");
      RESKILL_RETURN_IF_ERROR(Context(*f[6], kind == ObjectKind::kActivity, !sub, w));
    }
    if (f[7]) {
      Seg seg(*this, "timestamp");
      std::string_view s;
      RESKILL_RETURN_IF_ERROR(String(*f[7], 64, s));
      auto t = ParseXapiTimestamp(s);
      if (!t) return Fail("timestamp must be an ISO 8601 date and time");
      if (sub) {
        Key(w, "timestamp");
        WriteString(w, s);
      } else {
        out_->timestamp = *t;
        out_->timestamp_text = std::string(s);
      }
    }
    if (f[8]) {
      Seg seg(*this, "stored");
      std::string_view s;
      RESKILL_RETURN_IF_ERROR(String(*f[8], 64, s));
      if (!ParseXapiTimestamp(s)) return Fail("stored must be an ISO 8601 date and time");
    }
    if (f[9]) {
      // The LRS replaces the authority (Data 2.4.9), but a malformed one is still an error.
      Seg seg(*this, "authority");
      AgentInfo info;
      std::string ignored;
      RESKILL_RETURN_IF_ERROR(Agent(*f[9], AgentRole::kAgentOrGroup, info, ignored));
      // Data 2.4.9 (1.0.3 and 2.0): a Group as authority is the anonymous Group of the two
      // Agents of 3-legged OAuth (the application and the user), nothing else.
      if (info.object_type == "Group" && (!info.ifi.empty() || info.member_ifis.size() != 2))
        return Fail("a Group authority must be an anonymous Group of exactly two Agents");
    }
    if (f[10]) {
      Seg seg(*this, "version");
      std::string_view s;
      RESKILL_RETURN_IF_ERROR(String(*f[10], 32, s));
      if (!ValidVersion(s)) return Fail("version must be 1.0.x or 2.0.x");
      out_->version = std::string(s);
    }
    if (f[11]) {
      Seg seg(*this, "attachments");
      Key(w, "attachments");
      RESKILL_RETURN_IF_ERROR(Attachments(*f[11], !sub, w));
    }
    return Status::Ok();
  }

  bool ValidVersion(std::string_view s) const {
    const bool one = s.starts_with("1.0");
    const bool two = s.starts_with("2.0");
    if (!one && !(two && version_ == SpecVersion::k2_0)) return false;
    s.remove_prefix(3);
    if (s.empty()) return true;
    if (s.front() != '.' || s.size() < 2) return false;
    return std::all_of(s.begin() + 1, s.end(), IsDigit);
  }

  SpecVersion version_;
  std::string path_;
  ParsedStatement* out_ = nullptr;
};

Status ParseError(simdjson::error_code code, std::string_view field) {
  switch (code) {
    case simdjson::UTF8_ERROR:
      return InvalidArgument("the body is not valid UTF-8", std::string(field));
    case simdjson::DEPTH_ERROR:
      return InvalidArgument("JSON nested deeper than " + std::to_string(kMaxDepth) + " levels",
                             std::string(field));
    default: return InvalidArgument("malformed JSON", std::string(field));
  }
}

}  // namespace

bool IsUuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < 36; ++i) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (s[i] != '-') return false;
    } else if (!IsHex(s[i])) {
      return false;
    }
  }
  return true;
}

std::string NormalizeUuid(std::string_view text) {
  return AsciiLower(text);
}

bool IsIri(std::string_view s) {
  if (s.empty() || !IsAlpha(s[0])) return false;
  std::size_t i = 1;
  while (i < s.size() && (IsAlnum(s[i]) || s[i] == '+' || s[i] == '-' || s[i] == '.')) ++i;
  if (i >= s.size() || s[i] != ':' || i + 1 >= s.size()) return false;
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= ' ' || u == 0x7f || c == '<' || c == '>' || c == '"' || c == '{' || c == '}' ||
        c == '|' || c == '\\' || c == '^' || c == '`')
      return false;
  }
  return true;
}

bool IsLanguageTag(std::string_view s) {
  // RFC 5646 §2.1 (the Language-Tag ABNF) plus the §2.2.5 / §2.2.6 validity rules that need
  // no registry: a variant or an extension singleton used twice makes a tag invalid
  // ("de-DE-1901-1901", "zh-z-aaa-z-bbb").
  if (s.empty() || s.size() > 64) return false;
  std::vector<std::string> subs;
  std::size_t pos = 0;
  while (true) {
    const std::size_t end = std::min(s.find('-', pos), s.size());
    const std::string_view sub = s.substr(pos, end - pos);
    if (sub.empty() || sub.size() > 8 || !std::all_of(sub.begin(), sub.end(), IsAlnum))
      return false;
    subs.push_back(AsciiLower(sub));
    if (end == s.size()) break;
    pos = end + 1;
  }
  // §2.2.8: the irregular grandfathered tags, which the langtag production does not match (the
  // regular ones, such as "zh-min-nan" or "art-lojban", do).
  static constexpr std::array<std::string_view, 17> kIrregular = {
      "en-gb-oed", "i-ami", "i-bnn",     "i-default", "i-enochian", "i-hak",
      "i-klingon", "i-lux", "i-mingo",   "i-navajo",  "i-pwn",      "i-tao",
      "i-tay",     "i-tsu", "sgn-be-fr", "sgn-be-nl", "sgn-ch-de"};
  if (std::find(kIrregular.begin(), kIrregular.end(), AsciiLower(s)) != kIrregular.end())
    return true;
  const auto all = [](const std::string& x, bool (*pred)(char)) {
    return std::all_of(x.begin(), x.end(), pred);
  };
  const std::size_t n = subs.size();
  // privateuse = "x" 1*("-" 1*8alphanum)
  if (subs[0] == "x") return n > 1;
  // language = 2*3ALPHA ["-" extlang] / 4ALPHA / 5*8ALPHA; extlang = 3ALPHA *2("-" 3ALPHA)
  if (subs[0].size() < 2 || !all(subs[0], IsAlpha)) return false;
  std::size_t i = 1;
  if (subs[0].size() <= 3) {
    for (int k = 0; k < 3 && i < n && subs[i].size() == 3 && all(subs[i], IsAlpha); ++k) ++i;
  }
  if (i < n && subs[i].size() == 4 && all(subs[i], IsAlpha)) ++i;  // script
  if (i < n && ((subs[i].size() == 2 && all(subs[i], IsAlpha)) ||
                (subs[i].size() == 3 && all(subs[i], IsDigit))))
    ++i;  // region
  // variant = 5*8alphanum / (DIGIT 3alphanum)
  std::vector<std::string_view> variants;
  while (i < n && (subs[i].size() >= 5 || (subs[i].size() == 4 && IsDigit(subs[i][0])))) {
    if (std::find(variants.begin(), variants.end(), subs[i]) != variants.end()) return false;
    variants.push_back(subs[i]);
    ++i;
  }
  // extension = singleton 1*("-" 2*8alphanum), singleton any alphanumeric but "x"
  std::string singletons;
  while (i < n && subs[i].size() == 1 && subs[i] != "x") {
    if (singletons.find(subs[i][0]) != std::string::npos) return false;
    singletons.push_back(subs[i][0]);
    const std::size_t first = ++i;
    while (i < n && subs[i].size() >= 2) ++i;
    if (i == first) return false;
  }
  if (i < n && subs[i] == "x") return i + 1 < n;  // ["-" privateuse]
  return i == n;
}

std::optional<double> ParseDuration(std::string_view s) {
  if (s.size() < 3 || s[0] != 'P') return std::nullopt;
  std::size_t i = 1;
  // Reads "digits[.digits]" then a designator.
  auto number = [&](double& value, bool& fraction) -> bool {
    const std::size_t start = i;
    while (i < s.size() && IsDigit(s[i])) ++i;
    if (i == start) return false;
    fraction = false;
    if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
      fraction = true;
      ++i;
      const std::size_t fs = i;
      while (i < s.size() && IsDigit(s[i])) ++i;
      if (i == fs) return false;
    }
    std::string text(s.substr(start, i - start));
    std::replace(text.begin(), text.end(), ',', '.');
    value = std::strtod(text.c_str(), nullptr);
    return i < s.size();
  };
  double total = 0;
  bool any = false;
  bool fraction_seen = false;
  // Weeks stand alone (ISO 8601 4.4.3.2: PnW is its own format).
  {
    std::size_t probe = i;
    while (probe < s.size() && (IsDigit(s[probe]) || s[probe] == '.' || s[probe] == ',')) ++probe;
    if (probe + 1 == s.size() && s[probe] == 'W') {
      double v = 0;
      bool frac = false;
      if (!number(v, frac)) return std::nullopt;
      return v * 7 * 86400;
    }
  }
  const std::string_view date_units = "YMD";
  std::size_t unit_pos = 0;
  while (i < s.size() && s[i] != 'T') {
    if (fraction_seen) return std::nullopt;
    double v = 0;
    if (!number(v, fraction_seen)) return std::nullopt;
    const auto found = date_units.find(s[i], unit_pos);
    if (found == std::string_view::npos) return std::nullopt;
    unit_pos = found + 1;
    static constexpr double kSeconds[] = {365.0 * 86400, 30.0 * 86400, 86400};
    total += v * kSeconds[found];
    any = true;
    ++i;
  }
  if (i < s.size()) {  // 'T'
    ++i;
    if (i >= s.size()) return std::nullopt;
    const std::string_view time_units = "HMS";
    unit_pos = 0;
    while (i < s.size()) {
      if (fraction_seen) return std::nullopt;
      double v = 0;
      if (!number(v, fraction_seen)) return std::nullopt;
      const auto found = time_units.find(s[i], unit_pos);
      if (found == std::string_view::npos) return std::nullopt;
      unit_pos = found + 1;
      static constexpr double kSeconds[] = {3600, 60, 1};
      total += v * kSeconds[found];
      any = true;
      ++i;
    }
  }
  if (!any) return std::nullopt;
  return total;
}

std::optional<Timestamp> ParseXapiTimestamp(std::string_view s) {
  auto digits = [&](std::size_t pos, std::size_t n, int& out) {
    if (pos + n > s.size()) return false;
    out = 0;
    for (std::size_t k = 0; k < n; ++k) {
      if (!IsDigit(s[pos + k])) return false;
      out = out * 10 + (s[pos + k] - '0');
    }
    return true;
  };
  int year, month, day, hour, minute, second;
  if (!digits(0, 4, year) || s.size() < 19 || s[4] != '-' || !digits(5, 2, month) || s[7] != '-' ||
      !digits(8, 2, day))
    return std::nullopt;
  if (s[10] != 'T' && s[10] != 't' && s[10] != ' ') return std::nullopt;
  if (!digits(11, 2, hour) || s[13] != ':' || !digits(14, 2, minute) || s[16] != ':' ||
      !digits(17, 2, second))
    return std::nullopt;
  std::size_t i = 19;
  std::int64_t millis = 0;
  if (i < s.size() && s[i] == '.') {
    ++i;
    const std::size_t start = i;
    int scale = 100;
    while (i < s.size() && IsDigit(s[i])) {
      millis += (s[i] - '0') * scale;
      scale /= 10;
      ++i;
    }
    if (i == start) return std::nullopt;
  }
  int offset_minutes = 0;
  if (i < s.size()) {
    const char z = s[i];
    if (z == 'Z' || z == 'z') {
      if (i + 1 != s.size()) return std::nullopt;
    } else if (z == '+' || z == '-') {
      int oh = 0, om = 0;
      const std::string_view rest = s.substr(i + 1);
      if (rest.size() == 2) {
        if (!digits(i + 1, 2, oh)) return std::nullopt;
      } else if (rest.size() == 4) {
        if (!digits(i + 1, 2, oh) || !digits(i + 3, 2, om)) return std::nullopt;
      } else if (rest.size() == 5) {
        if (!digits(i + 1, 2, oh) || rest[2] != ':' || !digits(i + 4, 2, om)) return std::nullopt;
      } else {
        return std::nullopt;
      }
      if (oh > 23 || om > 59) return std::nullopt;
      // RFC 3339 §4.3: "-00:00" means an unknown local offset; xAPI rejects it.
      if (z == '-' && oh == 0 && om == 0) return std::nullopt;
      offset_minutes = (oh * 60 + om) * (z == '-' ? -1 : 1);
    } else {
      return std::nullopt;
    }
  }
  using namespace std::chrono;
  const year_month_day ymd{std::chrono::year(year), std::chrono::month(unsigned(month)),
                           std::chrono::day(unsigned(day))};
  if (!ymd.ok() || hour > 23 || minute > 59 || second > 60) return std::nullopt;
  const auto t = sys_days(ymd) + hours(hour) + minutes(minute) + seconds(std::min(second, 59)) +
                 milliseconds(millis) - minutes(offset_minutes);
  return time_point_cast<milliseconds>(t);
}

StatusOr<ParsedStatement> ParseStatement(std::string_view json, SpecVersion version) {
  element doc;
  if (auto err = ThreadParser().parse(json.data(), json.size()).get(doc))
    return ParseError(err, "statement");
  ParsedStatement out;
  Validator v(version);
  RESKILL_RETURN_IF_ERROR(v.Statement(doc, "statement", out));
  return out;
}

StatusOr<std::vector<ParsedStatement>> ParseStatementBatch(std::string_view json,
                                                           SpecVersion version) {
  element doc;
  if (auto err = ThreadParser().parse(json.data(), json.size()).get(doc))
    return ParseError(err, "statement");
  std::vector<ParsedStatement> out;
  if (doc.type() == element_type::ARRAY) {
    std::size_t i = 0;
    for (element e : array(doc)) {
      ParsedStatement s;
      Validator v(version);
      RESKILL_RETURN_IF_ERROR(v.Statement(e, "statement[" + std::to_string(i) + "]", s));
      out.push_back(std::move(s));
      ++i;
    }
    return out;
  }
  ParsedStatement s;
  Validator v(version);
  RESKILL_RETURN_IF_ERROR(v.Statement(doc, "statement", s));
  out.push_back(std::move(s));
  return out;
}

StatusOr<std::string> ParseAgentIfi(std::string_view json, SpecVersion version,
                                    std::string_view field) {
  element doc;
  if (auto err = ThreadParser().parse(json.data(), json.size()).get(doc))
    return ParseError(err, field);
  AgentInfo info;
  std::string w;
  Validator v(version);
  RESKILL_RETURN_IF_ERROR(v.AgentJson(doc, std::string(field), info, w));
  if (info.ifi.empty())
    return InvalidArgument("an agent filter needs an identifier (an anonymous Group has none)",
                           std::string(field));
  return info.ifi;
}

StatusOr<std::string> CanonicalAgentJson(std::string_view json, SpecVersion version) {
  element doc;
  if (auto err = ThreadParser().parse(json.data(), json.size()).get(doc))
    return ParseError(err, "authority");
  AgentInfo info;
  std::string w;
  Validator v(version);
  RESKILL_RETURN_IF_ERROR(v.AgentJson(doc, "authority", info, w));
  return w;
}

std::string ComposeStored(const ParsedStatement& s, std::string_view id, std::string_view timestamp,
                          std::string_view stored, std::string_view authority_json,
                          std::string_view version) {
  std::string w;
  w.reserve(s.body.size() + authority_json.size() + 160);
  w += "{\"id\":";
  WriteString(w, id);
  w.push_back(',');
  w += s.body;
  w += ",\"timestamp\":";
  WriteString(w, timestamp);
  w += ",\"stored\":";
  WriteString(w, stored);
  w += ",\"authority\":";
  w += authority_json;
  w += ",\"version\":";
  WriteString(w, version);
  w.push_back('}');
  return w;
}

bool SameStatement(const ParsedStatement& incoming, const ParsedStatement& stored) {
  if (incoming.body != stored.body) return false;
  if (incoming.timestamp && stored.timestamp && *incoming.timestamp != *stored.timestamp)
    return false;
  return true;
}

}  // namespace reskill::domain::lrs
