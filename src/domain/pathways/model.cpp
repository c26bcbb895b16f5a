#include "domain/pathways/model.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <thread>

namespace reskill::domain::pathways {

namespace {

using catalog::ElementKind;

// One block of features before normalisation: per node, (feature, raw weight) pairs.
struct RawBlock {
  std::string name;
  double weight = 0;
  std::size_t features = 0;
  std::vector<std::map<std::uint32_t, double>> values;  // per node
  bool idf = false;     // weight features by inverse document frequency (sets)
  bool centre = false;  // subtract each feature's mean over nodes (rated descriptors)
};

// Words too common in job titles to say anything about the work.
constexpr std::string_view kTitleStopWords[] = {
    "and", "the", "for", "with", "all", "other", "except", "of",  "or", "in", "to",
    "a",   "an",  "on",  "at",   "by",  "as",    "ii",     "iii", "iv", "i"};

bool IsStopWord(std::string_view w) {
  return std::find(std::begin(kTitleStopWords), std::end(kTitleStopWords), w) !=
         std::end(kTitleStopWords);
}

// Lower-case ASCII words of a title, each with a plural "s" removed ("Nurses" → "nurse").
std::vector<std::string> TitleWords(std::string_view title) {
  std::vector<std::string> out;
  std::string word;
  const auto flush = [&] {
    if (word.size() > 3 && word.back() == 's' && word[word.size() - 2] != 's') word.pop_back();
    if (word.size() >= 2 && !IsStopWord(word)) out.push_back(word);
    word.clear();
  };
  for (char c : title) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) != 0) {
      word += static_cast<char>(std::tolower(u));
    } else {
      flush();
    }
  }
  flush();
  return out;
}

// The median category of a distribution of percentages over categories (O*NET RL scale).
double MedianCategory(std::vector<std::pair<int, double>> dist) {
  std::sort(dist.begin(), dist.end());
  double total = 0;
  for (const auto& [c, p] : dist) total += p;
  if (total <= 0) return 0;
  double cumulative = 0;
  for (const auto& [c, p] : dist) {
    cumulative += p;
    if (cumulative >= total / 2) return c;
  }
  return dist.back().first;
}

float Dot(const float* a, const float* b, std::size_t n) {
  float s = 0;
  for (std::size_t k = 0; k < n; ++k) s += a[k] * b[k];
  return s;
}

}  // namespace

