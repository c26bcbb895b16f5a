#include "storage/sql/statement_store.hpp"

#include <algorithm>
#include <array>

#include "domain/xapi_platform/encoding.hpp"

namespace reskill::storage {

namespace {

std::int64_t Flag(bool b) {
  return b ? 1 : 0;
}

constexpr std::size_t kTermsPerInsert = 16;

// insert_xapi_statement_term with its VALUES tuple repeated `rows` times.
const std::string& TermInsertSql(const QueryCatalog& q, std::size_t rows) {
  // Immutable once built: one text per row count, shared by every connection and thread.
  static const std::array<std::string, kTermsPerInsert + 1> kTexts = [&q] {
    std::array<std::string, kTermsPerInsert + 1> texts;
    const std::string one(q.Get("insert_xapi_statement_term").sql);
    const auto values = one.find("VALUES");
    std::string head = one.substr(0, values + 6);
    std::string tuple = one.substr(values + 6);
    while (!tuple.empty() && (tuple.back() == ';' || tuple.back() == '\n' || tuple.back() == ' '))
      tuple.pop_back();
    for (std::size_t n = 1; n <= kTermsPerInsert; ++n) {
      texts[n] = head;
      for (std::size_t i = 0; i < n; ++i) texts[n] += (i ? "," : "") + tuple;
    }
    return texts;
  }();
  return kTexts[rows];
}

}  // namespace

StatusOr<std::optional<app::StoredStatement>> SqlStatementStore::FindById(
    TenantId tenant, std::string_view statement_id) {
  RESKILL_ASSIGN_OR_RETURN(auto rows, conn_.Query(q_.Get("select_statement_by_uuid"),
                                                  {tenant.value(), std::string(statement_id)}));
  if (rows.empty()) return std::optional<app::StoredStatement>();
  const SqlRow& r = rows.front();
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
  return std::optional<app::StoredStatement>(std::move(s));
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
  // All terms of the statement in one INSERT of up to kTermsPerInsert rows (few distinct texts).
  std::vector<SqlValue> params;
  for (std::size_t start = 0; start < s.terms.size(); start += kTermsPerInsert) {
    const std::size_t n = std::min(kTermsPerInsert, s.terms.size() - start);
    params.clear();
    for (std::size_t i = start; i < start + n; ++i) {
      params.insert(params.end(),
                    {tenant.value(), s.terms[i].term, s.seq, Flag(s.terms[i].direct)});
    }
    RESKILL_RETURN_IF_ERROR(conn_.ExecuteDynamic(TermInsertSql(q_, n), params).status());
  }
  if (s.copy_terms_from) RESKILL_RETURN_IF_ERROR(CopyTerms(tenant, *s.copy_terms_from, s.seq));
  return Status::Ok();
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

Status SqlStatementStore::CopyTerms(TenantId tenant, std::int64_t from_seq, std::int64_t to_seq) {
  return conn_.Execute(q_.Get("copy_xapi_statement_terms"), {to_seq, tenant.value(), from_seq})
      .status();
}

Status SqlStatementStore::AddLearningDay(TenantId tenant, const app::LearningDayDelta& d) {
  return conn_
      .Execute(q_.Get("upsert_learning_day"),
               {tenant.value(), d.actor_id, d.provider_id, d.day, d.source, d.seconds, d.started,
                d.progressed, d.completed, d.passed, TimeValue(d.first_activity_at),
                TimeValue(d.last_activity_at)})
      .status();
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
    rows = conn_.Query(
        q_.Get(f.ascending ? "select_statements_by_term_asc" : "select_statements_by_term_desc"),
        {tenant.value(), terms[0].term, Flag(terms[0].any), f.after_seq, f.before_seq,
         Flag(f.include_voided), f.only_lrs_client, f.only_lrs_client, terms[1].term, terms[1].term,
         Flag(terms[1].any), terms[2].term, terms[2].term, Flag(terms[2].any), terms[3].term,
         terms[3].term, Flag(terms[3].any), limit});
  }
  if (!rows.ok()) return rows.status();
  std::vector<app::StatementRow> out;
  out.reserve(rows->size());
  for (auto& r : *rows) out.push_back({r.Int(0), r.Text(1), r.Bool(2), r.Int(3)});
  return out;
}

}  // namespace reskill::storage
