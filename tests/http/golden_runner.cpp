// The golden-file runner ("tests as data", docs style guide): every tests/http/**/*.test file is
// one test case, run on a fresh TestApp (a new, seeded SQLite database). The file format is
// documented in tests/http/README.md. Failures point at the line of the .test file.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include <gtest/gtest.h>

#include "common/strings.hpp"
#include "support/test_app.hpp"

#ifndef RESKILL_GOLDEN_DIR
#error "RESKILL_GOLDEN_DIR must name the tests/http source directory"
#endif

namespace reskill::test {
namespace {

namespace fs = std::filesystem;

// --- The parsed file
// ------------------------------------------------------------------------------

struct Assertion {
  enum class Kind {
    kHtmlContains,
    kHtmlNotContains,
    kBodyContains,
    kBodyNotContains,
    kHeader,
    kNoHeader
  };
  Kind kind;
  std::string name;  // header name for kHeader / kNoHeader
  std::string text;
  int line;
};

struct Capture {
  std::string name;
  std::string path;  // JSON path ("items[0].id") or "header NAME"
  int line;
};

struct RequestStep {
  int line = 0;
  std::string method;
  std::string target;
  std::string caller = "anonymous";
  bool no_csrf = false;
  std::vector<std::pair<std::string, std::string>> headers;
  std::vector<std::string> body_lines;
  bool has_body = false;
  // Expectation.
  int status = 0;
  int status_line = 0;
  std::string json;  // expected JSON text (before substitution); empty when none
  std::vector<Assertion> assertions;
  std::vector<Capture> captures;
};

struct AdvanceStep {
  int line;
  std::chrono::milliseconds by;
};
struct SnapshotStep {
  int line;
};
struct UnchangedStep {
  int line;
};

struct ImportStep {
  int line;
  std::string kind;  // onet, wages, projections (TestApp::Import)
  std::string path;  // from the repository root
};

using Step = std::variant<RequestStep, AdvanceStep, SnapshotStep, UnchangedStep, ImportStep>;

struct GoldenFile {
  std::string name;
  std::string group;
  std::vector<Step> steps;
};

// --- Parsing -------------------------------------------------------------------------------------

struct ParseError {
  int line;
  std::string message;
};

bool StartsWithWord(std::string_view line, std::string_view word) {
  return line == word ||
         (line.starts_with(word) && line.size() > word.size() && line[word.size()] == ' ');
}

bool IsTopLevelKeyword(std::string_view line) {
  return StartsWithWord(line, "request") || StartsWithWord(line, "advance") || line == "snapshot" ||
         line == "unchanged" || StartsWithWord(line, "import");
}

// "Name: value" with an HTTP token as the name.
bool SplitHeader(std::string_view line, std::string& name, std::string& value) {
  const auto colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  for (char c : line.substr(0, colon)) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok) return false;
  }
  name = std::string(line.substr(0, colon));
  value = std::string(Trim(line.substr(colon + 1)));
  return true;
}

std::optional<std::chrono::milliseconds> ParseDuration(std::string_view text) {
  if (text.size() < 2) return std::nullopt;
  long long n = 0;
  const auto r = std::from_chars(text.data(), text.data() + text.size() - 1, n);
  if (r.ec != std::errc() || r.ptr != text.data() + text.size() - 1 || n < 0) return std::nullopt;
  switch (text.back()) {
    case 's': return std::chrono::seconds(n);
    case 'm': return std::chrono::minutes(n);
    case 'h': return std::chrono::hours(n);
    case 'd': return std::chrono::days(n);
    default: return std::nullopt;
  }
}

