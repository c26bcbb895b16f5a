#include "storage/sql/statement_store.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <mutex>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "domain/xapi_platform/encoding.hpp"

namespace reskill::storage {

namespace {

std::int64_t Flag(bool b) {
  return b ? 1 : 0;
}

// Texts built from a named query by repeating part of it `n` times: the VALUES tuple of a
// multi-row INSERT, or the last '?' of an IN list. Built once per (query, n) and kept for the
// process (immutable once built; a handful of sizes per query, see the callers).
const std::string& Repeated(const NamedQuery& q, std::size_t n) {
  static std::mutex mu;
  static std::map<std::pair<const char*, std::size_t>, std::string> texts;
  std::lock_guard lock(mu);
  auto [it, inserted] = texts.try_emplace({q.sql.data(), n});
  if (!inserted) return it->second;
  std::string sql(q.sql);
  while (!sql.empty() && (sql.back() == ';' || sql.back() == '\n' || sql.back() == ' ')) {
    sql.pop_back();
  }
  std::string out;
  if (const auto values = sql.find("VALUES"); values != std::string::npos) {
    // The tuple is the parenthesised list after VALUES; what follows it (ON CONFLICT …) stays.
    const auto open = sql.find('(', values);
    auto close = open;
    for (int depth = 0; close < sql.size(); ++close) {
      if (sql[close] == '(') ++depth;
      if (sql[close] == ')' && --depth == 0) break;
    }
    const std::string tuple = sql.substr(open, close + 1 - open);
    out = sql.substr(0, open);
    for (std::size_t i = 0; i < n; ++i) out += (i ? "," : "") + tuple;
    out += sql.substr(close + 1);
  } else {
    const auto last = sql.rfind("(?)");
    out = sql.substr(0, last) + "(";
    for (std::size_t i = 0; i < n; ++i) out += i ? ",?" : "?";
    out += ")" + sql.substr(last + 3);
  }
  it->second = std::move(out);
  return it->second;
}

// Runs `q` (params: tenant, key) once per key, on PostgreSQL in one pipeline (one round trip;
// see SqlConnection::QueryEachDynamic); `on_rows(key, rows)` gets each key's rows. A probe per
// key rather than one IN list: an IN list's plan depends on the table's statistics, and before
// the first ANALYZE of a new store PostgreSQL assumed that `tenant_id = ?` picks 0.5 % of the
// rows and scanned them all against the list (docs/lrs.md, "PostgreSQL: plans and pipelining").
template <typename OnRows>
Status ProbeEach(SqlConnection& conn, const NamedQuery& q, TenantId tenant,
                 const std::vector<std::string>& keys, OnRows on_rows) {
  std::vector<std::vector<SqlValue>> sets;
  sets.reserve(keys.size());
  for (const std::string& key : keys) sets.push_back({tenant.value(), key});
  RESKILL_ASSIGN_OR_RETURN(auto results, conn.QueryEachDynamic(std::string(q.sql), sets));
  for (std::size_t i = 0; i < keys.size() && i < results.size(); ++i) on_rows(keys[i], results[i]);
  return Status::Ok();
}

// Multi-row INSERTs of `rows` tuples in chunks of at most `max_rows`, the rest split into powers
// of two (so each connection prepares a few texts): `emit(i, params)` appends row i's values.
// Pipelined (PostgreSQL): they go to the server without waiting for each other, and their
// results come back with the transaction's next query or its COMMIT; an error of one of them is
// reported there, naming `q` (SqlConnection::ExecuteDynamicPipelined).
template <typename Emit>
Status InsertRows(SqlConnection& conn, const NamedQuery& q, std::size_t rows, std::size_t max_rows,
                  Emit emit) {
  std::vector<SqlValue> params;
  for (std::size_t start = 0; start < rows;) {
    std::size_t n = max_rows;
    while (n > rows - start) n /= 2;
    params.clear();
    for (std::size_t i = start; i < start + n; ++i) emit(i, params);
    RESKILL_RETURN_IF_ERROR(conn.ExecuteDynamicPipelined(Repeated(q, n), params, q.name));
    start += n;
  }
  return Status::Ok();
}

constexpr std::size_t kTermsPerInsert = 16;

app::StoredStatement StoredFrom(const SqlRow& r) {
  app::StoredStatement s;
  s.seq = r.Int(0);
  s.statement_id = r.Text(1);
  s.body = r.Text(2);
  s.voided = r.Bool(3);
  s.is_voiding = r.Bool(4);
  s.actor_id = r.Int(5);
  s.provider_id = r.Int(6);
  s.lrs_client_id = r.Int(7);
  s.stored = r.Time(8);
  s.timestamp = r.Time(9);
  return s;
}

// Orders rows by statement sequence and keeps one row per sequence (an IN list padded with a
// repeated id, or two ids referring to one statement, return a row twice).
template <typename Row, typename SeqOf>
void SortUniqueBySeq(std::vector<Row>& rows, SeqOf seq_of) {
  std::sort(rows.begin(), rows.end(),
            [&](const Row& a, const Row& b) { return seq_of(a) < seq_of(b); });
  rows.erase(std::unique(rows.begin(), rows.end(),
                         [&](const Row& a, const Row& b) { return seq_of(a) == seq_of(b); }),
             rows.end());
}

}  // namespace

StatusOr<std::optional<app::StoredStatement>> SqlStatementStore::FindById(
    TenantId tenant, std::string_view statement_id) {
  RESKILL_ASSIGN_OR_RETURN(auto rows, conn_.Query(q_.Get("select_statement_by_uuid"),
                                                  {tenant.value(), std::string(statement_id)}));
  if (rows.empty()) return std::optional<app::StoredStatement>();
  return std::optional<app::StoredStatement>(StoredFrom(rows.front()));
}

StatusOr<std::optional<app::StoredStatement>> SqlStatementStore::FindBySeq(TenantId tenant,
                                                                           std::int64_t seq) {
  RESKILL_ASSIGN_OR_RETURN(auto rows,
                           conn_.Query(q_.Get("select_statement_by_seq"), {tenant.value(), seq}));
  if (rows.empty()) return std::optional<app::StoredStatement>();
  return std::optional<app::StoredStatement>(StoredFrom(rows.front()));
}

StatusOr<std::vector<app::StoredStatement>> SqlStatementStore::FindByIds(
    TenantId tenant, const std::vector<std::string>& statement_ids) {
  std::vector<app::StoredStatement> out;
  if (q_.dialect() == "sqlite") {
    // One probe per id: no round trips to save, and without statistics SQLite's planner scans
    // the tenant's rows rather than probe an index hundreds of times for a long IN list.
    for (const std::string& id : statement_ids) {
      RESKILL_ASSIGN_OR_RETURN(auto found, FindById(tenant, id));
      if (found) out.push_back(std::move(*found));
    }
    return out;
  }
  RESKILL_RETURN_IF_ERROR(ProbeEach(conn_, q_.Get("select_statement_by_uuid"), tenant,
                                    statement_ids, [&](const std::string&, const SqlRows& rows) {
                                      for (const SqlRow& r : rows) out.push_back(StoredFrom(r));
                                    }));
  // A list naming one id twice finds its statement twice.
  SortUniqueBySeq(out, [](const app::StoredStatement& s) { return s.seq; });
  return out;
}

StatusOr<std::vector<app::TargetReference>> SqlStatementStore::ListReferencingAny(
    TenantId tenant, const std::vector<std::string>& statement_ids) {
  std::vector<app::TargetReference> out;
  if (q_.dialect() == "sqlite") {
    for (const std::string& id : statement_ids) {  // one probe per id, as FindByIds
      RESKILL_ASSIGN_OR_RETURN(auto refs, ListReferencing(tenant, id));
      for (const auto& r : refs) out.push_back({id, r});
    }
  } else {
    RESKILL_RETURN_IF_ERROR(ProbeEach(conn_, q_.Get("select_statements_referencing"), tenant,
                                      statement_ids,
                                      [&](const std::string& id, const SqlRows& rows) {
                                        for (const SqlRow& r : rows)
                                          out.push_back({id, {r.Int(0), r.Bool(1)}});
                                      }));
  }
  SortUniqueBySeq(out, [](const app::TargetReference& t) { return t.reference.seq; });
  return out;
}

StatusOr<std::vector<app::KnownActor>> SqlStatementStore::FindActors(
    TenantId tenant, const std::vector<std::string>& ifis) {
  std::vector<app::KnownActor> out;
  if (q_.dialect() == "sqlite") {
    const NamedQuery& q = q_.Get("select_xapi_actor_id");
    for (const std::string& ifi : ifis) {  // one probe per identifier, as FindByIds
      RESKILL_ASSIGN_OR_RETURN(auto rows, conn_.Query(q, {tenant.value(), ifi}));
      if (!rows.empty()) out.push_back({ifi, rows.front().Int(0), rows.front().Text(1)});
    }
    return out;
  }
  RESKILL_RETURN_IF_ERROR(
      ProbeEach(conn_, q_.Get("select_xapi_actor_id"), tenant, ifis,
                [&](const std::string& ifi, const SqlRows& rows) {
                  if (rows.empty()) return;
                  out.push_back({ifi, rows.front().Int(0), rows.front().Text(1)});
                }));
  return out;
}

StatusOr<std::int64_t> SqlStatementStore::MaxSeq(TenantId tenant) {
  RESKILL_ASSIGN_OR_RETURN(auto rows,
                           conn_.Query(q_.Get("select_max_statement_seq"), {tenant.value()}));
  return rows.empty() ? std::int64_t{0} : rows.front().Int(0);
}

StatusOr<std::int64_t> SqlStatementStore::UpsertActor(TenantId tenant, std::int64_t new_id,
                                                      std::string_view ifi,
                                                      std::string_view object_type,
                                                      std::string_view name, Timestamp seen_at) {
  // Read first: almost every statement names an actor seen before, and a read costs less than
  // an upsert that rewrites the row.
  RESKILL_ASSIGN_OR_RETURN(
      auto rows, conn_.Query(q_.Get("select_xapi_actor_id"), {tenant.value(), std::string(ifi)}));
  if (rows.empty()) {
    RESKILL_RETURN_IF_ERROR(
        conn_
            .Execute(q_.Get("insert_xapi_actor"),
                     {tenant.value(), new_id, std::string(ifi), std::string(object_type),
                      std::string(name), TimeValue(seen_at)})
            .status());
    RESKILL_ASSIGN_OR_RETURN(
        rows, conn_.Query(q_.Get("select_xapi_actor_id"), {tenant.value(), std::string(ifi)}));
    if (rows.empty()) return Internal("xapi_actor row missing after insert");
    return rows.front().Int(0);
  }
  const std::int64_t id = rows.front().Int(0);
  if (!name.empty() && rows.front().Text(1) != name) {
    RESKILL_RETURN_IF_ERROR(
        conn_.Execute(q_.Get("update_xapi_actor_name"), {std::string(name), tenant.value(), id})
            .status());
  }
  return id;
}

StatusOr<std::optional<std::string>> SqlStatementStore::FindActivityDefinition(
    TenantId tenant, std::string_view iri) {
  RESKILL_ASSIGN_OR_RETURN(auto rows, conn_.Query(q_.Get("select_xapi_activity_definition"),
                                                  {tenant.value(), std::string(iri)}));
  if (rows.empty()) return std::optional<std::string>();
  return std::optional<std::string>(rows.front().Text(0));
}

StatusOr<std::vector<std::pair<std::string, std::string>>>
SqlStatementStore::FindActivityDefinitions(TenantId tenant, const std::vector<std::string>& iris) {
  std::vector<std::pair<std::string, std::string>> out;
  if (q_.dialect() == "sqlite") {
    for (const std::string& iri : iris) {  // one probe per IRI, as FindByIds
      RESKILL_ASSIGN_OR_RETURN(auto found, FindActivityDefinition(tenant, iri));
      if (found) out.emplace_back(iri, std::move(*found));
    }
    return out;
  }
  RESKILL_RETURN_IF_ERROR(ProbeEach(conn_, q_.Get("select_xapi_activity_definition"), tenant, iris,
                                    [&](const std::string& iri, const SqlRows& rows) {
                                      if (!rows.empty())
                                        out.emplace_back(iri, rows.front().Text(0));
                                    }));
  // A list naming one IRI twice finds its activity twice.
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Status SqlStatementStore::UpsertActivity(TenantId tenant, std::int64_t new_id, std::string_view iri,
                                         std::string_view definition, Timestamp at) {
  return conn_
      .Execute(q_.Get("upsert_xapi_activity"),
               {tenant.value(), new_id, std::string(iri), std::string(definition), TimeValue(at)})
      .status();
}

Status SqlStatementStore::Insert(TenantId tenant, const app::NewStatement& s) {
  Status st = conn_
                  .Execute(q_.Get("insert_xapi_statement"),
                           {s.seq, tenant.value(), s.statement_id, TimeValue(s.stored),
                            TimeValue(s.timestamp), s.actor_id, s.verb_iri,
                            s.ref_target ? SqlValue(*s.ref_target) : SqlValue(), Flag(s.is_voiding),
                            Flag(s.voided), s.lrs_client_id, s.provider_id, Flag(s.has_attachments),
                            s.body})
                  .status();
  if (st.code() == ErrorCode::kAlreadyExists) {
    return AlreadyExists("a statement with this id exists", "id").WithDetail(st.internal_detail());
  }
  RESKILL_RETURN_IF_ERROR(st);
  std::vector<TermKeyView> keys;
  keys.reserve(s.terms.size());
  for (const auto& t : s.terms) keys.push_back({tenant.value(), t.term});
  RESKILL_ASSIGN_OR_RETURN(const std::vector<std::int64_t> ids, TermIds(keys));
  if (q_.dialect() == "sqlite") {
    // One single-row INSERT per term: SQLite runs a single-row INSERT without a statement
    // journal, while a multi-row one keeps an image of every index page it touches so that it
    // can undo itself (bench/xapi_ingest.sh: the journal cost more than the calls it saved).
    const NamedQuery& insert_term = q_.Get("insert_xapi_statement_term");
    for (std::size_t i = 0; i < s.terms.size(); ++i) {
      RESKILL_RETURN_IF_ERROR(
          conn_.Execute(insert_term, {tenant.value(), ids[i], s.seq, Flag(s.terms[i].direct)})
              .status());
    }
  } else {
    // PostgreSQL: all terms of the statement in one INSERT (one round trip).
    RESKILL_RETURN_IF_ERROR(InsertRows(
        conn_, q_.Get("insert_xapi_statement_term"), s.terms.size(), kTermsPerInsert,
        [&](std::size_t i, std::vector<SqlValue>& params) {
          params.insert(params.end(), {tenant.value(), ids[i], s.seq, Flag(s.terms[i].direct)});
        }));
  }
  return Status::Ok();
}

Status SqlStatementStore::InsertMany(TenantId tenant, const std::vector<app::NewStatement>& rows) {
  if (q_.dialect() == "sqlite") {
    // Single-row INSERTs: no statement journal (see Insert); a call costs no round trip here.
    for (const app::NewStatement& s : rows) {
      RESKILL_RETURN_IF_ERROR(Insert(tenant, s));
    }
    return Status::Ok();
  }
  // PostgreSQL: the statements in multi-row INSERTs of up to 32 rows, then all their terms in
  // INSERTs of up to 64 rows, so a batch costs a few round trips instead of two per statement.
  Status st = InsertRows(
      conn_, q_.Get("insert_xapi_statement"), rows.size(), 32,
      [&](std::size_t i, std::vector<SqlValue>& params) {
        const app::NewStatement& s = rows[i];
        params.insert(params.end(), {s.seq, tenant.value(), s.statement_id, TimeValue(s.stored),
                                     TimeValue(s.timestamp), s.actor_id, s.verb_iri,
                                     s.ref_target ? SqlValue(*s.ref_target) : SqlValue(),
                                     Flag(s.is_voiding), Flag(s.voided), s.lrs_client_id,
                                     s.provider_id, Flag(s.has_attachments), s.body});
      });
  if (st.code() == ErrorCode::kAlreadyExists) {
    return AlreadyExists("a statement with this id exists", "id").WithDetail(st.internal_detail());
  }
  RESKILL_RETURN_IF_ERROR(st);
  std::vector<std::pair<const app::NewStatement*, const domain::lrs::Term*>> terms;
  std::vector<TermKeyView> keys;
  for (const app::NewStatement& s : rows) {
    for (const auto& t : s.terms) {
      terms.emplace_back(&s, &t);
      keys.push_back({tenant.value(), t.term});
    }
  }
  RESKILL_ASSIGN_OR_RETURN(const std::vector<std::int64_t> ids, TermIds(keys));
  return InsertRows(conn_, q_.Get("insert_xapi_statement_term"), terms.size(), 64,
                    [&](std::size_t i, std::vector<SqlValue>& params) {
                      params.insert(params.end(), {tenant.value(), ids[i], terms[i].first->seq,
                                                   Flag(terms[i].second->direct)});
                    });
}

Status SqlStatementStore::MarkVoided(TenantId tenant, std::int64_t seq) {
  return conn_.Execute(q_.Get("update_xapi_statement_voided"), {tenant.value(), seq}).status();
}

StatusOr<std::vector<app::StatementReference>> SqlStatementStore::ListReferencing(
    TenantId tenant, std::string_view statement_id) {
  RESKILL_ASSIGN_OR_RETURN(auto rows, conn_.Query(q_.Get("select_statements_referencing"),
                                                  {tenant.value(), std::string(statement_id)}));
  std::vector<app::StatementReference> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back({r.Int(0), r.Bool(1)});
  return out;
}

Status SqlStatementStore::CopyTerms(TenantId tenant, std::int64_t from_seq, std::int64_t to_seq,
                                    const std::optional<std::vector<std::string>>& terms) {
  if (!terms) {
    return conn_
        .Execute(q_.Get("copy_xapi_statement_terms_scan"), {to_seq, tenant.value(), from_seq})
        .status();
  }
  // One probe of the index key per term; on PostgreSQL sent in the transaction's pipeline, in
  // order, so a later copy still reads what an earlier one wrote.
  const NamedQuery& q = q_.Get("copy_xapi_statement_term");
  const std::string sql(q.sql);
  for (const std::string& term : *terms) {
    const std::array<SqlValue, 4> params{to_seq, from_seq, tenant.value(), term};
    RESKILL_RETURN_IF_ERROR(conn_.ExecuteDynamicPipelined(sql, params, q.name));
  }
  return Status::Ok();
}

Status SqlStatementStore::InsertTerms(const std::vector<app::TermRow>& rows) {
  std::vector<TermKeyView> keys;
  keys.reserve(rows.size());
  for (const app::TermRow& t : rows) keys.push_back({t.tenant, t.term});
  RESKILL_ASSIGN_OR_RETURN(const std::vector<std::int64_t> ids, TermIds(keys));
  // Sorted by (tenant, term id, seq), the inserts walk the index B-tree in key order, so the rows
  // of one term share a leaf page (new ids follow arrival, not text order, so the caller's order
  // is not this one). Integer compares: cheaper than the text sort they replace.
  struct IdRow {
    std::int64_t tenant;
    std::int64_t term_id;
    std::int64_t seq;
    bool direct;
  };
  std::vector<IdRow> sorted;
  sorted.reserve(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    sorted.push_back({rows[i].tenant, ids[i], rows[i].seq, rows[i].direct});
  }
  std::sort(sorted.begin(), sorted.end(), [](const IdRow& a, const IdRow& b) {
    return std::tie(a.tenant, a.term_id, a.seq) < std::tie(b.tenant, b.term_id, b.seq);
  });
  const NamedQuery& q = q_.Get("insert_xapi_statement_term_if_absent");
  if (q_.dialect() == "sqlite") {
    // Single-row INSERTs: no statement journal (see Insert). Sorted rows land on the leaf the
    // previous insert left in the page cache.
    for (const IdRow& t : sorted) {
      RESKILL_RETURN_IF_ERROR(
          conn_.Execute(q, {t.tenant, t.term_id, t.seq, Flag(t.direct)}).status());
    }
    return Status::Ok();
  }
  // PostgreSQL: multi-row INSERTs of up to 64 rows, a round trip per 64 terms.
  return InsertRows(conn_, q, sorted.size(), 64, [&](std::size_t i, std::vector<SqlValue>& params) {
    params.insert(params.end(),
                  {sorted[i].tenant, sorted[i].term_id, sorted[i].seq, Flag(sorted[i].direct)});
  });
}

void SqlStatementStore::Committed() {
  if (inserted_terms_.empty()) return;
  std::vector<TermIdEntry> entries;
  entries.reserve(inserted_terms_.size());
  for (auto& node : inserted_terms_)
    entries.push_back({node.first.tenant, node.first.term, node.second});
  term_ids_.PutAll(std::move(entries));
  inserted_terms_.clear();
}

StatusOr<std::vector<std::int64_t>> SqlStatementStore::TermIds(
    const std::vector<TermKeyView>& keys) {
  // Each distinct term once: a flush names each of a few thousand terms tens of times, mostly
  // in runs (its rows are grouped by term).
  std::vector<TermKeyView> distinct;
  std::vector<std::size_t> slot(keys.size());
  {
    std::unordered_map<TermKeyView, std::size_t, TermKeyHash, TermKeyEqual> seen;
    for (std::size_t i = 0; i < keys.size(); ++i) {
      if (i > 0 && keys[i].tenant == keys[i - 1].tenant && keys[i].term == keys[i - 1].term) {
        slot[i] = slot[i - 1];
        continue;
      }
      auto [it, inserted] = seen.try_emplace(keys[i], distinct.size());
      if (inserted) distinct.push_back(keys[i]);
      slot[i] = it->second;
    }
  }
  std::vector<std::int64_t> ids(distinct.size(), 0);
  std::vector<std::optional<std::int64_t>> cached = term_ids_.FindAll(distinct);
  std::vector<TermKeyView> missing;
  std::vector<std::size_t> missing_at;
  for (std::size_t i = 0; i < distinct.size(); ++i) {
    if (cached[i]) {
      ids[i] = *cached[i];
    } else if (auto it = inserted_terms_.find(distinct[i]); it != inserted_terms_.end()) {
      ids[i] = it->second;
    } else {
      missing.push_back(distinct[i]);
      missing_at.push_back(i);
    }
  }
  if (!missing.empty()) {
    std::vector<std::int64_t> found(missing.size(), 0);
    RESKILL_RETURN_IF_ERROR(FindTermIds(missing, found));
    std::vector<TermIdEntry> committed;
    std::vector<std::size_t> absent;
    for (std::size_t j = 0; j < missing.size(); ++j) {
      if (found[j] != 0) {
        ids[missing_at[j]] = found[j];
        // Read here and not inserted by this transaction (inserted_terms_ was asked first): a
        // committed row, which no rollback can take back.
        committed.push_back({missing[j].tenant, std::string(missing[j].term), found[j]});
      } else {
        absent.push_back(j);
      }
    }
    term_ids_.PutAll(std::move(committed));
    std::vector<std::pair<TermKeyView, std::int64_t>> fresh;
    for (std::size_t j : absent) {
      const std::int64_t tenant = missing[j].tenant;
      auto next = next_term_id_.find(tenant);
      if (next == next_term_id_.end()) {
        RESKILL_ASSIGN_OR_RETURN(auto rows,
                                 conn_.Query(q_.Get("select_max_xapi_term_id"), {tenant}));
        next = next_term_id_.emplace(tenant, (rows.empty() ? 0 : rows.front().Int(0)) + 1).first;
      }
      const std::int64_t id = next->second++;
      ids[missing_at[j]] = id;
      fresh.emplace_back(missing[j], id);
    }
    // Each row is noted in inserted_terms_ as soon as it is written, so this transaction never
    // takes a row it wrote itself for a committed one (which would go to the cache at once).
    const NamedQuery& insert = q_.Get("insert_xapi_term");
    Status st;
    if (q_.dialect() == "sqlite") {
      for (const auto& [key, id] : fresh) {
        st = conn_.Execute(insert, {key.tenant, id, std::string(key.term)}).status();
        if (!st.ok()) break;
        inserted_terms_.emplace(TermKey{key.tenant, std::string(key.term)}, id);
      }
    } else {
      // A failed statement aborts the whole PostgreSQL transaction: nothing to note then.
      st = InsertRows(conn_, insert, fresh.size(), 64,
                      [&](std::size_t i, std::vector<SqlValue>& params) {
                        params.insert(params.end(), {fresh[i].first.tenant, fresh[i].second,
                                                     std::string(fresh[i].first.term)});
                      });
      // Pipelined: wait for these inserts here, so that a conflict is known (and the transaction
      // retried) now. Nothing else is pending: FindTermIds read every earlier result.
      if (st.ok()) st = conn_.FlushPipeline();
      if (st.ok()) {
        for (const auto& [key, id] : fresh) {
          inserted_terms_.emplace(TermKey{key.tenant, std::string(key.term)}, id);
        }
      }
    }
    if (st.code() == ErrorCode::kAlreadyExists) {
      // Another transaction inserted the term (or took the id) since this one looked: retried,
      // this transaction finds its row.
      return Unavailable("the term dictionary changed during the transaction")
          .WithDetail(st.internal_detail());
    }
    RESKILL_RETURN_IF_ERROR(st);
  }
  std::vector<std::int64_t> out(keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i) out[i] = ids[slot[i]];
  return out;
}

Status SqlStatementStore::FindTermIds(const std::vector<TermKeyView>& keys,
                                      std::vector<std::int64_t>& ids) {
  if (q_.dialect() == "sqlite") {
    const NamedQuery& q = q_.Get("select_xapi_term_id");
    for (std::size_t i = 0; i < keys.size(); ++i) {  // one probe per term, as FindByIds
      RESKILL_ASSIGN_OR_RETURN(auto rows,
                               conn_.Query(q, {keys[i].tenant, std::string(keys[i].term)}));
      if (!rows.empty()) ids[i] = rows.front().Int(0);
    }
    return Status::Ok();
  }
  // PostgreSQL: one probe per term, all of a tenant's in one pipeline (ProbeEach: an IN list's
  // plan depends on the table's statistics).
  std::map<std::int64_t, std::vector<std::size_t>> by_tenant;
  for (std::size_t i = 0; i < keys.size(); ++i) by_tenant[keys[i].tenant].push_back(i);
  for (const auto& [tenant, positions] : by_tenant) {
    std::vector<std::string> terms;
    terms.reserve(positions.size());
    for (std::size_t i : positions) terms.emplace_back(keys[i].term);
    std::size_t next = 0;
    RESKILL_RETURN_IF_ERROR(ProbeEach(conn_, q_.Get("select_xapi_term_id"), TenantId(tenant), terms,
                                      [&](const std::string&, const SqlRows& rows) {
                                        const std::size_t i = positions[next++];
                                        if (!rows.empty()) ids[i] = rows.front().Int(0);
                                      }));
  }
  return Status::Ok();
}

StatusOr<std::int64_t> SqlStatementStore::TermWatermark(TenantId tenant) {
  RESKILL_ASSIGN_OR_RETURN(auto rows,
                           conn_.Query(q_.Get("select_term_watermark"), {tenant.value()}));
  return rows.empty() ? std::int64_t{0} : rows.front().Int(0);
}

StatusOr<bool> SqlStatementStore::IsIndexComplete(TenantId tenant) {
  RESKILL_ASSIGN_OR_RETURN(auto rows, conn_.Query(q_.Get("select_term_index_complete"),
                                                  {tenant.value(), tenant.value()}));
  return !rows.empty() && rows.front().Bool(0);
}

Status SqlStatementStore::AdvanceTermWatermark(TenantId tenant, std::int64_t seq) {
  return conn_.Execute(q_.Get("advance_term_watermark"), {tenant.value(), seq}).status();
}

StatusOr<std::vector<TenantId>> SqlStatementStore::ListStatementTenants() {
  RESKILL_ASSIGN_OR_RETURN(auto rows, conn_.Query(q_.Get("select_statement_tenants"), {}));
  std::vector<TenantId> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.emplace_back(r.Int(0));
  return out;
}

StatusOr<std::vector<app::UnindexedStatement>> SqlStatementStore::ListAfter(TenantId tenant,
                                                                            std::int64_t after_seq,
                                                                            int limit) {
  RESKILL_ASSIGN_OR_RETURN(
      auto rows, conn_.Query(q_.Get("select_statements_after_seq"),
                             {tenant.value(), after_seq, static_cast<std::int64_t>(limit)}));
  std::vector<app::UnindexedStatement> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    app::UnindexedStatement s;
    s.seq = r.Int(0);
    s.statement_id = r.Text(1);
    s.body = r.Text(2);
    if (!r.IsNull(3)) s.ref_target = r.Text(3);
    s.actor_id = r.Int(4);
    s.provider_id = r.Int(5);
    s.timestamp = r.Time(6);
    s.is_voiding = r.Bool(7);
    out.push_back(std::move(s));
  }
  return out;
}

Status SqlStatementStore::AddLearningDay(TenantId tenant, const app::LearningDayDelta& d) {
  return conn_
      .Execute(q_.Get("upsert_learning_day"),
               {tenant.value(), d.actor_id, d.provider_id, d.day, d.source, d.seconds, d.started,
                d.progressed, d.completed, d.passed, TimeValue(d.first_activity_at),
                TimeValue(d.last_activity_at)})
      .status();
}

Status SqlStatementStore::AddLearningDays(TenantId tenant,
                                          const std::vector<app::LearningDayDelta>& deltas) {
  if (q_.dialect() == "sqlite") {
    // Single-row upserts: no statement journal (see Insert), and no round trips to save.
    for (const app::LearningDayDelta& d : deltas) {
      RESKILL_RETURN_IF_ERROR(AddLearningDay(tenant, d));
    }
    return Status::Ok();
  }
  // PostgreSQL: multi-row upserts of up to 64 rows (their keys are distinct: one command may not
  // update a row twice).
  return InsertRows(conn_, q_.Get("upsert_learning_day"), deltas.size(), 64,
                    [&](std::size_t i, std::vector<SqlValue>& params) {
                      const app::LearningDayDelta& d = deltas[i];
                      params.insert(
                          params.end(),
                          {tenant.value(), d.actor_id, d.provider_id, d.day, d.source, d.seconds,
                           d.started, d.progressed, d.completed, d.passed,
                           TimeValue(d.first_activity_at), TimeValue(d.last_activity_at)});
                    });
}

Status SqlStatementStore::PutAttachment(TenantId tenant, const app::AttachmentContent& a) {
  return conn_
      .Execute(q_.Get("insert_xapi_attachment"), {tenant.value(), a.sha2, a.content_type,
                                                  domain::xapi_platform::Base64Encode(a.content)})
      .status();
}

StatusOr<std::vector<app::AttachmentContent>> SqlStatementStore::FindAttachments(
    TenantId tenant, const std::vector<std::string>& sha2s) {
  std::vector<app::AttachmentContent> out;
  const NamedQuery& q = q_.Get("select_xapi_attachment");
  for (const auto& sha2 : sha2s) {
    RESKILL_ASSIGN_OR_RETURN(auto rows, conn_.Query(q, {tenant.value(), sha2}));
    if (rows.empty()) continue;
    auto bytes = domain::xapi_platform::Base64Decode(rows.front().Text(1));
    if (!bytes) return Internal("xapi_attachment content is not valid base64");
    out.push_back({sha2, rows.front().Text(0), std::move(*bytes)});
  }
  return out;
}

StatusOr<std::vector<app::StatementRow>> SqlStatementStore::List(TenantId tenant,
                                                                 const app::StatementFilter& f) {
  // The most selective term drives the index scan; the others are checked per row.
  struct T {
    std::string term;
    bool any;
  };
  std::vector<T> terms;
  if (!f.registration.empty()) terms.push_back({f.registration, true});
  if (!f.agent.empty()) terms.push_back({f.agent, f.related_agents});
  if (!f.activity.empty()) terms.push_back({f.activity, f.related_activities});
  if (!f.verb.empty()) terms.push_back({f.verb, true});
  StatusOr<SqlRows> rows = SqlRows();
  const std::int64_t limit = f.limit;
  if (terms.empty()) {
    rows = conn_.Query(q_.Get(f.ascending ? "select_statements_asc" : "select_statements_desc"),
                       {tenant.value(), f.after_seq, f.before_seq, Flag(f.include_voided),
                        f.only_lrs_client, f.only_lrs_client, limit});
  } else {
    terms.resize(4, T{"", false});
    // Each term's id is read from xapi_term inside the query (once per query: the subquery does
    // not depend on the row); a term not there matches nothing, and the page is empty.
    rows = conn_.Query(
        q_.Get(f.ascending ? "select_statements_by_term_asc" : "select_statements_by_term_desc"),
        {tenant.value(),     tenant.value(), terms[0].term,          Flag(terms[0].any),
         f.after_seq,        f.before_seq,   Flag(f.include_voided), f.only_lrs_client,
         f.only_lrs_client,  terms[1].term,  tenant.value(),         terms[1].term,
         Flag(terms[1].any), terms[2].term,  tenant.value(),         terms[2].term,
         Flag(terms[2].any), terms[3].term,  tenant.value(),         terms[3].term,
         Flag(terms[3].any), limit});
  }
  if (!rows.ok()) return rows.status();
  std::vector<app::StatementRow> out;
  out.reserve(rows->size());
  for (auto& r : *rows) out.push_back({r.Int(0), r.Text(1), r.Bool(2), r.Int(3)});
  return out;
}

}  // namespace reskill::storage
