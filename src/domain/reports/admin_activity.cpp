#include "domain/reports/admin_activity.h"

#include <algorithm>
#include <iterator>
#include <limits>
#include <tuple>

#include "domain/error.h"
#include "domain/reports/activity_counts.h"
#include "storage/queries/reports.h"
#include "util/csv_writer.h"
#include "util/text.h"

namespace lineport::reports {
namespace {

namespace sql = storage::sql::reports;

constexpr std::int64_t newest = std::numeric_limits<std::int64_t>::max();

ActivityRow row_from(const storage::RowView& r) {
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

const sql::ActivityStatements& statements_of(bool include_suborgs) {
  return include_suborgs ? sql::activity_in_subtree : sql::activity_in_org;
}

// The page statement that reads along the index of the most selective filter given.
const storage::Query& page_statement(const sql::ActivityStatements& s, const sql::ActivityFilter& f) {
  if (!f.event.empty()) return s.page_of_event;
  if (!f.admin_id.empty()) return s.page_of_admin;
  if (!f.activity_type.empty()) return s.page_of_activity;
  return s.page;
}

// The sum of the counters of `span` over `whole` (a range of whole spans).
std::int64_t counted(storage::Connection& conn, const sql::ActivityStatements& s, const sql::ActivityFilter& f,
                     UnixSeconds span, TimeRange whole) {
  const sql::ActivityCounted values{.org_id = f.org_id,
                                    .span = span,
                                    .from = whole.from,
                                    .to = whole.to,
                                    .activity_type = f.activity_type,
                                    .event = f.event};
  return conn.query(s.counted, values.params()).one().integer(0);
}

std::int64_t count_entries(storage::Connection& conn, const storage::Query& statement, sql::ActivityFilter f,
                           TimeRange range) {
  f.from = range.from;
  f.to = range.to;
  return conn.query(statement, f.params()).one().integer(0);
}

// The exact total of the filter (docs/performance.md#lists): the counters of migration 0027 hold
// the entries by day and hour, event type and activity type, not by administrator, whose entries
// are counted along their own index.
std::int64_t total_of(storage::Connection& conn, bool include_suborgs, const sql::ActivityFilter& f) {
  const auto& s = statements_of(include_suborgs);
  if (!f.admin_id.empty()) return count_entries(conn, s.count_of_admin, f, {f.from, f.to});
  return total_over_counters(
      {f.from, f.to}, [&](UnixSeconds span, TimeRange whole) { return counted(conn, s, f, span, whole); },
      [&](TimeRange minutes) { return count_entries(conn, s.count, f, minutes); });
}

std::vector<ActivityRow> read_rows(storage::Connection& conn, bool include_suborgs, const sql::ActivityPage& page) {
  std::vector<ActivityRow> rows;
  rows.reserve(static_cast<std::size_t>(page.limit));
  conn.for_each_view(page_statement(statements_of(include_suborgs), page.filter), page.params(),
                     [&](const storage::RowView& r) { rows.push_back(row_from(r)); });
  return rows;
}

// A subtree whose entries in the range lie in this many organizations or fewer is read one
// organization at a time, each along its own index, and the pages merged; a larger one is read by
// one statement that sorts the subtree's matching entries.
constexpr std::size_t max_merged_orgs = 16;  // sql::activity_orgs_in_subtree reads one more

std::optional<std::vector<ActivityRow>> read_merged(storage::Connection& conn, const sql::ActivityPage& page) {
  const auto& f = page.filter;
  const sql::ActivityOrgsInSubtree orgs{.org_id = f.org_id,
                                        .from_day = span_start(f.from, counted_day),
                                        .to = f.to,
                                        .activity_type = f.activity_type,
                                        .event = f.event};
  const auto holding = conn.query(sql::activity_orgs_in_subtree, orgs.params()).rows;
  if (holding.size() > max_merged_orgs) return std::nullopt;
  std::vector<ActivityRow> merged;
  for (const auto& row : holding) {
    auto one = page;
    one.filter.org_id = row.text(0);
    auto rows = read_rows(conn, false, one);
    std::move(rows.begin(), rows.end(), std::back_inserter(merged));
  }
  std::sort(merged.begin(), merged.end(),
            [](const ActivityRow& a, const ActivityRow& b) { return std::tie(a.at, a.seq) > std::tie(b.at, b.seq); });
  if (merged.size() > static_cast<std::size_t>(page.limit)) merged.resize(static_cast<std::size_t>(page.limit));
  return merged;
}

sql::ActivityFilter sql_filter(const AdminActivityReport::Filter& f) {
  return {.org_id = f.org_id,
          .from = f.range.from,
          .to = f.range.to,
          .activity_type = f.activity_type,
          .admin_id = f.admin_id,
          .event = f.event};
}

}  // namespace

AdminActivityReport::Filter AdminActivityReport::resolve(storage::Connection& conn, const auth::Principal& who,
                                                         const ReportQuery& q) {
  const auto range = resolve_in_scope(conn, who, q, clock_.now()).range;
  static constexpr std::string_view types[] = {"", "portal_access", "view", "write", "download"};
  if (std::find(std::begin(types), std::end(types), q.activity_type) == std::end(types))
    throw DomainError(ErrorCode::validation_failed, "Unknown activity type.",
                      {{"activity_type", "Must be portal_access, view, write or download."}});
  return {q.org_id, q.include_suborgs, range, q.activity_type, q.admin_id, q.event};
}

Page<ActivityRow> AdminActivityReport::page(const auth::Principal& who, const ReportQuery& query,
                                            const PageRequest& page, const RequestMeta& meta) {
  std::int64_t before_at = newest;
  std::int64_t before_seq = newest;
  if (page.cursor) {
    const auto key = continue_after(page, {"", ""});
    const auto at = text::parse_int(key[0]);
    const auto seq = text::parse_int(key[1]);
    if (!at || !seq) throw_bad_cursor();
    before_at = *at;
    before_seq = *seq;
  }
  auto result = db_.read([&](storage::Connection& conn) {
    const auto filter = resolve(conn, who, query);
    const sql::ActivityPage sql_page{
        .filter = sql_filter(filter), .before_at = before_at, .before_seq = before_seq, .limit = page.limit + 1};
    Page<ActivityRow> out;
    // The total of the whole filter, whichever page this is (as every list's).
    out.total = total_of(conn, filter.include_suborgs, sql_page.filter);
    if (out.total == 0) return out;  // no entry to read
    std::optional<std::vector<ActivityRow>> merged;
    if (filter.include_suborgs) merged = read_merged(conn, sql_page);
    out.items = merged ? std::move(*merged) : read_rows(conn, filter.include_suborgs, sql_page);
    if (out.items.size() > static_cast<std::size_t>(page.limit)) {
      out.items.pop_back();
      out.next_cursor = encode_cursor({std::to_string(out.items.back().at), std::to_string(out.items.back().seq)});
    }
    return out;
  });
  if (!page.cursor) record_report_view(views_, who, meta, query.org_id, "admin_activity");
  return result;
}

AdminActivityReport::Download AdminActivityReport::begin_download(const auth::Principal& who, const ReportQuery& query,
                                                                  const RequestMeta& meta) {
  return db_.write([&](storage::Connection& conn) {
    const auto filter = resolve(conn, who, query);
    // The entry is written before the rows: this download shows in its own report.
    record_report_download(conn, clock_, who, meta, query.org_id, "admin_activity",
                           {{"include_suborgs", query.include_suborgs}});
    const sql::ActivityPage all{
        .filter = sql_filter(filter), .before_at = newest, .before_seq = newest, .limit = newest};
    return Download{&page_statement(statements_of(filter.include_suborgs), all.filter), all.params()};
  });
}

void AdminActivityReport::stream(const Download& download, const std::function<void(const ActivityRow&)>& on_row) {
  auto lease = db_.acquire();
  lease->for_each_view(*download.statement, download.params, [&](const storage::RowView& r) { on_row(row_from(r)); });
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
