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

// Whether (account $1, id $2) is stored already: a record refused now may be one stored before.
inline constexpr Query call_recording_stored{"compliance.call_recording_stored",
                                             "SELECT 1 FROM call_recordings WHERE account_id = $1 AND id = $2"};
inline constexpr Query message_log_stored{"compliance.message_log_stored",
                                          "SELECT 1 FROM message_logs WHERE account_id = $1 AND id = $2"};
inline constexpr Query sms_opt_in_stored{"compliance.sms_opt_in_stored",
                                         "SELECT 1 FROM sms_opt_ins WHERE account_id = $1 AND id = $2"};

// ---- Retention -------------------------------------------------------------------------------

// Erases up to $2 texts whose retention ended by $1 (the partial index message_logs_erase finds
// them without reading the rest). The condition is repeated outside the subquery so that a text
// another server erased meanwhile is skipped, not erased twice (see outbox.h, claim_due).
inline constexpr Query erase_expired_texts{
    "compliance.erase_expired_texts",
    "UPDATE message_logs SET text_sealed = NULL, text_erased_at = $1 WHERE position IN (SELECT position FROM "
    "message_logs WHERE text_sealed IS NOT NULL AND erase_after <= $1 ORDER BY erase_after LIMIT $2) "
    "AND text_sealed IS NOT NULL"};

// ---- The archivers' pages (ADK): after position $2 and up to $5, org $1's records (with $3 = 1,
// its subtree's), in feed order, $4 at most. -----------------------------------------------------

// The last position handed out by a committed ingest: every record up to it is visible.
inline constexpr Query select_last_position{"compliance.select_last_position",
                                            "SELECT last_position FROM compliance_feed WHERE id = 1"};

// What each kind's rows hold, in this order, for the feed and the reports alike.
#define LINEPORT_CALL_RECORDING_COLUMNS                                                                 \
  "r.position, r.id, r.account_id, r.login, r.multiline_number, r.org_id, r.ingested_at, r.direction, " \
  "r.peer_number, r.started_at, r.duration_seconds, r.media_url, r.size_bytes"
#define LINEPORT_MESSAGE_LOG_COLUMNS                                                                    \
  "r.position, r.id, r.account_id, r.login, r.multiline_number, r.org_id, r.ingested_at, r.direction, " \
  "r.peer_number, r.sent_at, r.channel, r.text_sealed, r.text_erased_at, r.attachment_urls"
#define LINEPORT_SMS_OPT_IN_COLUMNS                                                                       \
  "r.position, r.id, r.account_id, r.login, r.multiline_number, r.org_id, r.ingested_at, r.peer_number, " \
  "r.at, r.opted_in, r.keyword"

#define LINEPORT_IN_REACH                                                                                \
  " WHERE r.position > $2 AND r.position <= $5 AND (r.org_id = $1 OR ($3 = 1 AND EXISTS (SELECT 1 FROM " \
  "org_closure c WHERE c.ancestor_id = $1 AND c.descendant_id = r.org_id))) ORDER BY r.position LIMIT $4"

inline constexpr Query feed_call_recordings{"compliance.feed_call_recordings",
                                            "SELECT " LINEPORT_CALL_RECORDING_COLUMNS
                                            " FROM call_recordings r" LINEPORT_IN_REACH};
inline constexpr Columns call_recording_columns{feed_call_recordings};

inline constexpr Query feed_message_logs{
    "compliance.feed_message_logs", "SELECT " LINEPORT_MESSAGE_LOG_COLUMNS " FROM message_logs r" LINEPORT_IN_REACH};
inline constexpr Columns message_log_columns{feed_message_logs};

inline constexpr Query feed_sms_opt_ins{"compliance.feed_sms_opt_ins",
                                        "SELECT " LINEPORT_SMS_OPT_IN_COLUMNS " FROM sms_opt_ins r" LINEPORT_IN_REACH};
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

// ---- The reports (docs/compliance.md#the-reports) ---------------------------------------------
//
// A kind's records of organization $1 (with $7 = 1, its subtree's) from $2 to $3 by their time,
// newest first: (time, position) before ($4, $5), at most $6. Each set reads along the index of
// its first condition (migration 0042): the organization's, the account's ($8) or the peer
// number's. Rows have the feed's columns, then the account's name as it is now and the
// organization's.

