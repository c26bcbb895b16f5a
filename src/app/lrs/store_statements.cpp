#include "app/lrs/store_statements.hpp"

#include <algorithm>
#include <functional>
#include <limits>
#include <map>
#include <set>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include <nlohmann/json.hpp>

#include "app/lrs/identity.hpp"
#include "domain/lrs/learning_facts.hpp"

namespace reskill::app::lrs {

namespace {

using domain::lrs::ParsedStatement;
using domain::lrs::SpecVersion;

// A content error refuses one batch; any other failure aborts the transaction.
bool IsContentError(const Status& st) {
  return st.code() == ErrorCode::kInvalidArgument || st.code() == ErrorCode::kConflict;
}

std::string PathOf(const StatementBatch& b, std::size_t i) {
  return b.is_array ? "statement[" + std::to_string(i) + "]" : std::string("statement");
}

// A random (version 4) UUID from 128 bits of the token generator.
std::string NewUuid(const SecretTokens& tokens) {
  std::string hex = tokens.HashToken(tokens.NewToken()).substr(0, 32);
  hex[12] = '4';
  static constexpr char kVariant[] = "89ab";
  hex[16] = kVariant[(hex[16] >= 'a' ? hex[16] - 'a' + 10 : hex[16] - '0') & 3];
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20, 12);
}

// Stored statements were valid when stored; they are re-read under the version they carry.
std::optional<ParsedStatement> Reparse(const std::string& body) {
  for (SpecVersion v : {SpecVersion::k2_0, SpecVersion::k1_0}) {
    auto p = domain::lrs::ParseStatement(body, v);
    if (p.ok()) return std::move(p).value();
  }
  return std::nullopt;
}

// Merges an incoming activity definition into the stored one: language maps and extensions
// merge per key, other members are replaced (xAPI Data 2.4.4.1: the LRS may update its
// definition from later statements).
std::string MergeDefinition(const std::string& stored, const std::string& incoming) {
  auto base = nlohmann::json::parse(stored, nullptr, false);
  auto add = nlohmann::json::parse(incoming, nullptr, false);
  if (!add.is_object()) return stored;
  if (!base.is_object()) return add.dump();
  for (auto& [key, value] : add.items()) {
    const bool per_key = key == "name" || key == "description" || key == "extensions";
    if (per_key && value.is_object() && base.contains(key) && base[key].is_object()) {
      for (auto& [k, v] : value.items()) base[key][k] = v;
    } else {
      base[key] = value;
    }
  }
  return base.dump();
}

void AddFact(std::map<LearningDayKey, LearningDayDelta>& days, TenantId tenant, std::int64_t actor,
             std::int64_t provider, const domain::lrs::LearningFact& f, int sign) {
  auto [it, inserted] = days.try_emplace(LearningDayKey{tenant.value(), actor, provider, f.day});
  LearningDayDelta& d = it->second;
  if (inserted) {
    d.actor_id = actor;
    d.provider_id = provider;
    d.day = f.day;
    d.first_activity_at = f.at;
    d.last_activity_at = f.at;
  }
  d.seconds += sign * f.seconds;
  d.started += sign * f.started;
  d.progressed += sign * f.progressed;
  d.completed += sign * f.completed;
  d.passed += sign * f.passed;
  d.first_activity_at = std::min(d.first_activity_at, f.at);
  d.last_activity_at = std::max(d.last_activity_at, f.at);
}

// What one transaction (a group of batches) has written or learnt so far: actors, activities and
// learning-day increments are shared by its batches, so a group writes each once. Only the
// write phase of a batch adds to it, and a batch refused for its content never gets there.
using GroupKey = std::pair<std::int64_t, std::string>;  // (tenant, statement id or IFI)

struct GroupState {
  // Statements by id as this transaction sees them: read in one query for the whole group
  // (Prefetch), then kept in step with what the group writes; nullopt: not stored.
  std::map<GroupKey, std::optional<StoredStatement>> statements;
  // StatementRef statements naming an id, in seq order (read for the group's ids, then kept in
  // step): what ListReferencing would answer.
  std::map<GroupKey, std::vector<StatementReference>> referencing;
  std::map<GroupKey, KnownActor> known_actors;  // stored before the group
  bool seq_known = false;
  std::int64_t next_seq = 0;
  std::map<std::pair<std::int64_t, std::string>, std::int64_t> actors;     // (tenant, ifi)
  std::map<std::pair<std::int64_t, std::string>, std::string> activities;  // definition stored
  std::set<GroupKey> absent_activities;  // prefetched and not stored (until the group adds them)
  // The definition text merged last into each activity: merging it again changes nothing
  // (MergeDefinition is idempotent), so a repeat skips the JSON work.
  std::map<std::pair<std::int64_t, std::string>, std::string> merged_last;
  std::map<LearningDayKey, LearningDayDelta> days;
};

// What the checks learn about one statement of the batch before anything is written.
struct Plan {
  std::string id;
  bool skip = false;                      // an identical statement is stored already
  std::optional<StoredStatement> target;  // StatementRef target stored before this batch
  std::optional<std::size_t> target_in_batch;
};

// Sorts `list` and drops repeats.
void SortUnique(std::vector<std::string>& list) {
  std::sort(list.begin(), list.end());
  list.erase(std::unique(list.begin(), list.end()), list.end());
}

// Reads what the group's checks and writes need in a few queries instead of several per
// statement: the statements with the ids the batches carry or name, the StatementRefs naming
// them, the known actors and the stored definitions of the activities the statements name.
Status Prefetch(StatementStore& store, const std::vector<StatementBatch>& batches, GroupState& g,
                const WriterCache* cache) {
  std::map<std::int64_t, std::pair<std::vector<std::string>, std::vector<std::string>>> ids;
  std::map<std::int64_t, std::vector<std::string>> ifis;
  std::map<std::int64_t, std::vector<std::string>> iris;
  for (const StatementBatch& b : batches) {
    auto& [own, named] = ids[b.authority.tenant.value()];
    for (const ParsedStatement& s : b.statements) {
      if (!s.id.empty()) own.push_back(s.id);
      if (s.object_kind == domain::lrs::ObjectKind::kStatementRef) named.push_back(s.object_id);
      if (!s.actor_ifi.empty()) ifis[b.authority.tenant.value()].push_back(s.actor_ifi);
      // What StoreBatch's activity() looks up: each definition's activity and the object.
      for (const auto& d : s.definitions)
        iris[b.authority.tenant.value()].push_back(d.activity_iri);
      if (s.object_kind == domain::lrs::ObjectKind::kActivity) {
        iris[b.authority.tenant.value()].push_back(s.object_id);
      }
    }
  }
  for (auto& [tenant_value, list] : iris) {
    SortUnique(list);
    if (cache != nullptr) {
      std::erase_if(list, [&](const std::string& iri) {
        const auto hit = cache->activities.find({tenant_value, iri});
        if (hit == cache->activities.end()) return false;
        const GroupKey key(tenant_value, iri);
        g.activities.emplace(key, hit->second.definition);
        if (!hit->second.merged_last.empty()) g.merged_last.emplace(key, hit->second.merged_last);
        return true;
      });
      if (list.empty()) continue;
    }
    RESKILL_ASSIGN_OR_RETURN(auto stored,
                             store.FindActivityDefinitions(TenantId(tenant_value), list));
    for (auto& [iri, definition] : stored) {
      g.activities.emplace(GroupKey(tenant_value, iri), std::move(definition));
    }
    for (const std::string& iri : list) {
      GroupKey key(tenant_value, iri);
      if (!g.activities.contains(key)) g.absent_activities.insert(std::move(key));
    }
  }
  for (auto& [tenant_value, lists] : ids) {
    const TenantId tenant(tenant_value);
    auto& [own, named] = lists;
    std::vector<std::string> all = own;
    all.insert(all.end(), named.begin(), named.end());
    std::sort(all.begin(), all.end());
    all.erase(std::unique(all.begin(), all.end()), all.end());
    if (all.empty()) continue;
    for (const std::string& id : all) g.statements[{tenant_value, id}];
    RESKILL_ASSIGN_OR_RETURN(auto stored, store.FindByIds(tenant, all));
    for (StoredStatement& s : stored) {
      g.statements[{tenant_value, s.statement_id}] = std::move(s);
    }
    std::sort(own.begin(), own.end());
    own.erase(std::unique(own.begin(), own.end()), own.end());
    if (own.empty()) continue;
    RESKILL_ASSIGN_OR_RETURN(auto refs, store.ListReferencingAny(tenant, own));
    for (const TargetReference& r : refs) {
      g.referencing[{tenant_value, r.target_id}].push_back(r.reference);
    }
  }
  for (auto& [tenant_value, list] : ifis) {
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
    if (cache != nullptr) {
      std::erase_if(list, [&](const std::string& ifi) {
        const auto hit = cache->actors.find({tenant_value, ifi});
        if (hit == cache->actors.end()) return false;
        g.known_actors.emplace(GroupKey(tenant_value, ifi), hit->second);
        return true;
      });
      if (list.empty()) continue;
    }
    RESKILL_ASSIGN_OR_RETURN(auto actors, store.FindActors(TenantId(tenant_value), list));
    for (KnownActor& a : actors) {
      const std::string ifi = a.ifi;
      g.known_actors.emplace(GroupKey(tenant_value, ifi), std::move(a));
    }
  }
  return Status::Ok();
}

// Adds what a committed group knows of its actors and activities to the writer's cache.
void Remember(const GroupState& g, WriterCache& cache) {
  if (cache.actors.size() + cache.activities.size() + g.known_actors.size() + g.activities.size() >
      cache.max_entries) {
    cache.actors.clear();
    cache.activities.clear();
  }
  for (const auto& [key, actor] : g.known_actors) cache.actors[{key.first, key.second}] = actor;
  for (const auto& [key, definition] : g.activities) {
    WriterCache::Activity& a = cache.activities[{key.first, key.second}];
    a.definition = definition;
    const auto last = g.merged_last.find(key);
    a.merged_last = last != g.merged_last.end() ? last->second : std::string();
  }
}

// FindById through the group's view (a statement neither prefetched nor written by the group
// is read from the store).
StatusOr<std::optional<StoredStatement>> FindStatement(StatementStore& store, GroupState& g,
                                                       TenantId tenant, const std::string& id) {
  const GroupKey key(tenant.value(), id);
  if (auto it = g.statements.find(key); it != g.statements.end()) return it->second;
  RESKILL_ASSIGN_OR_RETURN(auto stored, store.FindById(tenant, id));
  g.statements.emplace(key, stored);
  return stored;
}

// The term copies a new statement `seq` asks for (Communication §2.1.3; docs/lrs.md "Voiding"):
// the terms of its StatementRef target when that was stored before it, then its own terms for
// each StatementRef stored before it that names it (one level). Live ingest and the recovery of
// the index both ask here, so both write the same copies in the same order.
void AddCopies(std::vector<TermCopy>& copies, TenantId tenant, std::int64_t seq,
               std::optional<std::int64_t> target_seq,
               const std::vector<StatementReference>& referencing) {
  if (target_seq) copies.push_back({tenant.value(), *target_seq, seq});
  for (const StatementReference& r : referencing) copies.push_back({tenant.value(), seq, r.seq});
}

// The IFI of the `authority` a stored statement carries; empty when it has none with an IFI.
std::string AuthorityIfiOf(const std::string& body) {
  auto doc = nlohmann::json::parse(body, nullptr, false);
  if (!doc.is_object() || !doc.contains("authority")) return {};
  auto ifi = domain::lrs::ParseAgentIfi(doc["authority"].dump(), SpecVersion::k2_0, "authority");
  return ifi.ok() ? std::move(ifi).value() : std::string();
}

// The index terms of a stored statement, as the live path derived them: its own and its
// authority's (the authority is in the stored body).
std::vector<domain::lrs::Term> StoredTermsOf(const ParsedStatement& parsed,
                                             const std::string& body) {
  return IndexTermsOf(parsed, AuthorityIfiOf(body));
}

// The terms the index can hold for the statement `seq`: its own and, since a copy only ever gives
// a statement the terms of the statement its StatementRef names, those of the statements down
// its chain of StatementRefs (each once: two statements may name each other). A superset of its
// rows is enough, as CopyTerms probes each. nullopt when a statement on the chain no longer
// parses (stored before a rule that now refuses its form): its terms cannot be known.
StatusOr<std::optional<std::vector<std::string>>> ReachableTerms(StatementStore& store,
                                                                 TenantId tenant,
                                                                 std::int64_t seq) {
  std::vector<std::string> terms;
  std::unordered_set<std::string> visited;
  RESKILL_ASSIGN_OR_RETURN(std::optional<StoredStatement> x, store.FindBySeq(tenant, seq));
  while (x && visited.insert(x->statement_id).second) {
    const std::optional<ParsedStatement> parsed = Reparse(x->body);
    if (!parsed) return std::optional<std::vector<std::string>>();
    for (domain::lrs::Term& t : StoredTermsOf(*parsed, x->body)) {
      terms.push_back(std::move(t.term));
    }
    if (parsed->object_kind != domain::lrs::ObjectKind::kStatementRef) break;
    RESKILL_ASSIGN_OR_RETURN(x, store.FindById(tenant, parsed->object_id));
  }
  std::sort(terms.begin(), terms.end());
  terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
  return std::optional<std::vector<std::string>>(std::move(terms));
}

// Runs a term copy with the terms its source can have (see ReachableTerms).
Status CopyTermsOf(StatementStore& store, const TermCopy& c) {
  const TenantId tenant(c.tenant);
  RESKILL_ASSIGN_OR_RETURN(auto terms, ReachableTerms(store, tenant, c.from_seq));
  return store.CopyTerms(tenant, c.from_seq, c.to_seq, terms);
}

// Adds learning-day deltas, per tenant, in key order.
Status AddLearningDaysIn(StatementStore& store,
                         const std::map<LearningDayKey, LearningDayDelta>& days) {
  std::vector<LearningDayDelta> deltas;
  std::int64_t tenant = 0;
  for (auto it = days.begin(); it != days.end(); ++it) {
    tenant = it->first.tenant;
    deltas.push_back(it->second);
    const auto next = std::next(it);
    if (next == days.end() || next->first.tenant != tenant) {
      RESKILL_RETURN_IF_ERROR(store.AddLearningDays(TenantId(tenant), deltas));
      deltas.clear();
    }
  }
  return Status::Ok();
}

// Writes deferred index rows inside a transaction (see StoreStatements::WriteIndex).
Status WriteIndexIn(StatementStore& store, DeferredIndex& index) {
  // The store writes them in its index's key order (term ids, ADR 0017), so rows of one term
  // share a leaf page instead of each dirtying a random one.
  RESKILL_RETURN_IF_ERROR(store.InsertTerms(index.terms));
  // In the order asked for: a copy reads what earlier copies wrote, as when they ran at once.
  for (const TermCopy& c : index.copies) RESKILL_RETURN_IF_ERROR(CopyTermsOf(store, c));
  RESKILL_RETURN_IF_ERROR(AddLearningDaysIn(store, index.days));
  for (const auto& [tenant, seq] : index.max_seq) {
    RESKILL_RETURN_IF_ERROR(store.AdvanceTermWatermark(TenantId(tenant), seq));
  }
  return Status::Ok();
}

// Derives the index rows and learning facts of up to `limit` statements of `tenant` above its
// watermark from their stored rows into `index`, as the live path derived them when it stored
// them, and returns how many statements it read.
StatusOr<std::size_t> DeriveAboveWatermark(StatementStore& store, TenantId tenant, int limit,
                                           DeferredIndex& index) {
  RESKILL_ASSIGN_OR_RETURN(const std::int64_t watermark, store.TermWatermark(tenant));
  RESKILL_ASSIGN_OR_RETURN(auto unindexed, store.ListAfter(tenant, watermark, limit));
  for (const UnindexedStatement& x : unindexed) {
    // The terms: its own (from its body, as the live path parsed it) and the authority's.
    const std::optional<ParsedStatement> parsed = Reparse(x.body);
    if (parsed) {
      for (domain::lrs::Term& t : StoredTermsOf(*parsed, x.body)) {
        index.terms.push_back({tenant.value(), std::move(t.term), x.seq, t.direct});
      }
    }
    // The copies of StatementRefs stored before it: its target; the statements naming it.
    std::optional<StoredStatement> target;
    if (x.ref_target) {
      RESKILL_ASSIGN_OR_RETURN(target, store.FindById(tenant, *x.ref_target));
      if (target && target->seq >= x.seq) target.reset();
    }
    RESKILL_ASSIGN_OR_RETURN(auto referencing, store.ListReferencing(tenant, x.statement_id));
    std::erase_if(referencing, [&](const StatementReference& r) { return r.seq >= x.seq; });
    AddCopies(index.copies, tenant, x.seq,
              target ? std::optional<std::int64_t>(target->seq) : std::nullopt, referencing);
    // Its learning facts, unless a voiding statement stored before it voided it on arrival.
    const bool voided_on_arrival =
        !x.is_voiding && std::any_of(referencing.begin(), referencing.end(),
                                     [](const StatementReference& r) { return r.is_voiding; });
    if (parsed && x.actor_id != 0 && !voided_on_arrival) {
      if (auto fact = domain::lrs::FactOf(*parsed, x.timestamp)) {
        AddFact(index.days, tenant, x.actor_id, x.provider_id, *fact, +1);
      }
    }
    // A voiding statement takes back what its target added, if it is the first to void it (a
    // target voided before, or on its own arrival, has nothing left to take back).
    if (x.is_voiding && target && !target->is_voiding && target->actor_id != 0) {
      RESKILL_ASSIGN_OR_RETURN(auto voiders, store.ListReferencing(tenant, target->statement_id));
      const bool first = std::none_of(voiders.begin(), voiders.end(),
                                      [&](const auto& r) { return r.is_voiding && r.seq < x.seq; });
      if (first) {
        if (auto voided = Reparse(target->body)) {
          if (auto fact = domain::lrs::FactOf(*voided, target->timestamp)) {
            AddFact(index.days, tenant, target->actor_id, target->provider_id, *fact, -1);
          }
        }
      }
    }
    index.max_seq[tenant.value()] = x.seq;
    ++index.statements;
  }
  return unindexed.size();
}

// Stores one batch inside `uow`. Content errors are returned before anything is written, so the
// caller may go on with other batches in the same transaction. The batch's index rows go to
// `deferred`: as rows to write later when `defer_terms`, otherwise written here (and only the
// highest seq noted).
StatusOr<std::vector<std::string>> StoreBatch(const AppContext& ctx, UnitOfWork& uow,
                                              const StatementBatch& b, GroupState& g,
                                              DeferredIndex& deferred, bool defer_terms) {
  StatementStore& store = uow.statements();
  const TenantId tenant = b.authority.tenant;
  const auto& st = b.statements;
  std::vector<Plan> plans(st.size());
  std::unordered_map<std::string, std::size_t> index;

  // Checks, in order; nothing is written until every statement passes.
  for (std::size_t i = 0; i < st.size(); ++i) {
    Plan& p = plans[i];
    p.id = st[i].id.empty() ? NewUuid(ctx.tokens) : st[i].id;
    if (!index.emplace(p.id, i).second) {
      // Communication §2.1.2: a batch with two statements of one id is refused.
      return InvalidArgument("another statement of the batch has this id", PathOf(b, i) + ".id");
    }
    if (!st[i].id.empty()) {
      RESKILL_ASSIGN_OR_RETURN(auto existing, FindStatement(store, g, tenant, p.id));
      if (existing) {
        auto stored = Reparse(existing->body);
        // Data 2.2: statements are immutable; an identical re-send is not an error.
        if (!stored || !domain::lrs::SameStatement(st[i], *stored)) {
          return Status(ErrorCode::kConflict,
                        "a different statement with this id is stored already",
                        PathOf(b, i) + ".id");
        }
        p.skip = true;
        continue;
      }
    }
    for (std::size_t a = 0; a < st[i].attachments.size(); ++a) {
      const auto& att = st[i].attachments[a];
      const bool carried = std::any_of(b.attachments.begin(), b.attachments.end(),
                                       [&](const auto& part) { return part.sha2 == att.sha2; });
      if (!att.has_file_url && !carried) {
        return InvalidArgument(
            "the attachment has no fileUrl and the request carries no part with its sha2",
            PathOf(b, i) + ".attachments[" + std::to_string(a) + "].sha2");
      }
    }
    if (st[i].object_kind == domain::lrs::ObjectKind::kStatementRef) {
      const std::string& target = st[i].object_id;
      const auto in = index.find(target);
      const bool in_batch = in != index.end() && !plans[in->second].skip;
      if (in_batch) {
        p.target_in_batch = in->second;
      } else {
        RESKILL_ASSIGN_OR_RETURN(p.target, FindStatement(store, g, tenant, target));
      }
      if (st[i].is_voiding) {
        const bool target_voids = (in_batch && (in->second == i || st[in->second].is_voiding)) ||
                                  (p.target && p.target->is_voiding);
        if (target_voids) {
          // Data 2.3.2: a voiding statement cannot itself be voided.
          return InvalidArgument("a voiding statement cannot target another voiding statement",
                                 PathOf(b, i) + ".object.id");
        }
      }
    }
  }
  // A voiding statement later in the batch may name one sent earlier in it: check that too.
  for (std::size_t i = 0; i < st.size(); ++i) {
    if (!st[i].is_voiding || plans[i].target_in_batch || plans[i].target) continue;
    if (auto in = index.find(st[i].object_id); in != index.end() && st[in->second].is_voiding) {
      return InvalidArgument("a voiding statement cannot target another voiding statement",
                             PathOf(b, i) + ".object.id");
    }
  }

  // Writes.
  if (!g.seq_known) {
    RESKILL_ASSIGN_OR_RETURN(const std::int64_t max_seq, store.MaxSeq(tenant));
    const std::int64_t now_ms = ToUnixMillis(ctx.clock.Now());
    g.next_seq = std::max(max_seq + 1, now_ms << kStatementSeqShift);
    g.seq_known = true;
  }
  std::int64_t& next_seq = g.next_seq;
  auto& days = g.days;
  std::vector<std::int64_t> seqs(st.size(), 0);
  // The seqs this batch voided (on arrival or by a voiding statement): two voiding statements
  // with one target retract its facts once.
  std::unordered_set<std::int64_t> voided_seqs;
  std::vector<std::string> ids;
  ids.reserve(st.size());
  // The batch's rows, written together after the loop (InsertMany), and the term copies to run
  // after them, in the order the statements asked for them.
  std::vector<NewStatement> rows;
  rows.reserve(st.size());
  std::vector<std::size_t> row_of(st.size(), 0);
  std::vector<TermCopy> copies;
  const std::string version(DefaultStatementVersion(b.version));

  auto activity = [&](const std::string& iri, const std::string* definition,
                      Timestamp at) -> Status {
    auto& activities = g.activities;
    const auto key = std::pair(tenant.value(), iri);
    auto known = activities.find(key);
    if (known == activities.end()) {
      std::optional<std::string> stored;
      if (!g.absent_activities.contains(key)) {
        RESKILL_ASSIGN_OR_RETURN(stored, store.FindActivityDefinition(tenant, iri));
      }
      if (!stored) {
        const std::string def = definition ? MergeDefinition("{}", *definition) : "{}";
        RESKILL_RETURN_IF_ERROR(store.UpsertActivity(tenant, ctx.ids.Next(), iri, def, at));
        activities.emplace(key, def);
        if (definition) g.merged_last[key] = *definition;
        return Status::Ok();
      }
      known = activities.emplace(key, *stored).first;
    }
    if (definition) {
      std::string& last = g.merged_last[key];
      if (last == *definition) return Status::Ok();
      std::string merged = MergeDefinition(known->second, *definition);
      if (merged != known->second) {
        RESKILL_RETURN_IF_ERROR(store.UpsertActivity(tenant, ctx.ids.Next(), iri, merged, at));
        known->second = std::move(merged);
      }
      last = *definition;
    }
    return Status::Ok();
  };

  for (std::size_t i = 0; i < st.size(); ++i) {
    const ParsedStatement& s = st[i];
    Plan& p = plans[i];
    ids.push_back(p.id);
    if (p.skip) continue;
    const std::int64_t seq = next_seq++;
    seqs[i] = seq;
    const Timestamp stored = FromUnixMillis(seq >> kStatementSeqShift);
    const Timestamp timestamp = s.timestamp.value_or(stored);

    std::int64_t actor_id = 0;
    if (!s.actor_ifi.empty()) {
      auto a = g.actors.find(std::pair(tenant.value(), s.actor_ifi));
      if (a == g.actors.end()) {
        // A known actor whose name is unchanged needs no write.
        auto known = g.known_actors.find(std::pair(tenant.value(), s.actor_ifi));
        if (known != g.known_actors.end() &&
            (s.actor_name.empty() || s.actor_name == known->second.name)) {
          a = g.actors.emplace(std::pair(tenant.value(), s.actor_ifi), known->second.id).first;
        }
      }
      if (a == g.actors.end()) {
        const std::int64_t new_id = ctx.ids.Next();
        RESKILL_ASSIGN_OR_RETURN(const std::int64_t id,
                                 store.UpsertActor(tenant, new_id, s.actor_ifi, s.actor_object_type,
                                                   s.actor_name, stored));
        if (id == new_id) {
          // A new actor is mapped to the client it identifies (participant id, verified e-mail)
          // in the same transaction, so its learning facts count for that client at once.
          RESKILL_ASSIGN_OR_RETURN(auto client, ClientForActor(ctx, uow, tenant, s.actor_ifi));
          if (client) {
            RESKILL_RETURN_IF_ERROR(
                uow.actor_identities().Map(tenant, id, *client, stored).status());
          }
        }
        a = g.actors.emplace(std::pair(tenant.value(), s.actor_ifi), id).first;
        // What the row now holds, for the writer's cache once the group has committed.
        KnownActor& now = g.known_actors[GroupKey(tenant.value(), s.actor_ifi)];
        if (now.ifi.empty()) now.ifi = s.actor_ifi;
        now.id = id;
        if (!s.actor_name.empty()) now.name = s.actor_name;
      }
      actor_id = a->second;
    }
    for (const auto& d : s.definitions) {
      RESKILL_RETURN_IF_ERROR(activity(d.activity_iri, &d.definition_json, stored));
    }
    if (s.object_kind == domain::lrs::ObjectKind::kActivity &&
        g.activities.find(std::pair(tenant.value(), s.object_id)) == g.activities.end()) {
      RESKILL_RETURN_IF_ERROR(activity(s.object_id, nullptr, stored));
    }

    // Data 2.3.2 for a voiding statement that arrived before its target (another request, or
    // earlier in this batch): the target is stored voided and counts nothing. A later target
    // that is itself a voiding statement is stored as it is: a voiding statement cannot be
    // voided, and the earlier one, which targets a voiding statement, stays without effect.
    std::vector<StatementReference> referencing;  // a copy: this statement may name itself
    if (auto r = g.referencing.find(GroupKey(tenant.value(), p.id)); r != g.referencing.end()) {
      referencing = r->second;
    }
    const bool voided_on_arrival =
        !s.is_voiding && std::any_of(referencing.begin(), referencing.end(),
                                     [](const StatementReference& r) { return r.is_voiding; });

    NewStatement row;
    row.seq = seq;
    row.voided = voided_on_arrival;
    if (voided_on_arrival) voided_seqs.insert(seq);
    row.statement_id = p.id;
    row.stored = stored;
    row.timestamp = timestamp;
    row.actor_id = actor_id;
    row.verb_iri = s.verb_id;
    row.is_voiding = s.is_voiding;
    row.lrs_client_id = b.authority.lrs_client_id;
    row.provider_id = b.authority.provider_id;
    row.has_attachments = !s.attachments.empty();
    row.body = domain::lrs::ComposeStored(
        s, p.id, s.timestamp_text.empty() ? FormatIso8601(timestamp) : s.timestamp_text,
        FormatIso8601(stored), b.authority.authority_json,
        s.version.empty() ? std::string_view(version) : std::string_view(s.version));
    row.terms = IndexTermsOf(s, b.authority.authority_ifi);
    std::optional<std::int64_t> target_seq;
    if (s.object_kind == domain::lrs::ObjectKind::kStatementRef) {
      row.ref_target = s.object_id;
      if (p.target) {
        target_seq = p.target->seq;
      } else if (p.target_in_batch && seqs[*p.target_in_batch] != 0) {
        target_seq = seqs[*p.target_in_batch];
      }
      g.referencing[GroupKey(tenant.value(), s.object_id)].push_back({seq, s.is_voiding});
    }
    // Statements that named this one before it arrived match what it matches (Communication
    // §2.1.3), as they would had it been stored first.
    AddCopies(copies, tenant, seq, target_seq, referencing);
    StoredStatement& seen = g.statements[GroupKey(tenant.value(), p.id)].emplace();
    seen.seq = seq;
    seen.statement_id = p.id;
    seen.body = row.body;
    seen.voided = row.voided;
    seen.is_voiding = row.is_voiding;
    seen.actor_id = row.actor_id;
    seen.provider_id = row.provider_id;
    seen.lrs_client_id = row.lrs_client_id;
    seen.stored = row.stored;
    seen.timestamp = row.timestamp;
    row_of[i] = rows.size();
    rows.push_back(std::move(row));

    if (actor_id != 0 && !voided_on_arrival) {
      if (auto fact = domain::lrs::FactOf(s, timestamp)) {
        AddFact(days, tenant, actor_id, b.authority.provider_id, *fact, +1);
      }
    }
    // Data 2.3.2: the target of a voiding statement becomes voided, and the learning facts it
    // contributed are taken back (its first/last activity times stay).
    if (s.is_voiding) {
      if (p.target && !p.target->voided && voided_seqs.insert(p.target->seq).second) {
        RESKILL_RETURN_IF_ERROR(store.MarkVoided(tenant, p.target->seq));
        if (auto& t = g.statements[GroupKey(tenant.value(), s.object_id)]) t->voided = true;
        auto voided = Reparse(p.target->body);
        if (voided && p.target->actor_id != 0) {
          if (auto fact = domain::lrs::FactOf(*voided, p.target->timestamp)) {
            AddFact(days, tenant, p.target->actor_id, p.target->provider_id, *fact, -1);
          }
        }
      } else if (p.target_in_batch && seqs[*p.target_in_batch] != 0 &&
                 voided_seqs.insert(seqs[*p.target_in_batch]).second) {
        const std::size_t t = *p.target_in_batch;
        // Not written yet: the row goes in voided.
        rows[row_of[t]].voided = true;
        if (auto& in_batch = g.statements[GroupKey(tenant.value(), plans[t].id)]) {
          in_batch->voided = true;
        }
        auto a = g.actors.find(std::pair(tenant.value(), st[t].actor_ifi));
        if (a != g.actors.end()) {
          const Timestamp at =
              st[t].timestamp.value_or(FromUnixMillis(seqs[t] >> kStatementSeqShift));
          if (auto fact = domain::lrs::FactOf(st[t], at)) {
            AddFact(days, tenant, a->second, b.authority.provider_id, *fact, -1);
          }
        }
      }
    }
  }
  if (defer_terms) {
    for (NewStatement& row : rows) {
      for (domain::lrs::Term& t : row.terms) {
        deferred.terms.push_back({tenant.value(), std::move(t.term), row.seq, t.direct});
      }
      row.terms.clear();
    }
  }
  RESKILL_RETURN_IF_ERROR(store.InsertMany(tenant, rows));
  if (defer_terms) {
    deferred.copies.insert(deferred.copies.end(), copies.begin(), copies.end());
  } else {
    for (const TermCopy& c : copies) RESKILL_RETURN_IF_ERROR(CopyTermsOf(store, c));
  }
  if (!rows.empty()) {
    std::int64_t& max_seq = deferred.max_seq[tenant.value()];
    max_seq = std::max(max_seq, rows.back().seq);
    deferred.statements += rows.size();
  }
  // Attachment bodies are stored once per SHA-256, shared by every statement naming them.
  for (const auto& part : b.attachments) {
    RESKILL_RETURN_IF_ERROR(store.PutAttachment(tenant, part));
  }
  return ids;
}

}  // namespace

