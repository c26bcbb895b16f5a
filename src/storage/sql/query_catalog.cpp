#include "storage/sql/query_catalog.hpp"

#include <stdexcept>

#include "common/strings.hpp"

namespace reskill {
std::span<const EmbeddedFile> EmbeddedSqlQueries();
}

namespace reskill::storage {

std::span<const EmbeddedFile> SqlQueryFiles() {
  return EmbeddedSqlQueries();
}

namespace {

struct Block {
  std::string name;
  std::string dialect;
  std::string doc;
  std::string sql;
};

void Finish(Block& block, std::vector<Block>& out, std::string_view file) {
  if (block.name.empty()) return;
  if (block.doc.empty()) {
    throw std::logic_error("query " + block.name + " in " + std::string(file) + " has no -- doc:");
  }
  const auto trimmed = Trim(block.sql);
  if (trimmed.empty()) throw std::logic_error("query " + block.name + " is empty");
  block.sql = std::string(trimmed);
  if (block.sql.back() == ';') block.sql.pop_back();
  out.push_back(std::move(block));
  block = Block{};
}

}  // namespace

QueryCatalog::QueryCatalog(std::span<const EmbeddedFile> files, std::string_view dialect)
    : dialect_(dialect) {
  std::vector<Block> blocks;
  for (const auto& file : files) {
    Block current;
    for (auto line : Split(file.content, '\n')) {
      const auto t = Trim(line);
      if (t.starts_with("-- name:")) {
        Finish(current, blocks, file.path);
        current.name = std::string(Trim(t.substr(8)));
      } else if (t.starts_with("-- doc:")) {
        current.doc = std::string(Trim(t.substr(7)));
      } else if (t.starts_with("-- dialect:")) {
        current.dialect = std::string(Trim(t.substr(11)));
      } else if (t.starts_with("--") || (current.name.empty() && t.empty())) {
        continue;
      } else if (!current.name.empty()) {
        current.sql += line;
        current.sql += '\n';
      } else {
        throw std::logic_error("SQL outside a named query in " + std::string(file.path));
      }
    }
    Finish(current, blocks, file.path);
  }
  std::unordered_map<std::string, bool> overridden;
  for (const auto& b : blocks) {
    if (!b.dialect.empty() && b.dialect != "sqlite" && b.dialect != "postgres") {
      throw std::logic_error("query " + b.name + " has unknown dialect " + b.dialect);
    }
    if (!b.dialect.empty() && b.dialect != dialect) continue;
    const bool specific = !b.dialect.empty();
    auto it = overridden.find(b.name);
    if (it != overridden.end() && (it->second || !specific)) {
      if (it->second == specific) throw std::logic_error("duplicate query " + b.name);
      continue;  // a dialect-specific block wins over the portable one
    }
    overridden[b.name] = specific;
    storage_.push_back(b.name);
    const std::string& name = storage_.back();
    storage_.push_back(b.sql);
    const std::string& sql = storage_.back();
    queries_[name] = NamedQuery{name, sql};
  }
}

const NamedQuery& QueryCatalog::Get(std::string_view name) const {
  auto it = queries_.find(name);
  if (it == queries_.end()) throw std::logic_error("unknown query " + std::string(name));
  return it->second;
}

}  // namespace reskill::storage
