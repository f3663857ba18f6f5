#include "domain/compliance/compliance_feed.h"

#include <algorithm>
#include <utility>

#include "domain/audit/audit_log.h"
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

nlohmann::json or_null(const std::optional<std::string>& s) {
  return s ? nlohmann::json(*s) : nlohmann::json();
}

// What every kind of record says about whose it is (the first columns of every feed).
nlohmann::json common(const storage::Row& r) {
  using F = sql::FeedColumn;
  return {{"id", r.text(F::id)},         {"account_id", r.text(F::account_id)},
          {"login", r.text(F::login)},   {"multiline_number", or_null(r.opt_text(F::multiline_number))},
          {"org_id", r.text(F::org_id)}, {"ingested_at", to_rfc3339(r.integer(F::ingested_at))}};
}

nlohmann::json call_recording(const storage::Row& r) {
  constexpr auto c = sql::call_recording_columns;
  auto out = common(r);
  out["direction"] = r.text(c["direction"]);
  out["peer_number"] = r.text(c["peer_number"]);
  out["started_at"] = to_rfc3339(r.integer(c["started_at"]));
  out["duration_seconds"] = r.integer(c["duration_seconds"]);
  out["media_url"] = r.text(c["media_url"]);
  out["size_bytes"] = r.integer(c["size_bytes"]);
  return out;
}

nlohmann::json message_log(const storage::Row& r, const DataKey& key) {
  constexpr auto c = sql::message_log_columns;
  auto out = common(r);
  out["direction"] = r.text(c["direction"]);
  out["peer_number"] = r.text(c["peer_number"]);
  out["sent_at"] = to_rfc3339(r.integer(c["sent_at"]));
  out["channel"] = r.text(c["channel"]);
  // present | none (an attachment-only message) | erased (past its retention). A text the
  // server's key cannot open fails the page rather than reach the archive without its text: the
  // data key is bound to the database at start (DataKey::bind), so only damage gets here.
  const auto sealed = r.opt_text(c["text_sealed"]);
  const auto text = sealed ? key.open(*sealed) : std::nullopt;
  if (sealed && !text)
    throw DomainError(ErrorCode::internal, "A stored message text cannot be opened with the server's data key.");
  out["text"] = or_null(text);
  out["text_state"] = text ? "present" : r.is_null(c["text_erased_at"]) ? "none" : "erased";
  out["attachment_urls"] = nlohmann::json::parse(r.text(c["attachment_urls"]));
  return out;
}

nlohmann::json sms_opt_in(const storage::Row& r) {
  constexpr auto c = sql::sms_opt_in_columns;
  auto out = common(r);
  out["peer_number"] = r.text(c["peer_number"]);
  out["at"] = to_rfc3339(r.integer(c["at"]));
  out["opted_in"] = r.boolean(c["opted_in"]);
  out["keyword"] = or_null(r.opt_text(c["keyword"]));
  return out;
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
      page.items.push_back(kind == Kind::call_recording ? call_recording(r)
                           : kind == Kind::message_log  ? message_log(r, key_)
                                                        : sms_opt_in(r));
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