std::size_t WriterCache::KeyHash::operator()(const Key& k) const {
  return std::hash<std::string>()(k.text) ^
         (std::hash<std::int64_t>()(k.tenant) * 0x9e3779b97f4a7c15ULL);
}

bool LearningDayKey::operator<(const LearningDayKey& o) const {
  return std::tie(tenant, actor, provider, day) < std::tie(o.tenant, o.actor, o.provider, o.day);
}

std::vector<std::vector<TermRow>> DeferredIndex::SplitTerms(std::size_t rows_per_part) {
  const std::size_t n =
      (terms.size() + rows_per_part - 1) / std::max<std::size_t>(rows_per_part, 1);
  if (n <= 1) return {};
  std::vector<std::vector<TermRow>> parts(n);
  for (auto& part : parts) part.reserve(terms.size() / n + terms.size() / (4 * n) + 16);
  const std::hash<std::string_view> hash;
  for (TermRow& t : terms) {
    const std::size_t h = hash(t.term) ^ static_cast<std::size_t>(t.tenant) * 0x9E3779B97F4A7C15ULL;
    parts[h % n].push_back(std::move(t));
  }
  terms = std::move(parts.back());
  parts.pop_back();
  return parts;
}

void DeferredIndex::Append(DeferredIndex&& other) {
  if (terms.empty()) {
    terms = std::move(other.terms);
  } else {
    terms.insert(terms.end(), std::make_move_iterator(other.terms.begin()),
                 std::make_move_iterator(other.terms.end()));
  }
  copies.insert(copies.end(), other.copies.begin(), other.copies.end());
  for (auto& [key, delta] : other.days) {
    auto [it, inserted] = days.try_emplace(key, delta);
    if (inserted) continue;
    LearningDayDelta& d = it->second;
    d.seconds += delta.seconds;
    d.started += delta.started;
    d.progressed += delta.progressed;
    d.completed += delta.completed;
    d.passed += delta.passed;
    d.first_activity_at = std::min(d.first_activity_at, delta.first_activity_at);
    d.last_activity_at = std::max(d.last_activity_at, delta.last_activity_at);
  }
  for (const auto& [tenant, seq] : other.max_seq) {
    std::int64_t& mine = max_seq[tenant];
    mine = std::max(mine, seq);
  }
  statements += other.statements;
  other = DeferredIndex();
}

