#include "app/pathways/client_pathways.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include <nlohmann/json.hpp>

#include "app/programs/clients.hpp"
#include "app/programs/programs_support.hpp"

namespace reskill::app {

namespace {

using Json = nlohmann::json;
namespace cat = domain::catalog;
namespace prog = domain::programs;
using programs::detail::IdText;

StatusOr<PersonProfileInput> ProfileFromJson(const Json& j, const std::string& prefix) {
  const auto bad = [&](const std::string& field, const std::string& what) {
    return InvalidArgument(what, field.empty() ? prefix : prefix + "." + field);
  };
  if (!j.is_object()) return bad("", "the profile must be a JSON object");
  for (const auto& [key, value] : j.items()) {
    if (key != "occupations" && key != "completed_courses" && key != "credentials" &&
        key != "self_assessment" && key != "education_category") {
      return bad(key, "unknown field");
    }
  }
  PersonProfileInput p;
  const auto category = [&](const Json& v, const std::string& field, int& out) -> Status {
    if (!v.is_number_integer() || v.get<std::int64_t>() < 0 || v.get<std::int64_t>() > 12) {
      return bad(field, "an O*NET RL category from 1 to 12 (0: unknown)");
    }
    out = v.get<int>();
    return Status::Ok();
  };
  const auto skills = [&](const Json& list, const std::string& field,
                          std::vector<cat::CourseSkill>& out) -> Status {
    if (!list.is_array()) return bad(field, "must be an array");
    for (std::size_t i = 0; i < list.size(); ++i) {
      const std::string f = field + "[" + std::to_string(i) + "]";
      const Json& s = list[i];
      if (!s.is_object() || !s.contains("element_id") || !s["element_id"].is_string()) {
        return bad(f + ".element_id", "an element id (\"2.C.3.a\") is required");
      }
      if (!s.contains("level") || !s["level"].is_number()) {
        return bad(f + ".level", "a level from 0 to 7 is required");
      }
      out.push_back({s["element_id"].get<std::string>(), s["level"].get<double>()});
    }
    return Status::Ok();
  };
  if (j.contains("occupations")) {
    const Json& list = j["occupations"];
    if (!list.is_array()) return bad("occupations", "must be an array");
    for (std::size_t i = 0; i < list.size(); ++i) {
      const Json& o = list[i];
      const std::string f = "occupations[" + std::to_string(i) + "]";
      if (!o.is_object() || !o.contains("code") || !o["code"].is_string()) {
        return bad(f + ".code", "an O*NET-SOC code is required");
      }
      domain::pathways::Experience e;
      e.code = o["code"].get<std::string>();
      if (o.contains("current")) {
        if (!o["current"].is_boolean()) return bad(f + ".current", "must be true or false");
        e.current = o["current"].get<bool>();
      }
      if (o.contains("years")) {
        if (!o["years"].is_number() || o["years"].get<double>() < 0 ||
            o["years"].get<double>() > 80) {
          return bad(f + ".years", "must be a number of years from 0 to 80");
        }
        e.years = o["years"].get<double>();
      }
      p.occupations.push_back(std::move(e));
    }
  }
  if (j.contains("completed_courses")) {
    const Json& list = j["completed_courses"];
    if (!list.is_array()) return bad("completed_courses", "must be an array of course ids");
    for (std::size_t i = 0; i < list.size(); ++i) {
      std::int64_t id = 0;
      bool ok = false;
      if (list[i].is_string()) {
        const std::string text = list[i].get<std::string>();
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
        ok = ec == std::errc() && end == text.data() + text.size() && id > 0;
      }
      if (!ok) {
        return bad("completed_courses[" + std::to_string(i) + "]", "a course id is required");
      }
      p.completed_courses.push_back(cat::CourseId(id));
    }
  }
  if (j.contains("credentials")) {
    const Json& list = j["credentials"];
    if (!list.is_array()) return bad("credentials", "must be an array");
    for (std::size_t i = 0; i < list.size(); ++i) {
      const Json& c = list[i];
      const std::string f = "credentials[" + std::to_string(i) + "]";
      if (!c.is_object()) return bad(f, "must be an object");
      PersonProfileInput::Credential cred;
      if (c.contains("name")) {
        if (!c["name"].is_string() || c["name"].get<std::string>().size() > 200) {
          return bad(f + ".name", "a name of at most 200 characters");
        }
        cred.name = c["name"].get<std::string>();
      }
      if (c.contains("education_category")) {
        RESKILL_RETURN_IF_ERROR(
            category(c["education_category"], f + ".education_category", cred.education_category));
      }
      if (c.contains("skills")) {
        RESKILL_RETURN_IF_ERROR(skills(c["skills"], f + ".skills", cred.skills));
      }
      p.credentials.push_back(std::move(cred));
    }
  }
  if (j.contains("self_assessment")) {
    RESKILL_RETURN_IF_ERROR(skills(j["self_assessment"], "self_assessment", p.self_assessment));
  }
  if (j.contains("education_category")) {
    RESKILL_RETURN_IF_ERROR(
        category(j["education_category"], "education_category", p.education_category));
  }
  return p;
}

Json SkillsJson(const std::vector<cat::CourseSkill>& skills) {
  Json out = Json::array();
  for (const auto& s : skills) {
    out.push_back({{"element_id", s.element_id}, {"level", s.target_level}});
  }
  return out;
}

std::string CurrentCode(const PersonProfileInput& p) {
  for (const auto& o : p.occupations) {
    if (o.current) return o.code;
  }
  return p.occupations.empty() ? std::string() : p.occupations.front().code;
}

StatusOr<std::optional<PersonProfileInput>> StoredProfile(UnitOfWork& uow, TenantId tenant,
                                                          ClientId client,
                                                          ClientCareerProfile* view) {
  RESKILL_ASSIGN_OR_RETURN(auto stored, uow.career_profiles().Find(tenant, client));
  if (!stored) return std::optional<PersonProfileInput>();
  auto parsed = ParseCareerProfile(stored->document);
  if (!parsed.ok()) return Internal("a stored career profile does not parse");
  if (view) {
    view->stored = true;
    view->updated_at = stored->updated_at;
    view->updated_by = stored->updated_by;
  }
  return std::optional<PersonProfileInput>(std::move(*parsed));
}

// Hours to one decimal without trailing zeros ("40", "12.5").
std::string Hours(double hours) {
  return cat::FormatNumber(std::round(hours * 10) / 10);
}

}  // namespace

StatusOr<PersonProfileInput> ParseCareerProfile(std::string_view json, std::string_view prefix) {
  Json j = Json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded())
    return InvalidArgument("the profile is not valid JSON", std::string(prefix));
  return ProfileFromJson(j, std::string(prefix));
}

