#pragma once
// Compliance records and their change feed (domain/compliance, migration 0041).
#include <cstdint>
#include <optional>
#include <string>

#include "storage/database.h"
#include "storage/statement.h"

namespace lineport::storage::sql::compliance {

// ---- Accounts, as an upload names them -------------------------------------------------------

#define LINEPORT_COMPLIANCE_ACCOUNT "SELECT id, org_id, login, multiline_number, permission_group_id FROM accounts "
inline constexpr Query account_by_id{"compliance.account_by_id", LINEPORT_COMPLIANCE_ACCOUNT "WHERE id = $1"};
inline constexpr Query account_by_number{"compliance.account_by_number",
                                         LINEPORT_COMPLIANCE_ACCOUNT "WHERE multiline_number = $1"};
// $1 folded like every login (text::fold_case); an account in a login conflict is not found by login.
inline constexpr Query account_by_login{"compliance.account_by_login",
                                        LINEPORT_COMPLIANCE_ACCOUNT "WHERE login_key = $1 AND login_conflict = ''"};
#undef LINEPORT_COMPLIANCE_ACCOUNT
inline constexpr Columns account_columns{account_by_id};
static_assert(Columns{account_by_number} == account_columns);
static_assert(Columns{account_by_login} == account_columns);

// ---- The feed --------------------------------------------------------------------------------

// Locks the counter until the ingest commits (see the migration) and reads it.
inline constexpr Query lock_feed{"compliance.lock_feed",
                                 "UPDATE compliance_feed SET last_position = last_position WHERE id = 1 "
                                 "RETURNING last_position"};
inline constexpr Query advance_feed{"compliance.advance_feed",
                                    "UPDATE compliance_feed SET last_position = $1 WHERE id = 1"};

// ---- Inserts: no row when (account, id) is stored already (idempotent ingest) ----------------

inline constexpr Query insert_call_recording{
    "compliance.insert_call_recording",
    "INSERT INTO call_recordings (position, account_id, id, org_id, login, multiline_number, direction, peer_number, "
    "started_at, duration_seconds, media_url, size_bytes, ingested_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT (account_id, id) DO NOTHING"};
struct InsertCallRecording {
  std::int64_t position = 0;
  std::string account_id, id, org_id, login;
  std::optional<std::string> multiline_number;
  std::string direction, peer_number;
  std::int64_t started_at = 0, duration_seconds = 0;
  std::string media_url;
  std::int64_t size_bytes = 0, ingested_at = 0;
  Params params() const {
    return bind<insert_call_recording>(position, account_id, id, org_id, login, multiline_number, direction,
                                       peer_number, started_at, duration_seconds, media_url, size_bytes, ingested_at);
  }
};

inline constexpr Query insert_message_log{
    "compliance.insert_message_log",
    "INSERT INTO message_logs (position, account_id, id, org_id, login, multiline_number, direction, peer_number, "
    "sent_at, channel, text_sealed, attachment_urls, erase_after, text_erased_at, ingested_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) ON CONFLICT (account_id, id) DO "
    "NOTHING"};
struct InsertMessageLog {
  std::int64_t position = 0;
  std::string account_id, id, org_id, login;
  std::optional<std::string> multiline_number;
  std::string direction, peer_number;
  std::int64_t sent_at = 0;
  std::string channel;
  std::optional<std::string> text_sealed;
  std::string attachment_urls;
  std::int64_t erase_after = 0;
  std::optional<std::int64_t> text_erased_at;  // a record that arrives past its retention keeps no text
  std::int64_t ingested_at = 0;
  Params params() const {
    return bind<insert_message_log>(position, account_id, id, org_id, login, multiline_number, direction, peer_number,
                                    sent_at, channel, text_sealed, attachment_urls, erase_after, text_erased_at,
                                    ingested_at);
  }
};

inline constexpr Query insert_sms_opt_in{
    "compliance.insert_sms_opt_in",
    "INSERT INTO sms_opt_ins (position, account_id, id, org_id, login, multiline_number, peer_number, at, opted_in, "
    "keyword, ingested_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) "
    "ON CONFLICT (account_id, id) DO NOTHING"};
struct InsertSmsOptIn {
  std::int64_t position = 0;
  std::string account_id, id, org_id, login;
  std::optional<std::string> multiline_number;
  std::string peer_number;
  std::int64_t at = 0;
  bool opted_in = false;
  std::optional<std::string> keyword;
  std::int64_t ingested_at = 0;
  Params params() const {
    return bind<insert_sms_opt_in>(position, account_id, id, org_id, login, multiline_number, peer_number, at, opted_in,
                                   keyword, ingested_at);
  }
};

// ---- Retention -------------------------------------------------------------------------------

// Erases up to $2 texts whose retention ended by $1 (the partial index message_logs_erase finds
// them without reading the rest).
inline constexpr Query erase_expired_texts{
    "compliance.erase_expired_texts",
    "UPDATE message_logs SET text_sealed = NULL, text_erased_at = $1 WHERE position IN (SELECT position FROM "
    "message_logs WHERE text_sealed IS NOT NULL AND erase_after <= $1 ORDER BY erase_after LIMIT $2)"};

// ---- The archivers' pages (ADK): after position $2 and up to $5, org $1's records (with $3 = 1,
// its subtree's), in feed order, $4 at most. -----------------------------------------------------

// The last position handed out by a committed ingest: every record up to it is visible.
inline constexpr Query select_last_position{"compliance.select_last_position",
                                            "SELECT last_position FROM compliance_feed WHERE id = 1"};

#define LINEPORT_IN_REACH                                                                                \
  " WHERE r.position > $2 AND r.position <= $5 AND (r.org_id = $1 OR ($3 = 1 AND EXISTS (SELECT 1 FROM " \
  "org_closure c WHERE c.ancestor_id = $1 AND c.descendant_id = r.org_id))) ORDER BY r.position LIMIT $4"

inline constexpr Query feed_call_recordings{
    "compliance.feed_call_recordings",
    "SELECT r.position, r.id, r.account_id, r.login, r.multiline_number, r.org_id, r.ingested_at, r.direction, "
    "r.peer_number, r.started_at, r.duration_seconds, r.media_url, r.size_bytes FROM call_recordings "
    "r" LINEPORT_IN_REACH};
inline constexpr Columns call_recording_columns{feed_call_recordings};

inline constexpr Query feed_message_logs{
    "compliance.feed_message_logs",
    "SELECT r.position, r.id, r.account_id, r.login, r.multiline_number, r.org_id, r.ingested_at, r.direction, "
    "r.peer_number, r.sent_at, r.channel, r.text_sealed, r.text_erased_at, r.attachment_urls "
    "FROM message_logs r" LINEPORT_IN_REACH};
inline constexpr Columns message_log_columns{feed_message_logs};

inline constexpr Query feed_sms_opt_ins{
    "compliance.feed_sms_opt_ins",
    "SELECT r.position, r.id, r.account_id, r.login, r.multiline_number, r.org_id, r.ingested_at, r.peer_number, "
    "r.at, r.opted_in, r.keyword FROM sms_opt_ins r" LINEPORT_IN_REACH};
inline constexpr Columns sms_opt_in_columns{feed_sms_opt_ins};

#undef LINEPORT_IN_REACH

// Every feed starts with the same columns, in this order: what a record says about whose it is.
struct FeedColumn {
  static constexpr std::size_t position = 0, id = 1, account_id = 2, login = 3, multiline_number = 4, org_id = 5,
                               ingested_at = 6;
};
constexpr bool starts_with_feed_columns(const Columns& c) {
  using F = FeedColumn;
  return c.name(F::position) == "position" && c.name(F::id) == "id" && c.name(F::account_id) == "account_id" &&
         c.name(F::login) == "login" && c.name(F::multiline_number) == "multiline_number" &&
         c.name(F::org_id) == "org_id" && c.name(F::ingested_at) == "ingested_at";
}
static_assert(starts_with_feed_columns(call_recording_columns));
static_assert(starts_with_feed_columns(message_log_columns));
static_assert(starts_with_feed_columns(sms_opt_in_columns));

}  // namespace lineport::storage::sql::compliance