std::vector<domain::lrs::Term> IndexTermsOf(const ParsedStatement& s,
                                            std::string_view authority_ifi) {
  std::vector<domain::lrs::Term> terms = s.terms;
  if (!authority_ifi.empty()) {
    std::string term = "a|";
    term += authority_ifi;
    if (std::none_of(terms.begin(), terms.end(),
                     [&](const domain::lrs::Term& t) { return t.term == term; })) {
      terms.push_back({std::move(term), false});
    }
  }
  return terms;
}

std::string_view DefaultStatementVersion(SpecVersion version) {
  // Data 2.4.10: the LRS sets version when the statement has none.
  return version == SpecVersion::k2_0 ? "2.0.0" : "1.0.0";
}

StatusOr<std::vector<std::string>> StoreStatements::Run(StatementBatch batch) const {
  std::vector<StatementBatch> one;
  one.push_back(std::move(batch));
  auto results = RunGroup(one);
  return std::move(results.front());
}

std::vector<StatusOr<std::vector<std::string>>> StoreStatements::RunGroup(
    std::vector<StatementBatch>& batches, DeferredIndex* deferred, WriterCache* cache) const {
  std::vector<StatusOr<std::vector<std::string>>> results;
  DeferredIndex index;  // this transaction's; handed to `deferred` once it has committed
  GroupState group;     // added to `cache` once it has committed
  Status tx = ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    results.clear();
    index = DeferredIndex();
    group = GroupState();
    RESKILL_RETURN_IF_ERROR(Prefetch(uow.statements(), batches, group, cache));
    // Stored synchronously, the terms and facts are complete at COMMIT, so the watermark
    // follows. Statements a stopped writer left above it (a crash) get theirs first, here:
    // otherwise the next start would derive them again for these statements, and count their
    // learning facts twice.
    if (deferred == nullptr) {
      std::set<std::int64_t> tenants;
      for (const StatementBatch& b : batches) tenants.insert(b.authority.tenant.value());
      for (const std::int64_t tenant_value : tenants) {
        const TenantId tenant(tenant_value);
        RESKILL_ASSIGN_OR_RETURN(const bool complete, uow.statements().IsIndexComplete(tenant));
        if (complete) continue;
        DeferredIndex missing;
        RESKILL_RETURN_IF_ERROR(
            DeriveAboveWatermark(uow.statements(), tenant, std::numeric_limits<int>::max(), missing)
                .status());
        RESKILL_RETURN_IF_ERROR(WriteIndexIn(uow.statements(), missing));
      }
    }
    for (const StatementBatch& b : batches) {
      auto r = StoreBatch(ctx_, uow, b, group, index, deferred != nullptr);
      if (!r.ok() && !IsContentError(r.status())) return r.status();
      results.push_back(std::move(r));
    }
    if (deferred == nullptr) {
      for (const auto& [tenant_value, seq] : index.max_seq) {
        RESKILL_RETURN_IF_ERROR(uow.statements().AdvanceTermWatermark(TenantId(tenant_value), seq));
      }
    }
    // The learning facts of the whole group, one row per (actor, provider, day): written with
    // the deferred index, or now.
    if (deferred != nullptr) {
      index.days = std::move(group.days);
    } else {
      RESKILL_RETURN_IF_ERROR(AddLearningDaysIn(uow.statements(), group.days));
    }
    return Status::Ok();
  });
  if (tx.ok()) {
    if (deferred != nullptr) deferred->Append(std::move(index));
    if (cache != nullptr) Remember(group, *cache);
    return results;
  }
  results.clear();
  if (batches.size() == 1) {
    results.emplace_back(tx);
    return results;
  }
  // The group failed as a whole (a database error): each batch gets a transaction of its own,
  // so one batch's failure cannot fail the others.
  for (StatementBatch& b : batches) {
    std::vector<StatementBatch> one;
    one.push_back(std::move(b));
    results.push_back(RunGroup(one, deferred, cache).front());
    b = std::move(one.front());
  }
  return results;
}

