#include "app/jobs/reminder_jobs.hpp"

#include <fmt/format.h>

#include "app/lrs/statement_writer.hpp"
#include "app/ports/licence_sweep.hpp"
#include "app/programs/clients.hpp"
#include "app/programs/licences.hpp"

namespace reskill::app {

namespace {

namespace prog = domain::programs;
using std::chrono::days;

// What a rule decides for one licence.
enum class Action { kNone, kEmail, kReclaimList, kRevoke, kExpire };

struct Decision {
  Action action = Action::kNone;
  std::string outcome;     // the ledger's record of it
  std::string dedupe_key;  // empty: the run's default key for the licence
  std::string journal;     // text of the journal entry (no contact data)
  std::string kind;        // e-mail kind
  std::string subject;
  std::string body;
};

std::string Day(Timestamp t) {
  return PeriodOf(Cadence::kDaily, t);
}

bool Spanish(const SweepLicence& l) {
  return l.locale == "es";
}

// The greeting line: "Hello Ana," / "Hola Ana:".
std::string Greeting(const SweepLicence& l, const std::string& given_name) {
  if (Spanish(l)) return given_name.empty() ? "Hola:" : "Hola " + given_name + ":";
  return given_name.empty() ? "Hello," : "Hello " + given_name + ",";
}

std::string Signature(const SweepLicence& l) {
  return "\n\n— " + l.program_display_name + "\n";
}

// A job over the licences of one state, program by program; subclasses hold one rule: which
// licences can be due (a filter the store applies, so the job reads those and not every licence)
// and what is due for each one it reads.
class LicenceRuleJob : public Job {
 public:
  StatusOr<std::int64_t> Run(const JobRunContext& run) override {
    std::vector<prog::Program> programs;
    RESKILL_RETURN_IF_ERROR(run.ctx.db.Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
      RESKILL_ASSIGN_OR_RETURN(programs, uow.programs().ListPrograms(run.tenant));
      return Status::Ok();
    }));
    std::int64_t done = 0;
    for (const prog::Program& program : programs) {
      RESKILL_RETURN_IF_ERROR(Sweep(run, program.id, Filter(run, program), done));
    }
    return done;
  }

 protected:
  virtual std::string_view state() const = 0;
  /// Clients who left the program get no reminder.
  virtual bool active_clients_only() const { return true; }
  /// The licences of `program` that can be due: everything Decide may act on passes it.
  virtual SweepFilter Filter(const JobRunContext& run, const prog::Program& program) const = 0;
  virtual Decision Decide(const JobRunContext& run, const SweepLicence& l) const = 0;
  /// A second look at a decision with the ledger at hand (earlier periods' outcomes).
  virtual StatusOr<Decision> Escalate(const JobRunContext&, UnitOfWork&, const SweepLicence&,
                                      Decision d) const {
    return d;
  }