#define LINEPORT_REPORT_SELECT(columns, table)                                           \
  "SELECT " columns                                                                      \
  ", COALESCE(a.first_name, '') AS first_name, COALESCE(a.last_name, '') AS last_name, " \
  "COALESCE(o.name, '') AS org_name FROM " table                                         \
  " r LEFT JOIN accounts a ON a.id = r.account_id "                                      \
  "LEFT JOIN orgs o ON o.id = r.org_id WHERE "
#define LINEPORT_REACHED_ORGS(include)                                                                           \
  "r.org_id IN (SELECT c.descendant_id FROM org_closure c WHERE c.ancestor_id = $1 AND (c.depth = 0 OR " include \
  " = 1)) "
#define LINEPORT_REPORT_RANGE(time) "AND r." time " >= $2 AND r." time " < $3 "
#define LINEPORT_REPORT_ORDER(time) \
  "AND (r." time ", r.position) < ($4, $5) ORDER BY r." time " DESC, r.position DESC LIMIT $6"

#define LINEPORT_REPORT_STATEMENTS(kind, columns, table, time)                                                         \
  {                                                                                                                    \
    .page_in_org = {"compliance.report_" kind "_in_org",                                                             \
                    LINEPORT_REPORT_SELECT(columns, table) "r.org_id = $1 " LINEPORT_REPORT_RANGE(time)              \
                        LINEPORT_REPORT_ORDER(time)},                                                                \
    .page_in_orgs = {"compliance.report_" kind "_in_orgs",                                                           \
                     LINEPORT_REPORT_SELECT(columns, table) LINEPORT_REACHED_ORGS("$7") LINEPORT_REPORT_RANGE(time)  \
                         LINEPORT_REPORT_ORDER(time)},                                                               \
    .page_of_account = {"compliance.report_" kind "_of_account",                                                     \
                        LINEPORT_REPORT_SELECT(columns, table) "r.account_id = $8 AND ($9 = '' OR r.peer_number = $9) " \
                            "AND " LINEPORT_REACHED_ORGS("$7") LINEPORT_REPORT_RANGE(time) LINEPORT_REPORT_ORDER(time)}, \
    .page_of_peer = {"compliance.report_" kind "_of_peer",                                                           \
                     LINEPORT_REPORT_SELECT(columns, table) "r.peer_number = $8 AND " LINEPORT_REACHED_ORGS("$7")    \
                         LINEPORT_REPORT_RANGE(time) LINEPORT_REPORT_ORDER(time)},                                   \
    .count_in_orgs = {"compliance.report_" kind "_count_in_orgs",                                                    \
                      "SELECT COUNT(*) FROM " table " r WHERE " LINEPORT_REACHED_ORGS("$4") LINEPORT_REPORT_RANGE(time)}, \
    .count_of_account = {"compliance.report_" kind "_count_of_account",                                              \
                         "SELECT COUNT(*) FROM " table " r WHERE r.account_id = $5 AND ($6 = '' OR r.peer_number = $6) " \
                         "AND " LINEPORT_REACHED_ORGS("$4") LINEPORT_REPORT_RANGE(time)},                            \
    .count_of_peer = {"compliance.report_" kind "_count_of_peer",                                                    \
                      "SELECT COUNT(*) FROM " table " r WHERE r.peer_number = $5 AND " LINEPORT_REACHED_ORGS("$4")   \
                          LINEPORT_REPORT_RANGE(time)}, \
  }

struct ReportStatements {
  Query page_in_org;       // $1 .. $6
  Query page_in_orgs;      // $1 .. $7: the organization's or its subtree's, sorted
  Query page_of_account;   // $1 .. $9: account $8 ($9: a peer number, '' = any)
  Query page_of_peer;      // $1 .. $8: peer number $8
  Query count_in_orgs;     // $1 .. $3, $4 = 1 for the subtree
  Query count_of_account;  // $1 .. $4, account $5, peer number $6 ('' = any)
  Query count_of_peer;     // $1 .. $4, peer number $5
};
inline constexpr ReportStatements call_recording_report LINEPORT_REPORT_STATEMENTS("call_recording",
                                                                                   LINEPORT_CALL_RECORDING_COLUMNS,
                                                                                   "call_recordings", "started_at");
