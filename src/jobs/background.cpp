#include "jobs/background.hpp"

#include "log/log.hpp"

namespace reskill::jobs {

void LogDelivery(const app::DeliveryOutcome& o) {
  using R = app::DeliveryOutcome::Result;
  switch (o.result) {
    case R::kSent:
      RESKILL_LOG_INFO("mail.sent", "tenant={} message={} kind={} attempts={}", o.tenant_id.value(),
                       o.id.value(), o.kind, o.attempts);
      break;
    case R::kRetry:
      RESKILL_LOG_WARN("mail.retry", "tenant={} message={} kind={} attempts={} error=\"{}\"",
                       o.tenant_id.value(), o.id.value(), o.kind, o.attempts, o.error);
      break;
    case R::kFailed:
      RESKILL_LOG_ERROR("mail.failed", "tenant={} message={} kind={} attempts={} error=\"{}\"",
                        o.tenant_id.value(), o.id.value(), o.kind, o.attempts, o.error);
      break;
  }
}

BackgroundWorker::BackgroundWorker(const app::AppContext& ctx, app::Mailer* mailer,
                                   const app::JobRegistry* jobs, BackgroundOptions options)
    : ctx_(ctx), mailer_(mailer), jobs_(jobs), options_(options) {}

BackgroundWorker::~BackgroundWorker() {
  Stop();
}

void BackgroundWorker::Start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] { Loop(); });
}

void BackgroundWorker::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void BackgroundWorker::Loop() {
  log::ContextScope scope("jobs");
  RESKILL_LOG_INFO("jobs.started", "mail_transport={} poll_interval_s={}",
                   mailer_ ? mailer_->name() : "off", options_.poll_interval.count());
  auto next_jobs = std::chrono::steady_clock::now();
  for (;;) {
    {
      std::unique_lock lock(mu_);
      if (stopping_) break;
    }
    if (std::chrono::steady_clock::now() >= next_jobs) {
      RunDueJobs();
      next_jobs = std::chrono::steady_clock::now() + options_.jobs_interval;
    }
    // Jobs queue mail: deliver right after them.
    DeliverMail();
    std::unique_lock lock(mu_);
    if (wake_.wait_for(lock, options_.poll_interval, [this] { return stopping_; })) break;
  }
  RESKILL_LOG_INFO("jobs.stopped", "clean=true");
}

void BackgroundWorker::RunDueJobs() {
  if (jobs_ == nullptr) return;
  for (const auto& job : jobs_->jobs()) {
    {
      std::lock_guard lock(mu_);
      if (stopping_) return;
    }
    log::ContextScope scope("job:" + std::string(job->name()));
    // The job boundary: nothing thrown below may end the server (docs/adr/0007-error-policy.md).
    try {
      auto reports = app::RunJob(ctx_).Run(*job, {});
      if (!reports.ok()) {
        RESKILL_LOG_ERROR("job.failed", "job={} error=\"{}\" detail=\"{}\"", job->name(),
                          reports.status().public_message(), reports.status().internal_detail());
        continue;
      }
      for (const auto& r : *reports) {
        using O = app::JobRunReport::Outcome;
        if (r.outcome == O::kDone) {
          RESKILL_LOG_INFO("job.run", "job={} period={} tenant={} items={} attempt={}", r.job,
                           r.period, r.tenant.value(), r.items, r.attempt);
        } else if (r.outcome == O::kFailed) {
          RESKILL_LOG_ERROR("job.failed", "job={} period={} tenant={} error=\"{}\" detail=\"{}\"",
                            r.job, r.period, r.tenant.value(), r.error.public_message(),
                            r.error.internal_detail());
        }
      }
    } catch (const std::exception& e) {
      RESKILL_LOG_ERROR("jobs.exception", "job={} what=\"{}\"", job->name(), e.what());
    }
  }
}

void BackgroundWorker::DeliverMail() {
  // The job boundary: nothing thrown below may end the server (docs/adr/0007-error-policy.md).
  try {
    if (mailer_ != nullptr) {
      app::DeliverOutbox deliver(ctx_, *mailer_, options_.delivery, &LogDelivery);
      auto report = deliver.Run();
      if (!report.ok()) {
        RESKILL_LOG_ERROR("mail.deliver_failed", "error=\"{}\" detail=\"{}\"",
                          report.status().public_message(), report.status().internal_detail());
      }
    }
  } catch (const std::exception& e) {
    RESKILL_LOG_ERROR("jobs.exception", "what=\"{}\"", e.what());
  }
}

}  // namespace reskill::jobs
