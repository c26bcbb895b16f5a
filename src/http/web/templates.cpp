#include "http/web/templates.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>

#include <kainjow/mustache.hpp>
#include <nlohmann/json.hpp>

#include "common/embedded.hpp"

namespace reskill {
std::span<const EmbeddedFile> EmbeddedTemplates();
std::span<const EmbeddedFile> EmbeddedMessages();
}  // namespace reskill

namespace reskill::http {

namespace {

namespace mu = kainjow::mustache;

mu::data ToData(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::object: {
      mu::data d{mu::data::type::object};
      for (const auto& [k, v] : j.items()) d.set(k, ToData(v));
      return d;
    }
    case nlohmann::json::value_t::array: {
      mu::data d{mu::data::type::list};
      for (const auto& v : j) d.push_back(ToData(v));
      return d;
    }
    case nlohmann::json::value_t::string: return mu::data{j.get<std::string>()};
    case nlohmann::json::value_t::boolean:
      return j.get<bool>() ? mu::data{mu::data::type::bool_true}
                           : mu::data{mu::data::type::bool_false};
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
      return mu::data{std::to_string(j.get<long long>())};
    case nlohmann::json::value_t::number_float: return mu::data{j.dump()};
    default: return mu::data{mu::data::type::bool_false};
  }
}

void CollectKeys(const nlohmann::json& j, const std::string& prefix,
                 std::vector<std::string>& out) {
  for (const auto& [k, v] : j.items()) {
    if (v.is_object()) {
      CollectKeys(v, prefix + k + ".", out);
    } else {
      out.push_back(prefix + k);
    }
  }
}

}  // namespace

struct Templates::Impl {
  std::map<std::string, std::string, std::less<>> templates;
  std::map<std::string, nlohmann::json, std::less<>> catalogs;  // locale → messages
};

Templates::~Templates() = default;

Templates::Templates() {
  auto impl = std::make_unique<Impl>();
  auto& templates_ = impl->templates;
  auto& catalogs_ = impl->catalogs;
  for (const auto& f : EmbeddedTemplates()) {
    std::string name(f.path);
    if (name.ends_with(".mustache")) name.resize(name.size() - 9);
    mu::mustache check{std::string(f.content)};
    if (!check.is_valid())
      throw std::logic_error("template " + name + ": " + check.error_message());
    templates_.emplace(name, std::string(f.content));
  }
  // Catalogs are split by area: messages/<area>.<locale>.json, merged per locale. An area owns
  // its top-level keys, so two areas defining the same key is a defect.
  std::map<std::string, std::vector<std::string>> keys;
  for (const auto& f : EmbeddedMessages()) {
    const std::string file(f.path);
    const auto last = file.rfind('.');
    const auto prev = file.rfind('.', last - 1);
    if (last == std::string::npos || prev == std::string::npos) {
      throw std::logic_error("message catalog " + file + " is not named <area>.<locale>.json");
    }
    const std::string locale = file.substr(prev + 1, last - prev - 1);
    auto parsed = nlohmann::json::parse(f.content);  // throws on a malformed catalog
    auto& merged = catalogs_[locale];
    if (merged.is_null()) merged = nlohmann::json::object();
    for (const auto& [k, v] : parsed.items()) {
      if (merged.contains(k))
        throw std::logic_error("message key " + k + " defined twice (" + file + ")");
      merged[k] = v;
    }
    CollectKeys(parsed, "", keys[locale]);
  }
  for (auto& [locale, list] : keys) std::sort(list.begin(), list.end());
  if (keys.size() < 2 || keys["en"] != keys["es"]) {
    throw std::logic_error("message catalogs en and es must have the same keys");
  }
  impl_ = std::move(impl);
}

std::string Templates::Render(std::string_view name, const nlohmann::json& model,
                              std::string_view locale) const {
  auto it = impl_->templates.find(name);
  if (it == impl_->templates.end()) throw std::logic_error("no template " + std::string(name));
  auto catalog = impl_->catalogs.find(locale);
  if (catalog == impl_->catalogs.end()) catalog = impl_->catalogs.find("en");
  nlohmann::json full = model;
  full["t"] = catalog->second;
  full["lang"] = catalog->first;
  // Parsed per render: kainjow's render() is not const, and pages are not a hot path.
  mu::mustache tmpl{it->second};
  return tmpl.render(ToData(full));
}

std::string Templates::Message(std::string_view locale, std::string_view key) const {
  auto catalog = impl_->catalogs.find(locale);
  if (catalog == impl_->catalogs.end()) catalog = impl_->catalogs.find("en");
  const nlohmann::json* node = &catalog->second;
  std::size_t start = 0;
  while (start <= key.size()) {
    const auto dot = key.find('.', start);
    const std::string part(
        key.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (!node->is_object() || !node->contains(part)) return std::string(key);
    node = &(*node)[part];
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return node->is_string() ? node->get<std::string>() : std::string(key);
}

}  // namespace reskill::http