// Parses the expectation lines that follow "----" (status line first).
void ParseExpectation(const std::vector<std::string>& lines, std::size_t& i, RequestStep& step) {
  while (i < lines.size() && Trim(lines[i]).empty()) ++i;
  if (i >= lines.size()) throw ParseError{static_cast<int>(i), "expected a status line after ----"};
  const std::string_view status_line = Trim(lines[i]);
  step.status_line = static_cast<int>(i) + 1;
  const auto space = status_line.find(' ');
  const auto code = status_line.substr(0, space);
  const auto r = std::from_chars(code.data(), code.data() + code.size(), step.status);
  if (r.ec != std::errc() || r.ptr != code.data() + code.size() || step.status < 100 ||
      step.status > 599) {
    throw ParseError{step.status_line,
                     "expected an HTTP status, got \"" + std::string(code) + "\""};
  }
  if (space != std::string_view::npos) step.json = std::string(Trim(status_line.substr(space)));
  ++i;
  for (; i < lines.size(); ++i) {
    const std::string& raw = lines[i];
    const std::string_view line = Trim(raw);
    const int no = static_cast<int>(i) + 1;
    if (line.empty() || IsTopLevelKeyword(line)) break;
    const auto keyword = [&](std::string_view k, std::string& rest) {
      if (!line.starts_with(k)) return false;
      rest = std::string(Trim(line.substr(k.size())));
      return true;
    };
    std::string rest;
    if (keyword("html-contains:", rest)) {
      step.assertions.push_back({Assertion::Kind::kHtmlContains, "", rest, no});
    } else if (keyword("html-not-contains:", rest)) {
      step.assertions.push_back({Assertion::Kind::kHtmlNotContains, "", rest, no});
    } else if (keyword("body-contains:", rest)) {
      step.assertions.push_back({Assertion::Kind::kBodyContains, "", rest, no});
    } else if (keyword("body-not-contains:", rest)) {
      step.assertions.push_back({Assertion::Kind::kBodyNotContains, "", rest, no});
    } else if (StartsWithWord(line, "header")) {
      std::string name, value;
      if (!SplitHeader(Trim(line.substr(6)), name, value))
        throw ParseError{no, "expected: header Name: text"};
      step.assertions.push_back({Assertion::Kind::kHeader, name, value, no});
    } else if (StartsWithWord(line, "no-header")) {
      step.assertions.push_back(
          {Assertion::Kind::kNoHeader, std::string(Trim(line.substr(9))), "", no});
    } else if (StartsWithWord(line, "capture")) {
      const auto eq = line.find('=');
      if (eq == std::string_view::npos) throw ParseError{no, "expected: capture NAME = path"};
      const std::string name(Trim(line.substr(7, eq - 7)));
      const std::string path(Trim(line.substr(eq + 1)));
      if (name.empty() || path.empty() || name.find(':') != std::string::npos)
        throw ParseError{no, "expected: capture NAME = path"};
      step.captures.push_back({name, path, no});
    } else {
      if (!step.json.empty()) step.json += '\n';
      step.json += raw;
    }
  }
}

GoldenFile ParseFile(const std::string& text) {
  std::vector<std::string> lines;
  {
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      lines.push_back(line);
    }
  }
  GoldenFile file;
  std::size_t i = 0;
  while (i < lines.size()) {
    const std::string_view line = Trim(lines[i]);
    const int no = static_cast<int>(i) + 1;
    if (line.empty()) {
      ++i;
    } else if (line.starts_with("#")) {
      if (line.starts_with("# name:")) file.name = std::string(Trim(line.substr(7)));
      if (line.starts_with("# group:")) file.group = std::string(Trim(line.substr(8)));
      ++i;
    } else if (line == "snapshot") {
      file.steps.emplace_back(SnapshotStep{no});
      ++i;
    } else if (line == "unchanged") {
      file.steps.emplace_back(UnchangedStep{no});
      ++i;
    } else if (StartsWithWord(line, "import")) {
      std::vector<std::string> words;
      for (auto w : Split(line, ' ')) {
        if (!w.empty()) words.emplace_back(w);
      }
      if (words.size() != 3) throw ParseError{no, "expected: import onet|wages|projections PATH"};
      file.steps.emplace_back(ImportStep{no, words[1], words[2]});
      ++i;
    } else if (StartsWithWord(line, "advance")) {
      auto by = ParseDuration(Trim(line.substr(7)));
      if (!by) throw ParseError{no, "expected: advance <n>s|m|h|d"};
      file.steps.emplace_back(AdvanceStep{no, *by});
      ++i;
    } else if (StartsWithWord(line, "request")) {
      RequestStep step;
      step.line = no;
      std::vector<std::string> words;
      for (auto w : Split(line, ' ')) {
        if (!w.empty()) words.emplace_back(w);
      }
      if (words.size() < 3)
        throw ParseError{no, "expected: request METHOD TARGET [as CALLER] [no-csrf]"};
      step.method = words[1];
      step.target = words[2];
      for (std::size_t w = 3; w < words.size(); ++w) {
        if (words[w] == "as" && w + 1 < words.size()) {
          step.caller = words[++w];
        } else if (words[w] == "no-csrf") {
          step.no_csrf = true;
        } else {
          throw ParseError{no, "unexpected \"" + words[w] + "\" on the request line"};
        }
      }
      ++i;
      bool in_body = false;
      for (;; ++i) {
        if (i >= lines.size()) throw ParseError{step.line, "request without ---- and a status"};
        const std::string& raw = lines[i];
        if (Trim(raw) == "----") {
          ++i;
          break;
        }
        std::string name, value;
        if (Trim(raw).empty()) continue;  // blank lines in a request block are ignored
        if (!in_body && SplitHeader(raw, name, value)) {
          step.headers.emplace_back(name, value);
        } else {
          in_body = true;
          step.has_body = true;
          step.body_lines.push_back(raw);
        }
      }
      ParseExpectation(lines, i, step);
      file.steps.emplace_back(std::move(step));
    } else {
      throw ParseError{no, "unexpected line \"" + std::string(line) + "\""};
    }
  }
  return file;
}

