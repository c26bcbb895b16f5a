// The use case that imports an O*NET release (parsed by importers/onet_reader) into the global
// O*NET reference tables. Stateless beyond the AppContext reference; thread-safe.
#pragma once

#include <cstdint>

#include "app/context.hpp"
#include "app/ports/occupation_repository.hpp"

namespace reskill::app {

/// What an import did.
struct OnetImportOutcome {
  /// False when the stored release already had this fingerprint: nothing was written.
  bool changed = false;
  /// The release as recorded now, or the stored one when nothing changed.
  domain::catalog::OnetRelease release;
  /// How many agencies' audit logs recorded the import.
  std::int64_t audited_tenants = 0;
};

/// Replaces the stored O*NET data with `data` in one write transaction, in place (only
/// differences are written), and records the release. A release whose fingerprint equals the
/// current one is a no-op. The O*NET tables are global while the audit log is per agency, so
/// the import is audited once in every agency's log ("onet.import", target onet_release/<version>,
/// detail with the counts): each agency sees when the reference data under its catalogue changed.
/// kInvalidArgument (field "version", "fingerprint" or "occupations[i].code") for data no reader
/// should produce; kFailedPrecondition when the database rejects a row (e.g. an occupation that
/// other tables still refer to was dropped); kUnavailable. Nothing is written on any error.
class ImportOnetRelease {
 public:
  explicit ImportOnetRelease(const AppContext& ctx) : ctx_(ctx) {}
  StatusOr<OnetImportOutcome> Run(const Principal& actor, OnetReleaseData data,
                                  const RequestInfo& request) const;

 private:
  const AppContext& ctx_;
};

}  // namespace reskill::app
