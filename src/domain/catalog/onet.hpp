// The O*NET content model as Reskill uses it: occupations, the elements that describe them
// (skills, knowledge, abilities, work activities), their importance/level ratings, and the
// detail that explains them (alternate titles, technology, tasks, detailed work activities,
// education and experience). Global reference data: not owned by a tenant. Plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.hpp"
#include "common/time.hpp"

namespace reskill::domain::catalog {

/// Persisted and shown by name (ElementKindName): do not rename.
enum class ElementKind { kSkill, kKnowledge, kAbility, kWorkActivity };

std::string_view ElementKindName(ElementKind kind);
std::optional<ElementKind> ParseElementKind(std::string_view name);

/// An O*NET-SOC occupation, e.g. {"43-4051.00", "Customer Service Representatives", …}.
struct Occupation {
  std::string code;  ///< O*NET-SOC code "NN-NNNN.NN".
  std::string title;
  std::string description;
  int job_zone = 0;  ///< 1 (little preparation) … 5 (extensive); 0 when unknown.
};

/// A content-model element rated for occupations (e.g. "2.A.1.a" Reading Comprehension).
struct Element {
  std::string id;
  std::string name;
  std::string description;
  ElementKind kind = ElementKind::kSkill;
};

/// How important (IM scale, 1–5) an element is for an occupation and at what level (LV, 0–7).
struct ElementRating {
  std::string occupation_code;
  std::string element_id;
  double importance = 0;
  double level = 0;
  bool suppressed = false;    ///< O*NET's "Recommend Suppress" on either scale.
  bool not_relevant = false;  ///< O*NET's "Not Relevant" on the level scale.
};

/// A rating joined with its element, as occupation pages and the pathway engine read it.
struct RatedElement {
  Element element;
  double importance = 0;
  double level = 0;
};

struct AlternateTitle {
  std::string occupation_code;
  std::string title;
  std::string short_title;  ///< Empty when O*NET has none.
};

struct TechnologySkill {
  std::string occupation_code;
  std::string example;          ///< "Microsoft Excel"
  std::string commodity_code;   ///< UNSPSC commodity code
  std::string commodity_title;  ///< "Spreadsheet software"
  bool hot = false;
  bool in_demand = false;
};

struct Task {
  std::string occupation_code;
  std::int64_t task_id = 0;
  std::string text;
  std::string type;  ///< "Core", "Supplemental" or empty.
};

/// A detailed work activity (DWA) and the intermediate activity (IWA) and element it rolls up to.
struct DetailedWorkActivity {
  std::string dwa_id;
  std::string iwa_id;
  std::string element_id;
  std::string title;
};

/// One category of an education/training/experience distribution (scales RL, RW, PT, OJ):
/// the percentage of incumbents in `category` for `occupation_code`.
struct EducationRating {
  std::string occupation_code;
  std::string
      element_id;  ///< "2.D.1" Required Level of Education, "3.A.1" Related Work Experience, …
  std::string scale_id;  ///< "RL", "RW", "PT", "OJ"
  int category = 0;
  double percent = 0;
};

/// A recorded import of an O*NET release.
struct OnetRelease {
  std::string version;      ///< "29.3"
  std::string fingerprint;  ///< Hash of the imported files; the same release imports once.
  Timestamp imported_at;
  std::int64_t occupations = 0;
  std::int64_t ratings = 0;
};

/// kInvalidArgument (field "code") unless `code` has the shape "NN-NNNN.NN".
Status ValidateOnetCode(std::string_view code);
/// "15-1252.00" → "15-1252" (the BLS SOC code a detailed O*NET occupation belongs to).
std::string SocCodeOf(std::string_view onet_code);

}  // namespace reskill::domain::catalog