// --- Running -------------------------------------------------------------------------------------

// Decodes "\xHH" and "\\" (the %bytes directive).
std::string DecodeBytes(std::string_view text, int line) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\') {
      out += text[i];
      continue;
    }
    if (i + 1 < text.size() && text[i + 1] == '\\') {
      out += '\\';
      ++i;
      continue;
    }
    unsigned value = 0;
    if (i + 3 >= text.size() || text[i + 1] != 'x' ||
        std::from_chars(text.data() + i + 2, text.data() + i + 4, value, 16).ptr !=
            text.data() + i + 4) {
      throw ParseError{line, "%bytes: expected \\xHH or \\\\"};
    }
    out += static_cast<char>(value);
    i += 3;
  }
  return out;
}

// A JSON value by path: "items[0].id", "items.0.id", "id"; nullptr when absent.
const Json* Lookup(const Json& root, std::string_view path) {
  const Json* cur = &root;
  std::string token;
  const auto step = [&]() -> bool {
    if (token.empty()) return true;
    if (cur->is_object()) {
      auto it = cur->find(token);
      if (it == cur->end()) return false;
      cur = &*it;
    } else if (cur->is_array()) {
      std::size_t index = 0;
      const auto r = std::from_chars(token.data(), token.data() + token.size(), index);
      if (r.ec != std::errc() || r.ptr != token.data() + token.size() || index >= cur->size())
        return false;
      cur = &(*cur)[index];
    } else {
      return false;
    }
    token.clear();
    return true;
  };
  for (char c : path) {
    if (c == '.' || c == '[' || c == ']') {
      if (!step()) return nullptr;
    } else {
      token += c;
    }
  }
  return step() ? cur : nullptr;
}

// True when `expected` is a subset of `actual` (objects: every expected key present and a subset;
// arrays: same length, element-wise subset; "*" matches any value). `why` names the first
// difference.
bool IsSubset(const Json& expected, const Json& actual, const std::string& path, std::string& why) {
  if (expected.is_string() && expected.get_ref<const std::string&>() == "*") return true;
  if (expected.is_object()) {
    if (!actual.is_object()) {
      why = path + ": expected an object, got " + actual.dump();
      return false;
    }
    for (const auto& [key, value] : expected.items()) {
      auto it = actual.find(key);
      if (it == actual.end()) {
        why = path + "." + key + ": missing";
        return false;
      }
      if (!IsSubset(value, *it, path + "." + key, why)) return false;
    }
    return true;
  }
  if (expected.is_array()) {
    if (!actual.is_array() || actual.size() != expected.size()) {
      why = path + ": expected an array of " + std::to_string(expected.size()) + ", got " +
            actual.dump();
      return false;
    }
    for (std::size_t i = 0; i < expected.size(); ++i) {
      if (!IsSubset(expected[i], actual[i], path + "[" + std::to_string(i) + "]", why))
        return false;
    }
    return true;
  }
  if (expected != actual) {
    why = path + ": expected " + expected.dump() + ", got " + actual.dump();
    return false;
  }
  return true;
}