StatusOr<Model> Model::Build(const ModelInputs& in, const ModelWeights& weights) {
  Model m;
  m.weights_ = weights;
  m.release_ = in.release;

  // Elements that are rated, in a stable order (kind, then id).
  std::map<std::string, const catalog::Element*> element_by_id;
  for (const auto& e : in.elements) element_by_id[e.id] = &e;
  std::set<std::pair<int, std::string>> rated;
  std::set<std::string> skill_rated;
  for (const auto& r : in.ratings) {
    if (r.suppressed) continue;
    auto it = element_by_id.find(r.element_id);
    if (it == element_by_id.end()) continue;
    rated.insert({static_cast<int>(it->second->kind), r.element_id});
    if (it->second->kind == ElementKind::kSkill) skill_rated.insert(r.occupation_code);
  }
  for (const auto& [kind, id] : rated) {
    const auto* e = element_by_id.at(id);
    m.element_index_[id] = m.elements_.size();
    m.elements_.push_back({id, e->name, e->kind});
  }
  const std::size_t E = m.elements_.size();

  // Nodes: occupations O*NET rates for skills, by code.
  std::vector<const catalog::Occupation*> occupations;
  for (const auto& o : in.occupations) {
    if (skill_rated.count(o.code) != 0) occupations.push_back(&o);
  }
  std::sort(occupations.begin(), occupations.end(),
            [](const auto* a, const auto* b) { return a->code < b->code; });
  if (occupations.empty()) {
    return FailedPrecondition(
        "no occupation has O*NET skill ratings; import an O*NET release first");
  }
  const std::size_t N = occupations.size();
  for (const auto* o : occupations) {
    Node n;
    n.code = o->code;
    n.title = o->title;
    n.job_zone = o->job_zone;
    n.importance.assign(E, 0.0f);
    n.level.assign(E, 0.0f);
    if (auto it = in.labour.find(o->code); it != in.labour.end()) n.labour = it->second;
    m.index_[o->code] = m.nodes_.size();
    m.nodes_.push_back(std::move(n));
  }
  for (const auto& r : in.ratings) {
    if (r.suppressed) continue;
    auto node = m.index_.find(r.occupation_code);
    auto element = m.element_index_.find(r.element_id);
    if (node == m.index_.end() || element == m.element_index_.end()) continue;
    Node& n = m.nodes_[node->second];
    n.importance[element->second] = static_cast<float>(r.importance);
    n.level[element->second] = r.not_relevant ? 0.0f : static_cast<float>(r.level);
  }
  for (auto& n : m.nodes_) {
    for (std::uint32_t e = 0; e < E; ++e) {
      if (n.importance[e] >= weights.transition.important_threshold) n.important.push_back(e);
    }
    std::stable_sort(n.important.begin(), n.important.end(), [&](std::uint32_t a, std::uint32_t b) {
      return n.importance[a] > n.importance[b];
    });
  }

  // Typical required education (RL, "2.D.1").
  {
    std::map<std::string, std::vector<std::pair<int, double>>> rl;
    for (const auto& e : in.education) {
      if (e.scale_id == "RL") rl[e.occupation_code].push_back({e.category, e.percent});
    }
    for (auto& [code, dist] : rl) {
      if (auto it = m.index_.find(code); it != m.index_.end()) {
        m.nodes_[it->second].education = MedianCategory(std::move(dist));
      }
    }
  }

  // ---- Feature blocks --------------------------------------------------------------------------
  const SimilarityWeights& w = weights.similarity;
  std::vector<RawBlock> blocks;
  // Rated descriptors: x = sqrt(importance' × level'), importance' = (IM − 1)/4, level' = LV/7, so
  // an element counts only when it is both important and needed at some level.
  const std::pair<ElementKind, std::pair<const char*, double>> kinds[] = {
      {ElementKind::kSkill, {"skills", w.skills}},
      {ElementKind::kKnowledge, {"knowledge", w.knowledge}},
      {ElementKind::kAbility, {"abilities", w.abilities}},
      {ElementKind::kWorkActivity, {"work_activities", w.work_activities}}};
  for (const auto& [kind, name_weight] : kinds) {
    RawBlock b{name_weight.first,
               name_weight.second,
               0,
               std::vector<std::map<std::uint32_t, double>>(N),
               false,
               true};
    std::vector<std::uint32_t> members;
    for (std::uint32_t e = 0; e < E; ++e) {
      if (m.elements_[e].kind == kind) members.push_back(e);
    }
    if (members.empty() || b.weight <= 0) continue;
    b.features = members.size();
    for (std::size_t i = 0; i < N; ++i) {
      const Node& n = m.nodes_[i];
      for (std::uint32_t f = 0; f < members.size(); ++f) {
        const double im = std::clamp((n.importance[members[f]] - 1.0) / 4.0, 0.0, 1.0);
        const double lv = std::clamp(n.level[members[f]] / 7.0, 0.0, 1.0);
        b.values[i][f] = std::sqrt(im * lv);
      }
    }
    blocks.push_back(std::move(b));
  }
  // Set-valued content, as feature ids interned per block.
  const auto set_block = [&](const char* name, double weight) {
    blocks.push_back(
        RawBlock{name, weight, 0, std::vector<std::map<std::uint32_t, double>>(N), true, false});
  };
  const auto interner = [] { return std::unordered_map<std::string, std::uint32_t>(); };
  {
    set_block("detailed_activities", w.detailed_activities);
    set_block("intermediate_activities", w.intermediate_activities);
    const std::size_t dwa_block = blocks.size() - 2, iwa_block = blocks.size() - 1;
    auto dwa_ids = interner();
    auto iwa_ids = interner();
    for (const auto& [code, d] : in.work_activities) {
      auto node = m.index_.find(code);
      if (node == m.index_.end()) continue;
      const auto f = dwa_ids.emplace(d.dwa_id, static_cast<std::uint32_t>(dwa_ids.size())).first;
      blocks[dwa_block].values[node->second][f->second] = 1;
      if (!d.iwa_id.empty()) {
        const auto g = iwa_ids.emplace(d.iwa_id, static_cast<std::uint32_t>(iwa_ids.size())).first;
        blocks[iwa_block].values[node->second][g->second] = 1;
      }
    }
    blocks[dwa_block].features = dwa_ids.size();
    blocks[iwa_block].features = iwa_ids.size();
  }
  {
    set_block("technology", w.technology);
    set_block("technology_examples", w.technology_examples);
    const std::size_t cls = blocks.size() - 2, ex = blocks.size() - 1;
    auto cls_ids = interner(), ex_ids = interner();
    for (const auto& t : in.technology) {
      auto node = m.index_.find(t.occupation_code);
      if (node == m.index_.end()) continue;
      const auto f =
          cls_ids.emplace(t.commodity_code, static_cast<std::uint32_t>(cls_ids.size())).first;
      blocks[cls].values[node->second][f->second] = 1;
      const auto g = ex_ids.emplace(t.example, static_cast<std::uint32_t>(ex_ids.size())).first;
      blocks[ex].values[node->second][g->second] = 1;
    }
    blocks[cls].features = cls_ids.size();
    blocks[ex].features = ex_ids.size();
  }
  {
    set_block("titles", w.titles);
    const std::size_t tb = blocks.size() - 1;
    auto ids = interner();
    const auto add = [&](std::size_t node, std::string_view title) {
      for (const auto& word : TitleWords(title)) {
        const auto f = ids.emplace(word, static_cast<std::uint32_t>(ids.size())).first;
        blocks[tb].values[node][f->second] += 1;
      }
    };
    for (std::size_t i = 0; i < N; ++i) add(i, m.nodes_[i].title);
    for (const auto& t : in.alternate_titles) {
      if (auto node = m.index_.find(t.occupation_code); node != m.index_.end()) {
        add(node->second, t.title);
      }
    }
    // Many alternate titles repeat a word: damp the count (1 + ln count).
    for (auto& v : blocks[tb].values) {
      for (auto& [f, c] : v) c = 1 + std::log(c);
    }
    blocks[tb].features = ids.size();
  }
  {
    set_block("soc_family", w.soc_family);
    const std::size_t sb = blocks.size() - 1;
    auto ids = interner();
    for (std::size_t i = 0; i < N; ++i) {
      const std::string& code = m.nodes_[i].code;  // "41-2031.00"
      for (const std::string& key : {"minor:" + code.substr(0, 4), "broad:" + code.substr(0, 6)}) {
        const auto f = ids.emplace(key, static_cast<std::uint32_t>(ids.size())).first;
        blocks[sb].values[i][f->second] = 1;
      }
    }
    blocks[sb].features = ids.size();
  }

  // Drop blocks without content or weight, and renormalise the weights of the rest to sum to 1.
  std::erase_if(blocks, [](const RawBlock& b) { return b.features == 0 || b.weight <= 0; });
  double total_weight = 0;
  for (const auto& b : blocks) total_weight += b.weight;

  // Each block: idf or centring, then per-node L2 normalisation, then × sqrt(weight / total).
  constexpr std::size_t kMaxDenseFeatures = 160;
  for (auto& b : blocks) {
    if (b.idf) {
      std::vector<double> df(b.features, 0);
      for (const auto& v : b.values) {
        for (const auto& [f, x] : v) df[f] += 1;
      }
      for (auto& v : b.values) {
        for (auto it = v.begin(); it != v.end();) {
          const double idf = std::log(static_cast<double>(N) / df[it->first]);
          if (idf <= 1e-9) {
            it = v.erase(it);  // a feature every occupation has says nothing
          } else {
            it->second *= idf;
            ++it;
          }
        }
      }
    }
    if (b.centre) {
      std::vector<double> mean(b.features, 0);
      for (const auto& v : b.values) {
        for (const auto& [f, x] : v) mean[f] += x;
      }
      for (auto& x : mean) x /= static_cast<double>(N);
      // Double centring: after removing the profile every occupation shares (the column means),
      // remove each occupation's own mean deviation too, i.e. its overall level of complexity.
      // Similarity then compares the kind of work; the level is judged, asymmetrically, by the
      // shortfall and job-zone factors of a move (recommend.hpp) instead of counting twice.
      for (auto& v : b.values) {
        double row = 0;
        for (std::uint32_t f = 0; f < b.features; ++f) {
          v[f] -= mean[f];
          row += v[f];
        }
        row /= static_cast<double>(b.features);
        for (std::uint32_t f = 0; f < b.features; ++f) v[f] -= row;
      }
    }
    const double scale = std::sqrt(b.weight / total_weight);
    for (auto& v : b.values) {
      double norm = 0;
      for (const auto& [f, x] : v) norm += x * x;
      norm = std::sqrt(norm);
      for (auto& [f, x] : v) x = norm > 0 ? x / norm * scale : 0;
    }
  }

  // Lay out: small blocks dense, large (sparse) blocks as postings.
  for (const auto& b : blocks) {
    if (b.features <= kMaxDenseFeatures) {
      m.dense_blocks_.push_back({b.name, {m.dims_, b.features}});
      m.dims_ += b.features;
    }
  }
  m.dense_.assign(N * m.dims_, 0.0f);
  for (const auto& b : blocks) {
    if (b.features <= kMaxDenseFeatures) {
      const auto it = std::find_if(m.dense_blocks_.begin(), m.dense_blocks_.end(),
                                   [&](const auto& d) { return d.first == b.name; });
      const std::size_t offset = it->second.first;
      for (std::size_t i = 0; i < N; ++i) {
        for (const auto& [f, x] : b.values[i]) {
          m.dense_[i * m.dims_ + offset + f] = static_cast<float>(x);
        }
      }
      continue;
    }
    SparseBlock s;
    s.name = b.name;
    s.by_node.resize(N);
    s.postings.resize(b.features);
    for (std::size_t i = 0; i < N; ++i) {
      for (const auto& [f, x] : b.values[i]) {
        if (x == 0) continue;
        s.by_node[i].push_back({f, static_cast<float>(x)});
        s.postings[f].push_back({static_cast<std::uint32_t>(i), static_cast<float>(x)});
      }
    }
    m.sparse_.push_back(std::move(s));
  }
  m.dense_t_.assign(N * m.dims_, 0.0f);
  for (std::size_t i = 0; i < N; ++i) {
    for (std::size_t k = 0; k < m.dims_; ++k) m.dense_t_[k * N + i] = m.dense_[i * m.dims_ + k];
  }
  return m;
}

