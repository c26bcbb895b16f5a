// IdGenerator port: makes new record ids. Implementations are thread-safe.
#pragma once

#include <cstdint>

namespace reskill::app {

class IdGenerator {
 public:
  virtual ~IdGenerator() = default;
  /// A new positive id, unique with overwhelming probability across processes and roughly
  /// increasing with time (time-ordered keys keep B-tree inserts cheap).
  virtual std::int64_t Next() = 0;
};

}  // namespace reskill::app
