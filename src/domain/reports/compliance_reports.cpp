#include "domain/reports/compliance_reports.h"

#include <algorithm>
#include <iterator>
#include <limits>

#include "domain/compliance/record_json.h"
#include "domain/error.h"
#include "domain/reports/activity_counts.h"
#include "storage/queries/compliance.h"
#include "util/csv_writer.h"
#include "util/text.h"

namespace lineport::reports {
namespace {

namespace sql = storage::sql::compliance;
using compliance::Kind;

#define LINEPORT_WHOSE "id", "account_id", "login", "first_name", "last_name", "multiline_number", "org_id", "org_name"
constexpr std::string_view call_recording_columns[] = {LINEPORT_WHOSE,     "started_at", "direction",  "peer_number",
                                                       "duration_seconds", "media_url",  "size_bytes", "ingested_at"};
constexpr std::string_view message_log_columns[] = {LINEPORT_WHOSE, "sent_at",         "direction",
                                                    "peer_number",  "channel",         "text",
                                                    "text_state",   "attachment_urls", "ingested_at"};
constexpr std::string_view sms_opt_in_columns[] = {LINEPORT_WHOSE, "at",      "peer_number",
                                                   "opted_in",     "keyword", "ingested_at"};
#undef LINEPORT_WHOSE

// A kind's statements and where its rows hold the record's time and the names.
struct KindSql {
  const sql::ReportStatements& statements;
  std::size_t time;        // started_at, sent_at or at
  std::size_t first_name;  // then last_name, then org_name
};

const KindSql& kind_sql(Kind kind) {
  static const KindSql call{sql::call_recording_report, sql::call_recording_columns["started_at"],
                            sql::call_recording_columns.size()};
  static const KindSql message{sql::message_log_report, sql::message_log_columns["sent_at"],
                               sql::message_log_columns.size()};
  static const KindSql opt_in{sql::sms_opt_in_report, sql::sms_opt_in_columns["at"], sql::sms_opt_in_columns.size()};
  switch (kind) {
    case Kind::call_recording:
      return call;
    case Kind::message_log:
      return message;
    case Kind::sms_opt_in:
      return opt_in;
  }
  return call;
}

// One row of a report and its place in the order (newest first).
struct Record {
  UnixSeconds time = 0;
  std::int64_t position = 0;
  nlohmann::json row;