 private:
  // The program's licences that pass the filter, a page per transaction: the sweep and the
  // effects see one state, and every effect commits with its ledger row.
  Status Sweep(const JobRunContext& run, ProgramId program, const SweepFilter& filter,
               std::int64_t& done) const {
    // Learning facts of statements committed before the sweep are written first (the statement
    // writer defers them with its index).
    if (run.ctx.statement_writer != nullptr) run.ctx.statement_writer->AwaitIndex();
    std::int64_t after_client = 0, after_licence = 0;
    for (;;) {
      bool more = false;
      std::int64_t done_in_page = 0;
      RESKILL_RETURN_IF_ERROR(run.ctx.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
        done_in_page = 0;
        RESKILL_ASSIGN_OR_RETURN(auto page, uow.licence_sweep().ListPage(
                                                run.tenant, program, state(), filter, after_client,
                                                after_licence, kReminderPageSize));
        more = static_cast<int>(page.size()) == kReminderPageSize;
        for (const SweepLicence& l : page) {
          if (active_clients_only() && l.client_status != "active") continue;
          Decision d = Decide(run, l);
          if (d.action == Action::kNone) continue;
          RESKILL_ASSIGN_OR_RETURN(d, Escalate(run, uow, l, std::move(d)));
          RESKILL_ASSIGN_OR_RETURN(bool fresh, run.MarkItem(uow, l.licence.value(), d.outcome));
          if (!fresh) continue;
          RESKILL_RETURN_IF_ERROR(Apply(run, uow, l, d));
          ++done_in_page;
        }
        if (!page.empty()) {
          after_client = page.back().client.value();
          after_licence = page.back().licence.value();
        }
        return Status::Ok();
      }));
      done += done_in_page;
      RESKILL_RETURN_IF_ERROR(run.progress(done));
      if (!more) return Status::Ok();
    }
  }

 private:
  Status Apply(const JobRunContext& run, UnitOfWork& uow, const SweepLicence& l,
               const Decision& d) const {
    const Principal system = programs::SystemActor(run.tenant, "job:" + run.job);
    const RequestInfo request{"job:" + run.job + ":" + run.period};
    switch (d.action) {
      case Action::kNone: return Status::Ok();
      case Action::kExpire:
        return programs::ExpireInvitation(run.ctx, uow, system, run.tenant, l.licence, request)
            .status();
      case Action::kReclaimList:
        RESKILL_RETURN_IF_ERROR(
            programs::PutOnReclaimList(run.ctx, uow, system, run.tenant, l.licence, request));
        break;
      case Action::kRevoke:
        RESKILL_RETURN_IF_ERROR(programs::RevokeLicence(run.ctx, uow, system, run.tenant, l.licence,
                                                        "inactivity", request));
        break;
      case Action::kEmail: break;
    }
    if (d.subject.empty()) return Status::Ok();
    const prog::JournalKind kind =
        d.action == Action::kRevoke ? prog::JournalKind::kReclaim : prog::JournalKind::kReminder;
    if (l.email_sealed.empty()) {
      return programs::AppendJournal(run.ctx, uow, system, run.tenant, l.client, kind,
                                     d.journal + " (not sent: no e-mail address on file)");
    }
    RESKILL_ASSIGN_OR_RETURN(std::string address, run.ctx.contacts.Open(l.email_sealed));
    std::string given_name;
    if (!l.given_name_sealed.empty()) {
      RESKILL_ASSIGN_OR_RETURN(given_name, run.ctx.contacts.Open(l.given_name_sealed));
    }
    Email email;
    email.tenant_id = run.tenant;
    email.kind = d.kind;
    email.dedupe_key = d.dedupe_key.empty() ? run.DedupeKey(l.licence.value()) : d.dedupe_key;
    email.to_address = address;
    email.to_name = given_name;
    email.locale = Spanish(l) ? "es" : "en";
    email.subject = d.subject;
    email.text_body = Greeting(l, given_name) + "\n\n" + d.body + Signature(l);
    RESKILL_ASSIGN_OR_RETURN(bool queued, QueueEmail(run.ctx, uow, email));
    // A nudge already sent for this spell of inactivity (same key) is not journaled again.
    if (!queued) return Status::Ok();
    return programs::AppendJournal(run.ctx, uow, system, run.tenant, l.client, kind, d.journal);
  }
};

class ExpireInvitations final : public LicenceRuleJob {
 public:
  std::string_view name() const override { return "expire-invitations"; }
  std::string_view summary() const override {
    return "Invitations not activated within the program's invitation_valid_days: expired, the "
           "seat free, listed for re-invite";
  }
  Cadence cadence() const override { return Cadence::kDaily; }

 protected:
  std::string_view state() const override { return "issued"; }
  SweepFilter Filter(const JobRunContext& run, const prog::Program&) const override {
    SweepFilter f;
    f.invite_expires_by = run.now;
    return f;
  }
  Decision Decide(const JobRunContext& run, const SweepLicence& l) const override {
    Decision d;
    if (!l.invite_expires_at || *l.invite_expires_at > run.now) return d;
    d.action = Action::kExpire;
    d.outcome = "expired";
    return d;
  }
  // An invitation expires whether or not the client is still in the program.
  bool active_clients_only() const override { return false; }
};

