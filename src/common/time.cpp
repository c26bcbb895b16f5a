#include "common/time.hpp"

#include <charconv>
#include <ctime>

#include <fmt/format.h>

namespace reskill {

std::string FormatIso8601(Timestamp t) {
  const std::int64_t ms = ToUnixMillis(t);
  std::int64_t secs = ms / 1000;
  std::int64_t frac = ms % 1000;
  if (frac < 0) {
    frac += 1000;
    secs -= 1;
  }
  const std::time_t tt = static_cast<std::time_t>(secs);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, frac);
}

namespace {

bool ReadInt(std::string_view text, std::size_t pos, std::size_t len, int& out) {
  if (pos + len > text.size()) return false;
  for (std::size_t i = pos; i < pos + len; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  auto r = std::from_chars(text.data() + pos, text.data() + pos + len, out);
  return r.ec == std::errc();
}

// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm, public domain description).
std::int64_t DaysFromCivil(int y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<std::int64_t>(era) * 146097 + doe - 719468;
}

}  // namespace

std::optional<Timestamp> ParseIso8601(std::string_view text) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (!ReadInt(text, 0, 4, y) || text.size() < 10 || text[4] != '-' || !ReadInt(text, 5, 2, mo) ||
      text[7] != '-' || !ReadInt(text, 8, 2, d)) {
    return std::nullopt;
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return std::nullopt;
  std::int64_t ms = 0;
  std::int64_t offset_minutes = 0;
  if (text.size() > 10) {
    if (text[10] != 'T' || !ReadInt(text, 11, 2, h) || text.size() < 19 || text[13] != ':' ||
        !ReadInt(text, 14, 2, mi) || text[16] != ':' || !ReadInt(text, 17, 2, s)) {
      return std::nullopt;
    }
    if (h > 23 || mi > 59 || s > 60) return std::nullopt;
    std::size_t pos = 19;
    if (pos < text.size() && text[pos] == '.') {
      ++pos;
      int digits = 0;
      std::int64_t frac = 0;
      while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
        if (digits < 3) frac = frac * 10 + (text[pos] - '0');
        ++digits;
        ++pos;
      }
      if (digits == 0) return std::nullopt;
      for (int i = digits; i < 3; ++i) frac *= 10;
      ms = frac;
    }
    if (pos == text.size()) return std::nullopt;  // a time needs a zone
    if (text[pos] == 'Z') {
      if (pos + 1 != text.size()) return std::nullopt;
    } else if (text[pos] == '+' || text[pos] == '-') {
      int oh = 0, om = 0;
      if (!ReadInt(text, pos + 1, 2, oh) || pos + 6 != text.size() || text[pos + 3] != ':' ||
          !ReadInt(text, pos + 4, 2, om)) {
        return std::nullopt;
      }
      offset_minutes = (oh * 60 + om) * (text[pos] == '+' ? 1 : -1);
    } else {
      return std::nullopt;
    }
  }
  const std::int64_t days = DaysFromCivil(y, mo, d);
  const std::int64_t total =
      ((days * 24 + h) * 60 + mi - offset_minutes) * 60 * 1000 + s * 1000LL + ms;
  return FromUnixMillis(total);
}

}  // namespace reskill