std::string_view ResponseHeader(const http::Response& r, std::string_view name) {
  const std::string lower = ToLower(name);
  if (lower == "content-type") return r.content_type;
  for (const auto& [k, v] : r.headers) {
    if (ToLower(k) == lower) return v;
  }
  return {};
}

std::vector<std::string> ResponseHeaders(const http::Response& r, std::string_view name) {
  const std::string lower = ToLower(name);
  std::vector<std::string> out;
  if (lower == "content-type") {
    if (!r.content_type.empty()) out.push_back(r.content_type);
    return out;
  }
  for (const auto& [k, v] : r.headers) {
    if (ToLower(k) == lower) out.push_back(v);
  }
  return out;
}

bool HasResponseHeader(const http::Response& r, std::string_view name) {
  const std::string lower = ToLower(name);
  if (lower == "content-type") return !r.content_type.empty();
  return std::any_of(r.headers.begin(), r.headers.end(),
                     [&](const auto& h) { return ToLower(h.first) == lower; });
}

class Runner {
 public:
  Runner(std::string file_path) : file_(std::move(file_path)) {}

  void Run(const GoldenFile& golden) {
    for (const Step& step : golden.steps) {
      if (const auto* r = std::get_if<RequestStep>(&step)) {
        RunRequest(*r);
      } else if (const auto* a = std::get_if<AdvanceStep>(&step)) {
        app_.clock().Advance(a->by);
      } else if (const auto* im = std::get_if<ImportStep>(&step)) {
        const Status st = app_.Import(
            im->kind, fs::path(RESKILL_GOLDEN_DIR).parent_path().parent_path() / im->path);
        if (!st.ok()) {
          ADD_FAILURE_AT(file_.c_str(), im->line)
              << "import " << im->kind << " " << im->path << ": " << st.ToString() << " "
              << st.internal_detail();
        }
      } else if (std::holds_alternative<SnapshotStep>(step)) {
        snapshot_ = app_.Snapshot();
      } else if (const auto* u = std::get_if<UnchangedStep>(&step)) {
        if (!snapshot_) {
          ADD_FAILURE_AT(file_.c_str(), u->line) << "unchanged without a snapshot before it";
        } else {
          const auto same = SameData(*snapshot_, app_.Snapshot());
          if (!same) ADD_FAILURE_AT(file_.c_str(), u->line) << same.message();
        }
      }
      if (::testing::Test::HasFatalFailure()) return;
    }
  }

 private:
  // Replaces {{NAME}} with a capture or a built-in ({{id:ROLE[@TENANT]}}, {{tenant:SLUG}},
  // {{csrf:ROLE[@TENANT]}}, {{email:ROLE[@TENANT]}}, {{password:ROLE}}).
  std::string Substitute(std::string_view text, int line) {
    std::string out;
    std::size_t i = 0;
    while (true) {
      const auto open = text.find("{{", i);
      if (open == std::string_view::npos) {
        out += text.substr(i);
        return out;
      }
      const auto close = text.find("}}", open);
      if (close == std::string_view::npos) throw ParseError{line, "unclosed {{"};
      out += text.substr(i, open - i);
      out += Resolve(std::string(Trim(text.substr(open + 2, close - open - 2))), line);
      i = close + 2;
    }
  }

  std::string Resolve(const std::string& name, int line) {
    if (auto it = captures_.find(name); it != captures_.end()) return it->second;
    const auto colon = name.find(':');
    if (colon != std::string::npos) {
      const std::string kind = name.substr(0, colon);
      const auto [role, tenant] = SplitRole(name.substr(colon + 1));
      if (kind == "id") return app_.StaffIdOf(role, tenant);
      if (kind == "tenant") return app_.TenantIdOf(name.substr(colon + 1));
      if (kind == "csrf") return SessionOf(role, tenant).csrf;
      if (kind == "email") return TestApp::Email(role, tenant);
      if (kind == "password") return TestApp::Password(role);
    }
    throw ParseError{line, "unknown variable {{" + name + "}}"};
  }

