#include "domain/pathways/recommend.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <queue>

namespace reskill::domain::pathways {

namespace {

// Past jobs count a little less than the current one: skills not used fade.
constexpr double kPastWeight = 0.9;

// Percentile rank (0…1) of each known value among the known values; unknown → 0.5 (neutral).
std::vector<double> Percentiles(const std::vector<std::optional<double>>& values) {
  std::vector<std::pair<double, std::size_t>> known;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (values[i]) known.push_back({*values[i], i});
  }
  std::sort(known.begin(), known.end());
  std::vector<double> out(values.size(), 0.5);
  for (std::size_t r = 0; r < known.size(); ++r) {
    // Ties share the rank of their first member.
    std::size_t first = r;
    while (first > 0 && known[first - 1].first == known[r].first) --first;
    out[known[r].second] =
        known.size() > 1 ? static_cast<double>(first) / static_cast<double>(known.size() - 1) : 0.5;
  }
  return out;
}

bool Holds(const Origin& origin, std::size_t node) {
  return std::any_of(origin.occupations.begin(), origin.occupations.end(),
                     [&](const auto& o) { return o.first == node; });
}

}  // namespace

std::string_view ModeName(Mode mode) {
  switch (mode) {
    case Mode::kCareer: return "career";
    case Mode::kRelated: return "related";
  }
  return "career";
}

std::optional<Mode> ParseMode(std::string_view name) {
  if (name == "career") return Mode::kCareer;
  if (name == "related") return Mode::kRelated;
  return std::nullopt;
}

Origin OriginOf(const Model& model, std::size_t node) {
  const Node& n = model.node(node);
  Origin o;
  o.occupations.push_back({node, 1.0});
  o.levels = n.level;
  o.job_zone = n.job_zone;
  o.education = n.education;
  o.wage = n.labour.median_annual_wage;
  return o;
}

StatusOr<Origin> OriginOf(const Model& model, const PersonProfile& person) {
  if (person.occupations.empty()) {
    return InvalidArgument("a profile names at least one current or past occupation",
                           "occupations");
  }
  Origin o;
  o.levels.assign(model.elements().size(), 0.0f);
  std::optional<std::size_t> current;
  for (std::size_t i = 0; i < person.occupations.size(); ++i) {
    const auto& e = person.occupations[i];
    auto node = model.Find(e.code);
    const std::string field = "occupations[" + std::to_string(i) + "].code";
    if (!node) {
      return InvalidArgument("no occupation with O*NET ratings has the code \"" + e.code + "\"",
                             field);
    }
    if (e.current && !current) current = *node;
  }
  if (!current) current = model.Find(person.occupations.front().code);
  o.occupations.push_back({*current, 1.0});
  for (const auto& e : person.occupations) {
    const std::size_t node = *model.Find(e.code);
    if (node != *current && !Holds(o, node)) o.occupations.push_back({node, kPastWeight});
  }
  for (const auto& [node, weight] : o.occupations) {
    const Node& n = model.node(node);
    for (std::size_t k = 0; k < o.levels.size(); ++k) {
      o.levels[k] = std::max(o.levels[k], static_cast<float>(n.level[k] * weight));
    }
    o.job_zone = std::max(o.job_zone, n.job_zone);
    o.education = std::max(o.education, n.education);
  }
  for (std::size_t i = 0; i < person.skills.size(); ++i) {
    const auto& s = person.skills[i];
    const std::string prefix = "skills[" + std::to_string(i) + "]";
    auto element = model.FindElement(s.element_id);
    if (!element) {
      return InvalidArgument("no rated O*NET element has the id \"" + s.element_id + "\"",
                             prefix + ".element_id");
    }
    if (!(s.level >= 0 && s.level <= 7)) {
      return InvalidArgument("a level is on the O*NET scale 0 to 7", prefix + ".level");
    }
    const double trust =
        s.source == "self" ? std::clamp(person.self_assessment_trust, 0.0, 1.0) : 1.0;
    o.levels[*element] = std::max(o.levels[*element], static_cast<float>(s.level * trust));
  }
  if (person.education_category > 0) o.education = person.education_category;
  o.wage = model.node(*current).labour.median_annual_wage;
  return o;
}

