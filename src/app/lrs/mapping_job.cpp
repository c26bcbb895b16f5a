#include "app/lrs/mapping_job.hpp"

#include <memory>

#include "app/lrs/identity.hpp"
#include "app/programs/clients.hpp"

namespace reskill::app::lrs {

namespace {

class MapLrsActorsJob final : public Job {
 public:
  std::string_view name() const override { return "map-lrs-actors"; }
  std::string_view summary() const override {
    return "Map unmapped xAPI actors to clients (participant id, verified e-mail)";
  }
  Cadence cadence() const override { return Cadence::kDaily; }
  StatusOr<std::int64_t> Run(const JobRunContext& run) override {
    const Principal actor = programs::SystemActor(run.tenant, "job:map-lrs-actors");
    RESKILL_ASSIGN_OR_RETURN(auto summary,
                             MapUnmappedActors(run.ctx).Run(actor, {run.job + ":" + run.period}));
    RESKILL_RETURN_IF_ERROR(run.progress(summary.mapped));
    return summary.mapped;
  }
};

}  // namespace

void AddLrsMappingJob(JobRegistry& registry) {
  registry.Add(std::make_unique<MapLrsActorsJob>());
}

}  // namespace reskill::app::lrs
