#include "domain/pathways/plan.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>

namespace reskill::domain::pathways {

std::vector<SkillGap> FindSkillGaps(const Model& model, std::span<const float> levels,
                                    std::size_t target) {
  const Node& n = model.node(target);
  const double tol = model.weights().transition.level_tolerance;
  std::vector<SkillGap> out;
  for (std::uint32_t e : n.important) {
    const double have = levels[e];
    const double need = n.level[e];
    if (need - have <= tol) continue;
    const ElementInfo& info = model.elements()[e];
    out.push_back({info.id, info.name, info.kind, n.importance[e], have, need});
  }
  std::stable_sort(out.begin(), out.end(), [](const SkillGap& a, const SkillGap& b) {
    return a.importance * a.size() > b.importance * b.size();
  });
  return out;
}

namespace {

using Mask = std::uint64_t;  // a set of closable gaps (at most 64 in the exact search)

struct Search {
  const std::vector<Mask>* covers = nullptr;  // per candidate course
  const std::vector<double>* hours = nullptr;
  std::vector<std::vector<std::size_t>> by_gap;  // candidate courses per gap, cheapest first
  Mask all = 0;
  double best = std::numeric_limits<double>::infinity();
  std::vector<std::size_t> best_set, current;
  std::size_t nodes = 0, max_nodes = 0;
  bool exhausted = false;