  bool operator>(const Record& other) const { return std::tie(time, position) > std::tie(other.time, other.position); }
};

Record record_of(Kind kind, const storage::Row& r, const compliance::DataKey& key) {
  const auto& k = kind_sql(kind);
  Record out{r.integer(k.time), r.integer(sql::FeedColumn::position), compliance::record_json(kind, r, key)};
  out.row["first_name"] = r.text(k.first_name);
  out.row["last_name"] = r.text(k.first_name + 1);
  out.row["org_name"] = r.text(k.first_name + 2);
  return out;
}

constexpr std::int64_t newest = std::numeric_limits<std::int64_t>::max();

// Where a page continues: before this (time, position).
struct Before {
  std::int64_t time = newest;
  std::int64_t position = newest;
};

Before before_of(const PageRequest& page) {
  if (!page.cursor) return {};
  const auto key = continue_after(page, {"", ""});
  const auto time = text::parse_int(key[0]);
  const auto position = text::parse_int(key[1]);
  if (!time || !position) throw_bad_cursor();
  return {*time, *position};
}

// The statement that reads the filter's records along the index of its first condition, and its
// values: a page of `limit` before `before`.
std::pair<const storage::Query*, storage::Params> page_statement(const ComplianceReports::Filter& f, Before before,
                                                                 std::int64_t limit, bool one_org) {
  const auto& s = kind_sql(f.kind).statements;
  storage::Params values{f.org_id, f.range.from, f.range.to, before.time, before.position, limit};
  const std::int64_t subtree = f.include_suborgs ? 1 : 0;
  if (!f.account_id.empty()) {
    values.insert(values.end(), {subtree, f.account_id, f.peer_number});
    return {&s.page_of_account, std::move(values)};
  }
  if (!f.peer_number.empty()) {
    values.insert(values.end(), {subtree, f.peer_number});
    return {&s.page_of_peer, std::move(values)};
  }
  if (one_org) return {&s.page_in_org, std::move(values)};
  values.emplace_back(subtree);
  return {&s.page_in_orgs, std::move(values)};
}

std::vector<storage::Row> read_rows(storage::Connection& conn, const ComplianceReports::Filter& f, Before before,
                                    std::int64_t limit, bool one_org) {
  const auto [statement, values] = page_statement(f, before, limit, one_org);
  return std::move(conn.query(*statement, values).rows);
}

// A subtree whose records in the range lie in this many organizations or fewer is read one
// organization at a time along its index and the pages merged; a larger one is read by one
// statement that sorts the subtree's records of the range (docs/compliance.md#the-reports).
constexpr std::int64_t max_merged_orgs = 16;

std::vector<storage::Row> read_merged(storage::Connection& conn, const ComplianceReports::Filter& f, Before before,
                                      std::int64_t limit) {
  const auto holding =
      conn.query(sql::orgs_holding, {std::string(compliance::to_string(f.kind)), f.org_id, std::int64_t{1},
                                     span_start(f.range.from, counted_day), f.range.to, max_merged_orgs + 1});
  if (std::cmp_greater(holding.rows.size(), max_merged_orgs)) return read_rows(conn, f, before, limit, false);
  std::vector<storage::Row> merged;
  for (const auto& org : holding.rows) {
    auto one = f;
    one.org_id = org.text(0);
    auto rows = read_rows(conn, one, before, limit, true);
    std::move(rows.begin(), rows.end(), std::back_inserter(merged));
  }
  // Newest first; only the rows that make the page are decoded (texts opened, JSON built).
  const auto time = kind_sql(f.kind).time;
  const auto newer = [time](const storage::Row& a, const storage::Row& b) {
    return std::pair(a.integer(time), a.integer(sql::FeedColumn::position)) >
           std::pair(b.integer(time), b.integer(sql::FeedColumn::position));
  };
  const auto keep = std::min(merged.size(), static_cast<std::size_t>(limit));
  std::partial_sort(merged.begin(), merged.begin() + static_cast<std::ptrdiff_t>(keep), merged.end(), newer);
  merged.erase(merged.begin() + static_cast<std::ptrdiff_t>(keep), merged.end());
  return merged;
}

std::vector<Record> read_page(storage::Connection& conn, const compliance::DataKey& key,
                              const ComplianceReports::Filter& f, Before before, std::int64_t limit) {
  const bool merge = f.include_suborgs && f.account_id.empty() && f.peer_number.empty();
  const auto rows = merge ? read_merged(conn, f, before, limit) : read_rows(conn, f, before, limit, !f.include_suborgs);
  std::vector<Record> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(record_of(f.kind, r, key));
  return out;
}

// The exact total of the filter (docs/compliance.md#the-reports): an account's or a peer's records
// are counted along their index; an organization's from the counters of whole days and hours,
// and the records of the minutes left over.
std::int64_t total_of(storage::Connection& conn, const ComplianceReports::Filter& f) {
  const auto& s = kind_sql(f.kind).statements;
  const std::int64_t subtree = f.include_suborgs ? 1 : 0;
  if (!f.account_id.empty())
    return conn.query(s.count_of_account, {f.org_id, f.range.from, f.range.to, subtree, f.account_id, f.peer_number})
        .one()
        .integer(0);
  if (!f.peer_number.empty())
    return conn.query(s.count_of_peer, {f.org_id, f.range.from, f.range.to, subtree, f.peer_number}).one().integer(0);
  const std::string kind(compliance::to_string(f.kind));
  const auto counted = [&](UnixSeconds span, TimeRange whole) {
    return conn.query(sql::sum_counts, {kind, f.org_id, subtree, span, whole.from, whole.to}).one().integer(0);
  };
  return total_over_counters(f.range, counted, [&](TimeRange minutes) {
    return conn.query(s.count_in_orgs, {f.org_id, minutes.from, minutes.to, subtree}).one().integer(0);
  });
}

// The account a filter names: by its id, its login or the number it has now. A value that names
// no account now is taken as an id, so a deleted account's records are found by the id they hold.
std::string account_id_of(storage::Connection& conn, const std::string& value) {
  constexpr auto c = sql::account_columns;
  if (value.starts_with('+')) {
    const auto rows = conn.query(sql::account_by_number, {value});
    return rows.empty() ? value : rows.one().text(c["id"]);
  }
  if (!conn.query(sql::account_by_id, {value}).empty()) return value;
  const auto rows = conn.query(sql::account_by_login, {text::fold_case(value)});
  return rows.empty() ? value : rows.one().text(c["id"]);
}

bool is_e164(std::string_view s) {
  return s.size() >= 2 && s.size() <= 16 && s[0] == '+' && s[1] != '0' &&
         std::all_of(s.begin() + 1, s.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
}

std::string report_name(Kind kind) {
  return std::string(compliance::report_subject(kind));
}

// What the audit entry of a view or a download says the caller asked for.
nlohmann::json audited_filter(const ComplianceReports::Filter& f, const ReportQuery& query) {
  nlohmann::json out{
      {"include_suborgs", f.include_suborgs}, {"from", to_rfc3339(f.range.from)}, {"to", to_rfc3339(f.range.to)}};
  if (!query.account.empty()) out["account"] = query.account;
  if (!f.peer_number.empty()) out["peer_number"] = f.peer_number;
  return out;
}

std::string csv_cell(const nlohmann::json& value) {
  if (value.is_null()) return "";
  if (value.is_string()) return value.get<std::string>();
  if (value.is_array()) {  // attachment_urls: addresses hold no spaces
    std::string out;
    for (const auto& item : value) out += (out.empty() ? "" : " ") + item.get<std::string>();
    return out;
  }
  return value.dump();  // numbers and booleans as JSON writes them
}

}  // namespace

std::span<const std::string_view> ComplianceReports::columns(Kind kind) {
  switch (kind) {
    case Kind::call_recording:
      return call_recording_columns;
    case Kind::message_log:
      return message_log_columns;
    case Kind::sms_opt_in:
      return sms_opt_in_columns;
  }
  return call_recording_columns;
}

ComplianceReports::Filter ComplianceReports::resolve(storage::Connection& conn, const auth::Principal& who, Kind kind,
                                                     const ReportQuery& q) {
  Validator v;
  if (!q.peer_number.empty() && !is_e164(q.peer_number))
    v.fail("peer_number", "Must be a number written + and 1 to 15 digits, without spaces.");
  if (q.account.size() > 254) v.fail("account", "Must be an account's id, login or number (at most 254 characters).");
  v.throw_if_failed();
  const auto range = resolve_in_scope(conn, who, q, clock_.now()).range;
  return {kind,         q.org_id, q.include_suborgs, range, q.account.empty() ? "" : account_id_of(conn, q.account),
          q.peer_number};
}

Page<nlohmann::json> ComplianceReports::page(const auth::Principal& who, Kind kind, const ReportQuery& query,
                                             const PageRequest& page, const RequestMeta& meta) {
  const auto before = before_of(page);
  return db_.write([&](storage::Connection& conn) {
    const auto f = resolve(conn, who, kind, query);
    Page<nlohmann::json> out;
    out.total = total_of(conn, f);
    auto records = read_page(conn, key_, f, before, page.limit + 1);
    if (std::cmp_greater(records.size(), page.limit)) {
      records.resize(static_cast<std::size_t>(page.limit));
      const auto& last = records.back();
      out.next_cursor = encode_cursor({std::to_string(last.time), std::to_string(last.position)});
    }
    for (auto& r : records) out.items.push_back(std::move(r.row));
    // Every page: who saw which records.
    auto details = audited_filter(f, query);
    details["records"] = out.items.size();
    if (page.cursor) details["cursor"] = *page.cursor;
    record_report_view(conn, clock_, who, meta, f.org_id, report_name(kind), std::move(details));
    return out;
  });
}

ComplianceReports::Filter ComplianceReports::begin_download(const auth::Principal& who, Kind kind,
                                                            const ReportQuery& query, const RequestMeta& meta) {
  return db_.write([&](storage::Connection& conn) {
    auto f = resolve(conn, who, kind, query);
    record_report_download(conn, clock_, who, meta, f.org_id, report_name(kind), audited_filter(f, query));
    return f;
  });
}

void ComplianceReports::stream(const Filter& f, const std::function<void(const nlohmann::json&)>& on_row) {
  auto lease = db_.acquire();
  const auto [statement, values] = page_statement(f, {}, newest, !f.include_suborgs);
  lease->for_each(*statement, values, [&](const storage::Row& r) { on_row(record_of(f.kind, r, key_).row); });
}

std::string ComplianceReports::csv_header(Kind kind) {
  const auto names = columns(kind);
  return csv::line(std::vector<std::string>(names.begin(), names.end()));
}

std::string ComplianceReports::csv_line(Kind kind, const nlohmann::json& row) {
  std::vector<std::string> cells;
  for (const auto name : columns(kind)) cells.push_back(csv_cell(row.at(std::string(name))));
  return csv::line(cells);
}

}  // namespace lineport::reports
