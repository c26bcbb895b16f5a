// Files embedded into the binary at build time by cmake/Embed.cmake (SQL, templates, catalogs).
#pragma once

#include <span>
#include <string_view>

namespace reskill {

/// One embedded file: its path relative to the embedding folder and its bytes (static storage).
struct EmbeddedFile {
  std::string_view path;
  std::string_view content;
};

}  // namespace reskill
