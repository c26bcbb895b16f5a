// Skill gaps between a person's levels and a target occupation, and the training plan that closes
// them: the set of catalogue courses covering every closable gap with the fewest total hours
// (weighted set cover: greedy, then an exact branch-and-bound search when the case is small).
// Pure functions over plain values; thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "domain/pathways/model.hpp"

namespace reskill::domain::pathways {

/// One element where a person falls short of a target occupation.
struct SkillGap {
  std::string element_id;
  std::string name;
  catalog::ElementKind kind = catalog::ElementKind::kSkill;
  double importance = 0;  ///< In the target, 1–5.
  double have = 0;        ///< The person's level, 0–7.
  double need = 0;        ///< The target's level, 0–7.
  double size() const { return need - have; }
};

/// The target's important elements (importance ≥ TransitionWeights::important_threshold) where
/// `levels` fall short by more than the tolerance; largest importance × gap first.
std::vector<SkillGap> FindSkillGaps(const Model& model, std::span<const float> levels,
                                    std::size_t target);

/// A course as the planner sees it.
struct PlanCourse {
  std::int64_t id = 0;  ///< The caller's id (catalogue course id).
  double hours = 0;     ///< > 0
  int level = 0;        ///< 0 introductory, 1 intermediate, 2 advanced.
  std::vector<std::pair<std::string, double>> skills;  ///< (element id, target level 0–7)
};

struct PlanOptions {
  /// A course closes a gap when it teaches the element to at least need − tolerance.
  double level_tolerance = 0.5;
  /// The exact search runs when at most this many gaps are closable…
  std::size_t exact_max_gaps = 20;
  /// …and at most this many courses cover any of them; it stops after `exact_max_nodes`
  /// search nodes (the plan is then the best found, `optimal` false).
  std::size_t exact_max_courses = 40;
  std::size_t exact_max_nodes = 200000;
};

struct TrainingPlan {
  std::vector<std::size_t> courses;  ///< Indices into the course list, in learning order.
  double hours = 0;
  std::vector<std::size_t> closed;     ///< Indices of the gaps the plan closes.
  std::vector<std::size_t> uncovered;  ///< Indices of gaps no course closes.
  /// Which course closes each gap (index into the course list), or −1 when none.
  std::vector<std::ptrdiff_t> closed_by;
  bool optimal = false;  ///< Proven minimal total hours (exact search finished).
};

/// The course set closing every closable gap with the fewest total hours, ordered by level
/// (introductory first), then by the level of what it teaches, then by hours.
TrainingPlan PlanTraining(std::span<const SkillGap> gaps, std::span<const PlanCourse> courses,
                          const PlanOptions& options = {});

}  // namespace reskill::domain::pathways