  static std::pair<std::string, std::string> SplitRole(const std::string& text) {
    const auto at = text.find('@');
    if (at == std::string::npos) return {text, "demo"};
    return {text.substr(0, at), text.substr(at + 1)};
  }

  const Session& SessionOf(const std::string& role, const std::string& tenant) {
    const std::string key = role + "@" + tenant;
    auto it = sessions_.find(key);
    if (it == sessions_.end()) it = sessions_.emplace(key, app_.SignIn(role, tenant)).first;
    return it->second;
  }

  std::string BuildBody(const RequestStep& step) {
    std::string body;
    bool first = true;
    for (const auto& raw : step.body_lines) {
      const std::string line = Substitute(raw, step.line);
      const std::string_view view = line;
      if (view.starts_with("%repeat ")) {
        const auto rest = view.substr(8);
        const auto space = rest.find(' ');
        std::size_t n = 0;
        if (space == std::string_view::npos ||
            std::from_chars(rest.data(), rest.data() + space, n).ptr != rest.data() + space)
          throw ParseError{step.line, "expected: %repeat N TEXT"};
        for (std::size_t k = 0; k < n; ++k) body += rest.substr(space + 1);
      } else if (view.starts_with("%bytes ")) {
        body += DecodeBytes(view.substr(7), step.line);
      } else if (view.starts_with("%append ")) {
        body += view.substr(8);
      } else {
        if (!first) body += '\n';
        body += line;
      }
      first = false;
    }
    return body;
  }