std::optional<std::size_t> Model::Find(std::string_view code) const {
  auto it = index_.find(std::string(code));
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

std::optional<std::size_t> Model::FindElement(std::string_view id) const {
  auto it = element_index_.find(std::string(id));
  if (it == element_index_.end()) return std::nullopt;
  return it->second;
}

float Model::Similarity(std::size_t i, std::size_t j) const {
  float s = Dot(&dense_[i * dims_], &dense_[j * dims_], dims_);
  for (const auto& b : sparse_) {
    const auto& x = b.by_node[i];
    const auto& y = b.by_node[j];
    std::size_t p = 0, q = 0;
    while (p < x.size() && q < y.size()) {
      if (x[p].first < y[q].first) {
        ++p;
      } else if (y[q].first < x[p].first) {
        ++q;
      } else {
        s += x[p++].second * y[q++].second;
      }
    }
  }
  return s;
}

void Model::SimilarityRow(std::size_t i, std::span<float> out) const {
  const std::size_t N = nodes_.size();
  std::fill(out.begin(), out.end(), 0.0f);
  float* row = out.data();
  // Column-wise over the transposed matrix: independent sums per j, which the compiler
  // vectorises without reassociating a reduction.
  for (std::size_t k = 0; k < dims_; ++k) {
    const float a = dense_[i * dims_ + k];
    if (a == 0.0f) continue;
    const float* col = &dense_t_[k * N];
    for (std::size_t j = 0; j < N; ++j) row[j] += a * col[j];
  }
  for (const auto& b : sparse_) {
    for (const auto& [f, x] : b.by_node[i]) {
      for (const auto& p : b.postings[f]) row[p.node] += x * p.weight;
    }
  }
}

std::vector<float> Model::AllPairs(int threads) const {
  const std::size_t N = nodes_.size();
  std::vector<float> out(N * N);
  const auto work = [&](std::size_t first, std::size_t step) {
    for (std::size_t i = first; i < N; i += step) {
      SimilarityRow(i, std::span<float>(out).subspan(i * N, N));
    }
  };
  const std::size_t t = static_cast<std::size_t>(std::max(1, threads));
  if (t == 1) {
    work(0, 1);
    return out;
  }
  std::vector<std::thread> pool;
  for (std::size_t k = 1; k < t; ++k) pool.emplace_back(work, k, t);
  work(0, t);
  for (auto& th : pool) th.join();
  return out;
}

std::vector<std::pair<std::string, float>> Model::BlockSimilarities(std::size_t i,
                                                                    std::size_t j) const {
  std::vector<std::pair<std::string, float>> out;
  for (const auto& [name, range] : dense_blocks_) {
    out.push_back({name, Dot(&dense_[i * dims_ + range.first], &dense_[j * dims_ + range.first],
                             range.second)});
  }
  for (const auto& b : sparse_) {
    float s = 0;
    for (const auto& [f, x] : b.by_node[i]) {
      for (const auto& [g, y] : b.by_node[j]) {
        if (f == g) s += x * y;
      }
    }
    out.push_back({b.name, s});
  }
  return out;
}

double Model::Shortfall(std::span<const float> levels, std::size_t target) const {
  const Node& t = nodes_[target];
  const double tol = weights_.transition.level_tolerance;
  double weighted = 0, total = 0;
  for (std::uint32_t e : t.important) {
    const double gap = t.level[e] - levels[e] - tol;
    total += t.importance[e];
    if (gap > 0) weighted += t.importance[e] * gap / 7.0;
  }
  return total > 0 ? weighted / total : 0;
}

}  // namespace reskill::domain::pathways