class RemindNotActivated final : public LicenceRuleJob {
 public:
  std::string_view name() const override { return "remind-not-activated"; }
  std::string_view summary() const override {
    return "Weekly reminder to clients invited but not yet activated (invitation still open)";
  }
  Cadence cadence() const override { return Cadence::kWeekly; }

 protected:
  std::string_view state() const override { return "issued"; }
  SweepFilter Filter(const JobRunContext& run, const prog::Program&) const override {
    SweepFilter f;
    f.invite_expires_after = run.now;
    return f;
  }
  Decision Decide(const JobRunContext& run, const SweepLicence& l) const override {
    Decision d;
    if (!l.invite_expires_at || *l.invite_expires_at <= run.now) return d;
    d.action = Action::kEmail;
    d.outcome = "reminded";
    d.kind = "reminder.not_activated";
    d.journal = "Weekly reminder: invitation not yet activated";
    const std::string until = Day(*l.invite_expires_at);
    if (Spanish(l)) {
      d.subject = "Recordatorio: active su acceso a " + l.provider_name;
      d.body = "Todavía no ha activado su acceso a " + l.provider_name +
               ". Abra el enlace del "
               "correo de invitación que le enviamos; es válido hasta el " +
               until + ".";
    } else {
      d.subject = "Reminder: activate your " + l.provider_name + " access";
      d.body = "You have not activated your " + l.provider_name +
               " access yet. Open the link in "
               "the invitation e-mail we sent you; it is valid until " +
               until + ".";
    }
    return d;
  }
};

class RemindNotStarted final : public LicenceRuleJob {
 public:
  std::string_view name() const override { return "remind-not-started"; }
  std::string_view summary() const override {
    return "Weekly reminder to clients who activated but never started learning";
  }
  Cadence cadence() const override { return Cadence::kWeekly; }

 protected:
  std::string_view state() const override { return "activated"; }
  SweepFilter Filter(const JobRunContext&, const prog::Program&) const override {
    SweepFilter f;
    f.quiet_since = Timestamp::min();  // no activity ever
    return f;
  }
  Decision Decide(const JobRunContext&, const SweepLicence& l) const override {
    Decision d;
    if (l.last_activity_at) return d;
    d.action = Action::kEmail;
    d.outcome = "reminded";
    d.kind = "reminder.not_started";
    d.journal = "Weekly reminder: licence activated, learning not started";
    if (Spanish(l)) {
      d.subject = "Empiece su primer curso en " + l.provider_name;
      d.body = "Su acceso a " + l.provider_name +
               " está activo, pero aún no ha empezado ningún "
               "curso. Inicie sesión en " +
               l.provider_name + " y empiece hoy mismo.";
    } else {
      d.subject = "Start your first course on " + l.provider_name;
      d.body = "Your " + l.provider_name +
               " access is active, but you have not started a "
               "course yet. Sign in to " +
               l.provider_name + " and start today.";
    }
    return d;
  }
};

class NudgeInactive final : public LicenceRuleJob {
 public:
  std::string_view name() const override { return "nudge-inactive"; }
  std::string_view summary() const override {
    return "Nudge after the program's nudge_after_days without activity (once per spell)";
  }
  Cadence cadence() const override { return Cadence::kWeekly; }

