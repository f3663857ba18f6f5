#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "storage/database.h"
#include "storage/statement.h"

namespace lineport::storage::sql::app {

// ---- the device's side ----

inline constexpr Query upsert_heartbeat{
    "app.upsert_heartbeat",
    "INSERT INTO app_heartbeats (account_id, platform, app_version, os_version, seen_at) VALUES ($1, $2, $3, $4, $5) "
    "ON CONFLICT (account_id) DO UPDATE SET platform = excluded.platform, app_version = excluded.app_version, "
    "os_version = excluded.os_version, seen_at = excluded.seen_at"};
inline constexpr Query select_heartbeat{"app.select_heartbeat",
                                        "SELECT platform, app_version FROM app_heartbeats WHERE account_id = $1"};
inline constexpr Columns heartbeat_columns{select_heartbeat};

// The in-app messages account $2 (organization $1, permission group $3) is meant to see at $4,
// newest first, with its receipt: the newest 100 (docs/app.md), so a flood of messages cannot
// make one request read and mark thousands.
inline constexpr Query select_messages_for_account{
    "app.select_messages_for_account",
    "SELECT m.id, m.text, m.starts_at, m.expires_at, r.delivered_at, r.read_at "
    "FROM org_closure c JOIN in_app_messages m ON m.org_id = c.ancestor_id "
    "LEFT JOIN in_app_message_receipts r ON r.message_id = m.id AND r.account_id = $2 "
    "WHERE c.descendant_id = $1 AND (c.depth = 0 OR m.include_suborgs = 1) AND m.starts_at <= $4 "
    "AND m.expires_at > $4 AND (m.permission_group_id IS NULL OR m.permission_group_id = $3) "
    "AND (m.chosen_accounts = 0 OR EXISTS (SELECT 1 FROM in_app_message_accounts x "
    "WHERE x.message_id = m.id AND x.account_id = $2)) ORDER BY m.starts_at DESC, m.id DESC LIMIT 100"};
inline constexpr Columns account_message_columns{select_messages_for_account};

inline constexpr Query insert_delivered{"app.insert_delivered",
                                        "INSERT INTO in_app_message_receipts (message_id, account_id, delivered_at) "
                                        "VALUES ($1, $2, $3) ON CONFLICT (message_id, account_id) DO NOTHING"};
// Read at $3 (and delivered then, if it was not listed before); the first read time stays.
inline constexpr Query mark_read{
    "app.mark_read",
    "INSERT INTO in_app_message_receipts (message_id, account_id, delivered_at, read_at) VALUES ($1, $2, $3, $3) "
    "ON CONFLICT (message_id, account_id) DO UPDATE SET read_at = COALESCE(in_app_message_receipts.read_at, "
    "excluded.read_at)"};

// ---- the administrators' side ----

inline constexpr Query insert_message{
    "app.insert_message",
    "INSERT INTO in_app_messages (id, org_id, text, include_suborgs, permission_group_id, chosen_accounts, starts_at, "
    "expires_at, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"};
struct InsertMessage {
  std::string id;
  std::string org_id;
  std::string text;
  bool include_suborgs = false;
  std::optional<std::string> permission_group_id;
  bool chosen_accounts = false;
  std::int64_t starts_at = 0;
  std::int64_t expires_at = 0;
  std::int64_t created_at = 0;
  std::string created_by;
  Params params() const {
    return bind<insert_message>(id, org_id, text, include_suborgs, permission_group_id, chosen_accounts, starts_at,
                                expires_at, created_at, created_by);
  }
};
inline constexpr Query insert_message_account{
    "app.insert_message_account", "INSERT INTO in_app_message_accounts (message_id, account_id) VALUES ($1, $2)"};

#define LINEPORT_MESSAGE_COLUMNS                                                                                     \
  "m.id, m.org_id, m.text, m.include_suborgs, m.permission_group_id, m.chosen_accounts, m.starts_at, m.expires_at, " \
  "m.created_at, m.created_by, "                                                                                     \
  "(SELECT COUNT(*) FROM in_app_message_accounts x WHERE x.message_id = m.id) AS account_count, "                    \
  "(SELECT COUNT(*) FROM in_app_message_receipts r WHERE r.message_id = m.id) AS delivered_count, "                  \
  "(SELECT COUNT(*) FROM in_app_message_receipts r WHERE r.message_id = m.id AND r.read_at IS NOT NULL) AS read_count"
inline constexpr Query select_message{"app.select_message",
                                      "SELECT " LINEPORT_MESSAGE_COLUMNS " FROM in_app_messages m WHERE m.id = $1"};
inline constexpr Columns message_columns{select_message};
// A page of the messages sent from organization $1, newest first, before id $2 ('' from the newest).
inline constexpr Query select_messages_page{"app.select_messages_page",
                                            "SELECT " LINEPORT_MESSAGE_COLUMNS
                                            " FROM in_app_messages m WHERE m.org_id = $1 AND ($2 = '' OR m.id < $2) "
                                            "ORDER BY m.id DESC LIMIT $3"};
static_assert(Columns{select_messages_page} == message_columns);
inline constexpr Query count_messages{"app.count_messages", "SELECT COUNT(*) FROM in_app_messages WHERE org_id = $1"};
inline constexpr Query delete_message{"app.delete_message", "DELETE FROM in_app_messages WHERE id = $1"};
#undef LINEPORT_MESSAGE_COLUMNS

// The app versions the active users of organization $1's subtree last reported, one row each,
// with the organization they are in (whose version policy applies to them).
inline constexpr Query select_active_versions{
    "app.select_active_versions",
    "SELECT a.id AS account_id, a.login, a.first_name, a.last_name, a.org_id, o.name AS org_name, h.platform, "
    "h.app_version, h.os_version, h.seen_at FROM org_closure c JOIN accounts a ON a.org_id = c.descendant_id "
    "JOIN orgs o ON o.id = a.org_id JOIN app_heartbeats h ON h.account_id = a.id "
    "WHERE c.ancestor_id = $1 AND a.status = 'active' ORDER BY a.org_id, a.login"};
inline constexpr Columns active_version_columns{select_active_versions};

}  // namespace lineport::storage::sql::app