Status StoreStatements::WriteIndexTerms(const std::vector<TermRow>& rows) const {
  if (rows.empty()) return Status::Ok();
  return ctx_.db.Run(TxMode::kWrite,
                     [&](UnitOfWork& uow) -> Status { return uow.statements().InsertTerms(rows); });
}

Status StoreStatements::WriteIndex(DeferredIndex& index) const {
  if (index.empty()) return Status::Ok();
  return ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
    return WriteIndexIn(uow.statements(), index);
  });
}

StatusOr<std::size_t> StoreStatements::RecoverIndex() const {
  // A few hundred statements a transaction: a long backlog does not make one huge transaction.
  constexpr int kChunk = 500;
  std::vector<TenantId> tenants;
  RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kRead, [&](UnitOfWork& uow) -> Status {
    RESKILL_ASSIGN_OR_RETURN(tenants, uow.statements().ListStatementTenants());
    return Status::Ok();
  }));
  std::size_t total = 0;
  for (const TenantId tenant : tenants) {
    for (;;) {
      std::size_t indexed = 0;
      RESKILL_RETURN_IF_ERROR(ctx_.db.Run(TxMode::kWrite, [&](UnitOfWork& uow) -> Status {
        DeferredIndex index;
        RESKILL_ASSIGN_OR_RETURN(indexed,
                                 DeriveAboveWatermark(uow.statements(), tenant, kChunk, index));
        return WriteIndexIn(uow.statements(), index);
      }));
      total += indexed;
      if (indexed < static_cast<std::size_t>(kChunk)) break;
    }
  }
  return total;
}

}  // namespace reskill::app::lrs