std::string CareerProfileJson(const PersonProfileInput& p) {
  Json occupations = Json::array();
  for (const auto& o : p.occupations) {
    occupations.push_back({{"code", o.code}, {"current", o.current}, {"years", o.years}});
  }
  Json courses = Json::array();
  for (const auto& c : p.completed_courses) courses.push_back(std::to_string(c.value()));
  Json credentials = Json::array();
  for (const auto& c : p.credentials) {
    credentials.push_back({{"name", c.name},
                           {"education_category", c.education_category},
                           {"skills", SkillsJson(c.skills)}});
  }
  Json doc = {{"occupations", std::move(occupations)},
              {"completed_courses", std::move(courses)},
              {"credentials", std::move(credentials)},
              {"self_assessment", SkillsJson(p.self_assessment)},
              {"education_category", p.education_category}};
  return doc.dump();
}

StatusOr<ClientCareerProfile> ClientCareerProfiles::Get(const Principal& actor, ClientId client,
                                                        const RequestInfo& request) const {
  ClientCareerProfile view;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    view = ClientCareerProfile();
    RESKILL_ASSIGN_OR_RETURN(auto c, programs::LoadClient(ctx_, uow, actor, client));
    view.client_id = c.id;
    view.participant_id = c.participant_id;
    RESKILL_ASSIGN_OR_RETURN(auto stored, StoredProfile(uow, actor.tenant_id, c.id, &view));
    if (stored) view.profile = std::move(*stored);
    return uow.audit().Append(MakeAuditEvent(ctx_, actor, actor.tenant_id, request,
                                             "client.career_profile.read", "client",
                                             IdText(c.id.value())));
  }));
  return view;
}

