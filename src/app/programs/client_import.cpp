#include "app/programs/client_import.hpp"

#include <map>
#include <optional>
#include <set>

#include "app/programs/clients.hpp"
#include "app/programs/programs_support.hpp"
#include "common/csv.hpp"
#include "common/strings.hpp"

namespace reskill::app::programs {

namespace {

constexpr std::string_view kColumns[] = {"given_name",         "family_name", "email", "phone",
                                         "preferred_language", "case_number", "group"};

}  // namespace

StatusOr<ImportResult> ImportClients::Run(const Principal& actor, ProgramId program,
                                          std::string_view csv, bool partial,
                                          const RequestInfo& request) const {
  if (!IsValidUtf8(csv)) return InvalidArgument("the file is not UTF-8 text", "file");
  const auto records = SplitCsvRecords(csv);
  if (records.empty()) return InvalidArgument("the file is empty", "file");
  std::map<std::string, std::size_t> column;
  for (std::size_t c = 0; c < records[0].fields.size(); ++c) {
    column[ToLower(Trim(records[0].fields[c]))] = c;
  }
  for (auto name : kColumns) {
    if (name != "group" && !column.contains(std::string(name))) {
      std::string expected;
      for (auto n : kColumns) expected += (expected.empty() ? "" : ",") + std::string(n);
      return InvalidArgument(
          "column " + std::string(name) + " is missing; the header is " + expected, "file");
    }
  }
  ImportResult result;
  std::vector<std::pair<int, NewClient>> valid;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(auto p, uow.programs().FindProgram(actor.tenant_id, program));
    if (!p) return InvalidArgument("no such program", "program_id");
    RESKILL_ASSIGN_OR_RETURN(auto groups, uow.programs().ListGroups(actor.tenant_id, program));
    std::set<std::string> emails;
    for (std::size_t r = 1; r < records.size(); ++r) {
      const CsvRecord& rec = records[r];
      if (!rec.error.empty()) {
        result.errors.push_back({rec.line, "", rec.error});
        continue;
      }
      const auto get = [&](std::string_view name) -> std::string {
        auto it = column.find(std::string(name));
        if (it == column.end() || it->second >= rec.fields.size()) return {};
        return std::string(Trim(rec.fields[it->second]));
      };
      NewClient in;
      in.program_id = program;
      in.given_name = get("given_name");
      in.family_name = get("family_name");
      in.email = get("email");
      in.phone = get("phone");
      in.preferred_language = get("preferred_language").empty() ? "en" : get("preferred_language");
      in.case_number = get("case_number");
      const std::string group = get("group");
      if (!group.empty()) {
        for (const auto& g : groups) {
          if (g.name == group) in.group_id = g.id;
        }
        if (!in.group_id) {
          result.errors.push_back({rec.line, "group", "no group of this name in the program"});
          continue;
        }
      }
      prog::Client draft;
      draft.given_name = in.given_name;
      draft.family_name = in.family_name;
      draft.email = in.email;
      draft.phone = in.phone;
      draft.preferred_language = in.preferred_language;
      draft.case_number = in.case_number;
      if (Status st = prog::ValidateClient(draft); !st.ok()) {
        result.errors.push_back({rec.line, st.field(), st.public_message()});
        continue;
      }
      if (!in.email.empty()) {
        const std::string normalized = NormalizeEmail(in.email);
        if (!emails.insert(normalized).second) {
          result.errors.push_back({rec.line, "email", "the e-mail address is on an earlier row"});
          continue;
        }
        RESKILL_ASSIGN_OR_RETURN(auto taken,
                                 uow.programs().FindClientByEmailIndex(
                                     actor.tenant_id, ctx_.contacts.BlindIndex(normalized)));
        if (taken) {
          result.errors.push_back(
              {rec.line, "email", "the agency has a client with this e-mail address"});
          continue;
        }
      }
      valid.emplace_back(rec.line, std::move(in));
    }
    return Status::Ok();
  }));
  if (!partial && !result.errors.empty()) return result;
  ManageClients clients(ctx_);
  // A row refused at write time (a duplicate e-mail written meanwhile, say) is a row error.
  const auto row_error = [](const Status& st) {
    return st.code() == ErrorCode::kInvalidArgument || st.code() == ErrorCode::kAlreadyExists;
  };
  if (partial) {
    for (const auto& [line, in] : valid) {
      auto c = clients.Create(actor, in, request);
      if (c.ok()) {
        ++result.created;
      } else if (row_error(c.status())) {
        result.errors.push_back({line, c.status().field(), c.status().public_message()});
      } else {
        return c.status();
      }
    }
  } else {
    // All or nothing: every row in one transaction; one refusal rolls every row back.
    std::optional<ImportRowError> refused;
    Status st = ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
      result.created = 0;
      for (const auto& [line, in] : valid) {
        auto c = clients.CreateIn(uow, actor, in, request);
        if (!c.ok()) {
          if (row_error(c.status())) {
            refused = ImportRowError{line, c.status().field(), c.status().public_message()};
          }
          return c.status();
        }
        ++result.created;
      }
      return Status::Ok();
    });
    if (!st.ok()) {
      if (!refused) return st;
      result.created = 0;
      result.errors.push_back(*refused);
      return result;
    }
  }
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    return uow.audit().Append(
        MakeAuditEvent(ctx_, actor, actor.tenant_id, request, "client.import", "program",
                       detail::IdText(program.value()), "ok",
                       "created=" + std::to_string(result.created) +
                           ",refused=" + std::to_string(result.errors.size())));
  }));
  return result;
}

}  // namespace reskill::app::programs