inline constexpr ReportStatements message_log_report LINEPORT_REPORT_STATEMENTS("message_log",
                                                                                LINEPORT_MESSAGE_LOG_COLUMNS,
                                                                                "message_logs", "sent_at");
inline constexpr ReportStatements sms_opt_in_report LINEPORT_REPORT_STATEMENTS("sms_opt_in",
                                                                               LINEPORT_SMS_OPT_IN_COLUMNS,
                                                                               "sms_opt_ins", "at");

// A report row decodes like a feed row, then has first_name, last_name and org_name; every
// statement of a set returns the same columns.
constexpr bool decodes_like_feed(const Columns& page, const Columns& feed) {
  const auto n = feed.size();
  return page.starts_with(feed) && page.size() == n + 3 && page.name(n) == "first_name" &&
         page.name(n + 1) == "last_name" && page.name(n + 2) == "org_name";
}
#define LINEPORT_CHECK_REPORT_COLUMNS(set, feed)                                \
  static_assert(decodes_like_feed(Columns{(set).page_in_org}, (feed)) &&        \
                Columns{(set).page_in_orgs} == Columns{(set).page_in_org} &&    \
                Columns{(set).page_of_account} == Columns{(set).page_in_org} && \
                Columns{(set).page_of_peer} == Columns{(set).page_in_org})
LINEPORT_CHECK_REPORT_COLUMNS(call_recording_report, call_recording_columns);
LINEPORT_CHECK_REPORT_COLUMNS(message_log_report, message_log_columns);
LINEPORT_CHECK_REPORT_COLUMNS(sms_opt_in_report, sms_opt_in_columns);
#undef LINEPORT_CHECK_REPORT_COLUMNS

#undef LINEPORT_REPORT_STATEMENTS
#undef LINEPORT_REPORT_ORDER
#undef LINEPORT_REPORT_RANGE
#undef LINEPORT_REACHED_ORGS
#undef LINEPORT_REPORT_SELECT
#undef LINEPORT_SMS_OPT_IN_COLUMNS
#undef LINEPORT_MESSAGE_LOG_COLUMNS
#undef LINEPORT_CALL_RECORDING_COLUMNS

// ---- The reports' counters (migration 0042): records per kind, organization and UTC day or hour,
// added by the ingest in its transaction. --------------------------------------------------------

inline constexpr Query add_to_count{
    "compliance.add_to_count",
    "INSERT INTO compliance_counts (kind, org_id, span, start, count) VALUES ($1, $2, $3, $4, $5) "
    "ON CONFLICT (kind, org_id, span, start) DO UPDATE SET count = compliance_counts.count + excluded.count"};

#define LINEPORT_COUNTED_ORGS \
  "n.org_id IN (SELECT c.descendant_id FROM org_closure c WHERE c.ancestor_id = $2 AND (c.depth = 0 OR $3 = 1)) "
// The sum of kind $1's counters of span $4 from $5 to $6 (whole spans) in organization $2 (with
// $3 = 1, its subtree).
inline constexpr Query sum_counts{
    "compliance.sum_counts",
    "SELECT COALESCE(SUM(n.count), 0) FROM compliance_counts n WHERE n.kind = $1 AND " LINEPORT_COUNTED_ORGS
    "AND n.span = $4 AND n.start >= $5 AND n.start < $6"};
// The organizations among those whose day counters hold records of kind $1 from $4 to $5, at most
// $6 of them.
inline constexpr Query orgs_holding{
    "compliance.orgs_holding", "SELECT n.org_id FROM compliance_counts n WHERE n.kind = $1 AND " LINEPORT_COUNTED_ORGS
                               "AND n.span = 86400 AND n.start >= $4 AND n.start < $5 GROUP BY n.org_id "
                               "ORDER BY n.org_id LIMIT $6"};
#undef LINEPORT_COUNTED_ORGS

}  // namespace lineport::storage::sql::compliance
