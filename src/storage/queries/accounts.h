#pragma once
#include "storage/database.h"

namespace lineport::storage::sql::accounts {

#define LINEPORT_ACCOUNT_COLUMNS                                                                                   \
  "a.id, a.org_id, o.name, a.first_name, a.last_name, a.login, a.login_kind, a.multiline_number, "               \
  "a.permission_group_id, g.name, a.social_messaging, a.monitor_calls, a.monitor_sms, a.forwarding_number, "     \
  "a.restrict_incoming_social_messaging, a.status, a.suspended_reason, a.invitation_status, a.invitation_count, " \
  "a.created_at, a.invited_at, a.activated_at, a.device_number, a.notification_email, a.notes, a.platform, "     \
  "a.last_sign_in_at, a.updated_at"
#define LINEPORT_ACCOUNT_FROM \
  " FROM accounts a JOIN orgs o ON o.id = a.org_id LEFT JOIN permission_groups g ON g.id = a.permission_group_id "

inline constexpr Query select_by_id{"accounts.select_by_id",
                                    "SELECT " LINEPORT_ACCOUNT_COLUMNS LINEPORT_ACCOUNT_FROM "WHERE a.id = $1"};

// The list's filter: organization $1 (with its subtree when $2 = 1), status $3, invitation status
// $4, permission group $5, text $6 (a LIKE pattern on the folded search text); '' means any.
#define LINEPORT_ACCOUNT_FILTER                                                                          \
  "a.org_id IN (SELECT c.descendant_id FROM org_closure c WHERE c.ancestor_id = $1 AND (c.depth = 0 OR $2 = 1)) " \
  "AND ($3 = '' OR a.status = $3) AND ($4 = '' OR a.invitation_status = $4) "                            \
  "AND ($5 = '' OR a.permission_group_id = $5) AND ($6 = '' OR a.search_text LIKE $6 ESCAPE '\\' OR a.multiline_number LIKE $6 ESCAPE '\\') "

// Newest first; the cursor is (created_at, id) of the last row seen.
inline constexpr Query select_page{
    "accounts.select_page",
    "SELECT " LINEPORT_ACCOUNT_COLUMNS LINEPORT_ACCOUNT_FROM "WHERE " LINEPORT_ACCOUNT_FILTER
    "AND (a.created_at < $7 OR (a.created_at = $7 AND a.id < $8)) ORDER BY a.created_at DESC, a.id DESC LIMIT $9"};
inline constexpr Query count_filtered{"accounts.count_filtered",
                                      "SELECT COUNT(*) FROM accounts a WHERE " LINEPORT_ACCOUNT_FILTER};
inline constexpr Query select_filtered{
    "accounts.select_filtered",
    "SELECT " LINEPORT_ACCOUNT_COLUMNS LINEPORT_ACCOUNT_FROM "WHERE " LINEPORT_ACCOUNT_FILTER
    "ORDER BY a.created_at DESC, a.id DESC"};
inline constexpr Query select_filtered_ids{
    "accounts.select_filtered_ids",
    "SELECT a.id FROM accounts a WHERE " LINEPORT_ACCOUNT_FILTER "ORDER BY a.created_at, a.id LIMIT $7"};

#undef LINEPORT_ACCOUNT_FILTER

inline constexpr Query insert{
    "accounts.insert",
    "INSERT INTO accounts (id, org_id, first_name, last_name, login, login_key, login_kind, permission_group_id, "
    "social_messaging, monitor_calls, monitor_sms, forwarding_number, restrict_incoming_social_messaging, "
    "notification_email, notes, search_text, import_batch_id, import_line, status, invitation_status, created_at, "
    "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, 'saved', "
    "'not_sent', $19, $19)"};
// The accounts of a CSV import, invited or not: the statement up to VALUES and one row of values
// ($1…$23). AccountImport inserts many rows in one statement (storage::repeat_rows).
#define LINEPORT_INSERT_IMPORTED                                                                                   \
  "INSERT INTO accounts (id, org_id, first_name, last_name, login, login_key, login_kind, permission_group_id, "    \
  "social_messaging, monitor_calls, monitor_sms, forwarding_number, restrict_incoming_social_messaging, notes, "  \
  "search_text, import_batch_id, import_line, status, invitation_status, invitation_count, invited_at, "          \
  "activation_code_hash, activation_expires_at, created_at, updated_at) VALUES "
#define LINEPORT_IMPORTED_ROW \
  "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, '', $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $23)"
inline constexpr std::string_view insert_imported_start = LINEPORT_INSERT_IMPORTED;
inline constexpr std::string_view imported_row = LINEPORT_IMPORTED_ROW;
inline constexpr int imported_row_params = 23;
inline constexpr Query insert_imported{"accounts.insert_imported", LINEPORT_INSERT_IMPORTED LINEPORT_IMPORTED_ROW};
#undef LINEPORT_INSERT_IMPORTED
#undef LINEPORT_IMPORTED_ROW
// What a stored invitation is rendered from when it is sent (accounts::render_invitation).
inline constexpr Query select_invitation_values{
    "accounts.select_invitation_values",
    "SELECT org_id, first_name, last_name, login, multiline_number FROM accounts WHERE id = $1"};
inline constexpr Query login_keys_of_org{"accounts.login_keys_of_org",
                                         "SELECT login_key FROM accounts WHERE org_id = $1"};
inline constexpr Query update_fields{
    "accounts.update_fields",
    "UPDATE accounts SET first_name = $2, last_name = $3, login = $4, login_key = $5, login_kind = $6, "
    "permission_group_id = $7, social_messaging = $8, monitor_calls = $9, monitor_sms = $10, forwarding_number = $11, "
    "restrict_incoming_social_messaging = $12, notification_email = $13, notes = $14, search_text = $15, "
    "updated_at = $16 WHERE id = $1"};
inline constexpr Query login_taken{
    "accounts.login_taken", "SELECT 1 FROM accounts WHERE org_id = $1 AND login_key = $2 AND id <> $3"};
inline constexpr Query set_status{
    "accounts.set_status",
    "UPDATE accounts SET status = $2, suspended_reason = $3, updated_at = $4 WHERE id = $1"};
// A new invitation: the previous activation code stops working.
inline constexpr Query record_invitation{
    "accounts.record_invitation",
    "UPDATE accounts SET status = CASE WHEN status = 'saved' THEN 'invited' ELSE status END, "
    "invitation_status = 'sent', invitation_count = invitation_count + 1, invited_at = $2, "
    "activation_code_hash = $3, activation_expires_at = $4, activation_failures = 0, updated_at = $2 WHERE id = $1"};
inline constexpr Query clear_activation_code{
    "accounts.clear_activation_code",
    "UPDATE accounts SET activation_code_hash = NULL, activation_expires_at = NULL WHERE id = $1"};
inline constexpr Query mark_invitation_failed{
    "accounts.mark_invitation_failed",
    "UPDATE accounts SET invitation_status = 'failed', updated_at = $2 WHERE id = $1 AND invitation_count = $3"};
inline constexpr Query move_to_org{
    "accounts.move_to_org",
    "UPDATE accounts SET org_id = $2, permission_group_id = $3, updated_at = $4 WHERE id = $1"};
inline constexpr Query delete_one{"accounts.delete_one", "DELETE FROM accounts WHERE id = $1"};
// Changes nothing, but takes the row's lock on PostgreSQL until the transaction ends.
inline constexpr Query lock_one{"accounts.lock_one", "UPDATE accounts SET updated_at = updated_at WHERE id = $1"};
// Active accounts per organization (migration 0012): $2 is +1 or -1.
inline constexpr Query add_to_active_count{
    "accounts.add_to_active_count",
    "INSERT INTO active_account_counts (org_id, count) VALUES ($1, $2) "
    "ON CONFLICT (org_id) DO UPDATE SET count = active_account_counts.count + excluded.count"};
// Accounts per permission group and organization (migration 0014): $3 is the change.
inline constexpr Query add_to_group_count{
    "accounts.add_to_group_count",
    "INSERT INTO permission_group_counts (group_id, org_id, count) VALUES ($1, $2, $3) "
    "ON CONFLICT (group_id, org_id) DO UPDATE SET count = permission_group_counts.count + excluded.count"};
inline constexpr Query count_invited_without_number_in{
    "accounts.count_invited_without_number_in",
    "SELECT COUNT(*) FROM accounts WHERE org_id = $1 AND status = 'invited' AND multiline_number IS NULL"};

// ---- activation (the app) ----
inline constexpr Query select_for_activation{
    "accounts.select_for_activation",
    "SELECT id, org_id, activation_code_hash, activation_expires_at, activation_failures, status "
    "FROM accounts WHERE login_key = $1 AND activation_code_hash IS NOT NULL"};
inline constexpr Query add_activation_failure{
    "accounts.add_activation_failure",
    "UPDATE accounts SET activation_failures = activation_failures + 1, "
    "activation_code_hash = CASE WHEN activation_failures + 1 >= $2 THEN NULL ELSE activation_code_hash END "
    "WHERE id = $1"};
inline constexpr Query activate{
    "accounts.activate",
    "UPDATE accounts SET status = 'active', suspended_reason = NULL, activated_at = $2, device_number = $3, "
    "device_token_hash = $4, activation_code_hash = NULL, activation_expires_at = NULL, platform = $5, "
    "last_sign_in_at = $2, updated_at = $2 WHERE id = $1 AND status = 'invited' AND activation_code_hash = $6"};
inline constexpr Query set_privacy_status{
    "accounts.set_privacy_status",
    "UPDATE accounts SET status = $2, suspended_reason = $3, last_sign_in_at = $4, updated_at = $4 WHERE id = $1"};
inline constexpr Query select_by_device_token{
    "accounts.select_by_device_token", "SELECT id FROM accounts WHERE device_token_hash = $1"};

// ---- batches (bulk operations and imports) ----
inline constexpr Query insert_batch{
    "accounts.insert_batch",
    "INSERT INTO account_batches (id, org_id, kind, actor_id, created_at, total, succeeded, failed, results, "
    "first_account_id, last_account_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"};
inline constexpr Query select_batch{
    "accounts.select_batch",
    "SELECT id, org_id, kind, total, succeeded, failed, results, created_at, first_account_id, last_account_id "
    "FROM account_batches WHERE id = $1"};
// The accounts of import $1, whose ids lie in [$2, $3] (migration 0013).
inline constexpr Query select_imported{
    "accounts.select_imported",
    "SELECT a.import_line, a.login, a.id, a.status, a.invitation_status, a.multiline_number FROM accounts a "
    "WHERE a.id >= $2 AND a.id <= $3 AND a.import_batch_id = $1 ORDER BY a.import_line"};

// ---- invitations of an import, queued in bulk (migration 0013) ----
inline constexpr Query insert_invitation_job{
    "accounts.insert_invitation_job",
    "INSERT INTO invitation_jobs (batch_id, first_account_id, last_account_id, created_at) VALUES ($1, $2, $3, $4)"};
inline constexpr Query next_invitation_job{
    "accounts.next_invitation_job",
    "SELECT batch_id, first_account_id, last_account_id, done_through FROM invitation_jobs "
    "ORDER BY created_at, batch_id LIMIT 1"};
// The next $5 accounts of import $4 after $3, within [$1, $2]: a range of the primary key.
inline constexpr Query select_job_accounts{
    "accounts.select_job_accounts",
    "SELECT id, login, login_kind, invitation_count FROM accounts "
    "WHERE id >= $1 AND id <= $2 AND id > $3 AND import_batch_id = $4 ORDER BY id LIMIT $5"};
// Takes the step from $2 to $3; changes nothing when another worker took it first (on PostgreSQL
// the second one waits for the first one's row lock, then finds done_through moved on).
inline constexpr Query advance_invitation_job{
    "accounts.advance_invitation_job",
    "UPDATE invitation_jobs SET done_through = $3 WHERE batch_id = $1 AND done_through = $2"};
inline constexpr Query delete_invitation_job{"accounts.delete_invitation_job",
                                             "DELETE FROM invitation_jobs WHERE batch_id = $1"};
// Only while the account still awaits invitation $4 of the import: on PostgreSQL a resend,
// suspension or deletion may have committed since the job read it.
inline constexpr Query set_activation_code{
    "accounts.set_activation_code",
    "UPDATE accounts SET activation_code_hash = $2, activation_expires_at = $3, activation_failures = 0 "
    "WHERE id = $1 AND status = 'invited' AND activation_code_hash IS NULL AND invitation_count = $4"};

#undef LINEPORT_ACCOUNT_COLUMNS
#undef LINEPORT_ACCOUNT_FROM

}  // namespace lineport::storage::sql::accounts
