// Career pathways for a program's clients (docs/pathways.md, section 7): the client's stored
// career profile (the person's side of the engine), and assigning a training plan to the client
// as a learning path in one step. Caseload rules and auditing as for every client record
// (app/programs/clients.hpp); stateless beyond its references, thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "app/pathways/pathways.hpp"
#include "domain/programs/programs.hpp"

namespace reskill::app {

/// The profile's JSON document, the same shape as the API's `profile` object:
/// {"occupations": [{"code", "current", "years"}], "completed_courses": ["id"…],
///  "credentials": [{"name", "education_category", "skills": [{"element_id", "level"}]}],
///  "self_assessment": [{"element_id", "level"}], "education_category"}.
/// kInvalidArgument naming the field as `prefix` + "." + path ("profile.occupations[0].code").
StatusOr<PersonProfileInput> ParseCareerProfile(std::string_view json,
                                                std::string_view prefix = "profile");
/// The document of `profile` (stable key order; ParseCareerProfile reads it back unchanged).
std::string CareerProfileJson(const PersonProfileInput& profile);

struct ClientCareerProfile {
  ClientId client_id;
  std::string participant_id;
  bool stored = false;  ///< False: the client has no profile yet (`profile` is empty).
  PersonProfileInput profile;
  std::optional<Timestamp> updated_at;
  std::string updated_by;
};

class ClientCareerProfiles {
 public:
  explicit ClientCareerProfiles(const AppContext& ctx, PathwayEngineCache* engines = nullptr)
      : ctx_(ctx), engines_(engines) {}
  /// kNotFound outside the caseload. Audited ("client.career_profile.read").
  StatusOr<ClientCareerProfile> Get(const Principal& actor, ClientId client,
                                    const RequestInfo& request) const;
  /// Replaces the profile after checking it against the model and the agency's catalogue
  /// (kInvalidArgument naming "profile.…"; kFailedPrecondition before an O*NET import). Journal
  /// entry and audit.
  StatusOr<ClientCareerProfile> Put(const Principal& actor, ClientId client,
                                    const PersonProfileInput& profile,
                                    const RequestInfo& request) const;
  /// Records `code` as the client's current job, keeping the rest of the profile (the job held
  /// before becomes a past one). Same checks, journal and audit as Put.
  StatusOr<ClientCareerProfile> SetCurrentOccupation(const Principal& actor, ClientId client,
                                                     const std::string& code,
                                                     const RequestInfo& request) const;

 private:
  const AppContext& ctx_;
  PathwayEngineCache* engines_;
};

struct AssignPlanInput {
  std::string to;  ///< Target O*NET-SOC code.
  std::optional<Timestamp> due_at;
};

struct AssignedPlan {
  PathwayPlan plan;
  domain::catalog::LearningPath path;
  bool path_created = false;  ///< False: an identical path from an earlier plan was reused.
  domain::programs::Assignment assignment;
};

/// Plans the training from the client's stored profile toward `to` with the courses of the
/// client's program (its providers and licence types, and free courses), saves the plan as a
/// learning path of the agency's catalogue (or reuses the identical one an earlier plan made)
/// and assigns it to the client, with a journal entry and audit. kNotFound outside the caseload;
/// kFailedPrecondition ("profile") without a stored profile, ("to") when no allowed course closes
/// any gap; kInvalidArgument ("to", "due_at"); kAlreadyExists when the client has that path.
class AssignPathwayPlan {
 public:
  explicit AssignPathwayPlan(const AppContext& ctx, PathwayEngineCache* engines = nullptr)
      : ctx_(ctx), engines_(engines) {}
  StatusOr<AssignedPlan> Run(const Principal& actor, ClientId client, const AssignPlanInput& in,
                             const RequestInfo& request) const;
  /// The plan Run would assign, without assigning it (same errors, except kAlreadyExists).
  StatusOr<PathwayPlan> Preview(const Principal& actor, ClientId client,
                                const std::string& to) const;

 private:
  StatusOr<PlanQuery> ClientPlanQuery(const Principal& actor, ClientId client,
                                      const std::string& to) const;
  const AppContext& ctx_;
  PathwayEngineCache* engines_;
};

}  // namespace reskill::app
