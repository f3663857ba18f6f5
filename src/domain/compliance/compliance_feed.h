#pragma once
// The archivers' change feed (ADK, docs/compliance.md#the-adk-feed): an organization's records of
// one kind in the order they were ingested, after an opaque cursor. An archiver that keeps the
// last `next_cursor` and asks again receives every record exactly once, those ingested while it
// pages included, across restarts of either side.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "domain/auth/principal.h"
#include "domain/compliance/compliance_record.h"
#include "domain/compliance/data_key.h"
#include "storage/database.h"
#include "util/clock.h"

namespace lineport::compliance {

struct FeedQuery {
  std::string org_id;
  bool include_suborgs = true;
  std::string since;  // a next_cursor from before; empty: from the first record
  std::int64_t limit = 100;
};

struct FeedPage {
  // The records as the archive receives them (the wire format is the contract, so it is built
  // here, next to the columns it reads).
  nlohmann::json items = nlohmann::json::array();
  std::string next_cursor;  // after the last item; the same cursor when there was none
};

inline constexpr std::int64_t max_feed_limit = 1000;

class ComplianceFeed {
 public:
  ComplianceFeed(storage::Database& db, const Clock& clock, const DataKey& key) : db_(db), clock_(clock), key_(key) {}

  // 422 on `since` or `limit`; 404 outside the caller's scope. Each page read is audited.
  FeedPage page(const auth::Principal& who, Kind kind, const FeedQuery& query, const RequestMeta& meta);

 private:
  storage::Database& db_;
  const Clock& clock_;
  const DataKey& key_;
};

}  // namespace lineport::compliance
