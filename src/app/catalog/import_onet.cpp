#include "app/catalog/import_onet.hpp"

#include <optional>
#include <string>

namespace reskill::app {

namespace {

Status Validate(const OnetReleaseData& data) {
  if (data.release.version.empty()) return InvalidArgument("the release has no version", "version");
  if (data.release.fingerprint.empty()) {
    return InvalidArgument("the release has no fingerprint", "fingerprint");
  }
  if (data.occupations.empty()) {
    return InvalidArgument("the release has no occupations", "occupations");
  }
  for (std::size_t i = 0; i < data.occupations.size(); ++i) {
    const Status st = domain::catalog::ValidateOnetCode(data.occupations[i].code);
    if (!st.ok()) return st.WithFieldPrefix("occupations[" + std::to_string(i) + "]");
  }
  return Status::Ok();
}

}  // namespace

StatusOr<OnetImportOutcome> ImportOnetRelease::Run(const Principal& actor, OnetReleaseData data,
                                                   const RequestInfo& request) const {
  RESKILL_RETURN_IF_ERROR(Validate(data));
  data.release.imported_at = ctx_.clock.Now();
  data.release.occupations = static_cast<std::int64_t>(data.occupations.size());
  data.release.ratings = static_cast<std::int64_t>(data.ratings.size());
  const std::string detail = "occupations=" + std::to_string(data.release.occupations) +
                             ",ratings=" + std::to_string(data.release.ratings);
  OnetImportOutcome outcome;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    outcome = OnetImportOutcome{};  // the transaction may be retried
    RESKILL_ASSIGN_OR_RETURN(auto current, uow.occupations().CurrentRelease());
    // Checked inside the write transaction, so two concurrent imports cannot both write.
    if (current && current->fingerprint == data.release.fingerprint) {
      outcome.release = *current;
      return Status::Ok();
    }
    RESKILL_RETURN_IF_ERROR(uow.occupations().ReplaceRelease(data));
    RESKILL_ASSIGN_OR_RETURN(auto tenants, uow.tenants().List());
    for (const auto& tenant : tenants) {
      RESKILL_RETURN_IF_ERROR(
          uow.audit().Append(MakeAuditEvent(ctx_, actor, tenant.id, request, "onet.import",
                                            "onet_release", data.release.version, "ok", detail)));
    }
    outcome.changed = true;
    outcome.release = data.release;
    outcome.audited_tenants = static_cast<std::int64_t>(tenants.size());
    return Status::Ok();
  }));
  return outcome;
}

}  // namespace reskill::app
