// Page rendering: mustache templates (escaping by default) and the English/Spanish message
// catalogs, all embedded in the binary. Parsed and checked once at start; thread-safe reads.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

namespace reskill::http {

class Templates {
 public:
  /// Loads every embedded template and catalog. Throws std::logic_error when a template does not
  /// parse or the catalogs do not have the same keys (a build defect, caught by the tests).
  Templates();

  /// Renders template `name` (e.g. "staff_list") with `model`; `model["t"]` is set to the
  /// catalog of `locale`, so templates write {{t.nav.home}}.
  std::string Render(std::string_view name, const nlohmann::json& model,
                     std::string_view locale) const;
  /// One message, or the key itself when missing.
  std::string Message(std::string_view locale, std::string_view key) const;

  ~Templates();
  Templates(const Templates&) = delete;
  Templates& operator=(const Templates&) = delete;

 private:
  struct Impl;
  std::unique_ptr<const Impl> impl_;
};

}  // namespace reskill::http
