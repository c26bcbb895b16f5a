// Background work inside `reskill serve`: one thread that delivers due outbox messages every poll
// interval and, every jobs interval, runs each scheduled job whose due period has not run yet.
// Start() and Stop() are called by the composition root from one thread; the worker catches and
// logs everything, so a failing pass never ends the server.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "app/context.hpp"
#include "app/jobs/job.hpp"
#include "app/mail/deliver_outbox.hpp"
#include "app/ports/mailer.hpp"

namespace reskill::jobs {

struct BackgroundOptions {
  std::chrono::seconds poll_interval{10};  ///< How often due mail is looked for.
  std::chrono::seconds jobs_interval{60};  ///< How often due job runs are looked for.
  app::DeliveryPolicy delivery;
};

class BackgroundWorker {
 public:
  /// `mailer` may be null (mail.transport = off): then nothing is delivered. `jobs` may be null:
  /// then no job is scheduled. Everything must outlive the worker.
  BackgroundWorker(const app::AppContext& ctx, app::Mailer* mailer, const app::JobRegistry* jobs,
                   BackgroundOptions options);
  ~BackgroundWorker();
  BackgroundWorker(const BackgroundWorker&) = delete;
  BackgroundWorker& operator=(const BackgroundWorker&) = delete;

  void Start();
  /// Wakes the worker, waits for the pass in progress (an SMTP send is bounded by
  /// mail.timeout_s) and joins the thread. Idempotent.
  void Stop();

 private:
  void Loop();
  void DeliverMail();
  void RunDueJobs();

  const app::AppContext& ctx_;
  app::Mailer* mailer_;
  const app::JobRegistry* jobs_;
  BackgroundOptions options_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mu_
  std::thread thread_;
};

/// Logs one delivery attempt (ids, kind, attempts and the transport's reason; no addresses).
void LogDelivery(const app::DeliveryOutcome& outcome);

}  // namespace reskill::jobs