 protected:
  std::string_view state() const override { return "activated"; }
  SweepFilter Filter(const JobRunContext& run, const prog::Program& program) const override {
    SweepFilter f;
    f.some_activity = true;
    f.quiet_since = run.now - days(program.nudge_after_days) + std::chrono::milliseconds(1);
    return f;
  }
  Decision Decide(const JobRunContext& run, const SweepLicence& l) const override {
    Decision d;
    if (!l.last_activity_at || *l.last_activity_at > run.now - days(l.nudge_after_days)) return d;
    const Timestamp last = *l.last_activity_at;
    d.action = Action::kEmail;
    d.outcome = "nudged";
    d.kind = "reminder.inactive";
    // One nudge per spell of inactivity, however many weeks it lasts.
    d.dedupe_key = fmt::format("nudge-inactive:{}:{}", l.licence.value(), Day(last));
    d.journal = fmt::format("Nudge: no learning activity since {}", Day(last));
    if (Spanish(l)) {
      d.subject = "Le echamos de menos en " + l.provider_name;
      d.body = "No hemos visto actividad suya en " + l.provider_name + " desde el " + Day(last) +
               ". Retome su curso cuando pueda: unos minutos al día bastan.";
    } else {
      d.subject = "We miss you on " + l.provider_name;
      d.body = "We have not seen any activity on " + l.provider_name + " since " + Day(last) +
               ". Pick your course up again: a few minutes a day is enough.";
    }
    return d;
  }
};

class MonthlyMinimum final : public LicenceRuleJob {
 public:
  std::string_view name() const override { return "monthly-minimum"; }
  std::string_view summary() const override {
    return "Monthly warning to clients below the program's min_items_per_month (last month)";
  }
  Cadence cadence() const override { return Cadence::kMonthly; }
  // A month is judged once it is over.
  std::string DuePeriod(Timestamp now) const override {
    const auto this_month = ParsePeriod(Cadence::kMonthly, PeriodOf(Cadence::kMonthly, now));
    return PeriodOf(Cadence::kMonthly, this_month->start - std::chrono::milliseconds(1));
  }

 protected:
  std::string_view state() const override { return "activated"; }
  SweepFilter Filter(const JobRunContext& run, const prog::Program& program) const override {
    SweepFilter f;
    f.activated_before = run.range.start;
    f.window = WindowOf(run.range.start, run.range.end);
    f.fewer_items_than = program.min_items_per_month;
    return f;
  }
  Decision Decide(const JobRunContext& run, const SweepLicence& l) const override {
    Decision d;
    // Only licences held for the whole month are judged by it.
    if (!l.activated_at || *l.activated_at >= run.range.start) return d;
    if (l.items >= l.min_items_per_month) return d;
    d.action = Action::kEmail;
    d.outcome = "warned";
    d.kind = "reminder.monthly_minimum";
    d.journal = fmt::format("Monthly minimum not met in {}: {} of {} items", run.period, l.items,
                            l.min_items_per_month);
    if (Spanish(l)) {
      d.subject = "Su actividad de " + run.period + " en " + l.provider_name;
      d.body = fmt::format(
          "En {} completó {} de los {} elementos mensuales que pide el programa. Para conservar "
          "su acceso a {}, complete al menos {} cada mes.",
          run.period, l.items, l.min_items_per_month, l.provider_name, l.min_items_per_month);
    } else {
      d.subject = "Your " + run.period + " activity on " + l.provider_name;
      d.body = fmt::format(
          "In {} you completed {} of the {} items a month the program asks for. To keep your "
          "{} access, complete at least {} every month.",
          run.period, l.items, l.min_items_per_month, l.provider_name, l.min_items_per_month);
    }
    return d;
  }

