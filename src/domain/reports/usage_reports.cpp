#include "domain/reports/usage_reports.h"

#include <algorithm>
#include <array>
#include <limits>
#include <map>

#include "domain/error.h"
#include "storage/queries/usage.h"
#include "util/csv_writer.h"
#include "util/text.h"

namespace lineport::reports {
namespace {

namespace sql = storage::sql::usage;

// The usage sums every report ends with, in the order of the queries' SUM columns.
#define LINEPORT_SUM_COLUMNS                                                                   \
  "voice_in_seconds", "voice_out_seconds", "messages_received", "messages_sent", "data_bytes", \
      "billable_voice_seconds", "billable_messages", "billable_data_bytes"
constexpr std::size_t sum_count = 8;

constexpr std::string_view consumption_columns[] = {"date", "org_id", "org_name", LINEPORT_SUM_COLUMNS};
constexpr std::string_view user_columns[] = {"account_id",       "first_name", "last_name", "login",
                                             "multiline_number", "org_id",     "org_name",  LINEPORT_SUM_COLUMNS};
constexpr std::string_view activity_columns[] = {"id",        "started_at",       "account_id", "first_name",
                                                 "last_name", "multiline_number", "org_id",     "org_name",
                                                 "type",      "direction",        "quantity",   "billable"};
#undef LINEPORT_SUM_COLUMNS

Cell text_or_null(const storage::Row& r, std::size_t i) {
  if (auto v = r.opt_text(i)) return std::move(*v);
  return nullptr;
}

// ---- consumption metrics: slots added up by organization and local day ------------------------

struct DaySums {
  std::array<std::int64_t, sum_count> sums{};