StatusOr<ClientCareerProfile> ClientCareerProfiles::Put(const Principal& actor, ClientId client,
                                                        const PersonProfileInput& profile,
                                                        const RequestInfo& request) const {
  // The profile must be usable: the same resolution a recommendation does (known occupations
  // and elements, levels in range, the agency's courses).
  PathwayQuery check;
  check.profile = profile;
  check.top = 1;
  check.max_steps = 1;
  check.tenant = actor.tenant_id;
  RESKILL_RETURN_IF_ERROR(RecommendPathways(ctx_, engines_).Run(check).status());
  ClientCareerProfile view;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    view = ClientCareerProfile();
    RESKILL_ASSIGN_OR_RETURN(auto c, programs::LoadClient(ctx_, uow, actor, client));
    StoredCareerProfile stored;
    stored.tenant_id = actor.tenant_id;
    stored.client_id = c.id;
    stored.document = CareerProfileJson(profile);
    stored.current_code = CurrentCode(profile);
    stored.updated_at = ctx_.clock.Now();
    stored.updated_by = actor.actor_id;
    RESKILL_RETURN_IF_ERROR(uow.career_profiles().Put(stored));
    std::string text =
        "Career profile updated: " + std::to_string(profile.occupations.size()) + " occupation(s)";
    if (!stored.current_code.empty()) text += ", current " + stored.current_code;
    text += ", " + std::to_string(profile.completed_courses.size()) + " completed course(s)";
    RESKILL_RETURN_IF_ERROR(programs::AppendJournal(ctx_, uow, actor, actor.tenant_id, c.id,
                                                    prog::JournalKind::kNote, text));
    RESKILL_RETURN_IF_ERROR(uow.audit().Append(MakeAuditEvent(ctx_, actor, actor.tenant_id, request,
                                                              "client.career_profile.update",
                                                              "client", IdText(c.id.value()))));
    view.client_id = c.id;
    view.participant_id = c.participant_id;
    view.stored = true;
    view.profile = profile;
    view.updated_at = stored.updated_at;
    view.updated_by = stored.updated_by;
    return Status::Ok();
  }));
  return view;
}

StatusOr<PlanQuery> AssignPathwayPlan::ClientPlanQuery(const Principal& actor, ClientId client,
                                                       const std::string& to) const {
  // Who the client is and what their program allows (read first: the plan is computed outside
  // the write transaction, which then re-checks the caseload).
  PlanQuery query;
  query.to = to;
  query.from.tenant = actor.tenant_id;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto c, programs::LoadClient(ctx_, uow, actor, client));
    RESKILL_ASSIGN_OR_RETURN(auto profile, StoredProfile(uow, actor.tenant_id, c.id, nullptr));
    if (!profile) {
      return Status(ErrorCode::kFailedPrecondition,
                    "the client has no career profile yet: record the jobs they held first",
                    "profile");
    }
    query.from.profile = std::move(*profile);
    RESKILL_ASSIGN_OR_RETURN(auto program,
                             uow.programs().FindProgram(actor.tenant_id, c.program_id));
    query.providers.clear();
    query.license_types.clear();
    if (program) {
      query.providers = program->provider_ids;
      for (const auto& name : program->licence_types) {
        if (auto t = cat::ParseLicenseType(name)) query.license_types.push_back(*t);
      }
      if (!query.license_types.empty()) query.license_types.push_back(cat::LicenseType::kFree);
    }
    return Status::Ok();
  }));
  return query;
}

StatusOr<PathwayPlan> AssignPathwayPlan::Preview(const Principal& actor, ClientId client,
                                                 const std::string& to) const {
  RESKILL_ASSIGN_OR_RETURN(auto query, ClientPlanQuery(actor, client, to));
  return PlanPathway(ctx_, engines_).Run(query);
}

StatusOr<ClientCareerProfile> ClientCareerProfiles::SetCurrentOccupation(
    const Principal& actor, ClientId client, const std::string& code,
    const RequestInfo& request) const {
  PersonProfileInput profile;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto c, programs::LoadClient(ctx_, uow, actor, client));
    RESKILL_ASSIGN_OR_RETURN(auto stored, StoredProfile(uow, actor.tenant_id, c.id, nullptr));
    profile = stored ? std::move(*stored) : PersonProfileInput();
    return Status::Ok();
  }));
  bool found = false;
  for (auto& o : profile.occupations) {
    o.current = o.code == code;
    found = found || o.current;
  }
  if (!found) profile.occupations.insert(profile.occupations.begin(), {code, true, 0});
  auto put = Put(actor, client, profile, request);
  if (!put.ok() && put.status().field() == "profile.occupations[0].code") {
    return InvalidArgument(std::string(put.status().public_message()), "code");
  }
  return put;
}

