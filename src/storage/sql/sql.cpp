#include "storage/sql/sql.hpp"

#include <charconv>

namespace reskill::storage {

SqlValue OptionalTime(const std::optional<Timestamp>& t) {
  if (!t) return std::monostate{};
  return ToUnixMillis(*t);
}

SqlValue TimeValue(Timestamp t) {
  return ToUnixMillis(t);
}

std::int64_t SqlRow::Int(std::size_t i) const {
  const SqlValue& v = values.at(i);
  if (const auto* n = std::get_if<std::int64_t>(&v)) return *n;
  if (const auto* d = std::get_if<double>(&v)) return static_cast<std::int64_t>(*d);
  if (const auto* s = std::get_if<std::string>(&v)) {
    std::int64_t out = 0;
    std::from_chars(s->data(), s->data() + s->size(), out);
    return out;
  }
  return 0;
}

double SqlRow::Real(std::size_t i) const {
  const SqlValue& v = values.at(i);
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* n = std::get_if<std::int64_t>(&v)) return static_cast<double>(*n);
  return 0.0;
}

std::string SqlRow::Text(std::size_t i) const {
  const SqlValue& v = values.at(i);
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* n = std::get_if<std::int64_t>(&v)) return std::to_string(*n);
  return {};
}

std::optional<Timestamp> SqlRow::OptTime(std::size_t i) const {
  if (IsNull(i)) return std::nullopt;
  return Time(i);
}

}  // namespace reskill::storage
