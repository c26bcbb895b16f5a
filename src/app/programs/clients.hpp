// Use cases of programs, groups (units), clients and the journal. Contact data is sealed with the
// ContactCipher before it is stored and opened only for callers allowed to see the client; every
// read and export of client records is audited (ids only). Who sees which client:
//   - admins: every client of the agency;
//   - supervisors and counselors: their caseload, i.e. clients they counsel and clients of a group
//     (unit) they are a member of; any other client is "not found" to them;
//   - analysts and curators: no client records at all (the route table refuses them).
// Stateless beyond the AppContext reference; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/context.hpp"
#include "domain/programs/programs.hpp"

namespace reskill::app::programs {

namespace prog = domain::programs;

/// Appends a dated journal entry about `client` in the caller's transaction (ids, kind and a short
/// text; the text must not carry contact data). What every journal-worthy use case and job calls.
Status AppendJournal(const AppContext& ctx, UnitOfWork& uow, const Principal& actor,
                     TenantId tenant, ClientId client, prog::JournalKind kind, std::string text);

/// A principal for scheduled jobs and the CLI ("system" actor `name`) in `tenant`.
Principal SystemActor(TenantId tenant, std::string name);

/// kNotFound unless `actor` may see `client` (see the file comment).
Status CheckCaseload(UnitOfWork& uow, const Principal& actor, const prog::Client& client);

/// Loads a client and opens its contact data; kNotFound when absent or outside the caseload.
StatusOr<prog::Client> LoadClient(const AppContext& ctx, UnitOfWork& uow, const Principal& actor,
                                  ClientId id);

/// Fields of a program; absent ones stay as they are (create: defaults).
struct ProgramPatch {
  std::optional<std::string> name;
  std::optional<std::string> target_population;
  std::optional<std::string> display_name;
  std::optional<std::vector<prog::CatalogProviderId>> provider_ids;
  std::optional<std::vector<std::string>> licence_types;
  std::optional<Timestamp> starts_at;
  std::optional<std::optional<Timestamp>> ends_at;
  std::optional<std::int64_t> seat_budget;
  std::optional<double> weekly_hours;
  std::optional<int> nudge_after_days;
  std::optional<int> min_items_per_month;
  std::optional<int> reclaim_after_days;
  std::optional<prog::ReclaimMode> reclaim_mode;
  std::optional<int> invitation_valid_days;
  std::optional<int> consent_valid_days;
  std::optional<std::string> invitation_text_en;
  std::optional<std::string> invitation_text_es;
  std::optional<std::vector<std::int64_t>> intro_path_ids;
};

/// Programs of the actor's agency. kInvalidArgument naming the field (also unknown providers or
/// paths); kAlreadyExists (name); kNotFound. Audited as program.create / program.update.
class ManagePrograms {
 public:
  explicit ManagePrograms(const AppContext& ctx) : ctx_(ctx) {}
  StatusOr<prog::Program> Create(const Principal& actor, const ProgramPatch& input,
                                 const RequestInfo& request) const;
  StatusOr<prog::Program> Update(const Principal& actor, ProgramId id, const ProgramPatch& patch,
                                 const RequestInfo& request) const;
  StatusOr<prog::Program> Get(const Principal& actor, ProgramId id) const;
  StatusOr<std::vector<prog::Program>> List(const Principal& actor) const;

 private:
  const AppContext& ctx_;
};

/// Groups (units) and their staff members. kInvalidArgument (name, program_id, members[i]: staff
/// must exist in the agency and hold counselor or supervisor); kAlreadyExists; kNotFound.
class ManageGroups {
 public:
  explicit ManageGroups(const AppContext& ctx) : ctx_(ctx) {}
  StatusOr<prog::Group> Create(const Principal& actor, ProgramId program, std::string name,
                               std::vector<StaffId> members, const RequestInfo& request) const;
  StatusOr<prog::Group> Update(const Principal& actor, prog::GroupId id,
                               std::optional<std::string> name,
                               std::optional<std::vector<StaffId>> members,
                               const RequestInfo& request) const;
  StatusOr<prog::Group> Get(const Principal& actor, prog::GroupId id) const;
  StatusOr<std::vector<prog::Group>> List(const Principal& actor, ProgramId program) const;

 private:
  const AppContext& ctx_;
};

/// A new client: contact data in clear (sealed before storing).
struct NewClient {
  ProgramId program_id;
  std::optional<prog::GroupId> group_id;
  std::optional<StaffId> counselor_id;  ///< Default: the acting counselor or supervisor.
  std::string given_name;
  std::string family_name;
  std::string email;
  std::string phone;
  std::string preferred_language = "en";
  std::string case_number;
};

struct ClientPatch {
  std::optional<std::string> given_name;
  std::optional<std::string> family_name;
  std::optional<std::string> email;
  std::optional<std::string> phone;
  std::optional<std::string> preferred_language;
  std::optional<std::string> case_number;
  std::optional<std::optional<StaffId>> counselor_id;
  std::optional<prog::ClientStatus> status;
};

/// One page of a caseload.
struct ClientPage {
  std::vector<prog::Client> items;  ///< Contact data opened.
};

/// Caseload filters (besides the caseload scope itself).
struct ClientFilter {
  ProgramId program;
  prog::GroupId group;
  StaffId counselor;
  std::string status;
  std::string search;  ///< Exact case number or participant id, or part of a name or e-mail.
  int limit = 100;
  int offset = 0;
};

/// Clients. Create/Update: kInvalidArgument naming the field (an SSN-shaped case number is
/// refused), kAlreadyExists (email); kNotFound outside the caseload. Reads are audited
/// (client.read, client.list) with ids and counts only.
class ManageClients {
 public:
  explicit ManageClients(const AppContext& ctx) : ctx_(ctx) {}
  StatusOr<prog::Client> Create(const Principal& actor, const NewClient& input,
                                const RequestInfo& request) const;
  /// Create in the caller's transaction (an import writes all its rows in one).
  StatusOr<prog::Client> CreateIn(UnitOfWork& uow, const Principal& actor, const NewClient& input,
                                  const RequestInfo& request) const;
  StatusOr<prog::Client> Update(const Principal& actor, ClientId id, const ClientPatch& patch,
                                const RequestInfo& request) const;
  /// Moves a client to another group of its program (journal: group).
  StatusOr<prog::Client> MoveToGroup(const Principal& actor, ClientId id,
                                     std::optional<prog::GroupId> group,
                                     const RequestInfo& request) const;
  StatusOr<prog::Client> Get(const Principal& actor, ClientId id, const RequestInfo& request) const;
  StatusOr<ClientPage> List(const Principal& actor, const ClientFilter& filter,
                            const RequestInfo& request) const;

 private:
  const AppContext& ctx_;
};

/// The journal of a client. AddNote: kInvalidArgument ("text": 1–4000 characters, no SSN).
class ClientJournal {
 public:
  explicit ClientJournal(const AppContext& ctx) : ctx_(ctx) {}
  StatusOr<prog::JournalEntry> AddNote(const Principal& actor, ClientId client,
                                       std::string_view text, const RequestInfo& request) const;
  StatusOr<std::vector<prog::JournalEntry>> List(const Principal& actor, ClientId client) const;

 private:
  const AppContext& ctx_;
};

}  // namespace reskill::app::programs