Recommender Recommender::Create(const Model& model, const RankingWeights& ranking, int threads) {
  Recommender r;
  r.model_ = &model;
  r.ranking_ = ranking;
  r.n_ = model.size();
  r.sim_ = model.AllPairs(threads);
  const std::size_t N = r.n_;
  std::vector<std::optional<double>> growth(N), openings(N);
  for (std::size_t i = 0; i < N; ++i) {
    const auto& l = model.node(i).labour;
    growth[i] = l.growth_percent;
    if (l.annual_openings) openings[i] = static_cast<double>(*l.annual_openings);
  }
  r.growth_pct_ = Percentiles(growth);
  r.openings_pct_ = Percentiles(openings);

  // The career graph: from each occupation, the `fanout` most viable moves to better-paid
  // occupations at most max_zone_step job zones up.
  r.graph_.resize(N);
  const int max_step = model.weights().transition.max_zone_step;
  for (std::size_t a = 0; a < N; ++a) {
    const auto& wa = model.node(a).labour.median_annual_wage;
    if (!wa) continue;
    std::vector<RouteStep> edges;
    for (std::size_t b = 0; b < N; ++b) {
      const Node& nb = model.node(b);
      if (b == a || !nb.labour.median_annual_wage || *nb.labour.median_annual_wage <= *wa) continue;
      const int step =
          nb.job_zone > 0 && model.node(a).job_zone > 0 ? nb.job_zone - model.node(a).job_zone : 0;
      if (step > max_step) continue;
      const double v = r.Viability(a, b);
      if (v < ranking.min_viability) continue;
      edges.push_back({b, v, step});
    }
    const std::size_t k = std::min(edges.size(), static_cast<std::size_t>(ranking.fanout));
    std::partial_sort(edges.begin(), edges.begin() + static_cast<std::ptrdiff_t>(k), edges.end(),
                      [](const RouteStep& x, const RouteStep& y) {
                        return x.viability != y.viability ? x.viability > y.viability
                                                          : x.node < y.node;
                      });
    edges.resize(k);
    r.graph_[a] = std::move(edges);
  }
  return r;
}

double Recommender::ViabilityFrom(std::span<const float> levels, int zone, double education,
                                  double sim, std::size_t target) const {
  const TransitionWeights& t = model_->weights().transition;
  const Node& n = model_->node(target);
  const double coverage = std::exp(-t.shortfall_penalty * model_->Shortfall(levels, target));
  double v = std::max(0.0, sim) * coverage;
  if (zone > 0 && n.job_zone > 0) {
    const int step = n.job_zone - zone;
    v *= step > 0 ? std::pow(t.zone_up_factor, step) : std::pow(t.zone_down_factor, -step);
  }
  if (education > 0 && n.education > education) {
    v *= std::pow(t.education_factor, n.education - education);
  }
  return std::clamp(v, 0.0, 1.0);
}

double Recommender::Viability(std::size_t a, std::size_t b) const {
  const Node& n = model_->node(a);
  return ViabilityFrom(n.level, n.job_zone, n.education, Similarity(a, b), b);
}

double Recommender::EstimatedHours(std::span<const float> levels, std::size_t target) const {
  const TransitionWeights& t = model_->weights().transition;
  const Node& n = model_->node(target);
  double points = 0;
  for (std::uint32_t e : n.important) {
    const double gap = n.level[e] - levels[e];
    if (gap > t.level_tolerance) points += gap;
  }
  return points * t.hours_per_level;
}

std::vector<Recommender::Direct> Recommender::DirectMoves(const Origin& origin) const {
  std::vector<Direct> out(n_);
  for (std::size_t t = 0; t < n_; ++t) {
    double sim = -1;
    for (const auto& [node, weight] : origin.occupations) {
      sim = std::max(sim, weight * Similarity(node, t));
    }
    const Node& n = model_->node(t);
    out[t].similarity = sim;
    out[t].zone_step = origin.job_zone > 0 && n.job_zone > 0 ? n.job_zone - origin.job_zone : 0;
    out[t].viability = ViabilityFrom(origin.levels, origin.job_zone, origin.education, sim, t);
  }
  return out;
}

namespace {

struct Label {
  double cost = 0;
  std::size_t node = 0;
  int depth = 0;
  std::ptrdiff_t parent = -1;  // index into the label store
  double viability = 0;        // of the step into `node`
  int zone_step = 0;
};

}  // namespace

