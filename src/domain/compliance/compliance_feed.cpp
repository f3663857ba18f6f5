#include "domain/compliance/compliance_feed.h"

#include <algorithm>
#include <utility>

#include "domain/audit/audit_log.h"
#include "domain/compliance/record_json.h"
#include "domain/error.h"
#include "domain/orgs/org_service.h"
#include "storage/queries/compliance.h"
#include "util/text.h"

namespace lineport::compliance {
namespace {

namespace sql = storage::sql::compliance;

constexpr std::string_view cursor_prefix = "c1_";

std::string cursor_at(std::int64_t position) {
  return std::string(cursor_prefix) + std::to_string(position);
}

std::optional<std::int64_t> position_of(std::string_view cursor) {
  if (cursor.empty()) return 0;
  if (!cursor.starts_with(cursor_prefix)) return std::nullopt;
  const auto n = text::parse_int(cursor.substr(cursor_prefix.size()));
  if (!n || *n < 0) return std::nullopt;
  return n;
}

const storage::Query& feed_query(Kind kind) {
  switch (kind) {
    case Kind::call_recording:
      return sql::feed_call_recordings;
    case Kind::message_log:
      return sql::feed_message_logs;
    case Kind::sms_opt_in:
      return sql::feed_sms_opt_ins;
  }
  return sql::feed_call_recordings;
}

}  // namespace

FeedPage ComplianceFeed::page(const auth::Principal& who, Kind kind, const FeedQuery& query, const RequestMeta& meta) {
  Validator v;
  const auto after = position_of(query.since);
  if (!after) v.fail("since", "Must be a next_cursor this feed gave, or absent to start from the first record.");
  if (query.limit < 1 || query.limit > max_feed_limit) v.fail("limit", "Must be 1 to 1000.");
  v.throw_if_failed();
  return db_.write([&](storage::Connection& conn) {
    orgs::require_in_scope(conn, who, query.org_id);
    // Read first: every record up to it is committed, so a page that ends short of `limit` has
    // seen all of them, and the next cursor may skip past other organizations' records.
    const auto committed = conn.query(sql::select_last_position).one().integer(0);
    FeedPage page;
    std::int64_t last = *after;
    const auto rows = conn.query(feed_query(kind),
                                 {query.org_id, *after, std::int64_t{query.include_suborgs}, query.limit, committed});
    for (const auto& r : rows.rows) {
      last = r.integer(sql::FeedColumn::position);
      page.items.push_back(record_json(kind, r, key_));
    }
    if (std::cmp_less(rows.rows.size(), query.limit)) last = std::max(last, committed);
    page.next_cursor = cursor_at(last);
    // Who took whose records: one entry per page read.
    audit::append(conn, clock_, audit::actor_of(who), meta,
                  {query.org_id,
                   "compliance.adk." + std::string(to_string(kind)),
                   audit::Activity::download,
                   "compliance",
                   std::string(to_string(kind)),
                   {{"include_suborgs", query.include_suborgs},
                    {"since", query.since},
                    {"next_cursor", page.next_cursor},
                    {"records", page.items.size()}}});
    return page;
  });
}

}  // namespace lineport::compliance