  void RunRequest(const RequestStep& step) {
    const std::string where = file_ + ":" + std::to_string(step.line);
    SCOPED_TRACE(where + ": request " + step.method + " " + step.target + " as " + step.caller);
    const std::string target = Substitute(step.target, step.line);
    const std::string body = BuildBody(step);

    Headers headers;
    std::map<std::string, bool> given;  // lower-case names the file set (even to "")
    for (const auto& [name, value] : step.headers) {
      given[ToLower(name)] = true;
      if (!value.empty()) headers.emplace_back(name, Substitute(value, step.line));
    }
    const auto add_default = [&](const std::string& name, const std::string& value) {
      if (!given.count(ToLower(name))) headers.emplace_back(name, value);
    };
    if (step.caller.starts_with("token:")) {
      const std::string role = step.caller.substr(6);
      auto it = tokens_.find(role);
      if (it == tokens_.end()) it = tokens_.emplace(role, app_.ApiToken(role)).first;
      add_default("Authorization", "Bearer " + it->second.secret);
    } else if (step.caller != "anonymous") {
      const auto [role, tenant] = SplitRole(step.caller);
      const Session& s = SessionOf(role, tenant);
      add_default("Cookie", "reskill_session=" + s.cookie);
      if (!step.no_csrf) add_default("X-CSRF-Token", s.csrf);
    }
    if (!body.empty()) add_default("Content-Type", "application/json");

    const http::Response r = app_.Call(step.method, target, body, headers);
    if (r.status != step.status) {
      ADD_FAILURE_AT(file_.c_str(), step.status_line)
          << "expected status " << step.status << ", got " << r.status << "\nbody: " << r.body;
    }
    Json actual = JsonBody(r);
    if (!step.json.empty()) {
      const std::string expected_text = Substitute(step.json, step.status_line);
      const Json expected = Json::parse(expected_text, nullptr, false);
      if (expected.is_discarded()) {
        ADD_FAILURE_AT(file_.c_str(), step.status_line)
            << "the expected JSON does not parse: " << expected_text;
      } else if (actual.is_discarded()) {
        ADD_FAILURE_AT(file_.c_str(), step.status_line) << "the body is not JSON: " << r.body;
      } else if (std::string why; !IsSubset(expected, actual, "$", why)) {
        ADD_FAILURE_AT(file_.c_str(), step.status_line) << why << "\nbody: " << r.body;
      }
    }
    for (const auto& a : step.assertions) {
      const std::string text = Substitute(a.text, a.line);
      switch (a.kind) {
        case Assertion::Kind::kHtmlContains:
        case Assertion::Kind::kHtmlNotContains: {
          if (!r.content_type.starts_with("text/html")) {
            ADD_FAILURE_AT(file_.c_str(), a.line) << "not an HTML response: " << r.content_type;
          }
          const bool found = r.body.find(text) != std::string::npos;
          const bool want = a.kind == Assertion::Kind::kHtmlContains;
          if (found != want) {
            ADD_FAILURE_AT(file_.c_str(), a.line)
                << (want ? "missing: " : "present: ") << text << "\nbody: " << r.body;
          }
          break;
        }
        case Assertion::Kind::kBodyContains:
        case Assertion::Kind::kBodyNotContains: {
          const bool found = r.body.find(text) != std::string::npos;
          const bool want = a.kind == Assertion::Kind::kBodyContains;
          if (found != want) {
            ADD_FAILURE_AT(file_.c_str(), a.line)
                << (want ? "missing: " : "present: ") << text << "\nbody: " << r.body;
          }
          break;
        }
        case Assertion::Kind::kHeader: {
          // Any header of that name may match (a response can set several cookies).
          std::string seen;
          bool found = false;
          for (const auto& value : ResponseHeaders(r, a.name)) {
            found = found || value.find(text) != std::string::npos;
            seen += "\n  " + value;
          }
          if (!found) {
            ADD_FAILURE_AT(file_.c_str(), a.line)
                << "no header " << a.name << " contains \"" << text << "\"; got:" << seen;
          }
          break;
        }
        case Assertion::Kind::kNoHeader:
          if (HasResponseHeader(r, a.name)) {
            ADD_FAILURE_AT(file_.c_str(), a.line)
                << "unexpected header " << a.name << ": " << ResponseHeader(r, a.name);
          }
          break;
      }
    }
    for (const auto& c : step.captures) {
      if (c.path.starts_with("header ")) {
        const std::string name(Trim(std::string_view(c.path).substr(7)));
        if (!HasResponseHeader(r, name)) {
          ADD_FAILURE_AT(file_.c_str(), c.line) << "no header " << name << " to capture";
        }
        captures_[c.name] = std::string(ResponseHeader(r, name));
        continue;
      }
      const Json* value = actual.is_discarded() ? nullptr : Lookup(actual, c.path);
      if (!value) {
        ADD_FAILURE_AT(file_.c_str(), c.line) << "nothing at " << c.path << " in " << r.body;
        captures_[c.name] = "";
      } else {
        captures_[c.name] = value->is_string() ? value->get<std::string>() : value->dump();
      }
    }
  }

  std::string file_;
  TestApp app_;
  std::map<std::string, std::string> captures_;
  std::map<std::string, Session> sessions_;
  std::map<std::string, IssuedToken> tokens_;
  std::optional<TableSnapshot> snapshot_;
};

// --- Discovery -----------------------------------------------------------------------------------