  void Run(Mask covered, double cost) {
    if (++nodes > max_nodes) {
      exhausted = true;
      return;
    }
    if (cost >= best) return;
    if (covered == all) {
      best = cost;
      best_set = current;
      return;
    }
    // Branch on the uncovered gap with the fewest courses: some course must close it.
    std::size_t pick = by_gap.size();
    for (std::size_t g = 0; g < by_gap.size(); ++g) {
      if ((covered >> g & 1U) != 0) continue;
      if (pick == by_gap.size() || by_gap[g].size() < by_gap[pick].size()) pick = g;
    }
    // Lower bound: the cheapest course for that gap must be added.
    if (cost + (*hours)[by_gap[pick].front()] >= best) return;
    for (std::size_t c : by_gap[pick]) {
      current.push_back(c);
      Run(covered | (*covers)[c], cost + (*hours)[c]);
      current.pop_back();
      if (exhausted) return;
    }
  }
};

}  // namespace

TrainingPlan PlanTraining(std::span<const SkillGap> gaps, std::span<const PlanCourse> courses,
                          const PlanOptions& options) {
  TrainingPlan plan;
  plan.closed_by.assign(gaps.size(), -1);
  // Which gaps each course closes.
  std::vector<std::vector<std::size_t>> closes(courses.size());
  std::vector<char> closable(gaps.size(), 0);
  for (std::size_t c = 0; c < courses.size(); ++c) {
    if (!(courses[c].hours > 0)) continue;
    for (std::size_t g = 0; g < gaps.size(); ++g) {
      for (const auto& [element, level] : courses[c].skills) {
        if (element == gaps[g].element_id && level >= gaps[g].need - options.level_tolerance) {
          closes[c].push_back(g);
          closable[g] = 1;
          break;
        }
      }
    }
  }
  std::vector<std::size_t> targets;  // closable gaps
  for (std::size_t g = 0; g < gaps.size(); ++g) {
    (closable[g] != 0 ? targets : plan.uncovered).push_back(g);
  }
  std::vector<std::size_t> candidates;
  for (std::size_t c = 0; c < courses.size(); ++c) {
    if (!closes[c].empty()) candidates.push_back(c);
  }

  // Greedy: the course with the fewest hours per newly closed gap, until all are closed.
  std::vector<char> covered(gaps.size(), 0);
  std::size_t left = targets.size();
  std::vector<std::size_t> chosen;
  while (left > 0) {
    std::size_t pick = courses.size();
    double best_ratio = std::numeric_limits<double>::infinity();
    for (std::size_t c : candidates) {
      std::size_t fresh = 0;
      for (std::size_t g : closes[c]) fresh += covered[g] == 0 ? 1 : 0;
      if (fresh == 0) continue;
      const double ratio = courses[c].hours / static_cast<double>(fresh);
      if (ratio < best_ratio) {
        best_ratio = ratio;
        pick = c;
      }
    }
    if (pick == courses.size()) break;
    chosen.push_back(pick);
    for (std::size_t g : closes[pick]) {
      if (covered[g] == 0) {
        covered[g] = 1;
        --left;
      }
    }
  }
  // Drop courses made redundant by later picks (most hours first).
  std::sort(chosen.begin(), chosen.end(),
            [&](std::size_t a, std::size_t b) { return courses[a].hours > courses[b].hours; });
  for (std::size_t i = 0; i < chosen.size();) {
    bool needed = false;
    for (std::size_t g : closes[chosen[i]]) {
      const bool elsewhere = std::any_of(chosen.begin(), chosen.end(), [&](std::size_t c) {
        return c != chosen[i] &&
               std::find(closes[c].begin(), closes[c].end(), g) != closes[c].end();
      });
      if (!elsewhere) needed = true;
    }
    if (needed) {
      ++i;
    } else {
      chosen.erase(chosen.begin() + static_cast<std::ptrdiff_t>(i));
    }
  }
  double greedy_hours = 0;
  for (std::size_t c : chosen) greedy_hours += courses[c].hours;

  // Exact search on small cases.
  plan.optimal = targets.empty();
  if (!targets.empty() && targets.size() <= std::min<std::size_t>(options.exact_max_gaps, 64) &&
      candidates.size() <= options.exact_max_courses) {
    std::vector<Mask> masks(courses.size(), 0);
    std::vector<double> hours(courses.size(), 0);
    Search s;
    s.by_gap.resize(targets.size());
    for (std::size_t t = 0; t < targets.size(); ++t) {
      for (std::size_t c : candidates) {
        if (std::find(closes[c].begin(), closes[c].end(), targets[t]) != closes[c].end()) {
          masks[c] |= Mask{1} << t;
          s.by_gap[t].push_back(c);
        }
      }
      std::sort(s.by_gap[t].begin(), s.by_gap[t].end(),
                [&](std::size_t a, std::size_t b) { return courses[a].hours < courses[b].hours; });
    }
    for (std::size_t c : candidates) hours[c] = courses[c].hours;
    s.covers = &masks;
    s.hours = &hours;
    s.all = targets.size() == 64 ? ~Mask{0} : (Mask{1} << targets.size()) - 1;
    // Start from the greedy plan's cost (plus a hair, so an equal-cost plan is also accepted
    // only when strictly better): the search proves or improves it.
    s.best = greedy_hours + 1e-9;
    s.best_set = chosen;
    s.max_nodes = options.exact_max_nodes;
    s.Run(0, 0);
    chosen = s.best_set;
    plan.optimal = !s.exhausted;
  }

  // Learning order: level, then the mean level of what the course closes, then hours, then id.
  const auto taught_level = [&](std::size_t c) {
    double sum = 0;
    for (std::size_t g : closes[c]) sum += gaps[g].need;
    return closes[c].empty() ? 0.0 : sum / static_cast<double>(closes[c].size());
  };
  std::sort(chosen.begin(), chosen.end(), [&](std::size_t a, std::size_t b) {
    if (courses[a].level != courses[b].level) return courses[a].level < courses[b].level;
    const double la = taught_level(a), lb = taught_level(b);
    if (la != lb) return la < lb;
    if (courses[a].hours != courses[b].hours) return courses[a].hours < courses[b].hours;
    return courses[a].id < courses[b].id;
  });
  plan.courses = chosen;
  for (std::size_t c : chosen) {
    plan.hours += courses[c].hours;
    for (std::size_t g : closes[c]) {
      if (plan.closed_by[g] < 0) plan.closed_by[g] = static_cast<std::ptrdiff_t>(c);
    }
  }
  for (std::size_t g : targets) {
    if (plan.closed_by[g] >= 0) plan.closed.push_back(g);
  }
  return plan;
}

}  // namespace reskill::domain::pathways