StatusOr<AssignedPlan> AssignPathwayPlan::Run(const Principal& actor, ClientId client,
                                              const AssignPlanInput& in,
                                              const RequestInfo& request) const {
  if (in.due_at && *in.due_at < ctx_.clock.Now()) {
    return InvalidArgument("due_at is in the past", "due_at");
  }
  AssignedPlan out;
  RESKILL_ASSIGN_OR_RETURN(auto query, ClientPlanQuery(actor, client, in.to));
  RESKILL_ASSIGN_OR_RETURN(out.plan, PlanPathway(ctx_, engines_).Run(query));
  if (out.plan.courses.empty()) {
    return Status(
        ErrorCode::kFailedPrecondition,
        out.plan.gaps.empty()
            ? "the client already meets every requirement of " + out.plan.to.title
            : "no course the program offers closes a skill gap toward " + out.plan.to.title,
        "to");
  }
  cat::LearningPath path;
  path.tenant_id = actor.tenant_id;
  path.name = "Plan: " + out.plan.from.title + " → " + out.plan.to.title;
  if (path.name.size() > 180) path.name.resize(180);
  for (const auto& c : out.plan.courses) path.course_ids.push_back(c.course.id);
  path.occupation_codes = {out.plan.to.code};
  path.description = "Training plan from the pathway engine toward " + out.plan.to.title + " (" +
                     out.plan.to.code + "): " + std::to_string(out.plan.courses.size()) +
                     " course(s), " + Hours(out.plan.hours) + " hours, closing " +
                     std::to_string(out.plan.gaps.size() - out.plan.uncovered.size()) + " of " +
                     std::to_string(out.plan.gaps.size()) + " skill gaps.";
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    out.path_created = false;
    RESKILL_ASSIGN_OR_RETURN(auto c, programs::LoadClient(ctx_, uow, actor, client));
    // Reuse the path an identical plan made; otherwise a free name ("…", "… (2)", …).
    cat::LearningPath p = path;
    std::optional<cat::LearningPath> reuse;
    for (int n = 1; n <= 50 && !reuse; ++n) {
      p.name = n == 1 ? path.name : path.name + " (" + std::to_string(n) + ")";
      RESKILL_ASSIGN_OR_RETURN(
          auto found, uow.course_catalog().FindLearningPathByName(actor.tenant_id, p.name));
      if (!found) break;
      if (found->course_ids == p.course_ids) reuse = *found;
    }
    if (reuse) {
      out.path = *reuse;
    } else {
      p.id = cat::LearningPathId(ctx_.ids.Next());
      p.created_at = p.updated_at = ctx_.clock.Now();
      RESKILL_RETURN_IF_ERROR(domain::catalog::ValidateLearningPath(p));
      RESKILL_RETURN_IF_ERROR(uow.course_catalog().InsertLearningPath(p));
      RESKILL_RETURN_IF_ERROR(uow.audit().Append(
          MakeAuditEvent(ctx_, actor, actor.tenant_id, request, "learning_path.create",
                         "learning_path", IdText(p.id.value()), "ok", "from pathway plan")));
      out.path = p;
      out.path_created = true;
    }
    prog::Assignment a;
    a.tenant_id = actor.tenant_id;
    a.id = prog::AssignmentId(ctx_.ids.Next());
    a.client_id = c.id;
    a.target_kind = prog::AssignmentTarget::kPath;
    a.target_id = out.path.id.value();
    a.due_at = in.due_at;
    a.source = "client";  // assigned to this client (the journal says it came from a plan)
    a.assigned_at = ctx_.clock.Now();
    a.assigned_by = actor.actor_id;
    Status st = uow.programs().InsertAssignment(a);
    if (st.code() == ErrorCode::kAlreadyExists) {
      return AlreadyExists("the client already has this training plan", "to");
    }
    RESKILL_RETURN_IF_ERROR(st);
    out.assignment = a;
    std::string text = "Training plan toward " + out.plan.to.title + " (" + out.plan.to.code +
                       ") assigned as learning path " + out.path.name + ": " +
                       std::to_string(out.plan.courses.size()) + " course(s), " +
                       Hours(out.plan.hours) + " hours";
    if (!out.plan.uncovered.empty()) {
      text += "; " + std::to_string(out.plan.uncovered.size()) + " gap(s) no course closes";
    }
    if (a.due_at) text += ", due " + FormatIso8601(*a.due_at).substr(0, 10);
    RESKILL_RETURN_IF_ERROR(programs::AppendJournal(ctx_, uow, actor, actor.tenant_id, c.id,
                                                    prog::JournalKind::kAssignment, text));
    return uow.audit().Append(MakeAuditEvent(ctx_, actor, actor.tenant_id, request,
                                             "assignment.create", "client", IdText(c.id.value()),
                                             "ok", "path=" + IdText(out.path.id.value())));
  }));
  return out;
}

}  // namespace reskill::app
