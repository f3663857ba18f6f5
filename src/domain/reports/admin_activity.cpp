#include "domain/reports/admin_activity.h"

#include <limits>

#include "domain/error.h"
#include "storage/queries/reports.h"
#include "util/csv_writer.h"

namespace lineport::reports {
namespace {

namespace sql = storage::sql::reports;

constexpr std::int64_t newest = std::numeric_limits<std::int64_t>::max();

ActivityRow row_from(const storage::Row& r) {
  constexpr auto c = sql::admin_activity_columns;
  ActivityRow row;
  row.seq = r.integer(c["seq"]);
  row.at = r.integer(c["at"]);
  row.actor_email = r.opt_text(c["actor_email"]).value_or("");
  row.client_ip = r.opt_text(c["client_ip"]).value_or("");
  row.org_id = r.opt_text(c["org_id"]).value_or("");
  row.org_name = r.opt_text(c["org_name"]).value_or("");
  row.action = r.text(c["action"]);
  row.activity_type = r.text(c["activity_type"]);
  row.target_type = r.opt_text(c["target_type"]).value_or("");
  row.target_id = r.opt_text(c["target_id"]).value_or("");
  row.changes = nlohmann::json::parse(r.text(c["changes"]), nullptr, false);
  if (row.changes.is_discarded()) row.changes = nlohmann::json::object();
  row.target_name = r.opt_text(c["target_name"]);
  return row;
}

}  // namespace

AdminActivityReport::Resolved AdminActivityReport::resolve(storage::Connection& conn, const auth::Principal& who,
                                                           const ReportQuery& q) {
  const auto range = resolve_in_scope(conn, who, q, clock_.now()).range;
  static constexpr std::string_view types[] = {"", "portal_access", "view", "write", "download"};
  if (std::find(std::begin(types), std::end(types), q.activity_type) == std::end(types))
    throw DomainError(ErrorCode::validation_failed, "Unknown activity type.",
                      {{"activity_type", "Must be portal_access, view, write or download."}});
  return {{q.org_id, q.include_suborgs ? 1 : 0, range.from, range.to, q.activity_type, q.admin_id, q.event}};
}

Page<ActivityRow> AdminActivityReport::page(const auth::Principal& who, const ReportQuery& query,
                                            const PageRequest& page, const RequestMeta& meta) {
  std::int64_t before = newest;
  if (page.cursor) {
    const auto key = continue_after(page, {""}).front();
    if (key.empty() || key.size() > 18 || key.find_first_not_of("0123456789") != std::string::npos) throw_bad_cursor();
    before = std::stoll(key);
  }
  auto result = db_.read([&](storage::Connection& conn) {
    auto params = resolve(conn, who, query).params;
    params.emplace_back(before);
    Page<ActivityRow> out;
    out.total = conn.query(sql::admin_activity_count, params).one().integer(0);
    params.emplace_back(page.limit + 1);
    const auto rows = conn.query(sql::admin_activity_page, params).rows;
    for (std::size_t i = 0; i < rows.size() && i < static_cast<std::size_t>(page.limit); ++i)
      out.items.push_back(row_from(rows[i]));
    if (rows.size() > static_cast<std::size_t>(page.limit))
      out.next_cursor = encode_cursor({std::to_string(out.items.back().seq)});
    return out;
  });
  if (!page.cursor) record_report_view(db_, clock_, who, meta, query.org_id, "admin_activity");
  return result;
}

AdminActivityReport::Download AdminActivityReport::begin_download(const auth::Principal& who, const ReportQuery& query,
                                                                  const RequestMeta& meta) {
  return db_.write([&](storage::Connection& conn) {
    Download download{resolve(conn, who, query).params};
    // The entry is written before the rows: this download shows in its own report.
    record_report_download(conn, clock_, who, meta, query.org_id, "admin_activity",
                           {{"include_suborgs", query.include_suborgs}});
    download.params.emplace_back(newest);
    download.params.emplace_back(std::numeric_limits<std::int64_t>::max());
    return download;
  });
}

void AdminActivityReport::stream(const Download& download, const std::function<void(const ActivityRow&)>& on_row) {
  auto lease = db_.acquire();
  lease->for_each(sql::admin_activity_page, download.params, [&](const storage::Row& r) { on_row(row_from(r)); });
}

std::string AdminActivityReport::csv_header() {
  return csv::line({"time", "administrator", "address", "organization", "activity_type", "action", "target_type",
                    "target_id", "changes"});
}

std::string AdminActivityReport::csv_line(const ActivityRow& r) {
  return csv::line({to_rfc3339(r.at), r.actor_email, r.client_ip, r.org_name, r.activity_type, r.action, r.target_type,
                    r.target_id, r.changes.empty() ? "" : r.changes.dump()});
}

}  // namespace lineport::reports