  void add(std::string_view type, std::string_view direction, std::int64_t quantity, std::int64_t billable) {
    const bool in = direction == "in";
    if (type == "voice") {
      sums[in ? 0 : 1] += quantity;
      sums[5] += billable;
    } else if (type == "message") {
      sums[in ? 2 : 3] += quantity;
      sums[6] += billable;
    } else if (type == "data") {
      sums[4] += quantity;
      sums[7] += billable;
    }
  }
};

// Calls `emit` with each (organization, day) row in organization-name then date order, holding
// one organization's days at a time.
void consumption_rows(storage::Connection& conn, const UsageReports::Download& d,
                      const std::function<void(ReportRow)>& emit) {
  const auto days = local_days(d.tz, d.range);
  std::string org_id, org_name;
  std::map<std::size_t, DaySums> by_day;  // index into days
  const auto flush = [&] {
    for (const auto& [day, s] : by_day) {
      ReportRow row{days[day].date, org_id, org_name};
      for (const auto v : s.sums) row.emplace_back(v);
      emit(std::move(row));
    }
    by_day.clear();
  };
  constexpr auto c = sql::report_slot_columns;
  conn.for_each(sql::report_slots, d.params, [&](const storage::Row& r) {
    if (r.text(c["org_id"]) != org_id) {
      flush();
      org_id = r.text(c["org_id"]);
      org_name = r.text(c["org_name"]);
    }
    const UnixSeconds slot = r.integer(c["slot"]);
    const auto after = std::upper_bound(days.begin(), days.end(), slot,
                                        [](UnixSeconds t, const LocalDay& day) { return t < day.start; });
    if (after == days.begin()) return;
    by_day[static_cast<std::size_t>(after - days.begin() - 1)].add(
        r.text(c["usage_type"]), r.text(c["direction"]), r.integer(c["quantity"]), r.integer(c["billable_quantity"]));
  });
  flush();
}

// In the order of user_columns.
ReportRow user_row(const storage::Row& r) {
  constexpr auto c = sql::user_metric_page_columns;
  ReportRow row{r.text(c["account_id"]),
                r.text(c["first_name"]),
                r.text(c["last_name"]),
                r.text(c["login"]),
                text_or_null(r, c["multiline_number"]),
                r.text(c["org_id"]),
                r.text(c["org_name"])};
  for (const auto sum :
       {c["voice_in_seconds"], c["voice_out_seconds"], c["messages_received"], c["messages_sent"], c["data_bytes"],
        c["billable_voice_seconds"], c["billable_messages"], c["billable_data_bytes"]})
    row.emplace_back(r.integer(sum));
  return row;
}

// In the order of activity_columns.
ReportRow activity_row(const storage::Row& r) {
  constexpr auto c = sql::activity_page_columns;
  return {r.text(c["id"]),          to_rfc3339(r.integer(c["started_at"])),
          r.text(c["account_id"]),  r.text(c["first_name"]),
          r.text(c["last_name"]),   text_or_null(r, c["multiline_number"]),
          r.text(c["org_id"]),      r.text(c["org_name"]),
          r.text(c["usage_type"]),  r.text(c["direction"]),
          r.integer(c["quantity"]), r.boolean(c["billable"])};
}

const std::string& text_cell(const ReportRow& row, std::size_t i) {
  return std::get<std::string>(row.at(i));
}

std::int64_t cursor_integer(const std::string& text) {
  const auto value = text::parse_int(text);
  if (!value || *value < 0) throw_bad_cursor();
  return *value;
}

std::size_t position_cursor(const std::optional<std::string>& cursor) {
  if (!cursor) return 0;
  const auto decoded = decode_cursor(*cursor, 1);
  if (!decoded) throw_bad_cursor();
  return static_cast<std::size_t>(cursor_integer(decoded->front()));
}

}  // namespace

std::string_view to_string(UsageReportKind kind) {
  switch (kind) {
    case UsageReportKind::consumption_metrics:
      return "consumption_metrics";
    case UsageReportKind::user_metrics:
      return "user_metrics";
    case UsageReportKind::activities:
      return "activities";
  }
  return "activities";
}

std::span<const std::string_view> UsageReports::columns(UsageReportKind kind) {
  switch (kind) {
    case UsageReportKind::consumption_metrics:
      return consumption_columns;
    case UsageReportKind::user_metrics:
      return user_columns;
    case UsageReportKind::activities:
      return activity_columns;
  }
  return activity_columns;
}

UsageReports::Download UsageReports::resolve(storage::Connection& conn, const auth::Principal& who,
                                             UsageReportKind kind, const ReportQuery& q) {
  auto [tz, range] = resolve_in_scope(conn, who, q, clock_.now());
  return {kind, std::move(tz), range, {q.org_id, std::int64_t{q.include_suborgs ? 1 : 0}, range.from, range.to}};
}

Page<ReportRow> UsageReports::page(const auth::Principal& who, UsageReportKind kind, const ReportQuery& query,
                                   const PageRequest& page, const RequestMeta& meta) {
  const auto limit = static_cast<std::size_t>(page.limit);
  auto result = db_.read([&](storage::Connection& conn) {
    const auto d = resolve(conn, who, kind, query);
    Page<ReportRow> out;
    if (kind == UsageReportKind::consumption_metrics) {
      // Rows are made from slots, not stored: the cursor is the position in the report.
      const std::size_t skip = position_cursor(page.cursor);
      std::size_t position = 0;
      consumption_rows(conn, d, [&](ReportRow row) {
        if (position >= skip && out.items.size() < limit) out.items.push_back(std::move(row));
        ++position;
      });
      out.total = static_cast<std::int64_t>(position);
      if (skip + out.items.size() < position)
        out.next_cursor = encode_cursor({std::to_string(skip + out.items.size())});
      return out;
    }

    auto params = d.params;
    if (kind == UsageReportKind::user_metrics) {
      const auto after = continue_after(page, {"", "", ""});
      out.total = conn.query(sql::report_user_metrics_count, params).one().integer(0);
      params.insert(params.end(), {after[1], after[2], after[0], static_cast<std::int64_t>(limit + 1)});
      for (const auto& r : conn.query(sql::report_user_metrics_page, params).rows) out.items.push_back(user_row(r));
      if (out.items.size() > limit) {
        out.items.pop_back();
        const auto& last = out.items.back();
        out.next_cursor = encode_cursor({text_cell(last, 0), text_cell(last, 2), text_cell(last, 1)});
      }
      return out;
    }

    const auto before = continue_after(page, {std::to_string(std::numeric_limits<std::int64_t>::max()), "", ""});
    out.total = conn.query(sql::report_activities_count, params).one().integer(0);
    params.insert(params.end(),
                  {cursor_integer(before[0]), before[1], before[2], static_cast<std::int64_t>(limit + 1)});
    std::vector<UnixSeconds> started;
    for (const auto& r : conn.query(sql::report_activities_page, params).rows) {
      out.items.push_back(activity_row(r));
      started.push_back(r.integer(sql::activity_page_columns["started_at"]));
    }
    if (out.items.size() > limit) {
      out.items.pop_back();
      const auto& last = out.items.back();
      out.next_cursor = encode_cursor({std::to_string(started[limit - 1]), text_cell(last, 2), text_cell(last, 0)});
    }
    return out;
  });
  if (!page.cursor) record_report_view(views_, who, meta, query.org_id, std::string(to_string(kind)));
  return result;
}

UsageReports::Download UsageReports::begin_download(const auth::Principal& who, UsageReportKind kind,
                                                    const ReportQuery& query, const RequestMeta& meta) {
  return db_.write([&](storage::Connection& conn) {
    auto download = resolve(conn, who, kind, query);
    record_report_download(conn, clock_, who, meta, query.org_id, std::string(to_string(kind)),
                           {{"include_suborgs", query.include_suborgs}});
    return download;
  });
}

void UsageReports::stream(const Download& d, const std::function<void(const ReportRow&)>& on_row) {
  auto lease = db_.acquire();
  auto& conn = *lease;
  switch (d.kind) {
    case UsageReportKind::consumption_metrics:
      consumption_rows(conn, d, [&](const ReportRow& row) { on_row(row); });
      return;
    case UsageReportKind::user_metrics: {
      auto params = d.params;
      params.insert(params.end(),
                    {std::string(), std::string(), std::string(), std::numeric_limits<std::int64_t>::max()});
      conn.for_each(sql::report_user_metrics_page, params, [&](const storage::Row& r) { on_row(user_row(r)); });
      return;
    }
    case UsageReportKind::activities: {
      auto params = d.params;
      params.insert(params.end(), {std::numeric_limits<std::int64_t>::max(), std::string(), std::string(),
                                   std::numeric_limits<std::int64_t>::max()});
      conn.for_each(sql::report_activities_page, params, [&](const storage::Row& r) { on_row(activity_row(r)); });
      return;
    }
  }
}

std::string UsageReports::csv_header(UsageReportKind kind) {
  const auto names = columns(kind);
  return csv::line(std::vector<std::string>(names.begin(), names.end()));
}

std::string UsageReports::csv_line(const ReportRow& row) {
  std::vector<std::string> cells;
  cells.reserve(row.size());
  for (const auto& cell : row) {
    cells.push_back(std::visit(
        [](const auto& v) -> std::string {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, std::nullptr_t>)
            return "";
          else if constexpr (std::is_same_v<T, bool>)
            return v ? "true" : "false";
          else if constexpr (std::is_same_v<T, std::int64_t>)
            return std::to_string(v);
          else
            return v;
        },
        cell));
  }
  return csv::line(cells);
}

}  // namespace lineport::reports