StatusOr<std::vector<Recommendation>> Recommender::Recommend(
    const Origin& origin, const RecommendOptions& options) const {
  if (options.top < 1 || options.top > 100) {
    return InvalidArgument("top must be between 1 and 100", "top");
  }
  if (options.max_steps < 1 || options.max_steps > 3) {
    return InvalidArgument("max_steps must be between 1 and 3", "max_steps");
  }
  const auto direct = DirectMoves(origin);
  const int max_step = model_->weights().transition.max_zone_step;
  std::vector<Recommendation> out;

  if (options.mode == Mode::kRelated) {
    for (std::size_t t = 0; t < n_; ++t) {
      if (Holds(origin, t) || direct[t].viability <= 0) continue;
      Recommendation r;
      r.target = t;
      r.viability = direct[t].viability;
      r.score = direct[t].viability;
      r.similarity = direct[t].similarity;
      r.zone_step = direct[t].zone_step;
      r.needs_zone_jump = direct[t].zone_step > max_step;
      r.route.push_back({t, direct[t].viability, direct[t].zone_step});
      out.push_back(std::move(r));
    }
  } else {
    // Bounded best-first search (Dijkstra on −ln viability, ≤ max_steps moves) over the career
    // graph; labels per (node, depth) so that a costlier but shorter route may still go further.
    const std::size_t D = static_cast<std::size_t>(options.max_steps) + 1;
    const double inf = std::numeric_limits<double>::infinity();
    std::vector<double> best(n_ * D, inf);
    std::vector<std::ptrdiff_t> settled(n_, -1);
    std::vector<Label> labels;
    using Entry = std::pair<double, std::size_t>;  // (cost, label index)
    std::priority_queue<Entry, std::vector<Entry>, std::greater<>> queue;
    const auto push = [&](Label l) {
      for (std::size_t d = 1; d <= static_cast<std::size_t>(l.depth); ++d) {
        if (best[l.node * D + d] <= l.cost) return;  // dominated: as cheap in as few steps
      }
      best[l.node * D + static_cast<std::size_t>(l.depth)] = l.cost;
      labels.push_back(l);
      queue.push({l.cost, labels.size() - 1});
    };
    const double step_cost = -std::log(ranking_.step_discount);
    for (std::size_t t = 0; t < n_; ++t) {
      const Node& n = model_->node(t);
      if (Holds(origin, t) || !n.labour.median_annual_wage) continue;
      if (origin.wage && *n.labour.median_annual_wage <= *origin.wage) continue;
      if (direct[t].zone_step > max_step || direct[t].viability < ranking_.min_viability) continue;
      push({-std::log(direct[t].viability), t, 1, -1, direct[t].viability, direct[t].zone_step});
    }
    while (!queue.empty()) {
      const auto [cost, index] = queue.top();
      queue.pop();
      const Label label = labels[index];
      if (cost > best[label.node * D + static_cast<std::size_t>(label.depth)]) continue;
      if (settled[label.node] < 0) settled[label.node] = static_cast<std::ptrdiff_t>(index);
      if (label.depth >= options.max_steps) continue;
      for (const RouteStep& e : graph_[label.node]) {
        if (Holds(origin, e.node)) continue;
        push({cost - std::log(e.viability) + step_cost, e.node, label.depth + 1,
              static_cast<std::ptrdiff_t>(index), e.viability, e.zone_step});
      }
    }
    for (std::size_t t = 0; t < n_; ++t) {
      if (settled[t] < 0) continue;
      Recommendation r;
      r.target = t;
      for (std::ptrdiff_t l = settled[t]; l >= 0; l = labels[static_cast<std::size_t>(l)].parent) {
        const Label& x = labels[static_cast<std::size_t>(l)];
        r.route.push_back({x.node, x.viability, x.zone_step});
      }
      std::reverse(r.route.begin(), r.route.end());
      r.viability = std::exp(-labels[static_cast<std::size_t>(settled[t])].cost);
      r.similarity = direct[t].similarity;
      r.zone_step = direct[t].zone_step;
      out.push_back(std::move(r));
    }
  }

  for (auto& r : out) {
    const Node& n = model_->node(r.target);
    if (origin.wage && n.labour.median_annual_wage && *origin.wage > 0) {
      r.wage_ratio = *n.labour.median_annual_wage / *origin.wage;
    }
    r.estimated_hours = EstimatedHours(origin.levels, r.target);
    if (options.mode == Mode::kCareer) {
      const double wage = r.wage_ratio ? std::clamp(std::log2(*r.wage_ratio), 0.0, 1.0) : 0.0;
      const double effort = r.estimated_hours / (r.estimated_hours + ranking_.reference_hours);
      const double desirability =
          ranking_.base + ranking_.wage * wage + ranking_.growth * growth_pct_[r.target] +
          ranking_.openings * openings_pct_[r.target] - ranking_.effort * effort;
      r.score = r.viability * std::max(0.0, desirability);
    }
  }
  const auto& nodes = model_->nodes();
  std::sort(out.begin(), out.end(), [&](const Recommendation& a, const Recommendation& b) {
    if (a.score != b.score) return a.score > b.score;
    return nodes[a.target].code < nodes[b.target].code;
  });
  if (out.size() > static_cast<std::size_t>(options.top)) {
    out.resize(static_cast<std::size_t>(options.top));
  }
  return out;
}

std::vector<std::size_t> Recommender::Reachable(const Origin& origin, int max_steps) const {
  std::vector<char> seen(n_, 0);
  const auto direct = DirectMoves(origin);
  const int max_step = model_->weights().transition.max_zone_step;
  // Breadth-first over the same edges the search uses (wage rises, viable, ≤ max_steps moves).
  std::vector<std::size_t> frontier;
  for (std::size_t t = 0; t < n_; ++t) {
    const Node& n = model_->node(t);
    if (Holds(origin, t) || !n.labour.median_annual_wage) continue;
    if (origin.wage && *n.labour.median_annual_wage <= *origin.wage) continue;
    if (direct[t].zone_step > max_step || direct[t].viability < ranking_.min_viability) continue;
    seen[t] = 1;
    frontier.push_back(t);
  }
  for (int depth = 1; depth < max_steps; ++depth) {
    std::vector<std::size_t> next;
    for (std::size_t u : frontier) {
      for (const RouteStep& e : graph_[u]) {
        if (seen[e.node] != 0 || Holds(origin, e.node)) continue;
        seen[e.node] = 1;
        next.push_back(e.node);
      }
    }
    frontier = std::move(next);
  }
  std::vector<std::size_t> out;
  for (std::size_t t = 0; t < n_; ++t) {
    if (seen[t] != 0) out.push_back(t);
  }
  return out;
}

}  // namespace reskill::domain::pathways
