#include "app/catalog/catalog_support.hpp"

namespace reskill::app::catalog::detail {

using domain::catalog::ElementKind;

std::string IdText(std::int64_t id) {
  return std::to_string(id);
}

StatusOr<std::optional<Provider>> Lookups::FindProvider(ProviderId id) {
  auto it = providers_.find(id.value());
  if (it != providers_.end()) return it->second;
  RESKILL_ASSIGN_OR_RETURN(auto found, uow_.course_catalog().FindProvider(tenant_, id));
  providers_.emplace(id.value(), found);
  return found;
}

StatusOr<std::optional<domain::catalog::Element>> Lookups::FindElement(const std::string& id) {
  auto it = elements_.find(id);
  if (it != elements_.end()) return it->second;
  RESKILL_ASSIGN_OR_RETURN(auto found, uow_.occupations().FindElement(id));
  elements_.emplace(id, found);
  return found;
}

StatusOr<std::optional<domain::catalog::Occupation>> Lookups::FindOccupation(
    const std::string& code) {
  auto it = occupations_.find(code);
  if (it != occupations_.end()) return it->second;
  RESKILL_ASSIGN_OR_RETURN(auto found, uow_.occupations().Find(code));
  occupations_.emplace(code, found);
  return found;
}

Status Lookups::CheckElements(const Course& course) {
  for (std::size_t i = 0; i < course.skills.size(); ++i) {
    const std::string& id = course.skills[i].element_id;
    const std::string field = "skills[" + std::to_string(i) + "].element_id";
    RESKILL_ASSIGN_OR_RETURN(auto element, FindElement(id));
    if (!element) {
      return InvalidArgument("O*NET has no element " + id + " (import O*NET first?)", field);
    }
    if (element->kind != ElementKind::kSkill && element->kind != ElementKind::kKnowledge) {
      return InvalidArgument("a course teaches O*NET skill or knowledge elements; " + id +
                                 " is a " + std::string(ElementKindName(element->kind)) +
                                 " element",
                             field);
    }
  }
  return Status::Ok();
}

StatusOr<Provider> Lookups::RequireProvider(ProviderId id) {
  RESKILL_ASSIGN_OR_RETURN(auto provider, FindProvider(id));
  if (!provider) return InvalidArgument("no such provider", "provider_id");
  return *provider;
}

Status Lookups::CheckPath(const LearningPath& path) {
  for (std::size_t i = 0; i < path.course_ids.size(); ++i) {
    RESKILL_ASSIGN_OR_RETURN(auto course,
                             uow_.course_catalog().FindCourse(tenant_, path.course_ids[i]));
    if (!course) {
      return InvalidArgument("no such course", "course_ids[" + std::to_string(i) + "]");
    }
    courses_.emplace(course->id.value(), std::move(course));
  }
  for (std::size_t i = 0; i < path.occupation_codes.size(); ++i) {
    const std::string& code = path.occupation_codes[i];
    RESKILL_ASSIGN_OR_RETURN(auto occupation, FindOccupation(code));
    if (!occupation) {
      return InvalidArgument("O*NET has no occupation " + code + " (import O*NET first?)",
                             "occupation_codes[" + std::to_string(i) + "]");
    }
  }
  return Status::Ok();
}

Status Lookups::CheckCollection(const Collection& collection) {
  for (std::size_t i = 0; i < collection.path_ids.size(); ++i) {
    RESKILL_ASSIGN_OR_RETURN(
        auto path, uow_.course_catalog().FindLearningPath(tenant_, collection.path_ids[i]));
    if (!path) {
      return InvalidArgument("no such learning path", "path_ids[" + std::to_string(i) + "]");
    }
  }
  return Status::Ok();
}

StatusOr<std::string> Lookups::SearchTerms(const Course& course) {
  std::string out;
  RESKILL_ASSIGN_OR_RETURN(auto provider, FindProvider(course.provider_id));
  if (provider) out = provider->name + " " + provider->slug;
  for (const auto& s : course.skills) {
    RESKILL_ASSIGN_OR_RETURN(auto element, FindElement(s.element_id));
    out += " " + s.element_id;
    if (element) out += " " + element->name;
  }
  return out;
}

StatusOr<CourseView> Lookups::ViewOf(Course course) {
  CourseView view;
  RESKILL_ASSIGN_OR_RETURN(auto provider, FindProvider(course.provider_id));
  // The foreign key guarantees the provider; an empty one would only show a missing name.
  if (provider) view.provider = *provider;
  for (const auto& s : course.skills) {
    RESKILL_ASSIGN_OR_RETURN(auto element, FindElement(s.element_id));
    view.element_names.push_back(element ? element->name : "");
  }
  view.course = std::move(course);
  return view;
}

StatusOr<LearningPathView> Lookups::ViewOf(LearningPath path) {
  LearningPathView view;
  for (auto id : path.course_ids) {
    auto cached = courses_.find(id.value());
    std::optional<Course> course;
    if (cached != courses_.end()) {
      course = cached->second;
    } else {
      RESKILL_ASSIGN_OR_RETURN(course, uow_.course_catalog().FindCourse(tenant_, id));
      courses_.emplace(id.value(), course);
    }
    if (!course) continue;  // the foreign key keeps path courses; defensive only
    RESKILL_ASSIGN_OR_RETURN(auto course_view, ViewOf(*course));
    view.courses.push_back(std::move(course_view));
  }
  std::vector<Course> courses;
  for (const auto& c : view.courses) courses.push_back(c.course);
  view.total_hours = domain::catalog::TotalHours(courses);
  for (const auto& code : path.occupation_codes) {
    RESKILL_ASSIGN_OR_RETURN(auto occupation, FindOccupation(code));
    domain::catalog::Occupation o;
    if (occupation) o = *occupation;
    o.code = code;
    view.occupations.push_back(std::move(o));
  }
  view.path = std::move(path);
  return view;
}

StatusOr<LearningPathSummary> Lookups::SummaryOf(LearningPath path) {
  LearningPathSummary summary;
  for (auto id : path.course_ids) {
    auto cached = courses_.find(id.value());
    std::optional<Course> course;
    if (cached != courses_.end()) {
      course = cached->second;
    } else {
      RESKILL_ASSIGN_OR_RETURN(course, uow_.course_catalog().FindCourse(tenant_, id));
      courses_.emplace(id.value(), course);
    }
    if (course) summary.total_hours += course->estimated_hours;
  }
  summary.path = std::move(path);
  return summary;
}

StatusOr<CollectionView> Lookups::ViewOf(Collection collection) {
  CollectionView view;
  for (auto id : collection.path_ids) {
    RESKILL_ASSIGN_OR_RETURN(auto path, uow_.course_catalog().FindLearningPath(tenant_, id));
    if (!path) continue;  // the foreign key keeps collection paths; defensive only
    RESKILL_ASSIGN_OR_RETURN(auto summary, SummaryOf(std::move(*path)));
    view.paths.push_back(std::move(summary));
  }
  view.collection = std::move(collection);
  return view;
}

}  // namespace reskill::app::catalog::detail
