// Bulk operations on the accounts matching a filter (docs/decisions.md, "Bulk operations").
//
// A job fixes the matching ids when it starts. Each account is then handled in a transaction of
// its own that also stores the account's result and takes the account's place in the job with a
// compare-and-set on bulk_jobs.done: whoever runs the job (the request that waits for it, the
// background worker, another server) handles every account exactly once, and a crash in between
// leaves the job to be picked up where it stopped.

#include <algorithm>
#include <nlohmann/json.hpp>

#include "domain/accounts/account_service.h"
#include "domain/admins/admin.h"
#include "domain/audit/audit_log.h"
#include "domain/auth/auth_service.h"
#include "domain/error.h"
#include "domain/orgs/org_service.h"
#include "storage/queries/accounts.h"
#include "storage/queries/admins.h"
#include "util/crypto.h"

namespace lineport::accounts {

struct AccountService::BulkJob {
  std::string batch_id;
  std::string org_id;
  std::string action;
  AccountInput changes;
  std::string actor_id;
  std::vector<std::string> account_ids;
  std::size_t done = 0;
};

namespace {

namespace sql = storage::sql::accounts;

constexpr std::string_view bulk_actions[] = {"invite", "edit", "suspend", "resume", "delete"};

// An edit's changes as stored with its job, and back.
nlohmann::json changes_json(const AccountInput& in) {
  nlohmann::json out = nlohmann::json::object();
  const auto put = [&](const char* key, const auto& value) {
    if (value) out[key] = *value;
  };
  const auto put_nullable = [&](const char* key, const std::optional<std::optional<std::string>>& value) {
    if (value) out[key] = *value ? nlohmann::json(**value) : nlohmann::json();
  };
  put("first_name", in.first_name);
  put("last_name", in.last_name);
  put("permission_group_id", in.permission_group_id);
  put("social_messaging", in.social_messaging);
  put("monitor_calls", in.monitor_calls);
  put("monitor_sms", in.monitor_sms);
  put_nullable("forwarding_number", in.forwarding_number);
  put("restrict_incoming_social_messaging", in.restrict_incoming_social_messaging);
  put_nullable("notification_email", in.notification_email);
  put("notes", in.notes);
  return out;
}

AccountInput changes_from_json(const nlohmann::json& j) {
  AccountInput in;
  const auto text = [&](const char* key, std::optional<std::string>& to) {
    if (j.contains(key)) to = j.at(key).get<std::string>();
  };
  const auto flag = [&](const char* key, std::optional<bool>& to) {
    if (j.contains(key)) to = j.at(key).get<bool>();
  };
  const auto nullable = [&](const char* key, std::optional<std::optional<std::string>>& to) {
    if (!j.contains(key)) return;
    to = j.at(key).is_null() ? std::optional<std::string>() : std::optional<std::string>(j.at(key).get<std::string>());
  };
  text("first_name", in.first_name);
  text("last_name", in.last_name);
  text("permission_group_id", in.permission_group_id);
  flag("social_messaging", in.social_messaging);
  text("monitor_calls", in.monitor_calls);
  text("monitor_sms", in.monitor_sms);
  nullable("forwarding_number", in.forwarding_number);
  flag("restrict_incoming_social_messaging", in.restrict_incoming_social_messaging);
  nullable("notification_email", in.notification_email);
  text("notes", in.notes);
  return in;
}

// The administrator who started a job, as they may act now: a job does not outlive its starter's
// right to it (suspended, deleted, the privilege or the organization taken away).
std::optional<auth::Principal> acting_principal(storage::Connection& conn, const std::string& admin_id,
                                                const std::string& org_id) {
  const auto rows = conn.query(storage::sql::admins::select_by_id, {admin_id});
  if (rows.empty()) return std::nullopt;
  const auto admin = admins::admin_from_row(rows.one());
  if (admin.login_suspended || admin.account_suspended || !admin.privileges.has("accounts.bulk") ||
      !orgs::in_scope(conn, admin.org_id, org_id))
    return std::nullopt;
  return auth::principal_of(admin);
}

// Jobs act for their starter; the audit log says it was a bulk operation's.
RequestMeta job_meta(const std::string& batch_id) {
  return {"", "bulk:" + batch_id};
}

}  // namespace

BulkProgress AccountService::start_bulk(const auth::Principal& who, const std::string& org_id,
                                        const BulkRequest& request, const RequestMeta& meta) {
  if (std::find(std::begin(bulk_actions), std::end(bulk_actions), request.action) == std::end(bulk_actions))
    throw DomainError(ErrorCode::validation_failed, "Unknown action.",
                      {{"action", "Must be invite, edit, suspend, resume or delete."}});
  if (request.action == "edit") {
    Account probe;
    Validator v;
    if (request.changes.login) v.fail("changes.login", "Logins are edited one account at a time.");
    if (changes_json(request.changes).empty()) v.fail("changes", "Give at least one field to change.");
    apply_input(probe, request.changes, v);
    v.throw_if_failed();
  }
  BulkProgress started;
  started.batch_id = crypto::new_id();
  started.org_id = org_id;
  started.action = request.action;
  started.created_at = clock_.now();
  db_.write([&](storage::Connection& conn) {
    orgs::require_in_scope(conn, who, org_id);
    const auto ids = matching_ids(conn, org_id, request.filter, max_ids + 1);
    if (ids.empty())
      throw DomainError(ErrorCode::validation_failed, "No account matches the filter.",
                        {{"filter", "Matches no account."}});
    if (ids.size() > max_ids)
      throw DomainError(ErrorCode::validation_failed, "The filter matches more than 10000 accounts.",
                        {{"filter", "Narrow it to at most 10000 accounts."}});
    started.total = static_cast<std::int64_t>(ids.size());
    conn.execute(sql::insert_batch, sql::InsertBatch{.id = started.batch_id,
                                                     .org_id = org_id,
                                                     .kind = request.action,
                                                     .actor_id = who.admin_id,
                                                     .created_at = started.created_at,
                                                     .total = started.total}
                                        .params());
    conn.execute(sql::insert_bulk_job, sql::InsertBulkJob{.batch_id = started.batch_id,
                                                          .action = request.action,
                                                          .changes = changes_json(request.changes).dump(),
                                                          .actor_id = who.admin_id,
                                                          .account_ids = nlohmann::json(ids).dump(),
                                                          .created_at = started.created_at}
                                           .params());
    audit::append(conn, clock_, audit::actor_of(who), meta,
                  {org_id,
                   "accounts.bulk",
                   audit::Activity::write,
                   "batch",
                   started.batch_id,
                   {{"action", request.action}, {"accounts", started.total}}});
  });
  return started;
}

BatchReport AccountService::bulk(const auth::Principal& who, const std::string& org_id, const BulkRequest& request,
                                 const RequestMeta& meta) {
  const auto started = start_bulk(who, org_id, request, meta);
  while (run_bulk_step(started.batch_id, max_ids)) {
  }
  BatchReport report;
  report.batch_id = started.batch_id;
  for_each_bulk_result(who, started.batch_id, [&](const AccountResult& r) {
    report.results.push_back(r);
    (r.ok ? report.succeeded : report.failed)++;
  });
  report.total = static_cast<std::int64_t>(report.results.size());
  return report;
}

std::optional<AccountService::BulkJob> AccountService::load_bulk_job(storage::Connection& conn,
                                                                     const std::string& batch_id) {
  const auto rows = conn.query(sql::select_bulk_job, {batch_id});
  if (rows.empty()) return std::nullopt;
  const auto& r = rows.one();
  constexpr auto c = sql::bulk_job_columns;
  return BulkJob{r.text(c["batch_id"]),
                 r.text(c["org_id"]),
                 r.text(c["action"]),
                 changes_from_json(nlohmann::json::parse(r.text(c["changes"]))),
                 r.text(c["actor_id"]),
                 nlohmann::json::parse(r.text(c["account_ids"])).get<std::vector<std::string>>(),
                 static_cast<std::size_t>(r.integer(c["done"]))};
}

bool AccountService::run_bulk_step(std::size_t limit) {
  const auto oldest = db_.read([&](storage::Connection& conn) -> std::optional<std::string> {
    const auto rows = conn.query(sql::select_oldest_bulk_job);
    if (rows.empty()) return std::nullopt;
    return rows.one().text(0);
  });
  if (!oldest) return false;
  run_bulk_step(*oldest, limit);
  return true;
}

// Up to `limit` accounts of one job; false once the job is over (finished here or elsewhere).
bool AccountService::run_bulk_step(const std::string& batch_id, std::size_t limit) {
  std::optional<BulkJob> job;
  std::optional<auth::Principal> who;
  db_.read([&](storage::Connection& conn) {
    job = load_bulk_job(conn, batch_id);
    if (job) who = acting_principal(conn, job->actor_id, job->org_id);
  });
  if (!job) return false;
  const std::size_t end = std::min(job->account_ids.size(), job->done + limit);
  for (std::size_t i = job->done; i < end; ++i) handle_bulk_account(*job, i, who);
  if (end < job->account_ids.size()) return true;
  finish_bulk(*job);
  return false;
}

void AccountService::handle_bulk_account(const BulkJob& job, std::size_t index,
                                         const std::optional<auth::Principal>& who) {
  const std::string& id = job.account_ids[index];
  const auto seq = static_cast<std::int64_t>(index);
  const auto meta = job_meta(job.batch_id);
  std::string login;
  auto record = [&](storage::Connection& conn, bool ok, const std::string& message) {
    conn.execute(
        sql::insert_bulk_result,
        sql::InsertBulkResult{
            .batch_id = job.batch_id, .seq = seq, .account_id = id, .login = login, .ok = ok, .message = message}
            .params());
  };
  std::string refusal;
  try {
    db_.write_restartable([&](storage::Connection& conn) {
      // Each run reports the login it finds, if any.
      login.clear();
      if (conn.execute(sql::advance_bulk_job, {job.batch_id, seq}) == 0) return;  // handled elsewhere
      if (!who)
        throw DomainError(ErrorCode::forbidden,
                          "The administrator who started this operation can no longer act on these accounts.");
      Account account = load_for_update(conn, *who, id);
      login = account.login;
      if (job.action == "invite")
        invite_one(conn, *who, account, meta);
      else if (job.action == "suspend")
        suspend_one(conn, *who, account, meta);
      else if (job.action == "resume")
        resume_one(conn, *who, account, meta);
      else if (job.action == "delete")
        remove_one(conn, *who, account, meta);
      else
        edit_one(conn, *who, account, job.changes, meta);
      record(conn, true, "");
    });
    return;
  } catch (const DomainError& e) {
    refusal = e.what();  // the account's own transaction rolled back; its refusal is its result
  }
  db_.write([&](storage::Connection& conn) {
    if (conn.execute(sql::advance_bulk_job, {job.batch_id, seq}) == 0) return;
    record(conn, false, refusal);
  });
}

void AccountService::finish_bulk(const BulkJob& job) {
  db_.write([&](storage::Connection& conn) {
    if (conn.execute(sql::delete_bulk_job, {job.batch_id}) == 0) return;  // finished elsewhere
    constexpr auto c = sql::bulk_count_columns;
    const auto counts = conn.query(sql::count_bulk_results, {job.batch_id}).one();
    const auto total = counts.integer(c["total"]);
    const auto succeeded = counts.integer(c["succeeded"]);
    conn.execute(sql::finish_batch, {job.batch_id, succeeded, total - succeeded});
    const auto starter = conn.query(storage::sql::admins::select_by_id, {job.actor_id});
    events_.publish(conn, {"batch_operations_report",
                           job.org_id,
                           {{"operation", job.action},
                            {"org_name", orgs::org_name(conn, job.org_id)},
                            {"total", total},
                            {"succeeded", succeeded},
                            {"failed", total - succeeded},
                            {"started_by", starter.empty() ? "" : admins::admin_from_row(starter.one()).email}}});
  });
}

BulkProgress AccountService::bulk_progress(const auth::Principal& who, const std::string& batch_id) {
  return db_.read([&](storage::Connection& conn) {
    // The job first: finishing deletes it and writes the batch's counts in one transaction, so a
    // batch read after the job was found gone has its final counts (on PostgreSQL each statement
    // of a read may see a later commit than the one before it).
    const auto job = load_bulk_job(conn, batch_id);
    constexpr auto c = sql::bulk_batch_columns;
    const auto rows = conn.query(sql::select_bulk_batch, {batch_id});
    const bool bulk_kind = !rows.empty() && std::find(std::begin(bulk_actions), std::end(bulk_actions),
                                                      rows.one().text(c["kind"])) != std::end(bulk_actions);
    if (!bulk_kind || !orgs::in_scope(conn, who.home_org_id, rows.one().text(c["org_id"])))
      throw_not_found("The bulk operation does not exist.");
    const auto& b = rows.one();
    BulkProgress p{.batch_id = b.text(c["id"]),
                   .org_id = b.text(c["org_id"]),
                   .action = b.text(c["kind"]),
                   .total = b.integer(c["total"]),
                   .done = b.integer(c["total"]),
                   .succeeded = b.integer(c["succeeded"]),
                   .failed = b.integer(c["failed"]),
                   .finished = true,
                   .created_at = b.integer(c["created_at"])};
    if (job) {
      constexpr auto n = sql::bulk_count_columns;
      const auto counts = conn.query(sql::count_bulk_results, {batch_id}).one();
      p.done = static_cast<std::int64_t>(job->done);
      p.succeeded = counts.integer(n["succeeded"]);
      p.failed = counts.integer(n["total"]) - p.succeeded;
      p.finished = false;
    }
    return p;
  });
}

void AccountService::for_each_bulk_result(const auth::Principal& who, const std::string& batch_id,
                                          const std::function<void(const AccountResult&)>& on_result) {
  bulk_progress(who, batch_id);  // the same existence and scope rules
  db_.read([&](storage::Connection& conn) {
    constexpr auto c = sql::bulk_result_columns;
    conn.for_each(sql::select_bulk_results, {batch_id}, [&](const storage::Row& r) {
      on_result({r.text(c["account_id"]), r.text(c["login"]), r.boolean(c["ok"]), r.text(c["message"])});
    });
  });
}

}  // namespace lineport::accounts