  // The month before was missed too (warned then): the licence is not kept. Policy "revoke"
  // revokes it (seat freed, the client told); policy "list" puts it on the supervisor's reclaim
  // list with the warning; a licence already on the list is warned again.
  StatusOr<Decision> Escalate(const JobRunContext& run, UnitOfWork& uow, const SweepLicence& l,
                              Decision d) const override {
    const std::string previous =
        PeriodOf(Cadence::kMonthly, run.range.start - std::chrono::milliseconds(1));
    RESKILL_ASSIGN_OR_RETURN(auto before, uow.job_ledger().ItemOutcome(
                                              run.tenant, run.job, previous, l.licence.value()));
    if (!before || (*before != "warned" && *before != "listed")) return d;
    if (l.reclaim_mode == "revoke") {
      d.action = Action::kRevoke;
      d.outcome = "revoked";
      d.kind = "reclaim.revoked";
      d.journal = fmt::format("Licence reclaimed: monthly minimum not met in {} and {}", previous,
                              run.period);
      if (Spanish(l)) {
        d.subject = "Su acceso a " + l.provider_name + " ha finalizado";
        d.body = fmt::format(
            "En {} y en {} no alcanzó los {} elementos mensuales que pide el programa, así que "
            "su acceso a {} se ha liberado para otra persona. Hable con su consejero si quiere "
            "retomarlo.",
            previous, run.period, l.min_items_per_month, l.provider_name);
      } else {
        d.subject = "Your " + l.provider_name + " access has ended";
        d.body = fmt::format(
            "In {} and again in {} you completed fewer than the {} items a month the program "
            "asks for, so your {} access was released for someone else. Talk to your counselor "
            "if you want to pick it up again.",
            previous, run.period, l.min_items_per_month, l.provider_name);
      }
      return d;
    }
    if (l.reclaim_listed_at) return d;
    d.action = Action::kReclaimList;
    d.outcome = "listed";
    d.journal += " (second month running: on the reclaim list)";
    return d;
  }
};

class ReclaimInactive final : public LicenceRuleJob {
 public:
  std::string_view name() const override { return "reclaim-inactive"; }
  std::string_view summary() const override {
    return "Licences idle for reclaim_after_days: on the reclaim list, or revoked by policy";
  }
  Cadence cadence() const override { return Cadence::kDaily; }

 protected:
  std::string_view state() const override { return "activated"; }
  SweepFilter Filter(const JobRunContext& run, const prog::Program& program) const override {
    SweepFilter f;
    f.quiet_since = run.now - days(program.reclaim_after_days) + std::chrono::milliseconds(1);
    f.not_reclaim_listed = program.reclaim_mode != prog::ReclaimMode::kRevoke;
    return f;
  }
  Decision Decide(const JobRunContext& run, const SweepLicence& l) const override {
    Decision d;
    const std::optional<Timestamp> since = l.last_activity_at ? l.last_activity_at : l.activated_at;
    if (!since || *since > run.now - days(l.reclaim_after_days)) return d;
    if (l.reclaim_mode != "revoke") {
      if (l.reclaim_listed_at) return d;
      d.action = Action::kReclaimList;
      d.outcome = "listed";
      return d;
    }
    d.action = Action::kRevoke;
    d.outcome = "revoked";
    d.kind = "reclaim.revoked";
    d.journal = fmt::format("Licence reclaimed: no activity since {}", Day(*since));
    if (Spanish(l)) {
      d.subject = "Su acceso a " + l.provider_name + " ha finalizado";
      d.body = fmt::format(
          "No hemos visto actividad desde el {} ({} días), así que su acceso a {} se ha "
          "liberado para otra persona. Hable con su consejero si quiere retomarlo.",
          Day(*since), l.reclaim_after_days, l.provider_name);
    } else {
      d.subject = "Your " + l.provider_name + " access has ended";
      d.body = fmt::format(
          "There has been no activity since {} ({} days), so your {} access was released for "
          "someone else. Talk to your counselor if you want to pick it up again.",
          Day(*since), l.reclaim_after_days, l.provider_name);
    }
    return d;
  }
};

}  // namespace

void AddReminderJobs(JobRegistry& registry) {
  registry.Add(std::make_unique<ExpireInvitations>());
  registry.Add(std::make_unique<RemindNotActivated>());
  registry.Add(std::make_unique<RemindNotStarted>());
  registry.Add(std::make_unique<NudgeInactive>());
  registry.Add(std::make_unique<MonthlyMinimum>());
  registry.Add(std::make_unique<ReclaimInactive>());
}

}  // namespace reskill::app