std::vector<std::string> GoldenFiles() {
  std::vector<std::string> out;
  const fs::path root = RESKILL_GOLDEN_DIR;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_regular_file() && entry.path().extension() == ".test") {
      out.push_back(fs::relative(entry.path(), root).generic_string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string CaseName(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param.substr(0, info.param.size() - 5);  // without ".test"
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

class GoldenTest : public ::testing::TestWithParam<std::string> {};

TEST_P(GoldenTest, Run) {
  const std::string relative = GetParam();
  const std::string path = std::string(RESKILL_GOLDEN_DIR) + "/" + relative;
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in) << "cannot read " << path;
  std::stringstream text;
  text << in.rdbuf();
  try {
    const GoldenFile golden = ParseFile(text.str());
    EXPECT_EQ(golden.name, "tests/http/" + relative)
        << path << ": the # name: header must be the file's path";
    EXPECT_FALSE(golden.group.empty()) << path << ": a # group: header is required";
    EXPECT_FALSE(golden.steps.empty()) << path << ": no requests";
    Runner runner(path);
    runner.Run(golden);
  } catch (const ParseError& e) {
    ADD_FAILURE_AT(path.c_str(), e.line) << e.message;
  }
}

INSTANTIATE_TEST_SUITE_P(Files, GoldenTest, ::testing::ValuesIn(GoldenFiles()), CaseName);

// The runner's own building blocks, so that a broken comparison cannot pass every golden file.
TEST(GoldenRunnerTest, SubsetComparison) {
  std::string why;
  const Json actual = Json::parse(R"({"a": 1, "b": {"c": [1, {"d": "x", "e": 2}]}, "f": null})");
  EXPECT_TRUE(IsSubset(Json::parse(R"({"a": 1})"), actual, "$", why));
  EXPECT_TRUE(IsSubset(Json::parse(R"({"b": {"c": [1, {"d": "x"}]}})"), actual, "$", why));
  EXPECT_TRUE(IsSubset(Json::parse(R"({"a": "*", "f": null})"), actual, "$", why));
  EXPECT_FALSE(IsSubset(Json::parse(R"({"a": 2})"), actual, "$", why));
  EXPECT_EQ(why, "$.a: expected 2, got 1");
  EXPECT_FALSE(IsSubset(Json::parse(R"({"z": "*"})"), actual, "$", why));
  EXPECT_FALSE(IsSubset(Json::parse(R"({"b": {"c": [1]}})"), actual, "$", why));
  EXPECT_FALSE(IsSubset(Json::parse(R"({"b": {"c": [1, {"d": "y"}]}})"), actual, "$", why));
  EXPECT_EQ(why, "$.b.c[1].d: expected \"y\", got \"x\"");
  EXPECT_FALSE(IsSubset(Json::parse(R"({"a": "1"})"), actual, "$", why));
}

TEST(GoldenRunnerTest, LookupAndBytes) {
  const Json doc = Json::parse(R"({"items": [{"id": "7"}, {"id": "9"}]})");
  ASSERT_NE(Lookup(doc, "items[1].id"), nullptr);
  EXPECT_EQ(*Lookup(doc, "items[1].id"), "9");
  EXPECT_EQ(*Lookup(doc, "items.0.id"), "7");
  EXPECT_EQ(Lookup(doc, "items[2].id"), nullptr);
  EXPECT_EQ(Lookup(doc, "nope"), nullptr);
  EXPECT_EQ(DecodeBytes(R"(a\xff\x00b\\x)", 1),
            std::string("a\xff", 2) + std::string(1, '\0') + "b\\x");
  EXPECT_THROW(DecodeBytes(R"(\xZZ)", 1), ParseError);
}

TEST(GoldenRunnerTest, ParsesTheFormat) {
  const GoldenFile f = ParseFile(
      "# name: x\n# group: [g]\n\nrequest POST /p?q=1 as token:admin no-csrf\nX-A: b\n{\"k\":\n"
      "%repeat 3 ab\n%append }\n----\n201 {\"id\": \"*\"}\nhtml-contains: <p>\nheader Allow: GET\n"
      "capture id = items[0].id\n\nadvance 61m\nsnapshot\nunchanged\n");
  EXPECT_EQ(f.name, "x");
  EXPECT_EQ(f.group, "[g]");
  ASSERT_EQ(f.steps.size(), 4u);
  const auto& r = std::get<RequestStep>(f.steps[0]);
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.target, "/p?q=1");
  EXPECT_EQ(r.caller, "token:admin");
  EXPECT_TRUE(r.no_csrf);
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.headers[0].second, "b");
  EXPECT_EQ(r.body_lines.size(), 3u);
  EXPECT_EQ(r.status, 201);
  EXPECT_EQ(r.json, "{\"id\": \"*\"}");
  EXPECT_EQ(r.assertions.size(), 2u);
  ASSERT_EQ(r.captures.size(), 1u);
  EXPECT_EQ(r.captures[0].path, "items[0].id");
  EXPECT_EQ(std::get<AdvanceStep>(f.steps[1]).by, std::chrono::minutes(61));
  EXPECT_THROW(ParseFile("request GET /x\n"), ParseError);
  EXPECT_THROW(ParseFile("request GET /x\n----\nabc\n"), ParseError);
  EXPECT_THROW(ParseFile("bogus\n"), ParseError);
}

}  // namespace
}  // namespace reskill::test
