#include "domain/reports/administrators_report.h"

#include <algorithm>
#include <limits>

#include "domain/error.h"
#include "domain/orgs/org_service.h"
#include "storage/queries/reports.h"
#include "util/csv_writer.h"

namespace lineport::reports {
namespace {

namespace sql = storage::sql::reports;

constexpr std::string_view statuses[] = {"", "invited", "active", "login_suspended", "account_suspended"};

AdministratorRow row_from(const storage::Row& r) {
  constexpr auto c = sql::administrator_columns;
  AdministratorRow row;
  row.id = r.text(c["id"]);
  row.first_name = r.text(c["first_name"]);
  row.last_name = r.text(c["last_name"]);
  row.email = r.text(c["email"]);
  row.kind = r.text(c["kind"]);
  row.org_id = r.text(c["org_id"]);
  row.org_name = r.text(c["org_name"]);
  row.role_id = r.text(c["role_id"]);
  row.role_name = r.text(c["role_name"]);
  row.status = r.text(c["status"]);
  row.invited_at = r.opt_integer(c["invited_at"]);
  row.last_sign_in_at = r.opt_integer(c["last_sign_in_at"]);
  return row;
}

std::string time_or_empty(const std::optional<UnixSeconds>& t) {
  return t ? to_rfc3339(*t) : std::string();
}

}  // namespace

storage::Params AdministratorsReport::resolve(storage::Connection& conn, const auth::Principal& who,
                                              const ReportQuery& q) {
  if (std::find(std::begin(statuses), std::end(statuses), q.status) == std::end(statuses))
    throw DomainError(ErrorCode::validation_failed, "Unknown administrator status.",
                      {{"status", "Must be invited, active, login_suspended or account_suspended."}});
  orgs::require_in_scope(conn, who, q.org_id);
  return {q.org_id, std::int64_t{q.include_suborgs ? 1 : 0}, q.status};
}

Page<AdministratorRow> AdministratorsReport::page(const auth::Principal& who, const ReportQuery& query,
                                                  const PageRequest& page, const RequestMeta& meta) {
  const auto after = continue_after(page, {"", ""});
  const auto limit = static_cast<std::size_t>(page.limit);
  auto result = db_.read([&](storage::Connection& conn) {
    auto params = resolve(conn, who, query);
    Page<AdministratorRow> out;
    out.total = conn.query(sql::administrators_count, params).one().integer(0);
    params.insert(params.end(), {after[0], after[1], static_cast<std::int64_t>(limit + 1)});
    const auto rows = conn.query(sql::administrators_page, params).rows;
    for (std::size_t i = 0; i < rows.size() && i < limit; ++i) out.items.push_back(row_from(rows[i]));
    if (rows.size() > limit) {
      const auto& last = rows[limit - 1];
      constexpr auto c = sql::administrator_columns;
      out.next_cursor = encode_cursor({last.text(c["email_key"]), last.text(c["id"])});
    }
    return out;
  });
  if (!page.cursor) record_report_view(views_, who, meta, query.org_id, "administrators");
  return result;
}

AdministratorsReport::Download AdministratorsReport::begin_download(const auth::Principal& who,
                                                                    const ReportQuery& query, const RequestMeta& meta) {
  return db_.write([&](storage::Connection& conn) {
    Download download{resolve(conn, who, query)};
    record_report_download(conn, clock_, who, meta, query.org_id, "administrators",
                           {{"include_suborgs", query.include_suborgs}, {"status", query.status}});
    download.params.insert(download.params.end(),
                           {std::string(), std::string(), std::numeric_limits<std::int64_t>::max()});
    return download;
  });
}

void AdministratorsReport::stream(const Download& download,
                                  const std::function<void(const AdministratorRow&)>& on_row) {
  auto lease = db_.acquire();
  lease->for_each(sql::administrators_page, download.params, [&](const storage::Row& r) { on_row(row_from(r)); });
}

std::string AdministratorsReport::csv_header() {
  return csv::line(
      {"first_name", "last_name", "email", "kind", "organization", "role", "status", "invited_at", "last_sign_in_at"});
}

std::string AdministratorsReport::csv_line(const AdministratorRow& r) {
  return csv::line({r.first_name, r.last_name, r.email, r.kind, r.org_name, r.role_name, r.status,
                    time_or_empty(r.invited_at), time_or_empty(r.last_sign_in_at)});
}

}  // namespace lineport::reports
