#include "domain/compliance/record_json.h"

#include "domain/error.h"
#include "storage/queries/compliance.h"

namespace lineport::compliance {
namespace {

namespace sql = storage::sql::compliance;

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

}  // namespace

nlohmann::json record_json(Kind kind, const storage::Row& r, const DataKey& key) {
  switch (kind) {
    case Kind::call_recording:
      return call_recording(r);
    case Kind::message_log:
      return message_log(r, key);
    case Kind::sms_opt_in:
      return sms_opt_in(r);
  }
  return call_recording(r);
}

}  // namespace lineport::compliance
